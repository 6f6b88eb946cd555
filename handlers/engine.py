"""`Engine.handle(inbound) -> list[Outbound]`: the one way a message enters the core.

Order, fixed for every later feature: identity resolution and the resident's turn lock (turns of
one resident run one after the other, see `residents.begin_turn`) → dedupe of a repeated inbound
message (its `message_key`) → an answer to a question a notice put (`handlers/asked.py`: a bare
number or a notice's button, when that question is the most recent one put to the resident) →
global keyword → feature keyword with an existing code → the active flow → a numbered
reply to the last menu → intent / FAQ. Every inbound and outbound message is logged, and every
reply is recorded as an outbox row in the same transaction.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from handlers import asked, flows, keywords, menu, routing

# every feature's flows register themselves when their module is imported
from handlers.announcements import flow as _announcement_flow  # noqa: F401
from handlers.complaints import feedback as _complaint_feedback  # noqa: F401
from handlers.complaints import intake as _complaint_intake  # noqa: F401
from handlers.gotong_royong import checkin, create, freetime, overview, respond  # noqa: F401
from handlers.messages import Inbound, Outbound
from handlers.outbox import queue as outbox
from handlers.outbox import sms
from handlers.programs import flow as _program_flow  # noqa: F401
from handlers.residents import erasure, groups, linking, onboarding  # noqa: F401
from handlers.residents import service as residents
from handlers.texts import Translate
from handlers.turn import Reply, Turn
from models import Direction, Interaction, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

#: C0/C1 control characters except tab and newline: stripped from what residents send
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
#: a stale or forged button press is answered, never obeyed
STALE = "\x00stale"

#: a feature keyword followed by a code (HADIR GR12 …); returns True when it handled the turn
CodeKeyword = Callable[[Turn], Awaitable[bool]]


#: tries of a turn that lost a race to create a row (see `handle`); the second finds the row
RACE_ATTEMPTS = 3


class _Duplicate(Exception):
    """The channel delivered a message we already processed."""


def clean_text(text: str) -> str:
    """NFC-normalised text without control or direction-override characters."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text or ""))


def utcnow() -> datetime:
    return datetime.now(UTC)


