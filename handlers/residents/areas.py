"""Finding areas the way residents type them: part of a name, a typo, or an RT number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from models import Area, AreaLevel
from models.areas import LEVELS

_PREFIX = re.compile(
    r"^(kota|kabupaten|kab|kecamatan|kec|kelurahan|kel|desa|ds|rukun warga|rukun tetangga)\b\.?\s*",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_NUMBER = re.compile(r"\d+")

#: a match is taken when it scores SURE and beats the runner-up by MARGIN, or when it is the
#: only candidate above MAYBE and scores at least ALONE (a typo like "mayng"); else we ask
SURE, MARGIN, ALONE, MAYBE = 85, 8, 70, 60
#: queries shorter than this are matched by word prefix, never fuzzily
SHORT = 4


def key(name: str) -> str:
    """Lower-case name without the administrative prefix (`Kel. Mayang` → `mayang`)."""
    text = _NON_WORD.sub(" ", name.lower()).strip()
    return _PREFIX.sub("", text).strip()


@dataclass(frozen=True)
class Found:
    """A unique match (`area`), a short list to choose from (`choices`), or nothing."""

    area: Area | None = None
    choices: tuple[Area, ...] = ()


def child_level(parent: Area | None) -> AreaLevel:
    return LEVELS[0] if parent is None else LEVELS[LEVELS.index(parent.level) + 1]


async def children(parent: Area | None) -> list[Area]:
    rows = await Area.filter(parent_id=parent.id if parent else None).order_by("name")
    return rows


async def descendants(parent: Area | None, level: AreaLevel) -> list[Area]:
    query = Area.filter(level=level)
    if parent is not None:
        query = query.filter(code__startswith=parent.code + ".")
    return await query.order_by("name")


def match(query: str, candidates: list[Area], *, limit: int = 5) -> Found:
    """Pick the area a resident meant from `candidates` (all of one level)."""
    if not candidates:
        return Found()
    if candidates[0].level in (AreaLevel.RW, AreaLevel.RT):
        numbers = _NUMBER.findall(query)
        if len(numbers) == 1:
            hits = numbered(candidates, int(numbers[0]))
            return Found(area=hits[0]) if len(hits) == 1 else Found(choices=tuple(hits[:limit]))
    wanted = key(query)
    if not wanted:
        return Found()
    exact = [a for a in candidates if key(a.name) == wanted]
    if len(exact) == 1:
        return Found(area=exact[0])
    if len(wanted) < SHORT:
        # fuzzy scores of a word or two ("ya", "oke") are noise: take word prefixes only
        hits = [a for a in candidates if any(w.startswith(wanted) for w in key(a.name).split())]
        return Found(area=hits[0]) if len(hits) == 1 else Found(choices=tuple(hits[:limit]))
    keys = {i: key(a.name) for i, a in enumerate(candidates)}
    scored = process.extract(wanted, keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=MAYBE)
    if not scored:
        return Found()
    best = scored[0][1]
    clear = len(scored) == 1 or best - scored[1][1] >= MARGIN
    if (best >= SURE and clear) or (best >= ALONE and len(scored) == 1):
        return Found(area=candidates[scored[0][2]])
    close = [candidates[idx] for _, score, idx in scored if score >= best - 20]
    return Found(choices=tuple(close))


#: "RT 3", "RT.03", "rt03", "RT/RW 003/002", "RW 2"
_RT_RW = re.compile(r"(?<![a-z])rt\s*[/.-]?\s*rw\W*0*(\d{1,3})\s*/\s*0*(\d{1,3})(?!\d)", re.IGNORECASE)
_RT = re.compile(r"(?<![a-z])rt\W{0,2}0*(\d{1,3})(?!\d)", re.IGNORECASE)
_RW = re.compile(r"(?<![a-z])rw\W{0,2}0*(\d{1,3})(?!\d)", re.IGNORECASE)
_LEFTOVER = re.compile(r"[\s,./-]+")


def parse_address(text: str) -> tuple[str, int | None, int | None]:
    """`Mayang Mangurai RT 3 RW 1` → ("Mayang Mangurai", 3, 1): the place and the numbers."""
    rt = rw = None
    both = _RT_RW.search(text)
    if both:
        rt, rw = int(both.group(1)), int(both.group(2))
        text = text[: both.start()] + " " + text[both.end() :]
    for pattern in (_RT, _RW):
        found = pattern.search(text)
        if found:
            if pattern is _RT:
                rt = int(found.group(1))
            else:
                rw = int(found.group(1))
            text = text[: found.start()] + " " + text[found.end() :]
    place = _LEFTOVER.sub(" ", text).strip()
    return place, rt, rw


def numbered(candidates: list[Area], number: int) -> list[Area]:
    """The RWs or RTs among `candidates` with that number ("RT 003" is 3)."""
    return [a for a in candidates if _number(a.name) == number]


def _number(name: str) -> int | None:
    found = _NUMBER.search(name)
    return int(found.group()) if found else None
