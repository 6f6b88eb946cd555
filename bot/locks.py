"""Named locks a process holds for as long as it lives: which process is the clock, which worker
sends a channel (bot/delivery/dispatcher.py). A lock is tried, never waited for; whoever does not
get it stands by and tries again.

What makes them safe is that the holder's death frees them at once, with nobody cleaning up:

- PostgreSQL: session advisory locks on a connection of their own (asyncpg, outside tortoise's
  pool, so no query of ours can end the session). A crash, `kill -9` or a lost connection ends
  the session, and PostgreSQL releases its locks with it. If that connection breaks while we
  live, `lost()` says so and every lock counts as gone.
- SQLite file: `flock` on a small file beside the database, one per name; the kernel releases it
  when the process dies. (SQLite runs on one machine, so every process sees the same files.)
- SQLite in memory: one process is the whole deployment; every lock is granted.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import zlib
from pathlib import Path
from typing import Protocol

from bot.db import asyncpg_dsn, dialect, sqlite_path

log = logging.getLogger(__name__)

#: the first key of our two-key advisory locks ("KR"): the second is the name's CRC-32. The
#: two-key form is a key space of its own, apart from any single-key lock another tool may take.
ADVISORY_CLASS = 0x4B52


class Locks(Protocol):
    #: False when every process gets every lock (one process is the deployment)
    shared: bool

    async def try_acquire(self, name: str) -> bool:
        """Take the lock `name` if nobody holds it; True when this process holds it now."""

    def lost(self) -> bool:
        """True when the locks this process held are gone (its database session ended)."""

    async def close(self) -> None:
        """Release every lock (another process may take them at once)."""


class LocalLocks:
    """Every lock granted: an in-memory database is one process."""

    shared = False

    async def try_acquire(self, name: str) -> bool:
        return True

    def lost(self) -> bool:
        return False

    async def close(self) -> None:
        return None


class FileLocks:
    """`flock` on `<database file>.<name>.lock`, one file per name."""

    shared = True

    def __init__(self, database: Path) -> None:
        self.database = database
        self._held: dict[str, int] = {}

    def path(self, name: str) -> Path:
        return self.database.with_name(f"{self.database.name}.{name}.lock")

    async def try_acquire(self, name: str) -> bool:
        if name in self._held:
            return True
        fd = os.open(self.path(name), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._held[name] = fd
        return True

    def lost(self) -> bool:
        return False

    async def close(self) -> None:
        for fd in self._held.values():
            os.close(fd)  # closing the descriptor releases its flock
        self._held.clear()


class AdvisoryLocks:
    """PostgreSQL session advisory locks on a connection of their own, opened on first use."""

    shared = True

    def __init__(self, database_url: str) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self._connection = None
        self._held: set[str] = set()

    async def try_acquire(self, name: str) -> bool:
        if name in self._held and not self.lost():
            return True
        if self._connection is None or self._connection.is_closed():
            await self._reconnect()
        got = await self._connection.fetchval("SELECT pg_try_advisory_lock($1, $2)", ADVISORY_CLASS, _key(name))
        if got:
            self._held.add(name)
        return bool(got)

    def lost(self) -> bool:
        return bool(self._held) and (self._connection is None or self._connection.is_closed())

    async def _reconnect(self) -> None:
        import asyncpg

        if self._held:
            log.warning("the lock connection was lost: %s released", ", ".join(sorted(self._held)))
            self._held.clear()
        self._connection = await asyncpg.connect(self.dsn)

    async def close(self) -> None:
        self._held.clear()
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close()  # ends the session, and with it every lock
            self._connection = None


def open_locks(database_url: str) -> Locks:
    """The locks that fit this database (see the module docstring)."""
    if dialect(database_url) == "postgres":
        return AdvisoryLocks(database_url)
    path = sqlite_path(database_url)
    return FileLocks(path) if path is not None else LocalLocks()


def _key(name: str) -> int:
    """The name's CRC-32 as PostgreSQL's signed int4."""
    value = zlib.crc32(name.encode())
    return value - (1 << 32) if value >= 1 << 31 else value
