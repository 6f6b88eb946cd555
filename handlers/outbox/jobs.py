"""Scheduled-job rows, the truth of every reminder and scheduled send: create, re-arm, cancel,
find what is due, and the registry of job kinds.

Pure database logic with time passed in, so the core (a flow scheduling an announcement) and the
clock process (bot/clock/scheduler.py, which runs the jobs with APScheduler) share it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from models import JobStatus, ScheduledJob

KindFn = Callable[[ScheduledJob, datetime], Awaitable[int]]

#: told (key, run_at) of every job made pending in this process: a running clock (bot/clock/scheduler.py)
#: arms it at once. The row is read again when the job fires, so an arming whose transaction
#: rolled back does nothing.
LISTENERS: list[Callable[[str, datetime], None]] = []

#: job kind → coroutine(job, now) returning how many outbox rows it enqueued. A kind must be
#: idempotent on its own (dedupe keys): the status check in `run_job` is not its only guard.
KINDS: dict[str, KindFn] = {}


def kind(name: str) -> Callable[[KindFn], KindFn]:
    """Register a job kind under `name`."""

    def register(fn: KindFn) -> KindFn:
        KINDS[name] = fn
        return fn

    return register


def fit(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else a readable prefix plus its SHA-1 (unique)."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
    return f"{text[: limit - len(digest) - 1]}~{digest}"


def dedupe_key(job: ScheduledJob, identity: str) -> str:
    """One outbox row per (job occurrence, recipient), ever.

    The occurrence is the key plus its run_at: a done job re-armed for a new time (see
    `schedule`) must be able to send again, while a second run of the same occurrence must not.
    """
    at = job.run_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return fit(f"job:{job.key}@{at}:{identity}", 128)



async def schedule(
    key: str,
    kind: str,
    run_at: datetime,
    payload: dict[str, Any],
    *,
    expires_at: datetime | None = None,
    now: datetime,
) -> ScheduledJob:
    """Create or update the job `key` so it runs at `run_at`.

    Callers may repeat the same call (e.g. when content is re-synced at every start), so a job that
    is already DONE is left alone unless `run_at` changed and is still in the future: then it is
    re-armed as a new occurrence (the event moved). A pending, cancelled or expired job is simply
    updated and made pending again.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r} (known: {', '.join(sorted(KINDS))})")
    if run_at.tzinfo is None or (expires_at is not None and expires_at.tzinfo is None):
        raise ValueError("run_at and expires_at must be timezone-aware")
    job = await ScheduledJob.get_or_none(key=key)
    if job is None:
        job = await ScheduledJob.create(
            key=key,
            kind=kind,
            run_at=run_at,
            expires_at=expires_at,
            payload=payload,
            created_at=now,
        )
    elif job.status is JobStatus.DONE and (run_at == job.run_at or run_at <= now):
        return job
    else:
        job.kind, job.run_at, job.expires_at, job.payload = kind, run_at, expires_at, payload
        job.status, job.done_at = JobStatus.PENDING, None
        await job.save()
    for listener in LISTENERS:  # a clock in this process arms it now, not at its next poll
        listener(key, run_at)
    return job


async def cancel(key: str) -> bool:
    """Cancel the pending job `key`; False when there was none."""
    return bool(
        await ScheduledJob.filter(key=key, status=JobStatus.PENDING).update(
            status=JobStatus.CANCELLED
        )
    )


async def due(now: datetime) -> list[ScheduledJob]:
    """Pending jobs whose time has come, oldest first."""
    return await ScheduledJob.filter(status=JobStatus.PENDING, run_at__lte=now).order_by(
        "run_at", "id"
    )


async def cancel_prefix(prefix: str) -> int:
    """Cancel every pending job whose key starts with `prefix` (all of an event's jobs)."""
    return await ScheduledJob.filter(key__startswith=prefix, status=JobStatus.PENDING).update(
        status=JobStatus.CANCELLED
    )