class Engine:
    def __init__(
        self,
        translate: Translate,
        *,
        default_locale: str = "id",
        clock: Callable[[], datetime] = utcnow,
        code_keywords: list[CodeKeyword] | None = None,
        flood_per_minute: dict[str, int] | None = None,
        max_sms_segments: int = 3,
        sms_cost_per_segment: int = 350,
        complaints_per_day: int = 5,
    ) -> None:
        self.translate = translate
        self.default_locale = default_locale
        self.clock = clock
        self.code_keywords = list(code_keywords or [])
        #: channel → messages a minute from one resident that still get answers (SMS costs money)
        self.flood_per_minute = dict(flood_per_minute or {})
        #: an SMS reply longer than this is cut; the rest waits for LANJUT
        self.max_sms_segments = max_sms_segments
        #: rupiah per SMS segment, for the cost an announcement preview estimates
        self.sms_cost_per_segment = sms_cost_per_segment
        #: complaints one resident may file in 24 hours (COMPLAINTS_PER_DAY)
        self.complaints_per_day = complaints_per_day

    async def handle(self, inbound: Inbound, *, delivered_inline: bool = False) -> list[Outbound]:
        """Process one inbound message; returns the replies, already recorded in the outbox.

        `delivered_inline`: the caller shows the replies itself (the terminal shell), so they are
        recorded as sent, never picked up by a dispatcher as well.
        """
        attempt = 1
        while True:
            try:
                return await self._turn(inbound, delivered_inline)
            except _Duplicate:
                # the key, never the id: a Gammu id is a file name with the phone number in it
                log.info("repeated inbound on %s ignored (key %s)", inbound.channel, inbound.message_key)
                return []
            except (IntegrityError, residents.Raced):
                if await _seen(inbound.channel, inbound.message_key):
                    return []  # the same message raced in twice; the other one was stored
                # a row this turn wanted to create (the resident, their conversation) was made
                # or deleted by another transaction that won the race: the whole turn was rolled
                # back, and the next attempt finds who wrote anew
                if attempt == RACE_ATTEMPTS:
                    raise
                attempt += 1
                log.info("turn on %s lost a race to create or find a row; trying again", inbound.channel)

    async def _turn(self, inbound: Inbound, delivered_inline: bool) -> list[Outbound]:
        now = inbound.received_at or self.clock()
        text = clean_text(inbound.text)
        async with in_transaction():
            # from here until the commit other turns of this resident wait (begin_turn)
            identity, resident, state = await residents.begin_turn(inbound.identity, self.default_locale)
            # after the lock: a copy of this message that came in at the same moment is stored now
            if await _seen(inbound.channel, inbound.message_key):
                raise _Duplicate
            # a deep copy: a flow may change a nested part of its data in place
            before = copy.deepcopy((state.flow, state.step, state.data, state.options, state.more))
            # a question a notice put, when this answers it (a read, and expired questions go)
            answered = None
            if inbound.group is None:
                answered = await asked.answering(resident.id, state, inbound.choice, text, now)
            turn = Turn(
                inbound=inbound,
                # a group turn never answers the writer's private menu
                reply=(
                    Reply(text, answered.value)
                    if answered
                    else _read_reply(inbound, text, [] if inbound.group else state.options)
                ),
                asked=answered,
                resident=resident,
                identity=identity,
                state=state,
                t=self.translate(resident.locale),
                translate=self.translate,
                now=now,
                sms_cost_per_segment=self.sms_cost_per_segment,
                complaints_per_day=self.complaints_per_day,
            )
            if await self._flooding(turn):
                await self._flood_notice(turn)
            else:
                await self._run(turn, before)
                self._fit_sms(turn)
            await self._log_inbound(turn, text)
            if not turn.erased and inbound.group is None:
                await self._save_state(turn, before)
            return await self._record(turn, delivered_inline)

    async def record_automated(
        self,
        channel: str,
        text: str,
        external_id: str | None,
        message_key: str | None,
        at: datetime | None = None,
    ) -> None:
        """A message from an automated sender (operator notice, short code, alphanumeric id):
        stored for the officers, never answered, so two machines never talk in a loop."""
        try:
            await Interaction.create(
                direction=Direction.IN, channel=channel, external_id=external_id, message_key=message_key,
                text=clean_text(text), topic="automated_sender", created_at=at or self.clock(),
            )  # fmt: skip
        except IntegrityError:
            log.info("repeated automated message on %s ignored (key %s)", channel, message_key)

    async def _flooding(self, turn: Turn) -> bool:
        """More messages from this resident on this channel in the last minute than it allows."""
        limit = self.flood_per_minute.get(turn.inbound.channel)
        if not limit:
            return False
        recent = await Interaction.filter(
            direction=Direction.IN, channel=turn.inbound.channel, resident_id=turn.resident.id,
            created_at__gt=turn.now - timedelta(minutes=1),
        ).count()  # fmt: skip
        return recent >= limit

    async def _flood_notice(self, turn: Turn) -> None:
        """Stored and logged, not answered; one notice an hour says why."""
        turn.topic = "flood"
        noticed = await Interaction.filter(
            direction=Direction.OUT, channel=turn.inbound.channel, resident_id=turn.resident.id,
            topic="flood", created_at__gt=turn.now - timedelta(hours=1),
        ).exists()  # fmt: skip
        if not noticed:
            turn.say(
                turn.t._(
                    "Anda mengirim banyak pesan dalam waktu singkat. Pesan Anda tetap kami simpan, "
                    "tetapi balasan kami tunda sebentar. Coba lagi beberapa menit lagi."
                )
            )

    async def _run(self, turn: Turn, before: tuple) -> None:
        """Dispatch in a savepoint; if anything fails the resident gets an apology, not a trace,
        and keeps the conversation (a draft, the step) the turn started with: the savepoint rolls
        the database back, and this puts back what the failed turn changed in memory."""
        state = turn.state
        try:
            async with in_transaction():
                await self._dispatch(turn)
        except Exception:
            log.exception("turn failed for resident %s (topic %s)", turn.resident.id, turn.topic)
            state.flow, state.step, state.data, state.options, state.more = copy.deepcopy(before)
            await turn.resident.refresh_from_db()  # the rolled-back writes may have changed it
            turn.t = turn.translate(turn.resident.locale)
            turn.as_usual = False
            turn.replies = []
            turn.topic = "error"
            turn.erased = False
            turn.say(
                turn.t._("Maaf, terjadi gangguan. Silakan coba lagi sebentar lagi, atau ketik MENU.")
            )

    async def _dispatch(self, turn: Turn) -> None:
        await self._route(turn)
        if turn.as_usual:  # a flow or keyword handed the message back: answer it as usual
            turn.as_usual = False
            await routing.respond(turn)

    async def _route(self, turn: Turn) -> None:
        if turn.inbound.group is not None:
            await groups.handle(turn)
            return
        if turn.inbound.contact_phone is not None:
            await linking.contact_shared(turn)
            return
        if turn.asked is not None:  # the number or button answers a notice's question
            await asked.answer(turn, turn.asked)
            return
        if turn.inbound.choice is None:
            found = keywords.match(turn.reply.text)
            if found is not None and not (found[1] and _writing_freely(turn)):
                await menu.run_keyword(turn, *found)
                return
        for code_keyword in self.code_keywords:
            if await code_keyword(turn):
                return
        if turn.reply.choice == STALE:
            turn.topic = "stale_choice"
            turn.reply = Reply(turn.reply.text)
            turn.say(turn.t._("Pilihan itu sudah tidak berlaku."))
            active = flows.get(turn.flow)
            if active is not None:
                await active.prompt(turn)
            else:
                await menu.show_menu(turn)
            return
        active = flows.get(turn.flow)
        if active is not None:
            turn.topic = active.name
            media = turn.step in active.takes_media and (turn.inbound.media or turn.inbound.location is not None)
            if turn.reply.choice is None and not turn.reply.text.strip() and not media:
                turn.say(turn.t._("Pesan Anda kosong."))
                await active.prompt(turn)
            else:
                await active.handle(turn)
            return
        if turn.reply.choice is not None:
            turn.topic = "menu"
            await menu.choose(turn)
            return
        await routing.respond(turn)

    def _fit_sms(self, turn: Turn) -> None:
        """Cut an SMS reply at the segment limit: the rest (and any later reply of this turn)
        waits in the conversation state for LANJUT. A new reply replaces what was waiting."""
        if turn.inbound.channel != "sms" or turn.inbound.group is not None:
            return
        replies, waiting = [], []
        for reply in turn.replies:
            if waiting:
                waiting.append(reply)
                continue
            head, rest = sms.fit(reply, turn.t, self.max_sms_segments)
            replies.append(head)
            if rest is not None:
                waiting.append(rest)
        turn.replies = replies
        turn.state.more = [sms.as_payload(part) for part in waiting]

    async def _log_inbound(self, turn: Turn, text: str) -> None:
        inbound = turn.inbound
        await Interaction.create(
            direction=Direction.IN,
            channel=inbound.channel,
            resident_id=None if turn.erased else turn.resident.id,
            area_id=turn.resident.area_id,
            external_id=None if turn.erased else inbound.id,
            # kept after HAPUS DATA (a keyed hash): its redelivery must not make a new resident
            message_key=inbound.message_key,
            text=None if turn.erased else text,
            topic=turn.topic,
            created_at=turn.now,
        )

    async def _save_state(self, turn: Turn, before: tuple) -> None:
        state = turn.state
        shown = next((r.options for r in reversed(turn.replies) if r.options), ())
        state.options = [option.value for option in shown]
        after = (state.flow, state.step, state.data, state.options, state.more)
        # saved also when the same question was put again (a menu shown twice, a step asked
        # again): `updated_at` is then the time of the conversation's last prompt, which a bare
        # number's reading compares with a notice's question (handlers/asked.py)
        if after != before or (turn.replies and (state.flow is not None or state.options)):
            await state.save()

    async def _record(self, turn: Turn, delivered_inline: bool = False) -> list[Outbound]:
        """Write each reply to the outbox and the interaction log; return them with outbox ids."""
        resident_id = None if turn.erased else turn.resident.id
        # an erased resident's last reply shown inline keeps nothing that points at them
        scrub = delivered_inline and resident_id is None
        recorded = []
        for reply in turn.replies:
            row = await OutboxMessage.create(
                resident_id=resident_id,
                identity=None if scrub else reply.identity,
                channel=reply.channel,
                text="" if scrub else reply.text,
                status=OutboxStatus.SENT if delivered_inline else OutboxStatus.QUEUED,
                sent_at=turn.now if delivered_inline else None,
                payload=outbox.payload_of(reply),
                locale=reply.locale,
                priority=outbox.row_priority(reply.priority),
                cause_type="inbound",
                cause_id=None if turn.erased else turn.inbound.id,  # Gammu's ids hold the number
                created_at=turn.now,
            )
            await Interaction.create(
                direction=Direction.OUT,
                channel=reply.channel,
                resident_id=resident_id,
                area_id=turn.resident.area_id,
                text=None if turn.erased else reply.text,
                topic=reply.topic or turn.topic,
                content_id=reply.content_id,
                created_at=turn.now,
            )
            recorded.append(dataclasses.replace(reply, outbox_id=row.id))
        return recorded


async def _seen(channel: str, message_key: str | None) -> bool:
    """This message was processed before (a message without a key never counts as seen)."""
    return message_key is not None and await Interaction.exists(channel=channel, message_key=message_key)


def _writing_freely(turn: Turn) -> bool:
    """The active step takes any text (an announcement's body): there "Info kerja bakti …" or
    "Daftar hadir …" is what the resident wrote, so only whole-message keywords count."""
    active = flows.get(turn.flow)
    return active is not None and turn.step in active.free_text


def _read_reply(inbound: Inbound, text: str, options: list[str]) -> Reply:
    """Resolve a button press or a bare number against the options last shown."""
    if inbound.choice is not None:
        return Reply(text, inbound.choice if inbound.choice in options else STALE)
    stripped = text.strip().rstrip(".")
    if stripped.isdecimal() and options and 1 <= int(stripped) <= len(options):
        return Reply(text, options[int(stripped) - 1])
    return Reply(text)
