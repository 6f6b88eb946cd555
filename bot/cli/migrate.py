"""`kabarrt migrate`: create or upgrade the database (aerich migrations)."""

from __future__ import annotations

import argparse

from bot import app as wiring
from bot.cli.common import settings_of


async def migrate_command(args: argparse.Namespace) -> int:
    await wiring.start(settings_of(args))
    await wiring.stop()
    print("database is up to date")
    return 0
