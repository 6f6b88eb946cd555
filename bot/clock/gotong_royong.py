"""Gotong royong for the clock: the jobs that remind invited residents, give the RT head the
day's site code, and send the summary afterwards (decisions in handlers/events.py)."""

from __future__ import annotations

from datetime import datetime

from bot import scheduler
from bot.i18n import translator
from handlers import events
from models import Event, ScheduledJob


async def _event(job: ScheduledJob) -> Event | None:
    return await Event.get_or_none(id=job.payload.get("event"))


@scheduler.kind(events.REMINDER_JOB)
async def _reminder(job: ScheduledJob, now: datetime) -> int:
    event = await _event(job)
    return 0 if event is None else await events.send_reminders(event, job.key, job.run_at, now, translator)


@scheduler.kind(events.SITE_CODE_JOB)
async def _site_code(job: ScheduledJob, now: datetime) -> int:
    event = await _event(job)
    return 0 if event is None else await events.send_site_code(event, job.key, now, translator)


@scheduler.kind(events.SUMMARY_JOB)
async def _summary(job: ScheduledJob, now: datetime) -> int:
    event = await _event(job)
    return 0 if event is None else await events.send_summary(event, job.key, now, translator)
