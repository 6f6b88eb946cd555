"""What every command shares: the settings a command runs with (`--db` over `DATABASE_URL`)
and the stop signal of a long-running one."""

from __future__ import annotations

import argparse
import asyncio
import signal

from bot.settings import Settings, get_settings


def settings_of(args: argparse.Namespace) -> Settings:
    return get_settings().with_db_path(getattr(args, "db", None))


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT / SIGTERM (graceful shutdown)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
