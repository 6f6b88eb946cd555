"""Builds and wires what a process needs. No I/O happens at import time."""

from __future__ import annotations

import logging

from bot.db import close_database, open_database
from bot.i18n import translator
from bot.settings import Settings
from handlers.engine import Engine


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("tortoise", "aiosqlite", "aerich"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def build_engine(settings: Settings) -> Engine:
    return Engine(translator, default_locale=settings.default_locale)


async def start(settings: Settings) -> Engine:
    """Open (create, migrate, seed) the database and return a ready engine."""
    await open_database(settings.database_url)
    return build_engine(settings)


async def stop() -> None:
    await close_database()
