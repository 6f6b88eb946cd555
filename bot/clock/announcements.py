"""Announcements for the clock and the command line: the jobs that send a scheduled announcement
and tell its author how it went, and the lines `kabarrt broadcast` prints.

The decisions (who may reach whom, which rows) are in handlers/announcements.py; this module
only binds them to the translator and the scheduler.
"""

from __future__ import annotations

from datetime import datetime

from bot import scheduler
from bot.i18n import translator
from handlers import announcements
from handlers.messages import Priority
from handlers.outbox import enqueue
from models import Announcement, AnnouncementStatus, Resident, ScheduledJob


@scheduler.kind(announcements.SEND_JOB)
async def _send_job(job: ScheduledJob, now: datetime) -> int:
    announcement = await Announcement.get_or_none(id=job.payload["announcement"])
    if announcement is None or announcement.status is AnnouncementStatus.CANCELLED:
        return 0
    return await announcements.send_now(announcement, now, translator)


@scheduler.kind(announcements.SUMMARY_JOB)
async def _summary_job(job: ScheduledJob, now: datetime) -> int:
    """The author gets sent / delivered / failed / pending on the channel they wrote from."""
    announcement = await Announcement.get_or_none(id=job.payload["announcement"])
    if announcement is None or not announcement.author_identity:
        return 0
    locale = "id"
    if announcement.author_id is not None:
        locale = await Resident.filter(id=announcement.author_id).first().values_list("locale", flat=True) or "id"
    progress = await announcements.progress(announcement.id)
    row = await enqueue(
        announcement.author_identity, announcements.summary_text(translator(locale), announcement.id, progress),
        created_at=now, priority=Priority.REPLY, locale=locale, cause_type="announcement_summary",
        cause_id=str(announcement.id), dedupe_key=scheduler.dedupe_key(job, announcement.author_identity),
        resident_id=announcement.author_id,
    )  # fmt: skip
    return int(row is not None)


def progress_line(progress: announcements.Progress) -> str:
    return (
        f"sent={progress.sent} delivered={progress.delivered} failed={progress.failed} "
        f"pending={progress.pending} cancelled={progress.cancelled}"
    )


def bar(progress: announcements.Progress, width: int = 30) -> str:
    """`[##########..........]  50% done` — done: no longer pending."""
    total = progress.total
    done = total - progress.pending
    filled = round(width * done / total) if total else width
    share = 100 * done // total if total else 100
    return f"[{'#' * filled}{'.' * (width - filled)}] {share:3d}% done"
