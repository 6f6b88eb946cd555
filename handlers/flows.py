"""Flow registry: each flow is a state machine whose state lives in ConversationState.

A flow module subclasses `Flow` and registers itself with `@register`. The engine hands
the active flow every message that is not a global keyword.
"""

from __future__ import annotations

from typing import ClassVar

from handlers.keywords import normalize
from handlers.turn import Turn

FLOWS: dict[str, Flow] = {}

#: how residents say yes / no to a flow's question (besides picking the option)
YES = {"YA", "Y", "IYA", "YES", "SETUJU", "OK", "OKE", "BOLEH", "MAU"}
NO = {"TIDAK", "TDK", "GAK", "GA", "ENGGAK", "NGGAK", "NO", "TIDAK SETUJU", "BELUM"}


def yes_no(turn: Turn, yes_value: str, no_value: str, yes_words: set[str] = YES) -> bool | None:
    """True / False for a picked option or a typed yes / no word; None when it is neither."""
    choice = turn.reply.choice
    if choice is not None:
        return True if choice == yes_value else False if choice == no_value else None
    word = normalize(turn.reply.text)
    return True if word in yes_words else False if word in NO else None


class Flow:
    name: ClassVar[str]
    #: steps that take free text (an announcement, a name): there `INFO …` / `DAFTAR …` are text,
    #: and only whole-message keywords (MENU, BATAL …) interrupt
    free_text: ClassVar[frozenset[str]] = frozenset()
    #: steps that take a photo or a location pin with no text (a complaint's photo): elsewhere a
    #: message without text is answered "Pesan Anda kosong"
    takes_media: ClassVar[frozenset[str]] = frozenset()

    async def start(self, turn: Turn) -> None:
        """Enter the flow and ask its first question."""
        raise NotImplementedError

    async def handle(self, turn: Turn) -> None:
        """Read `turn.reply` in the current step; move on, re-ask, or finish."""
        raise NotImplementedError

    async def prompt(self, turn: Turn) -> None:
        """Ask the current step's question again (after BANTUAN, BAHASA, bad input)."""
        raise NotImplementedError


def register(cls: type[Flow]) -> type[Flow]:
    FLOWS[cls.name] = cls()
    return cls


def get(name: str | None) -> Flow | None:
    return FLOWS.get(name) if name else None
