"""The outbox queue's own writes: cancelling a resident's bulk messages (STOP) records an event
for exactly the rows it cancelled, in the transaction that cancels them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from tortoise.exceptions import OperationalError

from handlers.outbox.queue import cancel_bulk, enqueue
from models import OutboxEvent, OutboxMessage, OutboxStatus, Resident
from tests.fixtures.sqlite_faults import SqliteFaults

T0 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
PHONE = "sms:+6281200000001"


async def states_and_last_events() -> dict[int, tuple[OutboxStatus, OutboxStatus | None]]:
    """Each row's status beside the status its history ends with (None: no history)."""
    last = {e.message_id: e.status for e in await OutboxEvent.all().order_by("id")}
    return {row.id: (row.status, last.get(row.id)) for row in await OutboxMessage.all()}


async def announcements(count: int) -> tuple[Resident, list[OutboxMessage]]:
    resident = await Resident.create()
    rows = [await enqueue(PHONE, f"Pengumuman {i}", created_at=T0, resident_id=resident.id) for i in range(count)]
    return resident, rows


@pytest.mark.sqlite_only
async def test_a_message_a_worker_claims_during_stop_gets_no_cancel_event(db, monkeypatch):
    resident, (claimed, queued) = await announcements(2)
    # a worker claims the first between cancel_bulk's read and its write: it is past recall
    SqliteFaults(monkeypatch).before(
        "update outbox set",
        ("UPDATE outbox SET status = 'sending', claimed_by = 'w9#1', attempts = 1 WHERE id = ?", [claimed.id]),
    )
    cancelled = await cancel_bulk(resident.id, T0, "resident sent STOP")
    assert (cancelled, await states_and_last_events()) == (1, {
        claimed.id: (OutboxStatus.SENDING, None),
        queued.id: (OutboxStatus.CANCELLED, OutboxStatus.CANCELLED),
    })


@pytest.mark.sqlite_only
async def test_stop_cancels_nothing_it_cannot_record(db, monkeypatch):
    resident, [row] = await announcements(1)
    SqliteFaults(monkeypatch).fail("insert into outbox_event", [sqlite3.OperationalError("database is locked")])
    with pytest.raises(OperationalError):
        await cancel_bulk(resident.id, T0, "resident sent STOP")
    assert await states_and_last_events() == {row.id: (OutboxStatus.QUEUED, None)}
