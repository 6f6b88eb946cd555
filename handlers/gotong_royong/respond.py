"""After a TIDAK to an invitation (`TIDAK GR12` or the Tidak button): materials, food or money
instead, with an optional note."""

from __future__ import annotations

from handlers.flows import Flow, register
from handlers.gotong_royong import service
from handlers.gotong_royong.common import pledge_label, short_text, skipped
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.turn import Turn
from models import (
    Event,
    EventStatus,
)

PLEDGES = ("bahan", "makanan", "uang")


@register
class Pledge(Flow):
    name = service.PLEDGE_FLOW
    free_text = frozenset({"note"})

    async def offer(self, turn: Turn, event: Event, said: str) -> None:
        """After a NO answer: `said` (the answer recorded) and the question, in one message."""
        turn.begin(self.name, "kind", event=event.id, code=event.code)
        turn.say(said + "\n" + self._question(turn), self._options(turn))

    def _question(self, turn: Turn) -> str:
        return turn.t._("Mau menyumbang sebagai gantinya?")

    def _options(self, turn: Turn) -> list[Option]:
        t = turn.t
        return [Option(pledge_label(t, kind), f"pledge:{kind}") for kind in PLEDGES] + [
            Option(t._("Tidak"), "pledge:none")
        ]

    async def start(self, turn: Turn) -> None:
        turn.finish()  # only ever offered after an answer

    async def prompt(self, turn: Turn) -> None:
        t = turn.t
        if turn.step == "kind":
            turn.say(self._question(turn), self._options(turn))
        elif turn.step == "note":
            turn.say(
                t._(
                    "Tulis keterangan singkat, misalnya: 2 sak semen, atau nasi bungkus 10. Kalau tidak ada, ketik lewati."
                ),
                [Option(t._("Lewati"), "skip")],
            )
        else:
            turn.finish()

    async def handle(self, turn: Turn) -> None:
        t = turn.t
        if turn.step == "kind":
            kind = (turn.reply.choice or "").partition(":")[2] or normalize(turn.reply.text).lower()
            if kind == "none" or normalize(turn.reply.text) in ("TIDAK", "TDK", "GAK", "NO"):
                turn.finish()
                turn.say(t._("Baik, terima kasih."))
            elif kind in PLEDGES:
                turn.data["kind"] = kind
                turn.goto("note")
                await self.prompt(turn)
            else:  # something else entirely: answered as usual
                turn.answer_as_usual()
            return
        if turn.step != "note":
            turn.finish()
            return
        note = None if skipped(turn) else short_text(turn.reply.text)
        if note is None and not skipped(turn):
            turn.say(t._("Tulis dengan singkat, paling banyak 120 huruf."))
            return
        event = await Event.get_or_none(id=turn.data.get("event") or 0)
        kind, code = turn.data.get("kind", ""), turn.data.get("code", "")
        turn.finish()
        if event is None or event.status is not EventStatus.OPEN:
            turn.say(t._("Gotong royong {code} sudah tidak berjalan.", code=code))
            return
        await service.pledge(event, turn.resident.id, kind, note)
        turn.say(
            t._(
                "Terima kasih! Sumbangan {kind} untuk gotong royong {code} tercatat; ketua RT bisa melihatnya.",
                kind=pledge_label(t, kind).lower(),
                code=code,
            )
        )
