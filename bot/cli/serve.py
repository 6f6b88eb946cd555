"""`kabarrt serve | worker | clock`: the long-running processes (Procfile), until SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot import app as wiring
from bot.cli.common import settings_of, stop_on_signals
from bot.settings import Settings


async def serve_command(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.web import AccessLogger, make_app

    settings = settings_of(args)
    engine = await wiring.start(settings)
    stop = stop_on_signals()
    dispatcher = None if args.web_only else wiring.build_dispatcher(settings)
    telegram = None
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import TelegramGateway

        telegram = TelegramGateway(settings, engine, on_queued=dispatcher.wake if dispatcher else None)
    kannel = gammu = None
    if settings.sms_driver == "kannel":
        from bot.channels.kannel import KannelReceiver, kannel_settings

        kannel = KannelReceiver(kannel_settings(settings), engine, on_queued=dispatcher.wake if dispatcher else None)
    elif settings.sms_driver == "gammu":
        from bot.channels.gammu import GammuReceiver, gammu_settings

        gammu = GammuReceiver(gammu_settings(settings), engine, on_queued=dispatcher.wake if dispatcher else None)
    runner = web.AppRunner(
        make_app(telegram=telegram if telegram and telegram.webhook_mode else None, kannel=kannel, gammu=gammu),
        access_log_class=AccessLogger,
    )
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    roles = [] if dispatcher is None else [wiring.run_worker(settings, stop, dispatcher), wiring.run_clock(settings, stop)]
    if telegram is not None:
        roles.append(telegram.run(stop))
    print(f"KabarRT is running: http://{settings.host}:{settings.port}/healthz")
    print(f"Database: {settings.database_url}")
    print("Roles: web" + ("" if args.web_only else ", worker (outbox), clock (scheduler)"))
    print(_telegram_line(settings))
    print("SMS: " + _sms_line(settings))
    db_hint = f" --db {args.db}" if args.db else ""
    print(f"Talk to the bot in another terminal:  .venv/bin/kabarrt shell{db_hint}")
    print("  (as an SMS user: add --channel sms). Stop with Ctrl-C.")
    sys.stdout.flush()
    try:
        await asyncio.gather(stop.wait(), *roles)
    finally:
        await runner.cleanup()
        await wiring.stop()
    return 0


def _sms_line(settings: Settings) -> str:
    if settings.sms_driver == "kannel":
        return "Kannel (/sms/kannel/receive, /sms/kannel/status)"
    if settings.sms_driver == "gammu":
        return f"Gammu SMSD (/sms/gammu/receive; outbox {settings.gammu_outbox_path})"
    return "off (set SMS_DRIVER=kannel or gammu)"


def _telegram_line(settings: Settings) -> str:
    if settings.telegram_bot_token is None:
        return "Telegram: off (set TELEGRAM_BOT_TOKEN to turn it on)"
    name = f"@{settings.telegram_bot_username}" if settings.telegram_bot_username else "the bot"
    if settings.telegram_webhook_url:
        return f"Telegram: {name} by webhook ({settings.telegram_webhook_url} -> /telegram/webhook)"
    return f"Telegram: {name} by long polling ({settings.telegram_api_base_url})"


async def role_command(args: argparse.Namespace) -> int:
    """`kabarrt worker` / `kabarrt clock`: one process role until SIGTERM."""
    settings = settings_of(args)
    await wiring.start(settings)
    run, doing = {
        "worker": (wiring.run_worker, "sending the outbox"),
        "clock": (wiring.run_clock, "running scheduled jobs"),
    }[args.command]
    stop = stop_on_signals()  # before saying it runs: a SIGTERM from then on stops it gracefully
    print(f"KabarRT {args.command}: {doing} of {settings.database_url}. Stop with Ctrl-C.", flush=True)
    try:
        await run(settings, stop)
    finally:
        await wiring.stop()
    return 0
