"""GOTONG: a ketua RT creates an event for their own RT (an admin is not an RT head).

Which slots suit most of the RT → what → when → where → what to bring → repeat? → summary
(save and invite / change / drop). handlers/gotong_royong/service.py owns the event."""

from __future__ import annotations

import re
from datetime import datetime

from handlers.announcements.flow import DEFAULT_ZONE
from handlers.flows import Flow, register
from handlers.gotong_royong import service
from handlers.gotong_royong.common import (
    ask_when,
    ketua_rts,
    short_text,
    skipped,
    slot_label,
    when_from,
)
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.texts import Texts
from handlers.turn import Turn
from models import (
    Area,
    Rsvp,
)

#: how an event may repeat, in the order offered (None: once)
REPEATS = (None, "weekly", "first-sunday", "first-saturday")


def repeat_label(t: Texts, repeat: str | None) -> str:
    return {
        None: t._("Tidak"),
        "weekly": t._("Setiap minggu"),
        "first-sunday": t._("Minggu pertama tiap bulan"),
        "first-saturday": t._("Sabtu pertama tiap bulan"),
    }[repeat]


@register
class Create(Flow):
    name = "gotong"
    free_text = frozenset({"title", "place", "bring"})
    #: steps in order; after "Ubah" one step is asked and the summary comes again
    STEPS = ("title", "when", "place", "bring", "repeat")
    #: what "Ubah" offers: the steps, and the reminders (the defaults unless changed here)
    EDITABLE = (*STEPS, "remind")

    async def start(self, turn: Turn) -> None:
        turn.topic = "gotong.create"
        rts = await ketua_rts(turn.resident.id)
        if not rts:
            turn.finish()
            turn.say(
                turn.t._(
                    "Maaf, hanya ketua RT yang bisa membuat gotong royong untuk RT-nya. Undangan "
                    "gotong royong RT Anda akan saya kirim ke sini."
                )
            )
            return
        turn.begin(self.name, "title", rt=rts[0].id)
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        t, step = turn.t, turn.step
        rt = await Area.get_or_none(id=turn.data.get("rt") or 0)
        if rt is None:
            await self.start(turn)
        elif step == "title":
            turn.say(
                await slots_line(t, rt) + "\n" + t._("Apa kegiatannya? Contoh: Bersih selokan.")
            )
        elif step == "when":
            turn.say(ask_when(turn, rt))
        elif step == "place":
            turn.say(t._("Di mana tempatnya? Contoh: Pos ronda."))
        elif step == "bring":
            turn.say(
                t._(
                    "Apa yang perlu dibawa warga? Contoh: cangkul, karung. Kalau tidak ada, ketik lewati."
                ),
                [Option(t._("Lewati"), "skip")],
            )
        elif step == "repeat":
            turn.say(
                t._("Diulang?"),
                [Option(repeat_label(t, r), f"repeat:{r or 'none'}") for r in REPEATS],
            )
        elif step == "remind":
            turn.say(
                t._(
                    "Kapan warga diingatkan? Biasanya malam sebelumnya pukul 19.00 dan 2 jam "
                    "sebelum mulai. Tulis berapa jam sebelum mulai, misalnya 24 3, atau ketik biasa."
                )
            )
        elif step == "confirm":
            turn.say(
                _summary(t, turn.data, rt),
                [
                    Option(t._("Simpan & undang"), "gr:save"),
                    Option(t._("Ubah"), "gr:edit"),
                    Option(t._("Batal"), "gr:drop"),
                ],
            )
        elif step == "edit":
            labels = (
                t._("Kegiatan"),
                t._("Waktu"),
                t._("Tempat"),
                t._("Bawaan"),
                t._("Diulang"),
                t._("Pengingat"),
            )
            turn.say(
                t._("Apa yang diubah?"),
                [
                    Option(label, f"edit:{s}")
                    for label, s in zip(labels, self.EDITABLE, strict=True)
                ],
            )
        else:
            await self.start(turn)

    async def handle(self, turn: Turn) -> None:
        rt = await Area.get_or_none(id=turn.data.get("rt") or 0)
        step = turn.step
        if rt is None or step not in (*self.EDITABLE, "confirm", "edit"):
            await self.start(turn)
            return
        if step == "confirm":
            await self._decide(turn, rt)
            return
        if step == "edit":
            chosen = (turn.reply.choice or "").partition(":")[2]
            if chosen in self.EDITABLE:
                turn.goto(chosen)
            else:
                turn.say(turn.t._("Pilih salah satu nomor di bawah."))
            await self.prompt(turn)
            return
        value = await self._read(turn, rt, step)
        if value is False:
            await self.prompt(turn)
            return
        turn.data[step] = value
        if turn.data.get("back") or step == "repeat":
            turn.goto("confirm")
        else:
            turn.goto(self.STEPS[self.STEPS.index(step) + 1])
        await self.prompt(turn)

    async def _read(self, turn: Turn, rt: Area, step: str) -> object:
        """The answer to a step, None for "nothing", or False (asked again) when it will not do."""
        t = turn.t
        if step in ("title", "place"):
            text = short_text(turn.reply.text)
            if text is None:
                turn.say(t._("Tulis dengan singkat, paling banyak 120 huruf."))
                return False
            return text
        if step == "when":
            at = when_from(turn, rt)
            return False if at is None else at.isoformat()
        if step == "bring":
            if skipped(turn):
                return None
            return short_text(turn.reply.text) or False
        if step == "remind":
            return _reminder_hours(turn)
        choice = (turn.reply.choice or "").partition(":")[2]
        if choice == "none" or normalize(turn.reply.text) in ("TIDAK", "TDK", "NO"):
            return None
        if choice in REPEATS:
            return choice
        turn.say(t._("Pilih salah satu nomor di bawah."))
        return False

    async def _decide(self, turn: Turn, rt: Area) -> None:
        t = turn.t
        choice = turn.reply.choice or {"SIMPAN": "gr:save", "UBAH": "gr:edit"}.get(
            normalize(turn.reply.text)
        )
        if choice == "gr:edit":
            turn.data["back"] = True
            turn.goto("edit")
            await self.prompt(turn)
            return
        if choice == "gr:drop":
            turn.finish()
            turn.say(t._("Baik, gotong royong tidak dibuat."))
            return
        if choice != "gr:save":
            await self.prompt(turn)
            return
        data = turn.data
        starts_at = datetime.fromisoformat(data["when"])
        if starts_at <= turn.now:  # the summary waited too long
            turn.data["back"] = True
            turn.goto("when")
            turn.say(t._("Waktu itu sudah lewat. Tulis waktu yang baru."))
            await self.prompt(turn)
            return
        event = await service.create(
            rt=rt, title=data["title"], starts_at=starts_at, place=data["place"], now=turn.now,
            translate=turn.translate, bring=data.get("bring"), author_id=turn.resident.id,
            recurrence=data.get("repeat"), reminders=data.get("remind"),
        )  # fmt: skip
        turn.finish()
        invited = await Rsvp.filter(event_id=event.id).count()
        turn.say(
            t._(
                "Gotong royong {code} tersimpan. Undangan terkirim ke {n} warga; mereka menjawab "
                "HADIR {code}, TIDAK {code} atau MUNGKIN {code}. Kode absen saya kirim ke Anda pada "
                "hari itu, 3 jam sebelum mulai. Ketik ACARA untuk melihat jawaban warga.",
                code=event.code,
                n=invited,
            )
        )


