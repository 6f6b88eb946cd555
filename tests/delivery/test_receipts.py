"""Delivery reports arriving together are committed together; each caller hears only after its
report is stored; an unknown row is False; a failed write fails every caller of that batch."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.delivery.receipts import ReportBatcher
from handlers.outbox.queue import Report, enqueue, record_reports
from models import OutboxEvent, OutboxMessage, OutboxStatus

T0 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


async def test_concurrent_reports_share_transactions_and_each_is_stored_before_its_answer(db):
    rows = [await enqueue(f"sms:+62812000{i:05d}", "Halo", created_at=T0) for i in range(50)]
    await OutboxMessage.all().update(status=OutboxStatus.SENT)
    stored_before_answer = []

    batcher = ReportBatcher()

    async def report(row_id: int, state: str) -> bool:
        known = await batcher.record(Report(row_id, state, T0, "dlr"))
        if known:  # an unknown row has no history to store
            stored_before_answer.append(await OutboxEvent.exists(message_id=row_id, status=state))
        return known

    answers = await asyncio.gather(
        *[report(r.id, "delivered") for r in rows], report(999_999, "delivered"), report(rows[0].id, "sent")
    )
    assert answers == [True] * 50 + [False, True]
    assert len(stored_before_answer) == 51 and all(stored_before_answer)
    assert batcher.reports == 52 and batcher.batches < 10  # not one transaction per report
    assert await OutboxMessage.filter(status=OutboxStatus.DELIVERED).count() == 50  # "sent" never goes back


async def test_a_failed_write_fails_its_callers_and_the_next_batch_still_works(db):
    row = await enqueue("sms:+6281200000001", "Halo", created_at=T0)
    calls = {"n": 0}

    async def flaky(reports):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database is locked")
        return await record_reports(reports)

    batcher = ReportBatcher(flaky)
    with pytest.raises(RuntimeError):
        await batcher.record(Report(row.id, "delivered", T0, "dlr"))
    assert await batcher.record(Report(row.id, "delivered", T0, "dlr")) is True
