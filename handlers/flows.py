"""Flow registry: each flow is a state machine whose state lives in ConversationState.

A flow module subclasses `Flow` and registers itself with `@register`. The engine hands
the active flow every message that is not a global keyword.
"""

from __future__ import annotations

from typing import ClassVar

from handlers.turn import Turn

FLOWS: dict[str, Flow] = {}


class Flow:
    name: ClassVar[str]

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
