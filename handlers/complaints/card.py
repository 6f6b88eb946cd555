"""How one complaint reads in chat: ticket, category, place, status, its next deadline, history
(reopenings, escalations and ratings included) and what happens next, for its reporter (`CEK`)
and for an officer (the desk). Words only; nothing is read here."""

from __future__ import annotations

from handlers.complaints import levels, lifecycle, service
from handlers.complaints.deadlines import Due
from handlers.complaints.service import ComplaintView
from handlers.complaints.tickets import shown
from handlers.texts import Texts
from models import ComplaintStatus

#: history lines a CEK answer shows (the latest ones); the rest is summed up in one line
_HISTORY = 6
#: a public reply quoted in the history is cut here (the answer may go by SMS)
_QUOTE = 80


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
    if view.due is not None:
        lines.append(due_text(t, view.due, tz))
    if view.reporter is not None and not own:
        lines.append(
            t._(
                "Pelapor: {name} ({number})",
                name=view.reporter.name or "-",
                number=view.reporter.masked,
            )
        )
    # status moves, replies and notes, and the ratings given after "Sudah beres?", by time
    dated = [(line.at, _line(t, line, tz)) for line in view.history]
    dated += [(answer.at, _rating(t, answer, tz)) for answer in view.feedback]
    history = [h for _, h in sorted(dated, key=lambda pair: pair[0]) if h]
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


def due_text(t: Texts, due: Due, tz: str) -> str:
    """ "Diperiksa petugas paling lambat Kamis, 10 Desember 2026.": the stage due and its last day."""
    day = t.date(due.at, tz)
    if due.stage == "verifikasi":
        return t._("Diperiksa petugas paling lambat {date}.", date=day)
    if due.stage == "tindakan":
        return t._("Mulai ditangani paling lambat {date}.", date=day)
    return t._("Selesai ditangani paling lambat {date}.", date=day)


def _line(t: Texts, line: service.HistoryLine, tz: str) -> str | None:
    day = t.short_date(line.at, tz)
    note = (
        line.note
        if line.note is None or len(line.note) <= _QUOTE
        else line.note[: _QUOTE - 3] + "..."
    )
    if levels.is_escalation(line.actor, line.to_status, line.public):
        return t._("{date} dinaikkan ke {office}", date=day, office=line.note or "-")
    if line.to_status is None:
        if not note:
            return None
        if line.public:
            return t._("{date} balasan petugas: {note}", date=day, note=note)
        if line.actor == "pelapor":  # their words after "Sudah beres?": belum / sebagian
            return t._("{date} catatan pelapor: {note}", date=day, note=note)
        return t._("{date} catatan internal: {note}", date=day, note=note)
    if line.from_status in lifecycle.CLOSED and line.to_status in lifecycle.OPEN:
        return t._("{date} dibuka kembali: {status}", date=day, status=line.to_status.value)
    if note and line.public:
        return t._("{date} {status} ({note})", date=day, status=line.to_status.value, note=note)
    return t._("{date} {status}", date=day, status=line.to_status.value)


def _rating(t: Texts, answer: service.FeedbackLine, tz: str) -> str | None:
    """A rating after "Sudah beres?" (its reason too, for whom the view holds it)."""
    if answer.rating is None:
        return None
    day = t.short_date(answer.at, tz)
    if answer.comment:
        comment = answer.comment if len(answer.comment) <= _QUOTE else answer.comment[: _QUOTE - 3] + "..."
        return t._("{date} dinilai {rating} dari 5: {comment}", date=day, rating=answer.rating, comment=comment)
    return t._("{date} dinilai {rating} dari 5", date=day, rating=answer.rating)


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
