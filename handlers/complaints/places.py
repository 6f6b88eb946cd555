"""The place a complaint's words name: "lampu mati di rt 5", "RT 3 RW 2", "rt 03/rw 02".

A complaint happens in the resident's own RT unless its text names another (issue 17). This
module owns reading that and deciding which RT it is.

`named(text)` is pure: the RT numbers a text names, as residents write them — `RT 005`, `rt 5`,
`RT.05`, `rt05`, `RT-5`, `rt no 5`, `di rt 7` — each with the RW written beside it when there is
one (`RT 3 RW 2`, `rt 03/rw 02`, `RT 03/02`, `RT/RW 003/002`, `RW 2 RT 3`). An RW written
elsewhere in the text (`jalan di RW 2, dekat pos RT 3`) belongs to the RTs that have none
when it is the only RW the text names. `rt` counts only as a word of its own (`smart 5` is
not an RT) and number 0 is no RT.

`resolve(home, *texts)` looks among the RTs of the resident's own kelurahan (a complaint is
never filed into another kelurahan by naming it) and gives the `Place` used:

- the text names no RT: the resident's own RT (`Found.HOME`);
- it names one RT, with its RW: that RT of that RW, if it exists;
- it names one RT without an RW: the only RT of the kelurahan with that number; when several
  RWs have one, the one in the resident's own RW (neighbours name their own RW's RTs by number
  alone); that RT is `Found.NAMED`;
- otherwise — no such RT (`Found.UNKNOWN`), several RTs named, or one number in several other
  RWs (`Found.UNCLEAR`) — the resident's own RT, and `told()` says which place was used, since
  a complaint by SMS asks no question about its place (at most two questions, issue 17).

The texts are tried in order and the first that names an RT decides: the chat walk-through
passes the typed landmark first (it answers "where?") and then what happened.
RW and RT numbers are read from the area names, which the area import makes from the numbers
(`RW 01`, `RT 003`), as onboarding does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from handlers.residents.areas import numbered
from handlers.texts import Texts
from models import Area, AreaLevel


@dataclass(frozen=True, slots=True)
class Named:
    """One RT a text names, with the RW named with it (None when none is)."""

    rt: int
    rw: int | None = None

    def __str__(self) -> str:
        return f"RT {self.rt}" if self.rw is None else f"RT {self.rt} RW {self.rw}"


# "rt", "rt.", "rt no. 5", "rt:5", "RT-05": the word (not the end of one: "smart 5"), an optional
# "no"/"nomor", up to two marks; a digit may stand before it ("rt3rw2")
_RT = r"(?<![a-z])rt(?:\s*(?:no|nomor|nmr)\b\.?)?[\s.:#-]{0,2}"
_RW = _RT.replace("rt", "rw")
# a number of at most three digits, leading zeros dropped ("005" → 5; "1000" is not an RT)
_N = r"0*(\d{1,3})(?!\d)"
_BETWEEN = r"[\s,./-]*"
_MENTION = re.compile(
    "|".join(
        (
            rf"(?<![a-z])rt\s*[/.-]?\s*rw[\s.:#]{{0,2}}{_N}\s*/\s*{_N}",  # RT/RW 003/002
            rf"{_RT}{_N}{_BETWEEN}(?:dan\s+)?{_RW}{_N}",  # RT 3 RW 2, rt 03/rw 02
            rf"{_RT}{_N}\s*/\s*{_N}",  # RT 03/02
            rf"{_RW}{_N}{_BETWEEN}{_RT}{_N}",  # RW 2 RT 3
            rf"{_RT}{_N}",  # RT 3
            rf"{_RW}{_N}",  # RW 2 on its own
        )
    ),
    re.IGNORECASE,
)


def named(text: str | None) -> tuple[Named, ...]:
    """The RTs `text` names, in order, each once (see the module docstring for the forms)."""
    pairs: list[tuple[int, int | None]] = []
    lone_rws: list[int] = []
    for found in _MENTION.finditer(text or ""):
        groups = [int(g) if g is not None else None for g in found.groups()]
        a_rt, a_rw, b_rt, b_rw, c_rt, c_rw, d_rw, d_rt, e_rt, f_rw = groups
        if a_rt is not None:
            pairs.append((a_rt, a_rw))
        elif b_rt is not None:
            pairs.append((b_rt, b_rw))
        elif c_rt is not None:
            pairs.append((c_rt, c_rw))
        elif d_rt is not None:
            pairs.append((d_rt, d_rw))
        elif e_rt is not None:
            pairs.append((e_rt, None))
        elif f_rw is not None:
            lone_rws.append(f_rw)
    rws = set(lone_rws)
    elsewhere = rws.pop() if len(rws) == 1 else None
    result: list[Named] = []
    for rt, rw in pairs:
        if rt == 0 or rw == 0:
            continue
        item = Named(rt, rw if rw is not None else elsewhere)
        if item not in result:
            result.append(item)
    # "RT 3 RW 2 … RT 3": the bare mention is the same RT
    return tuple(
        n
        for n in result
        if n.rw is not None or not any(o.rt == n.rt and o.rw is not None for o in result)
    )


class Found(StrEnum):
    """How the place of a complaint was decided."""

    HOME = "home"  # the text names no RT: the resident's own
    NAMED = "named"  # the RT the text names
    UNKNOWN = "unknown"  # it names an RT the kelurahan does not have: the resident's own
    UNCLEAR = "unclear"  # several RTs, or one number in several other RWs: the resident's own


@dataclass(frozen=True, slots=True)
class Place:
    """The RT a complaint is filed at and how it was chosen."""

    area_id: int | None
    #: "RT 003 / RW 01", the way places are written to residents; None without a place
    label: str | None
    found: Found
    #: what the text named, as written back to the resident ("RT 9", "RT 3 RW 2, RT 4")
    said: str | None = None

    def data(self) -> dict:
        """For a flow's persisted state (plain JSON)."""
        return {
            "area_id": self.area_id,
            "label": self.label,
            "found": self.found.value,
            "said": self.said,
        }

    @classmethod
    def from_data(cls, data: dict | None) -> Place | None:
        """Back from `data()`; None for a state saved before places were read."""
        if not data:
            return None
        return cls(data["area_id"], data["label"], Found(data["found"]), data.get("said"))


