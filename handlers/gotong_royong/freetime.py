"""WAKTU: the resident's usual free times (several at once: `1 3`), which GOTONG shows first."""

from __future__ import annotations

from handlers.flows import Flow, register
from handlers.gotong_royong import service
from handlers.gotong_royong.common import not_picked, picked, slot_label
from handlers.turn import Turn
from models import (
    Availability,
)


@register
class FreeTime(Flow):
    name = "waktu"

    async def start(self, turn: Turn) -> None:
        turn.topic = "gotong.free_time"
        turn.begin(self.name, "slots")
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        t = turn.t
        lines = [t._("Kapan Anda biasanya bisa ikut gotong royong?")]
        lines += [f"{n}. {slot_label(t, slot)}" for n, slot in enumerate(service.SLOTS, start=1)]
        current = await Availability.get_or_none(resident_id=turn.resident.id)
        if current is not None and current.slots:
            lines.append(
                t._("Sekarang: {slots}.", slots=", ".join(slot_label(t, s) for s in current.slots))
            )
        lines.append(
            t._("Balas 1-{n}, boleh beberapa sekaligus, misalnya 1 3.", n=len(service.SLOTS))
        )
        turn.say("\n".join(lines))

    async def handle(self, turn: Turn) -> None:
        t = turn.t
        chosen = picked(turn.reply.text, len(service.SLOTS))
        if chosen is None:
            not_picked(turn, len(service.SLOTS))
            return
        slots = [service.SLOTS[i] for i in chosen]
        await service.set_availability(turn.resident.id, slots)
        turn.finish()
        turn.say(
            t._(
                "Tercatat, Anda biasanya bisa: {slots}. Terima kasih! Ketua RT melihat waktu yang cocok "
                "untuk kebanyakan warga. Ketik WAKTU untuk mengubah.",
                slots=", ".join(slot_label(t, s) for s in slots),
            )
        )
