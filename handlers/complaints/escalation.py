"""Escalation: an open complaint past its deadline goes up one level, once per deadline.

    handler kelurahan -> kecamatan -> kota (the nearest office above; an RW is passed over)

At the kota (no office above) it stays where it is and stays overdue: it keeps sorting first in
every list and counting in the morning digest, and nothing more is sent about it.

One escalation, in one transaction:
- the move itself is a conditional UPDATE (still open, still the handler and deadline that were
  read, and not escalated since that deadline was set), so two clocks, or a clock racing an
  officer's status change, move it once;
- the new level gets a fresh deadline for the same stage: the stage's working days counted from
  now on the calendar of the complaint's RT (`calendar.add_working_days`); `escalated_at` is set;
- its history gets an event by actor `system` that is NOT public: the officers read it in the
  history (desk, `complaints show`); the reporter is not told (the issue tells officers, and a
  public event is one the reporter gets a message about, so a public one would be half-told),
  and `CEK` shows the reporter only public events;
- the admins whose area is the old handler or the new one get one message each (an admin of
  both, one), on their channel through the outbox: ticket, category, place, how long overdue,
  both offices and the new deadline; never who sent it. Deadlines end at 23:59:59 local time,
  so most escalations happen just after midnight: the notices then wait (`not_before`) until
  07.00 at the complaint's place, and the digest of that morning counts the complaint too.

The clock runs `escalate_overdue` every few minutes (bot/clock/complaints.py). `escalate` is the
one-level move on its own, for other callers (a complaint reopened twice escalates: `Reason.REOPENED`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from content.library import DEFAULT_DEADLINES
from handlers.complaints import calendar, categories, lifecycle, service
from handlers.complaints.tickets import shown
from handlers.messages import Priority
from handlers.outbox.queue import enqueue
from handlers.texts import Texts, Translate
from models import Area, AreaLevel, Complaint, ComplaintEvent, Resident, Role, RoleKind

log = logging.getLogger(__name__)

#: the clock's job kind (bot/clock/complaints.py)
ESCALATE_JOB = "complaints.escalate"
#: a deadline that passed without the complaint moving (no office above it) is looked at again
#: this much later, not in a loop
RETRY = timedelta(minutes=5)
#: officers' notices of an escalation wait for the day to start (local time of the complaint's place)
DAY_START, DAY_END = calendar.MORNING, time(21, 0)
#: levels an escalation may land on, nearest first (an RW has no office)
OFFICES = (AreaLevel.KELURAHAN, AreaLevel.KECAMATAN, AreaLevel.KOTA)


class Reason(StrEnum):
    """Why a complaint goes up a level."""

    OVERDUE = "overdue"  # its deadline passed
    REOPENED = "reopened"  # its reporter said twice it was not fixed


@dataclass(frozen=True, slots=True)
class Escalation:
    ticket: str
    #: codes of the office it left (None: it had none) and the one it went to
    old: str | None
    new: str
    #: the new level's deadline (None: the complaint had no stage due)
    due_at: datetime | None
    #: outbox rows queued for the officers
    told: int


async def next_office(handler: Area | None, place: Area) -> Area | None:
    """The office one level above `handler` (its nearest ancestor that is a kelurahan, kecamatan
    or kota); without a handler, the nearest office above the place; None at the top."""
    start = handler or place
    codes = start.ancestor_codes[:-1]  # top first, itself left out
    if not codes:
        return None
    above = {a.code: a for a in await Area.filter(code__in=codes, level__in=OFFICES)}
    for code in reversed(codes):
        if code in above:
            return above[code]
    return None


def _days(category: str, stage: str) -> int:
    item = categories.category(category)
    return item.deadline(stage) if item is not None else DEFAULT_DEADLINES[stage]


def fresh_deadline(complaint: Complaint, place: Area, now: datetime) -> datetime | None:
    """The new level's deadline: the current stage's working days counted from now, on the
    calendar of the complaint's RT; None when no stage is due."""
    stage = complaint.due_stage
    if stage not in DEFAULT_DEADLINES:
        return None
    return calendar.add_working_days(now, _days(complaint.category, stage), place.code, place.timezone)


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


