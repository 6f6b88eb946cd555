"""The aiohttp application: health check, Telegram webhook, Kannel / Gammu SMS routes; dashboard
later. And its access log, which names the path only: Kannel puts the shared secret, the sender's
number and the message text in the query string."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from models import Resident


async def healthz(request: web.Request) -> web.Response:
    try:
        await Resident.exists()
    except Exception:  # report, never raise: a health check answers
        return web.json_response({"status": "error", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok"})


def telegram_webhook(gateway) -> web.RequestHandler:
    """`POST /telegram/webhook`: 403 without the secret header; 200 only once persisted."""

    async def handle(request: web.Request) -> web.Response:
        if not gateway.check_secret(request.headers.get("X-Telegram-Bot-Api-Secret-Token")):
            return web.json_response({"error": "wrong or missing secret token"}, status=403)
        if not gateway.ready.is_set():
            return web.json_response({"error": "starting, try again"}, status=503)
        try:
            update = gateway.parse(await request.json())
        except ValueError as exc:  # also invalid JSON
            return web.json_response({"error": str(exc)[:200]}, status=400)
        if not await gateway.process(update):
            return web.json_response({"error": "not stored, send it again"}, status=500)
        return web.json_response({"ok": True})

    return handle


def make_app(*, telegram=None, kannel=None, gammu=None) -> web.Application:
    """The web app; `telegram`: the TelegramGateway in webhook mode; `kannel`: a KannelReceiver;
    `gammu`: a GammuReceiver."""
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.router.add_get("/healthz", healthz)
    if kannel is not None:
        for method in ("GET", "POST"):
            app.router.add_route(method, "/sms/kannel/receive", kannel.receive)
            app.router.add_route(method, "/sms/kannel/status", kannel.status)
    if gammu is not None:
        app.router.add_post("/sms/gammu/receive", gammu.receive)
    if telegram is not None:
        app.router.add_post("/telegram/webhook", telegram_webhook(telegram))
    return app


class AccessLogger(AbstractAccessLogger):
    """One line per request, like the usual access log but with the path only (no query string):
    caller, method, path and protocol, status, size, seconds taken."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        version = request.version
        self.logger.info(
            '%s "%s %s HTTP/%d.%d" %s %s %.3fs', request.remote, request.method, request.path,
            version.major, version.minor, response.status, response.body_length, time,
        )  # fmt: skip

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)
