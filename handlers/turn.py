"""One turn of conversation: who wrote, what they wrote, their persisted state, and the replies.

Flows and keyword handlers receive a `Turn`, read `reply`, call `say()`, and move the
resident's flow with `goto()` / `finish()`. The engine persists the state afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from handlers.messages import Inbound, Option, Outbound
from handlers.texts import Texts, Translate
from models import ConversationState, Identity, Resident

if TYPE_CHECKING:
    from handlers.asked import Answered


@dataclass(frozen=True, slots=True)
class Reply:
    """What the resident answered: raw `text`, and `choice` when it picked a shown option."""

    text: str
    choice: str | None = None


@dataclass
class Turn:
    inbound: Inbound
    reply: Reply
    resident: Resident
    identity: Identity
    state: ConversationState
    t: Texts
    translate: Translate
    now: datetime
    topic: str | None = None
    replies: list[Outbound] = field(default_factory=list)
    #: set by HAPUS DATA: the resident row is gone, nothing more may be saved for it
    erased: bool = False
    #: what one SMS segment costs in rupiah (SMS_COST_PER_SEGMENT), for announcement cost estimates
    sms_cost_per_segment: int = 350
    #: complaints one resident may file in 24 hours (COMPLAINTS_PER_DAY)
    complaints_per_day: int = 5
    #: set by `answer_as_usual`: the engine answers the message as if no flow were running
    as_usual: bool = False
    #: set by the engine: the question a notice put that this message answers (handlers/asked.py)
    asked: Answered | None = None

    def say(
        self,
        text: str,
        options: list[Option] | tuple[Option, ...] = (),
        *,
        topic: str | None = None,
        content_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Queue a reply; options shown here become the ones a numbered answer refers to."""
        self.replies.append(
            Outbound(
                identity=self.inbound.reply_to,
                text=text,
                options=tuple(options),
                detail=detail,
                locale=self.t.locale,
                topic=topic or self.topic,
                content_id=content_id,
            )
        )

    def set_locale(self, locale: str) -> None:
        self.resident.locale = locale
        self.t = self.translate(locale)

    # --- flow state -------------------------------------------------------------------

    @property
    def flow(self) -> str | None:
        return self.state.flow

    @property
    def step(self) -> str | None:
        return self.state.step

    @property
    def data(self) -> dict:
        return self.state.data

    def begin(self, flow: str, step: str, **data: object) -> None:
        self.state.flow, self.state.step, self.state.data = flow, step, dict(data)

    def goto(self, step: str) -> None:
        self.state.step = step

    def finish(self) -> None:
        self.state.flow, self.state.step, self.state.data = None, None, {}

    def answer_as_usual(self) -> None:
        """Leave the active flow and hand the message back to the engine, which answers it as a
        normal message (greeting, glossary, FAQ …). Flows never import the router themselves."""
        self.finish()
        self.as_usual = True
