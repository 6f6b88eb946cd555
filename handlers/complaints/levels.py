"""Moving a complaint's handling one level up (kelurahan → kecamatan → kota), and telling officers.

`escalate` is how a complaint goes up a level without an officer forwarding it: the third
"belum" to "Sudah beres?" (`feedback.py`), or a complaint past its deadline. It:
- moves `handler` to the nearest ancestor of the current handler (or, without one, of the
  complaint's RT) at kecamatan or kota level; at the kota there is nowhere higher (None);
- records it in the history: an event by `system`, without a status, public, whose note is the
  new office's name (`is_escalation` recognises it; CEK reads "dinaikkan ke Kecamatan …");
- sets `escalated_at`;
- tells the admins of the old and the new level on their channel, naming the ticket, category,
  RT and why, never who sent it.
The status is the caller's business (the third "belum" reopens it to diproses; an overdue one
keeps its status). The caller holds the complaint's row (`select_for_update`) in its transaction.

`tell` queues a short notice to officers (deduplicated per event and recipient); `feedback.py`
uses it for reopenings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

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
    complaint: Complaint, *, why: str, now: datetime, translate: Translate
) -> Area | None:
    """Move the complaint's handling one level up (see the module docstring); returns the new
    handler, or None when it is at the top already (nothing changes then)."""
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
        return t._(
            "Laporan {ticket} ({category}, {rt}) dinaikkan ke {office}: batas waktu penanganannya "
            "terlewati. Ketik CEK {code}.",
            **facts,
        )

    await tell(admins, complaint, text, key=f"escalated:{event.id}", now=now, translate=translate)
    return higher


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
) -> None:
    """Queue `text(t)` to each of these residents in their language, on their channel; once per
    `key` (an event) and recipient. The reporter is left out: they hear of it another way."""
    for resident_id in dict.fromkeys(resident_ids):
        if resident_id == complaint.reporter_id:
            continue
        resident = await Resident.get_or_none(id=resident_id)
        identity = await service.reachable(resident_id)
        if resident is None or identity is None:
            continue
        locale = resident.locale or "id"
        await enqueue(
            identity,
            text(translate(locale)),
            created_at=now,
            priority=Priority.REPLY,
            cause_type="complaint",
            cause_id=str(complaint.id),
            dedupe_key=f"complaint:{complaint.id}:{key}:{resident_id}",
            resident_id=resident_id,
            locale=locale,
        )
