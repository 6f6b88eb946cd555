"""What the gotong royong chat flows share: labels, who heads an RT, and reading what was typed
(numbers picked from a list, a time, "lewati")."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from handlers.announcements.flow import DEFAULT_ZONE, parse_when
from handlers.gotong_royong import service
from handlers.keywords import normalize
from handlers.texts import Texts
from handlers.turn import Turn
from models import (
    Area,
    AreaLevel,
    Role,
    RoleKind,
)

#: what may be typed for "nothing" (what to bring, a note, a place that stays)
SKIP = {"LEWATI", "SKIP", "TIDAK ADA", "-", "KOSONG"}
_TOKENS = re.compile(r"[^\s,;.]+")


def slot_label(t: Texts, slot: str) -> str:
    return {
        "weekday_evening": t._("Malam hari kerja"),
        "saturday_morning": t._("Sabtu pagi"),
        "saturday_afternoon": t._("Sabtu sore"),
        "sunday_morning": t._("Minggu pagi"),
        "sunday_afternoon": t._("Minggu sore"),
    }[slot]


def pledge_label(t: Texts, kind: str) -> str:
    return {"bahan": t._("Bahan"), "makanan": t._("Makanan"), "uang": t._("Uang")}.get(kind, kind)


async def ketua_rts(resident_id: int) -> list[Area]:
    """The RTs this resident heads (a role from `kabarrt roles grant`)."""
    roles = await Role.filter(resident_id=resident_id, kind=RoleKind.KETUA_RT).select_related(
        "area"
    )
    return sorted(
        (r.area for r in roles if r.area.level is AreaLevel.RT), key=lambda area: area.code
    )


async def is_ketua(resident_id: int) -> bool:
    """Heads an RT: the main menu offers "Buat gotong royong"."""
    return bool(await ketua_rts(resident_id))


def picked(text: str, count: int) -> list[int] | None:
    """`1 3`, `1,3`, `1 dan 3` → [0, 2]; None when anything is not a number from 1 to count."""
    tokens = [w for w in _TOKENS.findall(text.lower()) if w not in ("dan", "and")]
    if not tokens or not all(w.isdecimal() and 1 <= int(w) <= count for w in tokens):
        return None
    return sorted({int(w) - 1 for w in tokens})


def skipped(turn: Turn, words: set[str] = SKIP) -> bool:
    return turn.reply.choice == "skip" or normalize(turn.reply.text) in words


def short_text(text: str) -> str | None:
    """Typed text for a title, place, thing to bring or note: None when empty or too long."""
    text = " ".join(text.split())
    return text if 0 < len(text) <= 120 else None


def when_from(turn: Turn, rt: Area) -> datetime | None:
    """The typed time in the RT's zone, as UTC; says why and returns None when it will not do."""
    t = turn.t
    at = parse_when(turn.reply.text, turn.now.astimezone(service.zone(rt)))
    if at is None:
        turn.say(
            t._(
                "Maaf, waktunya tidak saya pahami. Tulis tanggal dan jam, contoh: 25/11 19.00 atau besok 07.00."
            )
        )
        return None
    if at <= turn.now:
        turn.say(
            t._(
                "Waktu itu sudah lewat (sekarang {now}). Tulis waktu yang akan datang, contoh: besok 07.00.",
                now=t.datetime(turn.now, rt.timezone or DEFAULT_ZONE),
            )
        )
        return None
    return at.astimezone(UTC)


def ask_when(turn: Turn, rt: Area) -> str:
    zone = turn.now.astimezone(service.zone(rt)).tzname()
    return turn.t._(
        "Kapan? Tulis tanggal dan jam ({zone}), contoh: 29/11 07.00 atau besok 07.00.", zone=zone
    )


def not_picked(turn: Turn, count: int) -> None:
    """A multi-select answer that is not numbers 1..count: numbers are asked again, anything
    else leaves the step and is answered as usual."""
    if any(c.isdigit() for c in turn.reply.text):
        turn.say(turn.t._("Balas nomor 1 sampai {n}, misalnya 1 3.", n=count))
        return
    turn.answer_as_usual()
