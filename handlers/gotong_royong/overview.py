"""ACARA: a ketua RT sees their RT's open events with the tally and pledges, ticks names, moves
or cancels an event; a resident sees their RT's open events and their own answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from handlers.flows import Flow, register, yes_no
from handlers.gotong_royong import service
from handlers.gotong_royong.common import (
    ask_when,
    ketua_rts,
    not_picked,
    picked,
    pledge_label,
    short_text,
    skipped,
    when_from,
)
from handlers.messages import Option
from handlers.texts import Texts
from handlers.turn import Turn
from models import (
    Area,
    Event,
    EventStatus,
    Resident,
    Rsvp,
    RsvpAnswer,
)

KEEP = {"TETAP", "SAMA", "KEEP"}


def answer_label(t: Texts, answer: RsvpAnswer | None) -> str:
    return {
        RsvpAnswer.YES: t._("hadir"),
        RsvpAnswer.MAYBE: t._("mungkin"),
        RsvpAnswer.NO: t._("tidak"),
        None: t._("belum menjawab"),
    }[answer]


@register
class Events(Flow):
    name = "acara"
    free_text = frozenset({"move_place"})

    async def start(self, turn: Turn) -> None:
        turn.topic = "gotong.events"
        rts = await ketua_rts(turn.resident.id)
        if not rts:
            turn.finish()
            await self._mine(turn)
            return
        open_events = await _open_events([rt.id for rt in rts])
        if not open_events:
            turn.finish()
            turn.say(
                turn.t._("Belum ada gotong royong yang akan datang. Ketik GOTONG untuk membuat.")
            )
        elif len(open_events) == 1:
            turn.begin(self.name, "event", event=open_events[0].id)
            await self.prompt(turn)
        else:
            turn.begin(self.name, "list")
            await self.prompt(turn)

    async def _mine(self, turn: Turn) -> None:
        """A resident: their RT's open events and their own answer."""
        t = turn.t
        if turn.resident.area_id is None:
            turn.say(t._("Anda belum terdaftar di RT. Ketik DAFTAR untuk mendaftar."))
            return
        rows = await _open_events([turn.resident.area_id])
        if not rows:
            turn.say(t._("Belum ada gotong royong di RT Anda."))
            return
        rt = await Area.get(id=turn.resident.area_id)
        answers = dict(
            await Rsvp.filter(
                event_id__in=[e.id for e in rows], resident_id=turn.resident.id
            ).values_list("event_id", "answer")
        )
        lines = [t._("Gotong royong di RT Anda:")]
        for event in rows:
            lines.append(
                t._(
                    "{code} {title}, {when}, {place}. Jawaban Anda: {answer}.",
                    code=event.code, title=event.title, when=service.when(t, event, rt), place=event.place,
                    answer=answer_label(t, answers.get(event.id)),
                )
            )  # fmt: skip
        lines.append(t._("Untuk menjawab, kirim HADIR, TIDAK atau MUNGKIN dengan kodenya, misalnya HADIR {code}.",
                         code=rows[0].code))  # fmt: skip
        turn.say("\n".join(lines))

    async def prompt(self, turn: Turn) -> None:
        if turn.step == "list":
            await self._list(turn)
            return
        event = await self._event(turn)
        if event is None:
            return
        ask = _ASK.get(turn.step)
        if ask is None:
            await self.start(turn)
            return
        await ask(turn, event, await Area.get(id=event.area_id))

    async def _list(self, turn: Turn) -> None:
        t = turn.t
        rts = await ketua_rts(turn.resident.id)
        rows = await _open_events([rt.id for rt in rts])
        if len(rows) < 2:
            await self.start(turn)
            return
        lines = [t._("Gotong royong RT Anda:")]
        for event in rows:
            lines.append(await _tally_line(t, event))
        turn.say("\n".join(lines), [Option(f"{e.code} {e.title}", f"ev:{e.id}") for e in rows])

    async def handle(self, turn: Turn) -> None:
        step = turn.step
        if step == "list":
            value = turn.reply.choice or ""
            if not value.startswith("ev:") or not value[3:].isdigit():
                turn.answer_as_usual()
                return
            turn.data["event"] = int(value[3:])
            turn.goto("event")
            await self.prompt(turn)
            return
        event = await self._event(turn)
        if event is None:
            return
        if step == "event":
            value = turn.reply.choice or ""
            steps = {"ev:names": "names", "ev:move": "move_when", "ev:cancel": "cancel"}
            if value not in steps:
                turn.answer_as_usual()
                return
            turn.goto(steps[value])
            await self.prompt(turn)
        elif step == "names":
            await self._tick(turn, event)
        elif step == "move_when":
            await self._move_when(turn, event)
        elif step == "move_place":
            await self._move_place(turn, event)
        elif step == "cancel":
            await self._cancel(turn, event)
        else:
            await self.start(turn)

    async def _tick(self, turn: Turn, event: Event) -> None:
        t = turn.t
        ids = list(turn.data.get("ids") or [])
        chosen = picked(turn.reply.text, len(ids))
        if chosen is None:
            not_picked(turn, len(ids))
            return
        turn.finish()
        results = [
            await service.check_in(event, ids[i], None, turn.now, by="ketua_rt") for i in chosen
        ]
        if "early" in results or "late" in results:
            turn.say(
                await service.check_in_text(t, event, "early" if "early" in results else "late")
            )
            return
        names = await _names_of([ids[i] for i in chosen])
        figures = await service.tally(event)
        turn.say(
            t._(
                "Dicentang datang: {names}. Yang datang di {code} sekarang {came} orang.",
                names=", ".join(names),
                code=event.code,
                came=figures.came,
            )
        )

    async def _move_when(self, turn: Turn, event: Event) -> None:
        if skipped(turn, KEEP) or turn.reply.choice == "keep":
            turn.data["when"] = None
        else:
            at = when_from(turn, await Area.get(id=event.area_id))
            if at is None:
                return
            turn.data["when"] = at.isoformat()
        turn.goto("move_place")
        await self.prompt(turn)

    async def _move_place(self, turn: Turn, event: Event) -> None:
        t = turn.t
        if skipped(turn, KEEP) or turn.reply.choice == "keep":
            place = None
        else:
            place = short_text(turn.reply.text)
            if place is None:
                turn.say(t._("Tulis dengan singkat, paling banyak 120 huruf."))
                return
        moved = turn.data.get("when")
        turn.finish()
        if moved is None and place in (None, event.place):
            turn.say(t._("Tidak ada yang diubah."))
            return
        starts_at = datetime.fromisoformat(moved) if moved else event.starts_at
        try:
            told = await service.reschedule(event, starts_at, turn.now, turn.translate, place=place)
        except service.Invalid:
            turn.say(t._("Waktu itu sudah lewat. Ketik ACARA untuk mencoba lagi."))
            return
        rt = await Area.get(id=event.area_id)
        turn.say(
            t._(
                "Gotong royong {code} sekarang {when} di {place}. {n} warga yang diundang diberi tahu.",
                code=event.code,
                when=service.when(t, event, rt),
                place=event.place,
                n=told,
            )
        )

    async def _cancel(self, turn: Turn, event: Event) -> None:
        t = turn.t
        sure = yes_no(turn, "yes", "no")
        if sure is None:
            await self.prompt(turn)
            return
        turn.finish()
        if not sure:
            turn.say(t._("Baik, gotong royong {code} tidak dibatalkan.", code=event.code))
            return
        told = await service.cancel(event, turn.now, turn.translate)
        turn.say(
            t._(
                "Gotong royong {code} dibatalkan. {n} warga yang diundang diberi tahu.",
                code=event.code,
                n=told,
            )
        )

    async def _event(self, turn: Turn) -> Event | None:
        """The open event of their RT this conversation is about; None (and the flow ends) when gone."""
        rts = await ketua_rts(turn.resident.id)
        event = await Event.get_or_none(
            id=turn.data.get("event") or 0,
            status=EventStatus.OPEN,
            area_id__in=[rt.id for rt in rts],
        )
        if event is None:
            turn.finish()
            turn.say(
                turn.t._(
                    "Gotong royong itu sudah tidak berjalan. Ketik ACARA untuk melihat yang masih berjalan."
                )
            )
        return event


