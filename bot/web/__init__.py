"""The aiohttp application: health check now; channel webhooks and the dashboard later."""

from __future__ import annotations

from aiohttp import web

from models import Resident


async def healthz(request: web.Request) -> web.Response:
    try:
        await Resident.exists()
    except Exception:  # report, never raise: a health check answers
        return web.json_response({"status": "error", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok"})


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/healthz", healthz)
    return app
