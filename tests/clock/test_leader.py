"""Exactly one active clock (bot/clock/leader.py) on real locks: a `flock` beside a SQLite file
here; on PostgreSQL tests/e2e/test_clock.py runs two real clock processes and kills one."""

from __future__ import annotations

import asyncio

from bot.clock.leader import hold, leadership
from bot.locks import FileLocks


async def test_a_second_clock_stands_by_until_the_first_lets_go(tmp_path):
    first, second = FileLocks(tmp_path / "kabarrt.sqlite3"), FileLocks(tmp_path / "kabarrt.sqlite3")
    stop = asyncio.Event()
    try:
        async with leadership(first, stop) as leading:
            assert leading
            standby = asyncio.create_task(_lead(second, stop, poll=0.01))
            await asyncio.sleep(0.05)  # the standby asked a few times and was refused
            assert not standby.done()
        await first.close()
        assert await asyncio.wait_for(standby, timeout=10)
    finally:
        await first.close()
        await second.close()


async def test_stop_ends_a_standby_without_leadership(tmp_path):
    first, second = FileLocks(tmp_path / "kabarrt.sqlite3"), FileLocks(tmp_path / "kabarrt.sqlite3")
    assert await first.try_acquire("clock")
    stop = asyncio.Event()
    standby = asyncio.create_task(_lead(second, stop, poll=0.01))
    stop.set()
    assert await asyncio.wait_for(standby, timeout=10) is False
    await first.close()
    await second.close()


class _Lost:
    """Locks whose session ended (the database restarted under the active clock)."""

    shared = True

    def lost(self) -> bool:
        return True


async def test_the_active_clock_stands_down_when_its_lock_is_lost():
    assert await asyncio.wait_for(hold(_Lost(), asyncio.Event()), timeout=10) is False


async def _lead(locks, stop: asyncio.Event, poll: float) -> bool:
    async with leadership(locks, stop, poll=poll) as leading:
        return leading
