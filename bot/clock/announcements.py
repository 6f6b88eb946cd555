"""Announcements for the clock: the jobs that send a scheduled announcement and tell its author
how it went.

The decisions (who may reach whom, which rows) are in handlers/announcements/service.py; this module
only binds them to the translator and the scheduler.
"""

from __future__ import annotations

from datetime import datetime

from bot.clock import scheduler
from bot.i18n import translator
from handlers.announcements import service as announcements
from handlers.messages import Priority
from handlers.outbox.queue import enqueue
from models import Announcement, ScheduledJob


@scheduler.kind(announcements.SEND_JOB)
async def _send_job(job: ScheduledJob, now: datetime) -> int:
    """Sent if its author may still reach its areas; else cancelled and the author told why."""
    operator = job.payload.get("operator")  # None: scheduled by a version that did not say
    return await announcements.send_scheduled(job.payload["announcement"], now, translator, operator=operator)


@scheduler.kind(announcements.SUMMARY_JOB)
async def _summary_job(job: ScheduledJob, now: datetime) -> int:
    """The author gets sent / delivered / failed / pending on the channel they wrote from."""
    announcement = await Announcement.get_or_none(id=job.payload["announcement"])
    if announcement is None or not announcement.author_identity:
        return 0
    locale = await announcements.author_locale(announcement)
    progress = await announcements.progress(announcement.id)
    row = await enqueue(
        announcement.author_identity, announcements.summary_text(translator(locale), announcement.id, progress),
        created_at=now, priority=Priority.REPLY, locale=locale, cause_type="announcement_summary",
        cause_id=str(announcement.id), dedupe_key=scheduler.dedupe_key(job, announcement.author_identity),
        resident_id=announcement.author_id,
    )  # fmt: skip
    return int(row is not None)
