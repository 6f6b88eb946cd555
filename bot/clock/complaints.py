"""Complaints for the clock: the escalation of overdue complaints just after each deadline and the
morning digest at 07.00 in each time zone admins work in (decisions in
handlers/complaints/escalation.py and digest.py). Both are recurring jobs: rows the scheduler
arms again for their next time after each run (`scheduler.recurring`)."""

from __future__ import annotations

from datetime import datetime

from bot.clock import scheduler
from bot.clock.scheduler import Occurrence
from bot.i18n import translator
from handlers.complaints import digest, escalation
from models import ScheduledJob


@scheduler.kind(escalation.ESCALATE_JOB)
async def _escalate(job: ScheduledJob, now: datetime) -> int:
    """Every overdue complaint goes up a level (returns how many did; each told its officers)."""
    return len(await escalation.escalate_overdue(now, translator))


@scheduler.recurring(escalation.ESCALATE_JOB)
async def _escalation_times(now: datetime) -> list[Occurrence]:
    """Just after the earliest deadline; none while no open complaint has one. No expiry: after a
    long stop the first run escalates everything that fell due meanwhile."""
    run_at = await escalation.next_run(now)
    return [] if run_at is None else [Occurrence(escalation.ESCALATE_JOB, run_at)]


@scheduler.kind(digest.DIGEST_JOB)
async def _digest(job: ScheduledJob, now: datetime) -> int:
    return await digest.send(job.payload["zone"], now, translator)


@scheduler.recurring(digest.DIGEST_JOB)
async def _digest_times(now: datetime) -> list[Occurrence]:
    """One row per time zone admins work in, at its next working 07.00; a clock that was down
    then sends it until LATEST after 07.00, not later in the day."""
    found = []
    for zone in await digest.zones():
        run_at = digest.next_run(now, zone)
        found.append(Occurrence(digest.job_key(zone), run_at, {"zone": zone}, run_at + digest.LATEST))
    return found