def _due(complaint: Complaint, now: datetime) -> bool:
    """Past its deadline and not escalated since that deadline was set (read, not queried)."""
    due_at, escalated_at = complaint.due_at, complaint.escalated_at
    return due_at is not None and due_at < now and (escalated_at is None or escalated_at < due_at)


async def escalate_overdue(now: datetime, translate: Translate) -> list[Escalation]:
    """Escalate every complaint due for it (oldest deadline first); returns those that went up."""
    candidates = await _watched().filter(due_at__lt=now).order_by("due_at", "id").values_list("id", flat=True)
    moved = []
    for complaint_id in candidates:
        done = await escalate(complaint_id, now=now, translate=translate)
        if done is not None:
            moved.append(done)
    if moved:
        log.info("escalation: %d overdue complaints went up a level", len(moved))
    return moved


async def escalate(
    complaint_id: int, *, now: datetime, translate: Translate, reason: Reason = Reason.OVERDUE
) -> Escalation | None:
    """Move one complaint one level up, record it, give the new level a fresh deadline and tell
    the officers at both levels. None when nothing moved: closed, at the top, moved by someone
    else meanwhile, or (for OVERDUE) not due for escalation."""
    complaint = await Complaint.get_or_none(id=complaint_id)
    if complaint is None or complaint.status not in lifecycle.OPEN:
        return None
    if reason is Reason.OVERDUE and not _due(complaint, now):
        return None
    place = await Area.get(id=complaint.area_id)
    old = await Area.get_or_none(id=complaint.handler_id) if complaint.handler_id else None
    new = await next_office(old, place)
    if new is None:
        return None  # at the top: it stays, overdue
    due_at = fresh_deadline(complaint, place, now)
    async with in_transaction():
        # the values read above, still true: a second clock, or an officer's change, wins cleanly
        unchanged = Complaint.filter(
            id=complaint.id, status=complaint.status, handler_id=complaint.handler_id,
            due_at=complaint.due_at, escalated_at=complaint.escalated_at,
        )  # fmt: skip
        if not await unchanged.update(handler_id=new.id, due_at=due_at, escalated_at=now, updated_at=now):
            return None
        t = translate("id")  # the history is written in the offices' language
        note = _note(t, reason, complaint, place, old, new)
        event = await ComplaintEvent.create(
            complaint_id=complaint.id, at=now, from_status=None, to_status=None, actor="system",
            actor_resident_id=None, note=note, public=False,
        )  # fmt: skip
        told = await _tell_officers(complaint, event, place, old, new, due_at, reason, now, translate)
    log.info("complaint %s escalated (%s): %s -> %s", complaint.id, reason.value, old.code if old else "-", new.code)
    return Escalation(complaint.ticket, old.code if old else None, new.code, due_at, told)


def _office(t: Texts, area: Area | None) -> str:
    return service.office_label(t, area.level.value, area.name) if area else t._("petugas sebelumnya")


