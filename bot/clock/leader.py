"""Exactly one active clock: the clock that holds the `clock` lock (bot/locks.py) runs the
scheduler; any other waits as a standby and takes over when the holder dies (a crash, kill -9,
a lost connection: on PostgreSQL the lock ends with its session, on a SQLite file with the
process). A clock whose PostgreSQL session breaks while it runs stops its scheduler and stands by
again, since another clock may have taken over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from bot.locks import Locks

log = logging.getLogger(__name__)

#: how often a standby asks for the lock; a takeover after a crash takes at most this long
STANDBY_POLL_SECONDS = 5.0
#: how often the active clock checks that it still holds the lock
CHECK_SECONDS = 1.0
CLOCK = "clock"


@contextlib.asynccontextmanager
async def leadership(locks: Locks, stop: asyncio.Event, poll: float = STANDBY_POLL_SECONDS) -> AsyncIterator[bool]:
    """Yields True once this process holds the clock lock, or False when `stop` came first."""
    told = False
    while not stop.is_set():
        if await locks.try_acquire(CLOCK):
            log.info("clock: active (holds the clock lock)")
            yield True
            return
        if not told:
            log.info("clock: standby, another clock is active; taking over when it stops")
            told = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), poll)
    yield False


async def hold(locks: Locks, stop: asyncio.Event, check: float = CHECK_SECONDS) -> bool:
    """Wait until `stop` (True) or until the lock is lost (False, logged)."""
    while not stop.is_set():
        if locks.lost():
            log.warning("clock: lost the clock lock (database session ended); standing by")
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), check)
    return True
