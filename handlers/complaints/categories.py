"""Complaint categories from content (content/complaints/categories.yaml): the list residents
choose from, the guess from an SMS text, and the area that handles a category for a place."""

from __future__ import annotations

import re

from content.library import FALLBACK_CATEGORY, ComplaintCategory, library
from models.areas import LEVELS, AreaLevel

_WORD = re.compile(r"[0-9a-z]+")


def categories() -> list[ComplaintCategory]:
    """Every category, in the order residents choose from."""
    return list(library().complaints.values())


def category(code: str) -> ComplaintCategory | None:
    return library().complaints.get(code)


def guess(text: str) -> str:
    """The category an SMS text most likely means: the one with the most keyword hits (a
    keyword of several words counts when its words stand together, once per word), ties to the
    earlier one; `lainnya` when nothing matches."""
    words = " " + " ".join(_WORD.findall(text.lower())) + " "
    best, best_hits = FALLBACK_CATEGORY, 0
    for item in categories():
        # a phrase weighs its words: "lampu jalan" is a street lamp, so it must outweigh the
        # road's lone "jalan" (and "gang") it contains
        phrases = [_WORD.findall(k) for k in item.keywords]
        hits = sum(len(p) for p in phrases if p and " " + " ".join(p) + " " in words)
        if hits > best_hits:
            best, best_hits = item.code, hits
    return best


def handler_code(place: str, code: str) -> str | None:
    """The code of the area that handles category `code` for an RT (its ancestor at the
    category's level), or None when the level is not above this place."""
    item = category(code)
    if item is None:
        return None
    depth = LEVELS.index(AreaLevel(item.level)) + 1
    parts = place.split(".")
    return ".".join(parts[:depth]) if depth < len(parts) else None
