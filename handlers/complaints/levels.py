"""Moving a complaint's handling one level up (kelurahan → kecamatan → kota), and telling officers.

`escalate` is how a complaint goes up a level without an officer forwarding it: the third
"belum" to "Sudah beres?" (`feedback.py`), or a complaint past its deadline. It:
- moves `handler` to the nearest ancestor of the current handler (or, without one, of the
  complaint's RT) at kecamatan or kota level; at the kota there is nowhere higher (None);
- records it in the history: an event by `system`, without a status, public, whose note is the
  new office's name (`is_escalation` recognises it; CEK reads "dinaikkan ke Kecamatan …");
- sets `escalated_at`;
- tells the admins of the old and the new level on their channel, naming the ticket, category,
  RT and why (overdue: how long, and the new deadline; escalation.py), never who sent it.
The status is the caller's business (the third "belum" reopens it to diproses; an overdue one
keeps its status). The caller holds the complaint's row (`select_for_update`) in its transaction.

`tell` queues a short notice to officers (deduplicated per event and recipient); `feedback.py`
uses it for reopenings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from handlers.announcements.audience import reachable
from handlers.complaints import categories, service
from handlers.complaints.tickets import shown
from handlers.messages import Priority
from handlers.outbox.queue import enqueue
from handlers.texts import Texts, Translate
from models import Area, AreaLevel, Complaint, ComplaintEvent, Resident, Role, RoleKind

#: levels a complaint may be escalated to
_UP = (AreaLevel.KECAMATAN, AreaLevel.KOTA)
#: the actor of an escalation's history event
ACTOR = "system"
#: why a complaint went up: codes `escalate` takes
UNFIXED = "unfixed"  # a resident said "belum" after it had been reopened twice
OVERDUE = "overdue"  # past its deadline


def is_escalation(actor: str, to_status: object, public: bool) -> bool:
    """The history event `escalate` records (its note: the office it went up to)."""
    return actor == ACTOR and to_status is None and public


async def next_level(complaint: Complaint) -> Area | None:
    """The office one level above the complaint's handler; None at the top."""
    start = await Area.get_or_none(id=complaint.handler_id or complaint.area_id)
    current = start
    while current is not None and current.parent_id is not None:
        current = await Area.get_or_none(id=current.parent_id)
        if current is not None and current.level in _UP:
            return current
    return None


async def escalate(
    complaint: Complaint,
    *,
    why: str,
    now: datetime,
    translate: Translate,
    missed: datetime | None = None,
    not_before: datetime | None = None,
) -> Area | None:
    """Move the complaint's handling one level up (see the module docstring); returns the new
    handler, or None when it is at the top already (nothing changes then). For OVERDUE, `missed`
    is the deadline that passed (the officers read how long ago, and the new deadline when the
    caller set one); `not_before` holds the officers' notices (the night)."""
    higher = await next_level(complaint)
    if higher is None:
        return None
    before = complaint.handler_id
    office = service.office_label(translate("id"), higher.level.value, higher.name)
    event = await ComplaintEvent.create(
        complaint=complaint,
        at=now,
        from_status=None,
        to_status=None,
        actor=ACTOR,
        actor_resident_id=None,
        note=office,
        public=True,
    )
    complaint.handler_id = higher.id
    complaint.escalated_at = now
    complaint.updated_at = now
    await complaint.save(update_fields=["handler_id", "escalated_at", "updated_at"])
    admins = await Role.filter(
        kind=RoleKind.ADMIN, area_id__in=[a for a in (before, higher.id) if a is not None]
    ).values_list("resident_id", flat=True)
    place = await Area.get(id=complaint.area_id)
    where = await place_label(place)

    def text(t: Texts) -> str:
        facts = {
            "ticket": shown(complaint.ticket),
            "category": _category(complaint),
            "rt": place.name,
            "office": service.office_label(t, higher.level.value, higher.name),
            "code": complaint.ticket,
        }
        if why == UNFIXED:
            return t._(
                "Laporan {ticket} ({category}, {rt}) dinaikkan ke {office}: warga kembali menyatakan "
                "belum beres sesudah laporan ini dua kali dibuka kembali. Ketik CEK {code}.",
                **facts,
            )
        if missed is None:
            return t._(
                "Laporan {ticket} ({category}, {rt}) dinaikkan ke {office}: batas waktu penanganannya "
                "terlewati. Ketik CEK {code}.",
                **facts,
            )
        facts["rt"] = where
        said = t._(
            "Laporan {ticket} ({category}, {rt}) dinaikkan ke {office}: sudah lewat {late} dari batas "
            "waktu {stage}.",
            late=lateness(t, (not_before or now) - missed), stage=stage_label(t, complaint.due_stage), **facts,
        )  # fmt: skip
        if complaint.due_at is not None and complaint.due_at > now:
            said += " " + t._("Batas waktu baru: paling lambat {date}.", date=t.date(complaint.due_at, place.timezone))
        return said + " " + t._("Ketik CEK {code}.", code=complaint.ticket)

    await tell(admins, complaint, text, key=f"escalated:{event.id}", now=now, translate=translate, not_before=not_before)
    return higher


async def place_label(place: Area) -> str:
    """An RT as an officer of a larger area reads it: `RT 003 RW 01 Mayang Mangurai`."""
    above = {a.level: a.name for a in await Area.filter(code__in=place.ancestor_codes[:-1])}
    return " ".join(p for p in (place.name, above.get(AreaLevel.RW), above.get(AreaLevel.KELURAHAN)) if p)


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


def _category(complaint: Complaint) -> str:
    item = categories.category(complaint.category)
    return item.label if item else complaint.category


async def tell(
    resident_ids: Iterable[int],
    complaint: Complaint,
    text: Callable[[Texts], str],
    *,
    key: str,
    now: datetime,
    translate: Translate,
    not_before: datetime | None = None,
) -> None:
    """Queue `text(t)` to each of these residents in their language, on their channel; once per
    `key` (an event) and recipient, not sent before `not_before`. The reporter is left out: they
    hear of it another way."""
    for resident_id in dict.fromkeys(resident_ids):
        if resident_id == complaint.reporter_id:
            continue
        resident = await Resident.get_or_none(id=resident_id)
        identity = await reachable(resident_id)
        if resident is None or identity is None:
            continue
        locale = resident.locale or "id"
        await enqueue(
            identity,
            text(translate(locale)),
            created_at=now,
            not_before=not_before,
            priority=Priority.REPLY,
            cause_type="complaint",
            cause_id=str(complaint.id),
            dedupe_key=f"complaint:{complaint.id}:{key}:{resident_id}",
            resident_id=resident_id,
            locale=locale,
        )
