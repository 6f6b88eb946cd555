"""Scheduled work: reminders, lessons, digests and the complaints' escalation as `ScheduledJob` rows.

The rows are the truth. APScheduler (`AsyncIOScheduler`, default in-memory job store: never a
synchronous job store on the event loop) only holds a copy, rebuilt from the rows at start, after
every change made through `Scheduler`, and on every poll. Running a job means calling its kind,
which only enqueues outbox rows with dedupe keys; the job is marked done in the same transaction.
So a job that fires twice (APScheduler plus the poll, two processes) enqueues once.

Life of a row::

    pending ──run_job──▶ done          (kind called, outbox rows enqueued, done_at set)
       │    ──run_job──▶ expired       (past expires_at: nothing enqueued)
       └────cancel─────▶ cancelled

At start every pending row that became due while the process was down runs once (or expires);
the rest are armed in APScheduler. A recurring job (`recurring`: the escalation at the next
deadline, the morning digest per time zone) is a row like any other that `keep_recurring` arms
again for its next time once it has run: at start, after it fires and on every poll. The logic that decides what is due takes `now` from the caller
(the `Scheduler`'s injected clock), so tests move time instead of sleeping.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from tortoise.transactions import in_transaction

from handlers.messages import Option, Priority
from handlers.outbox import jobs
from handlers.outbox.jobs import KINDS, KindFn, cancel, dedupe_key, due, fit, kind, schedule
from handlers.outbox.queue import enqueue
from models import JobStatus, ScheduledJob

__all__ = [
    "KINDS", "RECURRING", "KindFn", "Occurrence", "Scheduler", "cancel", "dedupe_key", "due", "fit", "keep_recurring",
    "kind", "recurring", "run_due", "run_job", "schedule",
]  # fmt: skip

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

#: APScheduler id of the safety-net poll; every other APScheduler job id is a row key
POLL_JOB = "__poll__"


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- kinds ---------------------------------------------------------------------------------------


@kind("message")
async def message(job: ScheduledJob, now: datetime) -> int:
    """Send one text to one or more identities.

    payload: {"identities": [...]} or {"identity": "..."}, "text", optional "options"
    ([[label, value], ...]), "priority" ("bulk" | "reply", default bulk) and "expires_at" (ISO,
    when the message itself is no longer worth delivering; default the job's expires_at).
    """
    payload: dict[str, Any] = job.payload or {}
    identities = payload.get("identities") or (
        [payload["identity"]] if payload.get("identity") else []
    )
    if not identities or not payload.get("text"):
        raise ValueError(f"job {job.key}: a message needs an identity (or identities) and a text")
    options = tuple(Option(label, value) for label, value in payload.get("options", []))
    expires_at = job.expires_at
    if payload.get("expires_at"):
        expires_at = datetime.fromisoformat(payload["expires_at"])
        if expires_at.tzinfo is None:
            raise ValueError(f"job {job.key}: payload expires_at must carry a timezone")
    enqueued = 0
    for identity in identities:
        row = await enqueue(
            identity,
            payload["text"],
            created_at=now,
            options=options,
            priority=Priority(payload.get("priority", Priority.BULK)),
            expires_at=expires_at,
            cause_type="job",
            cause_id=fit(job.key, 64),
            dedupe_key=dedupe_key(job, identity),
        )
        enqueued += row is not None
    return enqueued


# --- recurring jobs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Occurrence:
    """The next run of a recurring job: its row's key, time, payload and expiry."""

    key: str
    run_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    expires_at: datetime | None = None


Recurrence = Callable[[datetime], Awaitable[list[Occurrence]]]

#: job kind -> its next occurrences after `now` (one per row it keeps: e.g. one per time zone;
#: none when there is nothing to do). Jobs that come back for ever (the escalation at the next
#: deadline, the morning digest) are rows like any other; `keep_recurring` gives each its next
#: pending row.
RECURRING: dict[str, Recurrence] = {}


def recurring(name: str) -> Callable[[Recurrence], Recurrence]:
    """Register when the recurring job kind `name` runs next."""

    def register(fn: Recurrence) -> Recurrence:
        RECURRING[name] = fn
        return fn

    return register


async def keep_recurring(now: datetime) -> int:
    """Give every recurring job its next occurrence (at start, after one fires, and on every poll,
    after the due rows ran): a row made for the first time, or done, expired or cancelled, is armed
    for its next time; a pending row only moves earlier (something fell due sooner), else it runs
    first, due or not. Returns how many rows were armed. Only the active clock calls it
    (bot/clock/leader.py)."""
    armed = 0
    for name, next_of in RECURRING.items():
        for occurrence in await next_of(now):
            row = await ScheduledJob.get_or_none(key=occurrence.key)
            if row is not None and row.status is JobStatus.PENDING and row.run_at <= occurrence.run_at:
                continue
            job = await schedule(occurrence.key, name, occurrence.run_at, occurrence.payload,
                                 expires_at=occurrence.expires_at, now=now)  # fmt: skip
            armed += job.status is JobStatus.PENDING
    return armed


# --- the logic (time comes from the caller) ---------------------------------------------------


async def run_job(job: ScheduledJob, now: datetime) -> int:
    """Run one job: expire it if past expires_at, else call its kind and mark it done.

    Returns how many outbox rows were enqueued. The pending → done change is a conditional update
    in the same transaction as the enqueueing, so a second run (or a concurrent one) does nothing,
    and a job whose row changed since it was read (rescheduled, cancelled) is left for its new time.
    A kind that raises rolls everything back: the job stays pending and is retried by the next poll.
    """
    mine = ScheduledJob.filter(id=job.id, status=JobStatus.PENDING, run_at=job.run_at)
    if job.expires_at is not None and job.expires_at <= now:
        if await mine.update(status=JobStatus.EXPIRED, done_at=now):
            job.status, job.done_at = JobStatus.EXPIRED, now
            log.info("job %s expired (was due %s)", job.key, job.run_at.isoformat())
        return 0
    try:
        run = KINDS[job.kind]
    except KeyError:
        raise LookupError(f"job {job.key}: unknown kind {job.kind!r}") from None
    async with in_transaction():
        if not await mine.update(status=JobStatus.DONE, done_at=now):
            return 0
        enqueued = await run(job, now)
    job.status, job.done_at = JobStatus.DONE, now
    log.info("job %s (%s) done: %d messages queued", job.key, job.kind, enqueued)
    return enqueued


async def run_due(now: datetime) -> int:
    """Run every due job once (at start: the ones that fell due while the process was down).

    One failing job is logged and stays pending; it does not stop the others.
    """
    enqueued = 0
    for job in await due(now):
        try:
            enqueued += await run_job(job, now)
        except Exception:
            log.exception("job %s (%s) failed; it stays pending", job.key, job.kind)
    return enqueued


# --- the process side -----------------------------------------------------------------------------


class Scheduler:
    """Keeps an in-memory APScheduler in step with the pending rows and runs jobs when they fire.

    APScheduler fires on the real wall clock; `clock` supplies the `now` that decides whether a
    job is due or expired when it fires. `poll_interval` is a safety net: every so often due rows
    are run and APScheduler is re-synced, so rows written by another process (the CLI) are seen.
    """

    def __init__(self, clock: Clock = utcnow, *, poll_interval: float = 60.0) -> None:
        self.clock = clock
        self.poll_interval = poll_interval
        self.aps = AsyncIOScheduler(timezone=UTC)

    async def start(self) -> int:
        """Run what fell due while we were down, arm the rest, start firing (needs a running loop).

        Returns how many outbox rows the overdue jobs enqueued.
        """
        enqueued = await run_due(self.clock())
        await keep_recurring(self.clock())
        await self.reload()
        self.aps.add_job(
            self._poll,
            IntervalTrigger(seconds=self.poll_interval),
            id=POLL_JOB,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        self.aps.start()
        jobs.LISTENERS.append(self._arm)  # jobs scheduled by this process's chat or web: armed now
        log.info(
            "scheduler started: %d jobs armed, %d messages queued by overdue jobs",
            len(self.get_jobs()),
            enqueued,
        )
        return enqueued

    async def stop(self) -> None:
        """Stop firing; a job cut short rolls back and stays pending for the next start."""
        if self._arm in jobs.LISTENERS:
            jobs.LISTENERS.remove(self._arm)
        if self.aps.running:
            self.aps.shutdown(wait=False)  # AsyncIOScheduler queues this on the loop …
            await asyncio.sleep(0)  # … so let it run before returning

    async def schedule(
        self,
        key: str,
        kind: str,
        run_at: datetime,
        payload: dict[str, Any],
        *,
        expires_at: datetime | None = None,
    ) -> ScheduledJob:
        """`schedule` with this scheduler's clock, then arm (or re-arm) the job."""
        job = await schedule(key, kind, run_at, payload, expires_at=expires_at, now=self.clock())
        await self.reload(key)
        return job

    async def cancel(self, key: str) -> bool:
        """`cancel`, then drop the job from APScheduler."""
        cancelled = await cancel(key)
        await self.reload(key)
        return cancelled

    async def reload(self, key: str | None = None) -> None:
        """Make APScheduler's jobs match the pending rows (all of them, or only `key`'s).

        Only differences are applied, so a poll over thousands of unchanged rows is quiet.
        """
        rows = ScheduledJob.filter(status=JobStatus.PENDING)
        if key is not None:
            rows = rows.filter(key=key)
        wanted: dict[str, datetime] = dict(await rows.values_list("key", "run_at"))
        armed = {job.id: job for job in self.get_jobs() if key is None or job.id == key}
        for stale in armed.keys() - wanted.keys():
            self.aps.remove_job(stale)
        for job_key, run_at in wanted.items():
            current = armed.get(job_key)
            if current is None or current.trigger.run_date != run_at:
                self._arm(job_key, run_at)

    def get_jobs(self) -> list[Job]:
        """APScheduler's jobs for rows (the poll left out); each job's id is the row's key."""
        return [job for job in self.aps.get_jobs() if job.id != POLL_JOB]

    def _arm(self, key: str, run_at: datetime) -> None:
        # misfire_grace_time=None: a late firing still runs (run_job decides about expiry)
        self.aps.add_job(
            self._fire,
            DateTrigger(run_date=run_at),
            args=[key],
            id=key,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )

    async def _fire(self, key: str) -> None:
        job = await ScheduledJob.get_or_none(key=key, status=JobStatus.PENDING)
        if job is None:
            return  # done, cancelled or deleted since it was armed
        now = self.clock()
        if job.run_at > now:
            return  # moved later by another process: the next poll arms the new time
        try:
            await run_job(job, now)
            if job.kind in RECURRING:  # its next time, now rather than at the next poll
                await keep_recurring(now)
                await self.reload()
        except Exception:
            log.exception("job %s (%s) failed; it stays pending", job.key, job.kind)

    async def _poll(self) -> None:
        await run_due(self.clock())
        try:
            await keep_recurring(self.clock())
        except Exception:
            log.exception("recurring jobs could not be armed; the next poll tries again")
        await self.reload()
