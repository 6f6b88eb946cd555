"""Complaints in chat, the same on every channel: `CEK` (a ticket's status, history and what
happens next; alone, the resident's open complaints and those they joined as a supporter). An
officer who may act on the ticket gets it at the desk (`desk.py`), with what they may do. A
supporter reads it as its reporter does, without who sent it (`access.py`).

Every answer about a ticket comes from `service.lookup`, so a ticket the sender may not see
(another resident's, another area's, or asked from a number nobody registered) reads exactly
like one that does not exist.
"""

from __future__ import annotations

from handlers.complaints import access, desk, service
from handlers.complaints.card import describe
from handlers.complaints.service import NotFound
from handlers.complaints.tickets import parse_ticket, shown
from handlers.turn import Turn
from models import Area, Complaint


async def check(turn: Turn, payload: str | None) -> None:
    """CEK [ticket]."""
    turn.topic = "complaint.check"
    word = (payload or "").split()[0] if (payload or "").strip() else ""
    if not word:
        await _open_list(turn)
        return
    viewer = await access.viewer(turn.resident.id)
    view = await service.lookup(viewer, word)
    if view is None:
        ticket = parse_ticket(word) or word.strip().removeprefix("#").upper()[:8]
        turn.say(NotFound(ticket).text(turn.t))
        return
    own = await Complaint.exists(ticket=view.ticket, reporter_id=turn.resident.id)
    if not own and (view.may_act or view.may_reveal):  # an officer: the complaint and what they may do
        await desk.open_item(turn, view)
        return
    place = await Area.get(code=view.place)
    turn.say(describe(turn.t, view, place.timezone, own=own))


async def _open_list(turn: Turn) -> None:
    t = turn.t
    views = await service.listing(await access.viewer(turn.resident.id), open_only=True, mine=True, now=turn.now)
    if not views:
        turn.say(
            t._("Anda tidak punya laporan yang sedang berjalan. Ketik ADUAN untuk membuat laporan.")
        )
        return
    lines = [t._("Laporan Anda yang sedang berjalan:")]
    zones = {a.code: a.timezone for a in await Area.filter(code__in={v.place for v in views})}
    for view in views:
        line = t._(
            "{ticket} {status} - {category} ({date})",
            ticket=shown(view.ticket),
            status=view.status.value,
            category=view.category_label,
            date=t.short_date(view.created_at, zones[view.place]),
        )
        lines.append(line + (" " + t._("(Anda ikut)") if view.supporting else ""))
    lines.append(
        t._(
            "Ketik CEK dan nomornya untuk melihat riwayat, misalnya CEK {ticket}.",
            ticket=views[0].ticket,
        )
    )
    turn.say("\n".join(lines))
