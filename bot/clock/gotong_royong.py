"""Gotong royong for the clock: the jobs that remind invited residents, give the RT head the
day's site code, and send the summary afterwards (decisions in handlers/gotong_royong/service.py)."""

from __future__ import annotations

from datetime import datetime

from bot.clock import scheduler
from bot.i18n import translator
from handlers.gotong_royong import service as gotong_royong
from models import Event, ScheduledJob


async def _event(job: ScheduledJob) -> Event | None:
    return await Event.get_or_none(id=job.payload.get("event"))


@scheduler.kind(gotong_royong.REMINDER_JOB)
async def _reminder(job: ScheduledJob, now: datetime) -> int:
    event = await _event(job)
    return 0 if event is None else await gotong_royong.send_reminders(event, job.key, job.run_at, now, translator)


@scheduler.kind(gotong_royong.SITE_CODE_JOB)
async def _site_code(job: ScheduledJob, now: datetime) -> int:
    event = await _event(job)
    return 0 if event is None else await gotong_royong.send_site_code(event, job.key, now, translator)


@scheduler.kind(gotong_royong.SUMMARY_JOB)
async def _summary(job: ScheduledJob, now: datetime) -> int:
    event = await _event(job)
    return 0 if event is None else await gotong_royong.send_summary(event, job.key, now, translator)