async def resolve(home_id: int | None, *texts: str | None) -> Place:
    """The RT for a complaint by a resident living in `home_id`, from the first of `texts` that
    names one (see the module docstring)."""
    home = await Area.get_or_none(id=home_id) if home_id is not None else None
    mentions: tuple[Named, ...] = ()
    for text in texts:
        mentions = named(text)
        if mentions:
            break
    if home is None:
        return Place(None, None, Found.HOME)
    parts = home.code.split(".")
    if not mentions or len(parts) < 3:
        return Place(home.id, await _label(home), Found.HOME)
    said = ", ".join(str(n) for n in mentions)
    if len(mentions) > 1:
        return Place(home.id, await _label(home), Found.UNCLEAR, said)
    wanted = mentions[0]
    kelurahan = ".".join(parts[:3])
    around = await Area.filter(
        code__startswith=kelurahan + ".", level__in=(AreaLevel.RW, AreaLevel.RT)
    )
    rws = {a.id: a for a in around if a.level is AreaLevel.RW}
    hits = numbered([a for a in around if a.level is AreaLevel.RT], wanted.rt)
    if wanted.rw is not None:
        hits = [a for a in hits if a.parent_id in rws and numbered([rws[a.parent_id]], wanted.rw)]
    elif len(hits) > 1:
        hits = [a for a in hits if a.parent_id == home.parent_id] or hits
    if len(hits) == 1:
        rt = hits[0]
        return Place(rt.id, _written(rt, rws.get(rt.parent_id or 0)), Found.NAMED, said)
    found = Found.UNKNOWN if not hits else Found.UNCLEAR
    return Place(home.id, await _label(home), found, said)


async def _label(area: Area) -> str:
    parent = await Area.get_or_none(id=area.parent_id) if area.parent_id else None
    return _written(area, parent if parent is not None and parent.level is AreaLevel.RW else None)


def _written(rt: Area, rw: Area | None) -> str:
    """'RT 003 / RW 01', as residents write an address (and onboarding names their RT)."""
    return f"{rt.name} / {rw.name}" if rw is not None else rt.name


def told(t: Texts, place: Place) -> str | None:
    """The sentence telling the resident which place was used when their text named one; None
    when it named none (their own RT goes without saying)."""
    if place.found is Found.NAMED:
        return t._("Tempat kejadian: {place}, sesuai isi laporan.", place=place.label)
    if place.found is Found.UNKNOWN:
        return t._(
            "{named} tidak ada di kelurahan Anda, jadi laporan ini dicatat di RT Anda, {place}.",
            named=place.said,
            place=place.label,
        )
    if place.found is Found.UNCLEAR:
        return t._(
            "Tempat di laporan ({named}) kurang jelas, jadi laporan ini dicatat di RT Anda, {place}.",
            named=place.said,
            place=place.label,
        )
    return None
