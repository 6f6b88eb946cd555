"""The morning digest: at 07.00 local time on working days, each admin is told, in one short
message on their channel, how their area's complaints stand: how many are new, due today and
overdue, and the longest overdue tickets if there is room. Nothing is sent when all three are 0.

- *Their area*: every area they are admin of, sub-areas included (as `access` lets them see);
  *their time zone* is that of their first admin area (`Area.timezone`: WIB, WITA, WIT), and the
  working day is counted on that area's calendar (`calendar.working_day`: weekends, national
  holidays and cuti bersama, regional holidays).
- *New*: filed since their last digest (over a weekend or a holiday: since the last working
  morning's), or in the last 24 hours for their first one. *Due today*: open, with a deadline
  later today. *Overdue*: open, past the deadline.
- On SMS the whole digest is one SMS (160 GSM-7 characters, `handlers.outbox.sms.segments`):
  tickets are left out until it fits; in chat up to `OLDEST` tickets are named.
- Idempotent: the outbox row's dedupe key is the admin and their local date, so a second run of
  the same morning (two clocks, a restart) queues nothing.

The clock keeps one job per time zone admins work in (bot/clock/complaints.py), armed for the
next 07.00 there that is not a weekend or national holiday (`next_run`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tortoise.expressions import Q

from handlers.announcements.audience import reachable
from handlers.complaints import calendar, lifecycle, service
from handlers.complaints.levels import lateness
from handlers.complaints.tickets import shown
from handlers.messages import Priority, channel_of
from handlers.outbox.queue import enqueue
from handlers.outbox.sms import plain, segments
from handlers.texts import Texts, Translate
from models import Complaint, OutboxMessage, Resident, Role, RoleKind

log = logging.getLogger(__name__)

#: the clock's job kind (bot/clock/complaints.py); one job per time zone, keyed `complaints.digest:<zone>`
DIGEST_JOB = "complaints.digest"
#: the outbox rows' cause: the previous digest tells where "new" starts
CAUSE = "complaint_digest"
#: a morning job that could not run by then (the clock was down) is skipped: the day has begun
LATEST = timedelta(hours=3)
#: an unsent digest is dropped at local noon
STALE_AT = time(12, 0)
#: tickets named at most
OLDEST = 3
#: one SMS
SMS_CHARS = 160


@dataclass(frozen=True, slots=True)
class Counts:
    new: int
    due_today: int
    overdue: int
    #: the longest overdue, (ticket, when it fell due), longest first
    oldest: tuple[tuple[str, datetime], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.new or self.due_today or self.overdue)


def job_key(zone: str) -> str:
    return f"{DIGEST_JOB}:{zone}"


def next_run(now: datetime, zone: str) -> datetime:
    """The next 07.00 in `zone` after `now` that is not a weekend or national holiday (a regional
    holiday is left to each admin's own calendar when it runs)."""
    return calendar.next_working_morning(now, "", zone)


async def admins() -> dict[int, tuple[str, list[str]]]:
    """Every admin: resident id -> (their time zone, their admin areas' codes), the zone and
    the first code from their first admin role."""
    rows = await Role.filter(kind=RoleKind.ADMIN).order_by("id").values_list("resident_id", "area__code", "area__timezone")
    found: dict[int, tuple[str, list[str]]] = {}
    for resident_id, code, tz in rows:
        found.setdefault(resident_id, (calendar.zone(tz).key, []))[1].append(code)
    return found


async def zones() -> list[str]:
    """The time zones admins work in (one digest job each)."""
    return sorted({zone for zone, _ in (await admins()).values()})


def _within(codes: list[str]) -> Q:
    return Q(*(Q(area__code=c) | Q(area__code__startswith=c + ".") for c in codes), join_type=Q.OR)


async def counts(codes: list[str], since: datetime, now: datetime, zone: str) -> Counts:
    """New since `since`, due later today (in `zone`), and overdue, within those areas."""
    where = _within(codes)
    local = now.astimezone(calendar.zone(zone))
    # stored and compared in UTC (SQLite compares the text)
    end_of_day = datetime.combine(local.date(), calendar.END_OF_DAY, tzinfo=local.tzinfo).astimezone(UTC)
    open_ = Complaint.filter(where, status__in=lifecycle.OPEN)
    overdue = Complaint.filter(where, service.overdue(now))
    return Counts(
        new=await Complaint.filter(where, created_at__gte=since, created_at__lte=now).count(),
        due_today=await open_.filter(due_at__gte=now, due_at__lte=end_of_day).count(),
        overdue=await overdue.count(),
        oldest=tuple(await overdue.order_by("due_at", "id").limit(OLDEST).values_list("ticket", "due_at")),
    )


def text(t: Texts, found: Counts, now: datetime, zone: str, *, sms: bool) -> str:
    """The digest: the three counts, the longest overdue tickets while they fit (one SMS on SMS),
    and how to open the list."""
    head = t._(
        "Ringkasan laporan {date}: {new} baru, {due} jatuh tempo hari ini, {late} terlambat.",
        date=t.short_date(now, zone), new=found.new, due=found.due_today, late=found.overdue,
    )  # fmt: skip
    hint = t._("Daftarnya: ketik ADUAN, pilih 2.")
    best = f"{head} {hint}"
    for n in range(1, len(found.oldest) + 1):
        named = ", ".join(f"{shown(ticket)} ({lateness(t, now - due)})" for ticket, due in found.oldest[:n])
        oldest = t._("Terlama: {tickets}.", tickets=named)
        candidate = f"{head} {oldest} {hint}"
        if sms and not _one_sms(candidate):
            break
        best = candidate
    return best


def _one_sms(text: str) -> bool:
    return segments(plain(text)) == (1, "gsm7")


async def _since(admin: int, now: datetime) -> datetime:
    """Where "new" starts: their last digest, else 24 hours ago."""
    last = await OutboxMessage.filter(resident_id=admin, cause_type=CAUSE, created_at__lt=now).order_by("-created_at").first()
    return last.created_at if last is not None else now - timedelta(hours=24)


async def send(zone: str, now: datetime, translate: Translate) -> int:
    """Queue the digest of every admin in `zone` whose day it is a working one and who has
    something to read; returns how many were queued."""
    zone, now = calendar.zone(zone).key, now.astimezone(UTC)
    local = now.astimezone(calendar.zone(zone))
    stale = datetime.combine(local.date(), STALE_AT, tzinfo=local.tzinfo).astimezone(UTC)
    queued = 0
    for admin, (their_zone, codes) in (await admins()).items():
        if their_zone != zone or not calendar.working_day(local.date(), codes[0]):
            continue
        found = await counts(codes, await _since(admin, now), now, zone)
        if found.empty:
            continue
        identity = await reachable(admin)
        resident = await Resident.get_or_none(id=admin)
        if identity is None or resident is None:
            continue
        t = translate(resident.locale or "id")
        row = await enqueue(
            identity, text(t, found, now, zone, sms=channel_of(identity) == "sms"), created_at=now,
            priority=Priority.BULK, expires_at=stale if stale > now else None, cause_type=CAUSE,
            cause_id=local.date().isoformat(), dedupe_key=dedupe_key(admin, local.date()), resident_id=admin,
            locale=resident.locale or "id",
        )  # fmt: skip
        queued += row is not None
    log.info("digest %s %s: %d queued", zone, local.date().isoformat(), queued)
    return queued


def dedupe_key(admin: int, day: date) -> str:
    """One digest per admin per local date, ever."""
    return f"{DIGEST_JOB}:{admin}:{day.isoformat()}"