async def _open_events(area_ids: list[int]) -> list[Event]:
    return await Event.filter(area_id__in=area_ids, status=EventStatus.OPEN).order_by(
        "starts_at", "id"
    )


async def _tally_line(t: Texts, event: Event) -> str:
    figures = await service.tally(event)
    return t._(
        "{code} {title}: diundang {invited}, hadir {yes}, mungkin {maybe}, tidak {no}, datang {came}.",
        code=event.code, title=event.title, invited=figures.invited, yes=figures.yes, maybe=figures.maybe,
        no=figures.no, came=figures.came,
    )  # fmt: skip


async def _detail(t: Texts, event: Event, rt: Area) -> str:
    """An event for its RT head: when and where, the tally, and the pledges (names, never numbers)."""
    lines = [
        await _tally_line(t, event),
        t._("{when}, {place}.", when=service.when(t, event, rt), place=event.place),
    ]
    pledges = (
        await Rsvp.filter(event_id=event.id, pledge__not_isnull=True)
        .order_by("id")
        .values_list("resident__name", "pledge")
    )
    if pledges:
        given, nameless = [], t._("tanpa nama")
        for name, pledge in pledges:
            what = pledge_label(t, pledge.get("kind", "")).lower()
            if pledge.get("note"):
                what = f"{what} ({pledge['note']})"
            given.append(f"{name or nameless}: {what}")
        lines.append(t._("Sumbangan: {pledges}.", pledges="; ".join(given)))
    else:
        lines.append(t._("Belum ada janji sumbangan."))
    return "\n".join(lines)


