"""Sending rights: one worker sends each channel (bot/locks.py), another stands by and takes the
channel over — with the limits intact — when the first is gone; PostgreSQL claims skip rows
another transaction holds instead of waiting for them.

The locks are real: `flock` on a file in the SQLite session, advisory locks on the session's
PostgreSQL server in the PostgreSQL one.
"""

from __future__ import annotations

import asyncio
import random

import asyncpg
import pytest

from bot.channels.base import Limits
from bot.delivery.dispatcher import DeliverySettings, Dispatcher
from bot.locks import AdvisoryLocks, FileLocks
from models import OutboxMessage, OutboxStatus, Resident
from tests.delivery.test_dispatcher import Clock, Recorder, enqueue
from tests.fixtures.serve_process import until


@pytest.fixture
async def make_locks(request, database, tmp_path):
    """Lock holders as separate processes would have them, on the session's kind of database."""
    made = []

    def make():
        if database == "postgres":
            locks = AdvisoryLocks(request.getfixturevalue("postgres_url") + "postgres")
        else:
            locks = FileLocks(tmp_path / "kabarrt.sqlite3")
        made.append(locks)
        return locks

    yield make
    for locks in made:
        await locks.close()


async def test_a_lock_has_one_holder_until_it_lets_go(db, make_locks):
    first, second = make_locks(), make_locks()
    assert await first.try_acquire("send-telegram")
    assert not await second.try_acquire("send-telegram")
    assert await first.try_acquire("send-telegram")  # asking again keeps it
    assert await second.try_acquire("send-sms")  # another name is another lock
    await first.close()
    assert await second.try_acquire("send-telegram")
    assert not await first.try_acquire("send-telegram")


def worker(channel: Recorder, clock: Clock, locks, name: str) -> Dispatcher:
    return Dispatcher(
        {channel.name: channel}, DeliverySettings(rights_poll=0.5), clock=clock, monotonic=clock.monotonic,
        rng=random.Random(7), worker_id=name, locks=locks,
    )  # fmt: skip


async def test_a_second_worker_stands_by_and_takes_the_channel_over(db, make_locks):
    clock = Clock()
    first_channel, second_channel = Recorder(), Recorder()
    first = worker(first_channel, clock, make_locks(), "w1")
    second = worker(second_channel, clock, make_locks(), "w2")
    for i in range(3):
        await enqueue(f"sms:+62812000000{i}")
    await first.run_until_idle()
    await second.run_until_idle()
    assert len(first_channel.sent) == 3 and second_channel.sent == []

    for i in range(3, 5):
        await enqueue(f"sms:+62812000000{i}")
    clock.advance(1)
    await second.run_until_idle()  # standing by: the rows wait for the holder
    assert second_channel.sent == []
    assert await OutboxMessage.filter(status=OutboxStatus.QUEUED).count() == 2

    await first.locks.close()  # the first worker is gone
    await second.run_until_idle()  # asked again within rights_poll: not yet
    assert second_channel.sent == []
    clock.advance(0.5)
    await second.run_until_idle()
    assert sorted(o.identity for o in second_channel.sent) == ["sms:+628120000003", "sms:+628120000004"]
    assert len(first_channel.sent) == 3


async def test_the_new_holder_keeps_the_limits_its_predecessor_was_sending_under(db, make_locks):
    clock = Clock()
    limits = Limits(per_second=30, per_recipient_per_second=1)
    first_channel, second_channel = Recorder("telegram", limits), Recorder("telegram", limits)
    first = worker(first_channel, clock, make_locks(), "w1")
    second = worker(second_channel, clock, make_locks(), "w2")
    resident = await Resident.create()  # a row without one is scrubbed once sent (erased data)
    await enqueue("tg:1", resident_id=resident.id)
    await first.run_until_idle()  # the first holder too starts from an empty bucket
    assert first_channel.sent == []
    clock.advance(0.1)
    await first.run_until_idle()
    assert [o.identity for o in first_channel.sent] == ["tg:1"]
    await first.locks.close()  # dies right after sending

    clock.advance(0.5)  # within the second: tg:1 has had its message
    await enqueue("tg:1", "lagi", resident_id=resident.id)
    await enqueue("tg:2", resident_id=resident.id)
    await second.run_until_idle()
    assert second_channel.sent == []  # an empty bucket: nothing the instant it takes over
    clock.advance(0.1)  # three tokens
    await second.run_until_idle()
    assert [o.identity for o in second_channel.sent] == ["tg:2"]  # tg:1 waits out its second
    clock.advance(0.5)
    await second.run_until_idle()
    assert [o.identity for o in second_channel.sent] == ["tg:2", "tg:1"]


@pytest.mark.postgres
async def test_locks_end_with_their_session(db, make_locks):
    first, second = make_locks(), make_locks()
    assert await first.try_acquire("clock")
    assert not first.lost()
    admin = await asyncpg.connect(first.dsn)
    try:
        await admin.execute("SELECT pg_terminate_backend($1)", first._connection.get_server_pid())
    finally:
        await admin.close()
    await until(first.lost, "the holder sees its session ended")
    assert await second.try_acquire("clock")


@pytest.mark.postgres
async def test_a_claim_skips_rows_another_transaction_holds(db):
    rows = [await enqueue(f"sms:+62812000000{i}") for i in range(3)]
    client = OutboxMessage._meta.db
    other = await asyncpg.connect(
        host=client.host, port=client.port, user=client.user, password=client.password, database=client.database
    )
    clock = Clock()
    d = Dispatcher({"sms": Recorder()}, clock=clock, monotonic=clock.monotonic, worker_id="w1")
    try:
        async with other.transaction():  # e.g. STOP cancelling the first row this very moment
            await other.execute("SELECT id FROM outbox WHERE id = $1 FOR UPDATE", rows[0].id)
            # a claim that waited for the lock would never come back while the transaction is open
            claimed = await asyncio.wait_for(d.claim("sms", 10), timeout=30)
            assert sorted(row.id for row, _ in claimed) == [rows[1].id, rows[2].id]
        [(row, _)] = await d.claim("sms", 10)
        assert row.id == rows[0].id
    finally:
        await other.close()


@pytest.mark.postgres
async def test_a_sweep_passes_over_rows_another_transaction_holds(db):
    clock = Clock()
    rows = [await enqueue(f"sms:+62812000000{i}", expires_at=clock.now) for i in range(2)]
    client = OutboxMessage._meta.db
    other = await asyncpg.connect(
        host=client.host, port=client.port, user=client.user, password=client.password, database=client.database
    )
    d = Dispatcher({"sms": Recorder()}, clock=clock, monotonic=clock.monotonic, worker_id="w1")
    try:
        async with other.transaction():  # a worker writing its result for the first row
            await other.execute("SELECT id FROM outbox WHERE id = $1 FOR UPDATE", rows[0].id)
            await asyncio.wait_for(d.sweep(), timeout=30)
            assert [await OutboxMessage.get(id=r.id).values_list("status", flat=True) for r in rows] == [
                OutboxStatus.QUEUED, OutboxStatus.EXPIRED,
            ]  # fmt: skip
        await d.sweep()
        assert await OutboxMessage.filter(status=OutboxStatus.EXPIRED).count() == 2
    finally:
        await other.close()
