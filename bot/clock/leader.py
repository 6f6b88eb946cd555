"""Exactly one active clock on PostgreSQL: the clock that holds a session advisory lock runs the
scheduler; any other waits as a standby and takes over when the holder's session ends (a crash,
kill -9, a lost connection: PostgreSQL releases a session lock with its session).

The lock lives on a connection of its own (asyncpg, outside tortoise's pool), so no query of the
scheduler can release it or hold it hostage. On SQLite there is one clock by deployment (one
machine, one file), and this module is not used.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

log = logging.getLogger(__name__)

#: the advisory lock's key: any 64-bit number no other feature uses ("KabarRT clock")
CLOCK_LOCK = 0x4B52_434C_4F43_4B00
#: how often a standby asks for the lock; a takeover after a crash takes at most this long
STANDBY_POLL_SECONDS = 5.0


def asyncpg_dsn(database_url: str) -> str:
    """Tortoise's `postgres://` URL as asyncpg's DSN (the same form, another scheme name)."""
    scheme, rest = database_url.split("://", 1)
    return "postgresql://" + rest if scheme in ("postgres", "asyncpg", "psycopg") else database_url


@contextlib.asynccontextmanager
async def leadership(database_url: str, stop: asyncio.Event, poll: float = STANDBY_POLL_SECONDS) -> AsyncIterator[bool]:
    """Yields True once this process holds the clock lock, or False when `stop` came first."""
    import asyncpg

    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        told = False
        while not stop.is_set():
            if await connection.fetchval("SELECT pg_try_advisory_lock($1)", CLOCK_LOCK):
                log.info("clock: active (holds the clock lock)")
                yield True
                return
            if not told:
                log.info("clock: standby, another clock is active; taking over when it stops")
                told = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), poll)
        yield False
    finally:
        await connection.close()  # ends the session, and with it the lock
