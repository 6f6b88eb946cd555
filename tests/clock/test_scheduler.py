"""Scheduled jobs: rows, due-ness under a moved clock, idempotent runs, expiry, restart, APScheduler sync.

Time is a fake clock the test moves; only the last test runs the real APScheduler on the real clock.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from bot.clock import scheduler as sched
from bot.clock.scheduler import POLL_JOB, Scheduler, due, run_due, run_job, schedule
from models import JobStatus, OutboxMessage, OutboxStatus, ScheduledJob

ANI, BUDI = "tg:1001", "sms:+6281200000002"


class Clock:
    """A wall clock that only moves when the test says so.

    It starts at the real time (whole seconds): APScheduler's timers run on the real clock, so a job
    that is in the future for this clock must be in the future for APScheduler too, or it would fire
    as soon as the test awaits anything.
    """

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def schedulers():
    """Build Schedulers; every one of them is stopped at the end of the test."""
    made: list[Scheduler] = []

    def build(clock=sched.utcnow, **kw) -> Scheduler:
        made.append(Scheduler(clock, **kw))
        return made[-1]

    yield build
    for s in made:
        await s.stop()


def message(*identities: str, text: str = "Besok gotong royong jam 07.00", **extra) -> dict:
    return {"identities": list(identities), "text": text, **extra}


async def armed(s: Scheduler) -> dict[str, datetime]:
    return {job.id: job.trigger.run_date for job in s.get_jobs()}


# --- rows and due-ness -------------------------------------------------------------------------


async def test_scheduling_creates_a_pending_row(db, clock):
    run_at = clock.now + timedelta(hours=1)
    job = await schedule("reminder:GR12:eve", "message", run_at, message(ANI), now=clock.now)
    row = await ScheduledJob.get(key="reminder:GR12:eve")
    assert row.id == job.id and row.kind == "message" and row.status is JobStatus.PENDING
    assert row.run_at == run_at and row.created_at == clock.now and row.done_at is None
    assert row.payload == {"identities": [ANI], "text": "Besok gotong royong jam 07.00"}


async def test_schedule_refuses_unknown_kinds_and_naive_times(db, clock):
    with pytest.raises(ValueError, match="unknown job kind"):
        await schedule("k", "nope", clock.now, {}, now=clock.now)
    with pytest.raises(ValueError, match="timezone-aware"):
        await schedule("k", "message", clock.now.replace(tzinfo=None), message(ANI), now=clock.now)


async def test_due_respects_the_injected_time(db, clock):
    await schedule("a", "message", clock.now + timedelta(minutes=5), message(ANI), now=clock.now)
    await schedule("b", "message", clock.now + timedelta(minutes=1), message(ANI), now=clock.now)
    assert await due(clock.now) == []
    clock.advance(minutes=1)
    assert [j.key for j in await due(clock.now)] == ["b"]
    clock.advance(minutes=10)
    assert [j.key for j in await due(clock.now)] == ["b", "a"]  # oldest first


# --- running -----------------------------------------------------------------------------------


async def test_run_job_enqueues_one_outbox_row_per_identity(db, clock):
    until = clock.now + timedelta(hours=3)
    job = await schedule(
        "reminder:GR12:eve",
        "message",
        clock.now,
        message(ANI, BUDI, options=[["Hadir", "hadir"], ["Tidak", "tidak"]], priority="reply"),
        expires_at=until,
        now=clock.now,
    )
    clock.advance(seconds=30)
    assert await run_job(job, clock.now) == 2
    rows = await OutboxMessage.all().order_by("id")
    assert [(r.identity, r.channel) for r in rows] == [(ANI, "telegram"), (BUDI, "sms")]
    for row in rows:
        assert row.text == "Besok gotong royong jam 07.00"
        assert row.payload == {"options": [["Hadir", "hadir"], ["Tidak", "tidak"]]}
        assert row.status is OutboxStatus.QUEUED and row.priority == 1
        assert row.cause_type == "job" and row.cause_id == "reminder:GR12:eve"
        assert row.expires_at == until and row.created_at == clock.now
        assert row.dedupe_key.startswith("job:reminder:GR12:eve@") and row.dedupe_key.endswith(
            row.identity
        )
    await job.refresh_from_db()
    assert job.status is JobStatus.DONE and job.done_at == clock.now


async def test_one_identity_bulk_by_default_and_payload_expiry_wins(db, clock):
    job = await schedule(
        "digest:1",
        "message",
        clock.now,
        {
            "identity": ANI,
            "text": "Ringkasan minggu ini",
            "expires_at": "2030-01-01T00:00:00+07:00",
        },
        now=clock.now,
    )
    assert await run_job(job, clock.now) == 1
    row = await OutboxMessage.get(identity=ANI)
    assert row.priority == 0 and row.payload == {}
    assert row.expires_at == datetime(2029, 12, 31, 17, 0, tzinfo=UTC)


async def test_running_a_job_twice_enqueues_once(db, clock):
    job = await schedule(
        "lesson:kb-3:tg:1001", "message", clock.now, message(ANI, BUDI), now=clock.now
    )
    stale_copy = await ScheduledJob.get(key=job.key)  # read before the first run, still "pending"
    assert await run_job(job, clock.now) == 2
    assert await run_job(job, clock.now) == 0
    assert await run_job(stale_copy, clock.now) == 0  # the status guard is in the database
    # and the kind itself is idempotent: its dedupe keys are already used
    assert await sched.KINDS["message"](stale_copy, clock.now) == 0
    assert await OutboxMessage.all().count() == 2


async def test_concurrent_runs_enqueue_once(db, clock):
    job = await schedule("k", "message", clock.now, message(ANI), now=clock.now)
    copies = [await ScheduledJob.get(key="k") for _ in range(3)]
    results = await asyncio.gather(*(run_job(c, clock.now) for c in [job, *copies]))
    assert sorted(results) == [0, 0, 0, 1]
    assert await OutboxMessage.all().count() == 1


async def test_a_job_past_expires_at_expires_and_enqueues_nothing(db, clock):
    job = await schedule(
        "reminder:GR12:eve",
        "message",
        clock.now,
        message(ANI),
        expires_at=clock.now + timedelta(hours=1),
        now=clock.now,
    )
    clock.advance(hours=1)
    assert await run_job(job, clock.now) == 0
    await job.refresh_from_db()
    assert job.status is JobStatus.EXPIRED and job.done_at == clock.now
    assert await OutboxMessage.all().count() == 0
    assert await run_due(clock.now) == 0  # no longer due


async def test_a_failing_job_stays_pending_and_does_not_stop_the_others(db, clock):
    await schedule("broken", "message", clock.now, {"text": "tanpa penerima"}, now=clock.now)
    await schedule("fine", "message", clock.now, message(ANI), now=clock.now)
    assert await run_due(clock.now) == 1
    assert (await ScheduledJob.get(key="broken")).status is JobStatus.PENDING
    assert (await ScheduledJob.get(key="fine")).status is JobStatus.DONE


async def test_long_keys_fit_the_outbox_columns(db, clock):
    key = "lesson:" + "x" * 121  # 128 characters: the longest key a row can have
    job = await schedule(key, "message", clock.now, message(ANI), now=clock.now)
    assert await run_job(job, clock.now) == 1
    row = await OutboxMessage.get(identity=ANI)
    assert len(row.dedupe_key) <= 128 and len(row.cause_id) <= 64
    assert row.dedupe_key.startswith("job:lesson:xxx") and row.cause_id.startswith("lesson:xxx")
    other = await schedule(key[:-1] + "y", "message", clock.now, message(ANI), now=clock.now)
    assert await run_job(other, clock.now) == 1  # a different key hashes differently


# --- rescheduling rules ------------------------------------------------------------------------


async def test_a_done_job_is_not_rearmed_by_the_same_call_but_is_when_moved_ahead(db, clock):
    at = clock.now + timedelta(minutes=10)
    await schedule("reminder:GR12:eve", "message", at, message(ANI), now=clock.now)
    clock.advance(minutes=10)
    assert await run_due(clock.now) == 1
    # the same call again (a re-sync at start): still done, nothing runs again
    job = await schedule("reminder:GR12:eve", "message", at, message(ANI), now=clock.now)
    assert job.status is JobStatus.DONE
    # a new time already past: still done
    job = await schedule(
        "reminder:GR12:eve",
        "message",
        at + timedelta(minutes=5),
        message(ANI),
        now=clock.now + timedelta(minutes=6),
    )
    assert job.status is JobStatus.DONE
    # the event moved to tomorrow: a new occurrence that sends again
    later = clock.now + timedelta(days=1)
    job = await schedule("reminder:GR12:eve", "message", later, message(ANI), now=clock.now)
    assert job.status is JobStatus.PENDING and job.run_at == later and job.done_at is None
    clock.advance(days=1)
    assert await run_due(clock.now) == 1
    assert await OutboxMessage.filter(identity=ANI).count() == 2


# --- the Scheduler: APScheduler kept in step with the rows -------------------------------------


async def test_restart_runs_overdue_jobs_once_expires_stale_ones_and_arms_the_rest(
    db, clock, schedulers
):
    before = schedulers(clock)
    await before.start()
    await before.schedule("a", "message", clock.now + timedelta(hours=1), message(ANI, BUDI))
    await before.schedule("b", "message", clock.now + timedelta(hours=2), message(ANI))
    await before.schedule(
        "stale",
        "message",
        clock.now + timedelta(hours=1),
        message(BUDI),
        expires_at=clock.now + timedelta(hours=2),
    )
    await before.schedule("future", "message", clock.now + timedelta(hours=5), message(ANI))
    assert set(await armed(before)) == {"a", "b", "stale", "future"}
    await before.stop()  # the process goes down …

    clock.advance(hours=3)  # … and stays down past a, b and stale's run_at
    after = schedulers(clock)
    assert await after.start() == 3  # a (two identities) and b, once
    status = dict(await ScheduledJob.all().values_list("key", "status"))
    assert status == {
        "a": JobStatus.DONE,
        "b": JobStatus.DONE,
        "stale": JobStatus.EXPIRED,
        "future": JobStatus.PENDING,
    }
    assert await armed(after) == {"future": clock.now + timedelta(hours=2)}
    assert POLL_JOB in {j.id for j in after.aps.get_jobs()}
    assert await OutboxMessage.all().count() == 3

    again = schedulers(clock)  # a second restart runs nothing twice
    assert await again.start() == 0
    assert await OutboxMessage.all().count() == 3


async def test_cancel_marks_cancelled_and_disarms(db, clock, schedulers):
    s = schedulers(clock)
    await s.start()
    await s.schedule("a", "message", clock.now + timedelta(hours=1), message(ANI))
    await s.schedule("b", "message", clock.now + timedelta(hours=1), message(ANI))
    assert await s.cancel("a") is True
    assert await s.cancel("a") is False  # nothing pending any more
    assert (await ScheduledJob.get(key="a")).status is JobStatus.CANCELLED
    assert set(await armed(s)) == {"b"}
    clock.advance(hours=2)
    assert await run_due(clock.now) == 1  # only b


async def test_reschedule_updates_the_row_and_the_apscheduler_job(db, clock, schedulers):
    s = schedulers(clock)
    await s.start()
    first, second = clock.now + timedelta(hours=1), clock.now + timedelta(hours=4)
    await s.schedule("a", "message", first, message(ANI))
    assert await armed(s) == {"a": first}
    job = await s.schedule("a", "message", second, message(ANI, text="Diundur"))
    assert job.id == (await ScheduledJob.get(key="a")).id and await ScheduledJob.all().count() == 1
    row = await ScheduledJob.get(key="a")
    assert row.run_at == second and row.payload["text"] == "Diundur"
    assert await armed(s) == {"a": second}
    clock.advance(hours=2)
    assert await due(clock.now) == []


async def test_reload_picks_up_rows_written_by_another_process(db, clock, schedulers):
    s = schedulers(clock, poll_interval=60)
    await s.start()
    assert await armed(s) == {}
    at = clock.now + timedelta(hours=1)
    await schedule("broadcast:7", "message", at, message(ANI), now=clock.now)  # e.g. the CLI
    await s.reload()  # what the poll does after run_due
    assert await armed(s) == {"broadcast:7": at}
    poll = s.aps.get_job(POLL_JOB)
    assert poll.trigger.interval == timedelta(seconds=60)


async def test_a_job_scheduled_in_this_process_is_armed_at_once_not_at_the_next_poll(db, clock, schedulers):
    s = schedulers(clock, poll_interval=60)
    await s.start()
    at = clock.now + timedelta(hours=1)
    await schedule("announcement:9", "message", at, message(ANI), now=clock.now)  # e.g. a chat flow
    assert await armed(s) == {"announcement:9": at}
    await s.stop()  # a stopped clock is no longer told
    await schedule("announcement:10", "message", at, message(ANI), now=clock.now)
    assert "announcement:10" not in await armed(s)


# --- the real thing ----------------------------------------------------------------------------


async def test_real_apscheduler_fires_a_job_once(db, schedulers):
    s = schedulers()  # real clock
    fired = asyncio.Event()
    s.aps.add_listener(
        lambda event: fired.set() if event.job_id == "reminder:soon" else None,
        EVENT_JOB_EXECUTED | EVENT_JOB_ERROR,
    )
    await s.start()
    soon = datetime.now(UTC) + timedelta(seconds=0.3)
    await s.schedule("reminder:soon", "message", soon, message(ANI, text="Segera"))
    await asyncio.wait_for(fired.wait(), timeout=3.0)
    await s.stop()
    job = await ScheduledJob.get(key="reminder:soon")
    assert job.status is JobStatus.DONE and job.done_at >= soon
    assert [r.text for r in await OutboxMessage.all()] == ["Segera"]
    assert s.get_jobs() == []
