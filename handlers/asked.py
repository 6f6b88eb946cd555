"""Questions put to a resident outside a conversation, by a notice, and how their answers come back.

A notice that asks something ("Sudah beres? 1 Ya 2 Belum 3 Sebagian") calls `put` once per
recipient: it stores an `OpenQuestion` (one per resident, kind and ref; asking again renews it)
and returns the options to queue with the notice. Their values name the question
(`ask:<kind>:<ref>:<value>`), so a Telegram button press is recognised whatever the
conversation shows by then. A feature registers what answers its kind with `@answers(kind)`.

The rule, for every feature: a bare number answers the most recent question put to the resident.
The engine asks `answering` before it reads a reply. A bare number answers the resident's most
recent open question when that was put after the conversation's last prompt (or when the
conversation asks nothing: no flow, no numbered options); otherwise it is read against the
conversation's options as always. A button press answers its own question while that is open;
once answered or expired its buttons are stale ("Pilihan itu sudah tidak berlaku.").

Timing: `asked_at` is the wall clock, because it is compared with `ConversationState.updated_at`,
which the database layer stamps with the wall clock (`auto_now`); the engine saves the state each
time a turn puts a question, so `updated_at` is the time of the conversation's last prompt.
Expiry uses the callers' clocks (the notice's `now`, the turn's `now`). Expired and answered
questions are deleted when they are met.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from handlers.messages import Option
from handlers.turn import Turn
from models import ConversationState, OpenQuestion

#: the prefix of the option values a notice's buttons carry
PREFIX = "ask:"

#: what answers a kind of question: (turn, the question, the picked value); the question is
#: closed once it returns, unless it put the question again
Answer = Callable[[Turn, OpenQuestion, str], Awaitable[None]]
_ANSWERS: dict[str, Answer] = {}


def answers(kind: str) -> Callable[[Answer], Answer]:
    """Register the function that answers questions of `kind` (`complaint.fixed` …)."""

    def register(handler: Answer) -> Answer:
        _ANSWERS[kind] = handler
        return handler

    return register


def value_of(kind: str, ref: str, value: str) -> str:
    """The value a notice's button carries for one option of a question."""
    return f"{PREFIX}{kind}:{ref}:{value}"


def _parse(choice: str) -> tuple[str, str, str] | None:
    """(kind, ref, value) of a button value made by `value_of`; None for any other value."""
    if not choice.startswith(PREFIX):
        return None
    kind, _, rest = choice.removeprefix(PREFIX).partition(":")
    ref, _, value = rest.rpartition(":")
    return (kind, ref, value) if kind and ref and value else None


async def put(
    resident_id: int, kind: str, ref: str, options: Sequence[Option], *, expires_at: datetime
) -> tuple[Option, ...]:
    """Put a question to one resident (asked again: renewed); returns `options` with the values
    that name this question, to queue with the notice. Call it inside the notice's transaction."""
    await OpenQuestion.update_or_create(
        resident_id=resident_id,
        kind=kind,
        ref=ref,
        defaults={
            "options": [o.value for o in options],
            "asked_at": datetime.now(UTC),
            "expires_at": expires_at,
        },
    )
    return tuple(Option(o.label, value_of(kind, ref, o.value)) for o in options)


async def close(resident_id: int, kind: str, ref: str) -> None:
    """The question was answered another way (a keyword, a button of its own): a bare number
    must not answer it again."""
    await OpenQuestion.filter(resident_id=resident_id, kind=kind, ref=ref).delete()


@dataclass(frozen=True, slots=True)
class Answered:
    question: OpenQuestion
    #: the option value picked (`ya` …), as `put` was given it
    value: str


async def answering(
    resident_id: int, state: ConversationState, choice: str | None, text: str, now: datetime
) -> Answered | None:
    """The open question this message answers, if any: a button of one that is still open, or a
    bare number while the resident's most recent open question is newer than the conversation's
    last prompt (see the module docstring). None: read the message as usual (a stale button of a
    notice is then answered as stale, like any other)."""
    if choice is not None:
        parsed = _parse(choice)
        if parsed is None:
            return None
        kind, ref, value = parsed
        question = await _open(resident_id, now, kind=kind, ref=ref)
        return (
            Answered(question, value)
            if question is not None and value in question.options
            else None
        )
    number = text.strip().rstrip(".")
    if not number.isdecimal():
        return None
    question = await _open(resident_id, now)
    if question is None or not 1 <= int(number) <= len(question.options):
        return None
    asking = state.flow is not None or bool(state.options)
    if asking and state.updated_at is not None and question.asked_at <= state.updated_at:
        return None  # the conversation asked since: the number is its answer
    return Answered(question, question.options[int(number) - 1])


async def _open(resident_id: int, now: datetime, **which: str) -> OpenQuestion | None:
    """The resident's most recent open question (of one kind and ref, if given); when that one has
    expired, the resident's expired questions go and the next is looked at."""
    mine = OpenQuestion.filter(resident_id=resident_id)
    while True:  # at most twice: after the delete, nothing found has expired
        question = await mine.filter(**which).order_by("-asked_at", "-id").first()
        if question is None or question.expires_at > now:
            return question
        await mine.filter(expires_at__lte=now).delete()


async def answer(turn: Turn, answered: Answered) -> None:
    """Hand the answer to its kind's handler, then close the question.

    Closed afterwards, so that a handler takes its locks in the order the notice did: the notice
    locks what it is about (a complaint) before it puts the question, so the handler must not
    hold the question's row while it waits for that lock. A question the handler put again
    (renewed: a new `asked_at`) stays open.
    """
    question = answered.question
    turn.topic = f"asked.{question.kind}"
    handler = _ANSWERS.get(question.kind)
    if handler is None:  # a kind no module answers any more: nothing to do but say so
        turn.say(turn.t._("Pilihan itu sudah tidak berlaku."))
    else:
        await handler(turn, question, answered.value)
    await OpenQuestion.filter(id=question.id, asked_at=question.asked_at).delete()
