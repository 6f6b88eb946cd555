"""Complaints in chat, the same on every channel: `CEK` (a ticket's status, history and what
happens next; alone, the resident's open complaints).

Every answer about a ticket comes from `service.lookup`, so a ticket the sender may not see
(another resident's, another area's, or asked from a number nobody registered) reads exactly
like one that does not exist.
"""

from __future__ import annotations

from handlers.complaints import access, service
from handlers.complaints.service import ComplaintView, NotFound
from handlers.complaints.tickets import parse_ticket, shown
from handlers.texts import Texts
from handlers.turn import Turn
from models import Area, Complaint, ComplaintStatus

#: history lines a CEK answer shows (the latest ones); the rest is summed up in one line
_HISTORY = 6
#: a public reply quoted in the history is cut here (the answer may go by SMS)
_QUOTE = 80


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
    place = await Area.get(code=view.place)
    own = await Complaint.exists(ticket=view.ticket, reporter_id=turn.resident.id)
    turn.say(describe(turn.t, view, place.timezone, own=own))


async def _open_list(turn: Turn) -> None:
    t = turn.t
    views = await service.listing(access.Viewer(turn.resident.id), open_only=True)
    if not views:
        turn.say(
            t._("Anda tidak punya laporan yang sedang berjalan. Ketik ADUAN untuk membuat laporan.")
        )
        return
    lines = [t._("Laporan Anda yang sedang berjalan:")]
    zones = {a.code: a.timezone for a in await Area.filter(code__in={v.place for v in views})}
    for view in views:
        lines.append(
            t._(
                "{ticket} {status} - {category} ({date})",
                ticket=shown(view.ticket),
                status=view.status.value,
                category=view.category_label,
                date=t.short_date(view.created_at, zones[view.place]),
            )
        )
    lines.append(
        t._(
            "Ketik CEK dan nomornya untuk melihat riwayat, misalnya CEK {ticket}.",
            ticket=views[0].ticket,
        )
    )
    turn.say("\n".join(lines))


def describe(t: Texts, view: ComplaintView, tz: str, *, own: bool) -> str:
    """One complaint for CEK: ticket, category, place, status, history, what happens next, and
    for its reporter when an officer looked at who they are."""
    lines = [
        t._(
            "Laporan {ticket}: {category}, {place}.",
            ticket=shown(view.ticket),
            category=view.category_label,
            place=view.place_name,
        ),
        t._("Status: {status}.", status=view.status.value),
    ]
    if view.reporter is not None and not own:
        lines.append(
            t._(
                "Pelapor: {name} ({number})",
                name=view.reporter.name or "-",
                number=view.reporter.masked,
            )
        )
    history = [_line(t, line, tz) for line in view.history]
    history = [h for h in history if h]
    if len(history) > _HISTORY:
        history = [
            t._("({n} langkah sebelumnya)", n=len(history) - _HISTORY + 1),
            *history[-_HISTORY + 1 :],
        ]
    if history:
        lines.append(t._("Riwayat:") + "\n" + "\n".join(history))
    lines.append(_next(t, view))
    if own and view.identity_viewed:
        dates = ", ".join(dict.fromkeys(t.short_date(at, tz) for at in view.identity_viewed))
        lines.append(
            t._(
                "Identitas Anda sebagai pelapor pernah dilihat petugas data pada: {dates}.",
                dates=dates,
            )
        )
    return "\n".join(lines)


def _line(t: Texts, line: service.HistoryLine, tz: str) -> str | None:
    day = t.short_date(line.at, tz)
    note = (
        line.note
        if line.note is None or len(line.note) <= _QUOTE
        else line.note[: _QUOTE - 3] + "..."
    )
    if line.to_status is None:
        if not note:
            return None
        if line.public:
            return t._("{date} balasan petugas: {note}", date=day, note=note)
        return t._("{date} catatan internal: {note}", date=day, note=note)
    if note and line.public:
        return t._("{date} {status} ({note})", date=day, status=line.to_status.value, note=note)
    return t._("{date} {status}", date=day, status=line.to_status.value)


def _next(t: Texts, view: ComplaintView) -> str:
    """What happens next, by status."""
    status = view.status
    if status is ComplaintStatus.DITERIMA:
        return t._(
            "Berikutnya: petugas memeriksa laporan ini. Anda diberi kabar setiap statusnya berubah."
        )
    if status is ComplaintStatus.DIVERIFIKASI:
        return t._(
            "Berikutnya: laporan ini ditangani petugas. Anda diberi kabar setiap statusnya berubah."
        )
    if status in (ComplaintStatus.DIPROSES, ComplaintStatus.DITERUSKAN):
        return t._(
            "Berikutnya: petugas menyelesaikan penanganannya. Anda diberi kabar saat selesai."
        )
    if status is ComplaintStatus.DUPLIKAT and view.duplicate_of:
        return t._(
            "Laporan ini ditangani bersama laporan {original}: ketik CEK {code}.",
            original=shown(view.duplicate_of),
            code=view.duplicate_of,
        )
    return t._("Laporan ini sudah ditutup.")
