"""The glossary: finding a term the way residents type it, and the screen that explains it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from content.library import Library, Term
from handlers.messages import Option
from handlers.texts import Texts

#: "apa itu BKM", "arti swadaya", "BKM itu apa", "apa artinya KSM?" → the asked word
_ASK = [
    re.compile(r"^(?:apa\s+(?:itu|sih|arti(?:nya)?|maksud(?:nya)?|kepanjangan(?:nya)?|singkatan)|arti(?:nya)?"
               r"|artinya\s+apa|maksud(?:nya)?|kepanjangan(?:nya)?|singkatan)\s+(?P<w>.+)$", re.I),
    re.compile(r"^(?P<w>.+?)\s+(?:itu\s+apa|itu\s+apaan|artinya\s+apa|artinya|apaan|kepanjangannya(?:\s+apa)?"
               r"|kepanjangan\s+dari\s+apa|singkatan\s+dari\s+apa|singkatan\s+apa)$", re.I),
]  # fmt: skip
_TRIM = re.compile(r"^[\s\"'“”‘’(]+|[\s\"'“”‘’)?!.,]+$")
#: a fuzzy match needs this WRatio score; names are short, so typos move scores a lot
SURE = 88


@dataclass(frozen=True, slots=True)
class Screen:
    """What one reply shows, before it becomes an Outbound: text, Telegram detail, options."""

    text: str
    options: tuple[Option, ...] = ()
    detail: str | None = None
    content_id: str | None = None


def _key(text: str) -> str:
    return " ".join(_TRIM.sub("", text).lower().split())


def _names(library: Library) -> dict[str, str]:
    names = {}
    for term in library.glossary.values():
        for name in (term.id, term.term, term.full or "", *term.aliases):
            if name:
                names.setdefault(_key(name), term.id)
    return names


def find(library: Library, text: str) -> Term | None:
    """The term a word or phrase names (exact, then one close spelling), or None."""
    key = _key(text)
    if not key:
        return None
    names = _names(library)
    if key in names:
        return library.glossary[names[key]]
    if len(key) < 4:  # "kk", "rt": too short to guess a typo
        return None
    best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=SURE)
    return library.glossary[names[best[0]]] if best else None


def asked_term(library: Library, text: str) -> Term | None:
    """The term in a question like "apa itu BKM?" or "swadaya artinya apa", or None."""
    cleaned = _TRIM.sub("", text.strip())
    for pattern in _ASK:
        match = pattern.match(cleaned)
        if match:
            return find(library, match.group("w"))
    return None


def term_screen(t: Texts, library: Library, term: Term) -> Screen:
    name = f"{term.term} ({term.full})" if term.full and term.full.lower() != term.term.lower() else term.term
    related = [library.glossary[s] for s in term.see if s in library.glossary][:3]
    options = tuple(Option(other.term, f"term:{other.id}") for other in related)
    return Screen(
        t._("{name}: {meaning}", name=name, meaning=term.meaning),
        (*options, Option(t._("Kata lain"), "gloss")),
        content_id=f"term:{term.id}",
    )


def ask_screen(t: Texts) -> Screen:
    return Screen(
        t._("Kamus istilah. Ketik kata yang ingin Anda ketahui artinya, misalnya BKM, swadaya atau KK.")
    )
