"""Recurring jobs (bot/clock/scheduler.py `recurring`, `keep_recurring`): a row made for the first
occurrence, re-armed after it ran or expired, a pending row moved only earlier, and the scheduler
arming them at start and again right after one fires. A toy kind stands in for the escalation and
the digest (tests/complaints/test_escalation.py and test_digest.py run those through the clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import scheduler as sched
from bot.clock.scheduler import Occurrence, Scheduler, keep_recurring, run_due
from models import JobStatus, ScheduledJob

KIND = "test.tick"
START = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


@pytest.fixture
def ticks(monkeypatch):
    """A recurring kind that runs at the next whole hour (or at `wanted`, when set) and counts its runs."""
    state = {"runs": [], "wanted": None}

    async def run(job, now):
        state["runs"].append(now)
        return 0

    async def next_of(now):
        at = state["wanted"] or (now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
        return [Occurrence(KIND, at, {"n": 1}, at + timedelta(minutes=30))]

    monkeypatch.setitem(sched.KINDS, KIND, run)
    monkeypatch.setattr(sched, "RECURRING", {KIND: next_of})
    return state


async def row() -> ScheduledJob:
    return await ScheduledJob.get(key=KIND)


async def test_the_first_occurrence_is_made_then_rearmed_after_each_run(db, ticks):
    assert await keep_recurring(START) == 1
    job = await row()
    assert (job.kind, job.status, job.run_at, job.expires_at, job.payload) == (
        KIND, JobStatus.PENDING, START + timedelta(hours=1), START + timedelta(hours=1, minutes=30), {"n": 1}
    )  # fmt: skip
    assert await keep_recurring(START + timedelta(minutes=5)) == 0  # pending: left alone
    await run_due(START + timedelta(hours=1))
    assert ticks["runs"] == [START + timedelta(hours=1)] and (await row()).status is JobStatus.DONE
    assert await keep_recurring(START + timedelta(hours=1)) == 1
    assert ((await row()).status, (await row()).run_at) == (JobStatus.PENDING, START + timedelta(hours=2))
    assert await ScheduledJob.all().count() == 1


async def test_an_expired_occurrence_is_skipped_and_the_next_armed(db, ticks):
    await keep_recurring(START)
    late = START + timedelta(hours=1, minutes=45)  # the clock was down past its expiry
    await run_due(late)
    assert ticks["runs"] == [] and (await row()).status is JobStatus.EXPIRED
    await keep_recurring(late)
    assert ((await row()).status, (await row()).run_at) == (JobStatus.PENDING, START + timedelta(hours=2))


async def test_a_pending_row_moves_earlier_never_later(db, ticks):
    await keep_recurring(START)
    ticks["wanted"] = START + timedelta(minutes=10)  # something fell due sooner
    assert await keep_recurring(START) == 1
    assert (await row()).run_at == START + timedelta(minutes=10)
    ticks["wanted"] = START + timedelta(hours=5)
    assert await keep_recurring(START) == 0
    assert (await row()).run_at == START + timedelta(minutes=10)


async def test_the_scheduler_arms_recurring_rows_at_start_and_after_one_fires(db, ticks):
    now = datetime.now(UTC).replace(microsecond=0)
    ticks["wanted"] = now + timedelta(hours=1)
    s = Scheduler(lambda: now, poll_interval=3600)
    try:
        await s.start()
        assert {j.id: j.trigger.run_date for j in s.get_jobs()} == {KIND: now + timedelta(hours=1)}
        ticks["wanted"] = now + timedelta(hours=2)
        await ScheduledJob.filter(key=KIND).update(run_at=now)  # due now
        await s._fire(KIND)  # what APScheduler calls
        assert ticks["runs"] == [now]
        assert {j.id: j.trigger.run_date for j in s.get_jobs()} == {KIND: now + timedelta(hours=2)}
        assert (await row()).status is JobStatus.PENDING
    finally:
        await s.stop()
