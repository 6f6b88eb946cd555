""" "Saya sudah datang": the button under the reminder on the day asks the 4-digit site code.

The step ends after MAX_TRIES wrong codes (then the resident asks the RT head and sends
`DATANG GR12 4821`); the service's limit for the event, on every path, still holds across runs."""

from __future__ import annotations

import re

from handlers.flows import Flow, register
from handlers.gotong_royong import service
from handlers.turn import Turn
from models import (
    Event,
    EventStatus,
    Rsvp,
)

#: wrong site codes typed after one press of the button before the step ends
MAX_TRIES = 3


@register
class CheckIn(Flow):
    name = service.CHECKIN_FLOW

    async def offer(self, turn: Turn, event: Event) -> None:
        """The button under the reminder: ask the site code (when check-in is open)."""
        t = turn.t
        turn.topic = "event.checkin"
        if event.status is not EventStatus.OPEN:
            turn.say(t._("Gotong royong {code} sudah tidak berjalan.", code=event.code))
            return
        if turn.now < event.starts_at - service.CHECKIN_FROM:
            turn.say(await service.check_in_text(t, event, "early"))
            return
        if turn.now > event.starts_at + service.CHECKIN_UNTIL:
            turn.say(await service.check_in_text(t, event, "late"))
            return
        if await Rsvp.exists(
            event_id=event.id, resident_id=turn.resident.id, checked_in_at__not_isnull=True
        ):
            turn.say(
                t._(
                    "Anda sudah tercatat datang di gotong royong {code}. Terima kasih!",
                    code=event.code,
                )
            )
            return
        if await service.wrong_codes(event, turn.resident.id) >= service.MAX_WRONG_CODES:
            await service.say_check_in(turn, event, "locked")
            return
        turn.begin(self.name, "code", event=event.id, code=event.code, tries=0)
        await self.prompt(turn)

    async def start(self, turn: Turn) -> None:
        turn.finish()  # only ever started by the button

    async def prompt(self, turn: Turn) -> None:
        turn.say(
            turn.t._(
                "Tulis kode absen (4 angka) yang dibacakan atau ditempel ketua RT di lokasi {code}.",
                code=turn.data.get("code", ""),
            )
        )

    async def handle(self, turn: Turn) -> None:
        t = turn.t
        code = turn.reply.text.strip()
        if not re.fullmatch(r"[0-9]{4}", code):
            turn.say(
                t._(
                    "Kode absen itu 4 angka, misalnya 4821. Tanyakan kodenya ke ketua RT di tempat."
                )
            )
            return
        event = await Event.get_or_none(id=turn.data.get("event") or 0)
        if event is None:
            turn.finish()
            return
        result = await service.check_in(event, turn.resident.id, code, turn.now)
        tries = int(turn.data.get("tries", 0)) + 1
        if result == "wrong_code" and tries < MAX_TRIES:
            turn.data["tries"] = tries
            again = t._("Kode absen salah. Tanyakan kodenya ke ketua RT di tempat, lalu tulis lagi.")
            await service.say_check_in(turn, event, result, again)
            return
        turn.finish()
        await service.say_check_in(turn, event, result)