def _summary(t: Texts, data: dict, rt: Area) -> str:
    at = datetime.fromisoformat(data["when"])
    lines = [
        t._("Periksa dulu:"),
        t._("Kegiatan: {title}", title=data["title"]),
        t._("Waktu: {when}", when=t.datetime(at, rt.timezone or DEFAULT_ZONE)),
        t._("Tempat: {place}", place=data["place"]),
        t._("Bawa: {bring}", bring=data["bring"]) if data.get("bring") else t._("Bawa: -"),
        t._("Diulang: {repeat}", repeat=repeat_label(t, data.get("repeat"))),
    ]
    if data.get("remind"):
        hours = ", ".join(t.number(h) for h in data["remind"])
        lines.append(t._("Pengingat: {hours} jam sebelum mulai", hours=hours))
    return "\n".join(lines)


#: "24 3": reminders this many hours before the start (at most a week before)
_HOURS = re.compile(r"\d{1,3}(?:[.,]5)?")
_FILLER = re.compile(r"\b(?:jam|dan)\b|[\s,.]", re.IGNORECASE)


def _reminder_hours(turn: Turn) -> list[float] | bool | None:
    """Hours before the start (largest first), None for the usual ones, False when unclear."""
    if normalize(turn.reply.text) in ("BIASA", "DEFAULT", "STANDAR"):
        return None
    found = _HOURS.findall(turn.reply.text)
    hours = sorted({float(h.replace(",", ".")) for h in found}, reverse=True)
    leftover = _FILLER.sub("", _HOURS.sub(" ", turn.reply.text))
    if not hours or leftover or not all(0 < h <= 168 for h in hours) or len(hours) > 4:
        turn.say(
            turn.t._(
                "Tulis angka jam sebelum mulai, paling lama 168 jam (seminggu), misalnya 24 3."
            )
        )
        return False
    return hours


async def slots_line(t: Texts, rt: Area) -> str:
    """Which usual free times suit most of the RT (WAKTU), most chosen first."""
    best = await service.best_slots(rt.id)
    if not best:
        return t._("Belum ada warga yang mengisi waktu luang.")
    shown = ", ".join(f"{slot_label(t, slot)} ({n})" for slot, n in best)
    return t._("Waktu luang warga: {slots}.", slots=shown)