#: the RSVP list: those who said yes first, then maybe, not answered, no
_ORDER = {RsvpAnswer.YES: 0, RsvpAnswer.MAYBE: 1, None: 2, RsvpAnswer.NO: 3}


async def _names(t: Texts, event: Event) -> tuple[list[int], list[str]]:
    rows = await Rsvp.filter(event_id=event.id).values_list(
        "resident_id", "resident__name", "answer", "checked_in_at"
    )
    rows.sort(key=lambda row: (_ORDER[row[2]], (row[1] or "").lower(), row[0]))
    lines, nameless, came_label = [], t._("tanpa nama"), t._("sudah datang")
    for number, (_, name, answer, came) in enumerate(rows, start=1):
        label = answer_label(t, answer) + (f", {came_label}" if came else "")
        lines.append(f"{number}. {name or nameless} ({label})")
    return [row[0] for row in rows], lines


async def _names_of(resident_ids: list[int]) -> list[str]:
    names = dict(await Resident.filter(id__in=resident_ids).values_list("id", "name"))
    return [names.get(rid) or "-" for rid in resident_ids]


# --- what ACARA asks at each step about one event ---------------------------------------------


async def _ask_event(turn: Turn, event: Event, rt: Area) -> None:
    t = turn.t
    turn.say(
        await _detail(t, event, rt),
        [
            Option(t._("Daftar hadir"), "ev:names"),
            Option(t._("Ubah waktu/tempat"), "ev:move"),
            Option(t._("Batalkan"), "ev:cancel"),
        ],
    )


async def _ask_names(turn: Turn, event: Event, rt: Area) -> None:
    t = turn.t
    ids, lines = await _names(t, event)
    turn.data["ids"] = ids
    if len(ids) > 1:
        hint = t._(
            "Balas 1-{n} untuk mencentang yang sudah datang; boleh beberapa, misalnya 1 3.",
            n=len(ids),
        )
    else:
        hint = t._("Balas 1 untuk mencentang yang sudah datang.")
    turn.say("\n".join([t._("Daftar hadir {code}:", code=event.code), *lines, hint]))


async def _ask_move_when(turn: Turn, event: Event, rt: Area) -> None:
    t = turn.t
    turn.say(
        ask_when(turn, rt) + " " + t._("Kalau waktunya tetap, ketik tetap."),
        [Option(t._("Tetap"), "keep")],
    )


async def _ask_move_place(turn: Turn, event: Event, rt: Area) -> None:
    t = turn.t
    turn.say(
        t._(
            "Tempat sekarang: {place}. Tulis tempat yang baru, atau ketik tetap.",
            place=event.place,
        ),
        [Option(t._("Tetap"), "keep")],
    )


async def _ask_cancel(turn: Turn, event: Event, rt: Area) -> None:
    t = turn.t
    turn.say(
        t._(
            "Batalkan gotong royong {code} ({title})? Semua warga yang diundang akan diberi tahu.",
            code=event.code,
            title=event.title,
        ),
        [Option(t._("Ya, batalkan"), "yes"), Option(t._("Tidak"), "no")],
    )


_ASK: dict[str | None, Callable[[Turn, Event, Area], Awaitable[None]]] = {
    "event": _ask_event,
    "names": _ask_names,
    "move_when": _ask_move_when,
    "move_place": _ask_move_place,
    "cancel": _ask_cancel,
}