def lateness(t: Texts, delta: timedelta) -> str:
    """How long past a deadline, roughly: "12 menit", "5 jam", "3 hari"."""
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes >= 24 * 60:
        return t.n_("{n} hari", "{n} hari", minutes // (24 * 60))
    if minutes >= 60:
        return t.n_("{n} jam", "{n} jam", minutes // 60)
    return t.n_("{n} menit", "{n} menit", minutes)


def stage_label(t: Texts, stage: str | None) -> str:
    """What a stage's deadline is for, as a noun: verifikasi, tindakan pertama, penyelesaian."""
    if stage == "verifikasi":
        return t._("verifikasi")
    if stage == "tindakan":
        return t._("tindakan pertama")
    return t._("penyelesaian")


def _note(t: Texts, reason: Reason, complaint: Complaint, place: Area, old: Area | None, new: Area) -> str:
    if reason is Reason.REOPENED:
        return t._("Dibuka kembali dua kali oleh warga; dinaikkan dari {old} ke {new}.",
                   old=_office(t, old), new=_office(t, new))  # fmt: skip
    return t._(
        "Lewat batas waktu {stage} ({date}); dinaikkan dari {old} ke {new}.",
        stage=stage_label(t, complaint.due_stage), date=t.short_date(complaint.due_at, place.timezone),
        old=_office(t, old), new=_office(t, new),
    )  # fmt: skip


async def place_label(place: Area) -> str:
    """An RT as an officer of a larger area reads it: `RT 003 RW 01 Mayang Mangurai`."""
    above = {a.level: a.name for a in await Area.filter(code__in=place.ancestor_codes[:-1])}
    parts = [place.name, above.get(AreaLevel.RW), above.get(AreaLevel.KELURAHAN)]
    return " ".join(p for p in parts if p)


def notice(
    t: Texts, reason: Reason, complaint: Complaint, place: str, tz: str, old: Area | None, new: Area,
    due_at: datetime | None, at: datetime,
) -> str:  # fmt: skip
    """What an officer at either level reads at `at`: ticket, category, place, how long overdue by
    then, both offices and the new deadline; never who sent it."""
    item = categories.category(complaint.category)
    params = dict(ticket=shown(complaint.ticket), category=item.label if item else complaint.category,
                  place=place, old=_office(t, old), new=_office(t, new))  # fmt: skip
    if reason is Reason.REOPENED:
        text = t._("Laporan {ticket} ({category}, {place}) dibuka kembali dua kali oleh warga dan dinaikkan "
                   "dari {old} ke {new}.", **params)  # fmt: skip
    else:
        text = t._("Laporan {ticket} ({category}, {place}) sudah lewat {late} dari batas waktu {stage} dan "
                   "dinaikkan dari {old} ke {new}.", stage=stage_label(t, complaint.due_stage),
                   late=lateness(t, at - complaint.due_at), **params)  # fmt: skip
    if due_at is not None:
        text += " " + t._("Batas waktu baru: paling lambat {date}.", date=t.date(due_at, tz))
    return text + " " + t._("Ketik CEK {code} untuk membukanya.", code=complaint.ticket)


def not_before(now: datetime, tz: str) -> datetime | None:
    """When an officer's notice may go: at once in the day (07.00-21.00 local time), else at the
    next 07.00. Deadlines end at 23:59:59, so most escalations happen just after midnight."""
    local = now.astimezone(calendar.zone(tz))
    if DAY_START <= local.time() < DAY_END:
        return None
    day = local.date() if local.time() < DAY_START else local.date() + timedelta(days=1)
    return datetime.combine(day, DAY_START, tzinfo=local.tzinfo).astimezone(UTC)


async def _tell_officers(
    complaint: Complaint, event: ComplaintEvent, place: Area, old: Area | None, new: Area,
    due_at: datetime | None, reason: Reason, now: datetime, translate: Translate,
) -> int:  # fmt: skip
    """One message to each admin of the old office and of the new one, on their channel."""
    offices = [a.id for a in (old, new) if a is not None]
    admins = await Role.filter(kind=RoleKind.ADMIN, area_id__in=offices).order_by("id").values_list("resident_id", flat=True)
    where, wait = await place_label(place), not_before(now, place.timezone)
    told = 0
    for admin in dict.fromkeys(admins):
        identity = await service.reachable(admin)
        resident = await Resident.get_or_none(id=admin)
        if identity is None or resident is None:
            continue
        t = translate(resident.locale or "id")
        text = notice(t, reason, complaint, where, place.timezone, old, new, due_at, wait or now)
        row = await enqueue(
            identity, text, created_at=now, not_before=wait, priority=Priority.REPLY, cause_type="complaint",
            cause_id=str(complaint.id),
            dedupe_key=f"complaint:{complaint.id}:escalated:{event.id}:{admin}", resident_id=admin,
            locale=resident.locale or "id",
        )  # fmt: skip
        told += row is not None
    return told
