"""Escalation of overdue complaints: an open complaint past its deadline goes up one level, once
per deadline (handler kelurahan -> kecamatan -> kota, `levels.escalate`).

At the kota (no office above) it stays where it is and stays overdue: it keeps sorting first in
every list and counting in the morning digest, and nothing more is sent about it.

One escalation, in one transaction:
- first a conditional UPDATE claims it: still open, still the handler, deadline and
  `escalated_at` that were read (so not escalated since that deadline was set). Two clocks, or
  the clock racing an officer's status change (which locks the row too), move it once: the
  loser's UPDATE matches no row and it does nothing. The claim gives the new level a fresh
  deadline for the same stage (its working days counted from now on the calendar of the
  complaint's RT, `calendar.add_working_days`) and sets `escalated_at`. Its deadlines are
  counted from now from then on (`counted_from`), the later stages' too: the new office has
  each stage's full allowance, so the next status change does not find the next stage already
  past and send it straight on to the kota;
- then `levels.escalate` moves the handler, records the move in the history and tells the
  officers. The history event (actor `system`, no status, note: the new office) is public, as
  `levels` records every escalation: `CEK` shows the reporter "dinaikkan ke Kecamatan …", but
  no message is sent to them (the issue tells officers; the reporter hears of status changes);
- the admins whose area is the old handler or the new one get one message each (an admin of
  both, one), on their channel through the outbox: ticket, category, place, how long overdue,
  the new office and the new deadline; never who sent it. Deadlines end at 23:59:59 local time,
  so most escalations happen just after midnight: the notices then wait (`not_before`) until
  07.00 at the complaint's place, and say how late it is by then.

The clock runs `escalate_overdue` just after the earliest deadline (`next_run`), and again after
each (bot/clock/complaints.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from handlers.complaints import calendar, deadlines, levels, lifecycle
from handlers.texts import Translate
from models import Area, AreaLevel, Complaint

log = logging.getLogger(__name__)

#: the clock's job kind (bot/clock/complaints.py)
ESCALATE_JOB = "complaints.escalate"
#: a deadline that passed without the complaint moving (no office above it) is looked at again
#: this much later, not in a loop
RETRY = timedelta(minutes=5)
#: officers' notices of an escalation wait for the day to start (local time of the complaint's place)
DAY_START, DAY_END = calendar.MORNING, time(21, 0)


def _watched():
    """Open complaints with a deadline not escalated on yet, below the top (those at a kota stay)."""
    return Complaint.filter(
        Q(status__in=lifecycle.OPEN, due_at__isnull=False), Q(escalated_at__isnull=True) | Q(escalated_at__lt=F("due_at"))
    ).filter(Q(handler_id__isnull=True) | Q(handler__level__not=AreaLevel.KOTA))


async def next_run(now: datetime) -> datetime | None:
    """When the clock looks next: just after the earliest deadline that may still escalate; RETRY
    from now when that one has passed already (the clock was down and runs it at once anyway, or
    it could not move: not retried in a loop); None when no open complaint has a deadline to watch."""
    first = await _watched().order_by("due_at", "id").first().values_list("due_at", flat=True)
    if first is None:
        return None
    if first < now:
        return now + RETRY
    return first + timedelta(seconds=1)


def fresh_deadline(complaint: Complaint, place: Area, now: datetime) -> datetime | None:
    """The new level's deadline: the current stage's working days counted from now, on the
    calendar of the complaint's RT; None when no stage is due."""
    stage = complaint.due_stage
    if stage not in deadlines.STAGES:
        return None
    return calendar.add_working_days(now, deadlines.allowance(complaint.category, stage), place.code, place.timezone)


async def escalate_overdue(now: datetime, translate: Translate) -> list[Area]:
    """Escalate every complaint due for it, the longest overdue first; returns the offices they
    went up to. Rows written before deadlines existed get theirs first (`deadlines.backfill`)."""
    now = now.astimezone(UTC)  # stored and compared in UTC (SQLite compares the text)
    await deadlines.backfill()
    candidates = await _watched().filter(due_at__lt=now).order_by("due_at", "id")
    moved = []
    for complaint in candidates:
        higher = await escalate_overdue_one(complaint, now=now, translate=translate)
        if higher is not None:
            moved.append(higher)
    if moved:
        log.info("escalation: %d overdue complaints went up a level", len(moved))
    return moved


async def escalate_overdue_one(complaint: Complaint, *, now: datetime, translate: Translate) -> Area | None:
    """Escalate one overdue complaint as read (see the module docstring); the office it went up
    to, or None when nothing moved: not overdue, at the top, or changed by someone else meanwhile."""
    now = now.astimezone(UTC)
    missed = complaint.due_at
    if complaint.status not in lifecycle.OPEN or missed is None or missed >= now:
        return None
    if complaint.escalated_at is not None and complaint.escalated_at >= missed:
        return None  # went up already since this deadline was set
    if await levels.next_level(complaint) is None:
        return None  # at the top: it stays, overdue
    place = await Area.get(id=complaint.area_id)
    due_at = fresh_deadline(complaint, place, now)
    try:
        async with in_transaction():
            return await _claim_and_escalate(complaint, missed, due_at, place, now, translate)
    except _Undo:
        return None


async def _claim_and_escalate(
    complaint: Complaint, missed: datetime, due_at: datetime | None, place: Area, now: datetime, translate: Translate
) -> Area | None:  # fmt: skip
    """Inside the caller's transaction: the conditional UPDATE, then the move (raises _Undo to roll
    the claim back when there turned out to be nowhere to go)."""
    claimed = await Complaint.filter(
        id=complaint.id, status=complaint.status, handler_id=complaint.handler_id, due_at=missed,
        escalated_at=complaint.escalated_at,
    ).update(due_at=due_at, counted_from=now, escalated_at=now, updated_at=now)  # fmt: skip
    if not claimed:
        return None
    row = await Complaint.select_for_update().get(id=complaint.id)  # this transaction holds it since the UPDATE
    higher = await levels.escalate(
        row, why=levels.OVERDUE, now=now, translate=translate, missed=missed, not_before=not_before(now, place.timezone)
    )  # fmt: skip
    if higher is None:  # the area tree changed since it was read
        raise _Undo
    log.info("complaint %s escalated: overdue since %s, now handled by %s", complaint.id, missed.isoformat(), higher.code)
    return higher


class _Undo(Exception):
    """Rolls a claim back."""


def not_before(now: datetime, tz: str) -> datetime | None:
    """When an officer's notice may go: at once in the day (07.00-21.00 local time), else at the
    next 07.00. Deadlines end at 23:59:59, so most escalations happen just after midnight."""
    local = now.astimezone(calendar.zone(tz))
    if DAY_START <= local.time() < DAY_END:
        return None
    day = local.date() if local.time() < DAY_START else local.date() + timedelta(days=1)
    return datetime.combine(day, DAY_START, tzinfo=local.tzinfo).astimezone(UTC)
