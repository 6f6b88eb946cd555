"""Builds and wires what a process needs. No I/O happens at import time.

Process roles: web (aiohttp), worker (outbox dispatchers), clock (scheduler). `kabarrt serve` runs
all three in one process; `serve --web-only`, `worker` and `clock` run one each (Procfile).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

# each feature's job kinds register themselves when imported
import bot.clock.announcements
import bot.clock.complaints
import bot.clock.gotong_royong  # noqa: F401
from bot.db import close_database, open_database
from bot.i18n import translator
from bot.settings import Settings
from handlers.engine import Engine
from handlers.gotong_royong.service import code_keyword


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL at INFO, and a Bot API URL contains the bot token
    for noisy in ("tortoise", "aiosqlite", "aerich", "httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def build_engine(settings: Settings) -> Engine:
    return Engine(
        translator,
        default_locale=settings.default_locale,
        flood_per_minute={"sms": settings.sms_flood_per_minute},
        max_sms_segments=settings.sms_max_segments,
        sms_cost_per_segment=settings.sms_cost_per_segment,
        complaints_per_day=settings.complaints_per_day,
        code_keywords=[code_keyword],  # HADIR GR12, DATANG GR12 4821 …
    )


async def start(settings: Settings) -> Engine:
    """Open (create, migrate, seed) the database and return a ready engine."""
    await open_database(settings.database_url)
    return build_engine(settings)


async def stop() -> None:
    await close_database()


def build_channels(settings: Settings) -> dict:
    """The channel adapters this deployment has, by channel name."""
    from bot.channels.shell import ShellChannel

    channels: dict = {"shell": ShellChannel()}
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import TelegramChannel

        channels["telegram"] = TelegramChannel.from_settings(settings)
    if settings.sms_driver == "kannel":
        from bot.channels.kannel import KannelChannel

        channels["sms"] = KannelChannel.from_settings(settings)
    elif settings.sms_driver == "gammu":
        from bot.channels.gammu import GammuChannel

        channels["sms"] = GammuChannel.from_settings(settings)
    return channels


def build_dispatcher(settings: Settings):
    from bot.delivery.dispatcher import DeliverySettings, Dispatcher
    from bot.locks import open_locks
    from handlers.announcements.service import fall_back

    dispatcher = Dispatcher(
        build_channels(settings),
        DeliverySettings(
            in_flight=settings.delivery_in_flight,
            lease_seconds=settings.delivery_lease_seconds,
            max_attempts=settings.delivery_max_attempts,
        ),
        on_failed=fall_back,  # an announcement Telegram could not deliver goes by SMS
        locks=open_locks(settings.database_url),  # one worker sends each channel (sending rights)
    )
    dispatcher.drain_grace = settings.shutdown_grace_seconds
    return dispatcher


async def run_worker(settings: Settings, stop: asyncio.Event, dispatcher=None) -> None:
    """Dispatch the outbox until `stop`, then drain (finish or release in-flight sends)."""
    from handlers.outbox.queue import record_report

    dispatcher = dispatcher or build_dispatcher(settings)
    # adapters whose gateway reports by other means than a callback (Gammu's sent/error folders)
    watchers = [c.watch(stop, record_report) for c in dispatcher.channels.values() if hasattr(c, "watch")]
    try:
        await asyncio.gather(dispatcher.run(stop), *watchers)
    finally:
        for channel in dispatcher.channels.values():
            close = getattr(channel, "close", None)
            if close is not None:
                await close()


async def run_clock(settings: Settings, stop: asyncio.Event) -> None:
    """Run scheduled jobs (they only enqueue outbox rows) until `stop`, while this process holds
    the clock lock: a second clock waits as a standby (bot/clock/leader.py)."""
    from bot.clock.leader import hold, leadership
    from bot.locks import open_locks

    locks = open_locks(settings.database_url)
    try:
        while not stop.is_set():
            async with leadership(locks, stop) as leading:
                if not leading:
                    return
                if await _run_scheduler(lambda: hold(locks, stop)):
                    return
    finally:
        await locks.close()


async def _run_scheduler(until: Callable[[], Awaitable[bool]]) -> bool:
    """Run the scheduler until `until()` returns; returns what it returned (True: stopped)."""
    from bot.clock.scheduler import Scheduler

    scheduler = Scheduler()
    await scheduler.start()
    try:
        return await until()
    finally:
        await scheduler.stop()
