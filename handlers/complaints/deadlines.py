"""A complaint's next deadline: which stage is due by when, in working days on its place's calendar.

Each stage's allowance comes from the category (content/complaints/categories.yaml `deadlines`,
defaults after SP4N-LAPOR!: verifikasi 3, tindakan 5, selesai 10 working days) and is counted
from `Complaint.counted_from` (filing, or the last reopening; a row from before deadlines existed
has none and counts from `created_at`), on the calendar of the complaint's RT in its time zone.
The status says which stage is due: diterima → verifikasi, diverifikasi → tindakan (first
action), diproses or diteruskan → selesai; a closed complaint has no deadline.

The service writes `due_at`/`due_stage` at filing and at every status change (`refresh`); a row
written before that reads its deadline through `current`, and `backfill` stores the missing ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from content.library import DEFAULT_DEADLINES
from handlers.complaints import calendar, categories
from models import Area, Complaint, ComplaintStatus

#: the stage due while a complaint has this status
STAGE = {
    ComplaintStatus.DITERIMA: "verifikasi",
    ComplaintStatus.DIVERIFIKASI: "tindakan",
    ComplaintStatus.DIPROSES: "selesai",
    ComplaintStatus.DITERUSKAN: "selesai",
}
STAGES = tuple(DEFAULT_DEADLINES)


@dataclass(frozen=True, slots=True)
class Due:
    #: `verifikasi`, `tindakan` or `selesai`
    stage: str
    #: the end of the stage's last working day, aware UTC
    at: datetime


def allowance(category: str, stage: str) -> int:
    """Working days the category allows for a stage (the default for an unknown category)."""
    item = categories.category(category)
    return item.deadline(stage) if item is not None else DEFAULT_DEADLINES[stage]


def due(status: ComplaintStatus, category: str, counted_from: datetime, place: str, tz: str) -> Due | None:
    """The deadline of the stage a status waits for, or None once closed."""
    stage = STAGE.get(status)
    if stage is None:
        return None
    return Due(stage, calendar.add_working_days(counted_from, allowance(category, stage), place, tz))


def counted_from(complaint: Complaint) -> datetime:
    """When its deadlines count from: filing or the last reopening; created_at for older rows."""
    return complaint.counted_from or complaint.created_at


def current(complaint: Complaint, place: Area) -> Due | None:
    """Its deadline now: the stored one when it belongs to the status, else worked out (rows
    written before deadlines existed, or moved by code that did not refresh it)."""
    stage = STAGE.get(complaint.status)
    if stage is None:
        return None
    if complaint.due_at is not None and complaint.due_stage == stage:
        return Due(stage, complaint.due_at)
    return due(complaint.status, complaint.category, counted_from(complaint), place.code, place.timezone)


def refresh(complaint: Complaint, place: Area) -> None:
    """Set `due_at`/`due_stage` (and a missing `counted_from`) for its status; the caller saves."""
    if complaint.counted_from is None:
        complaint.counted_from = complaint.created_at
    found = due(complaint.status, complaint.category, complaint.counted_from, place.code, place.timezone)
    complaint.due_at, complaint.due_stage = (found.at, found.stage) if found else (None, None)


async def backfill() -> int:
    """Store the deadline of every open complaint that has none (rows from before deadlines, e.g.
    after `kabarrt migrate`); returns how many. Idempotent: a job may call it on every run."""
    rows = await Complaint.filter(status__in=tuple(STAGE), due_at__isnull=True)
    places = {a.id: a for a in await Area.filter(id__in={c.area_id for c in rows})} if rows else {}
    for complaint in rows:
        refresh(complaint, places[complaint.area_id])
        await complaint.save(update_fields=["due_at", "due_stage", "counted_from"])
    return len(rows)
