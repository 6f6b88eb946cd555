"""GOTONG, ACARA, WAKTU and the small steps after an invitation: the chat side of gotong royong.

handlers/events.py owns events, answers, check-in, pledges and free times; these flows only ask
and show. Only a ketua RT creates events, for their own RT (an admin is not an RT head).

- `gotong`: which slots suit most of the RT → what → when → where → what to bring → repeat? →
  summary (save and invite / change / drop).
- `gotong_pledge`: started by a NO answer (`TIDAK GR12` or the Tidak button): materials, food or
  money instead, with an optional note.
- `gotong_checkin`: started by the "Saya sudah datang" button under the reminder on the day: asks
  the 4-digit site code.
- `acara`: ACARA. A ketua RT sees their RT's open events with the tally and pledges, ticks names,
  moves or cancels an event; a resident sees their RT's open events and their own answer.
- `waktu`: WAKTU, the resident's usual free times (several at once: `1 3`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from handlers import events
from handlers.announce import DEFAULT_ZONE, parse_when
from handlers.flows import Flow, register, yes_no
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.texts import Texts
from handlers.turn import Turn
from models import (
    Area,
    AreaLevel,
    Availability,
    Event,
    EventStatus,
    Resident,
    Role,
    RoleKind,
    Rsvp,
    RsvpAnswer,
)

#: what may be typed for "nothing" (what to bring, a note, a place that stays)
SKIP = {"LEWATI", "SKIP", "TIDAK ADA", "-", "KOSONG"}
KEEP = {"TETAP", "SAMA", "KEEP"}
#: how an event may repeat, in the order offered (None: once)
REPEATS = (None, "weekly", "first-sunday", "first-saturday")
PLEDGES = ("bahan", "makanan", "uang")
#: wrong site codes typed after the button before the step ends (a 4-digit code is guessable)
MAX_TRIES = 3
_TOKENS = re.compile(r"[^\s,;.]+")


def slot_label(t: Texts, slot: str) -> str:
    return {
        "weekday_evening": t._("Malam hari kerja"),
        "saturday_morning": t._("Sabtu pagi"),
        "saturday_afternoon": t._("Sabtu sore"),
        "sunday_morning": t._("Minggu pagi"),
        "sunday_afternoon": t._("Minggu sore"),
    }[slot]


def repeat_label(t: Texts, repeat: str | None) -> str:
    return {
        None: t._("Tidak"),
        "weekly": t._("Setiap minggu"),
        "first-sunday": t._("Minggu pertama tiap bulan"),
        "first-saturday": t._("Sabtu pertama tiap bulan"),
    }[repeat]


def pledge_label(t: Texts, kind: str) -> str:
    return {"bahan": t._("Bahan"), "makanan": t._("Makanan"), "uang": t._("Uang")}.get(kind, kind)


def answer_label(t: Texts, answer: RsvpAnswer | None) -> str:
    return {
        RsvpAnswer.YES: t._("hadir"),
        RsvpAnswer.MAYBE: t._("mungkin"),
        RsvpAnswer.NO: t._("tidak"),
        None: t._("belum menjawab"),
    }[answer]


async def ketua_rts(resident_id: int) -> list[Area]:
    """The RTs this resident heads (a role from `kabarrt roles grant`)."""
    roles = await Role.filter(resident_id=resident_id, kind=RoleKind.KETUA_RT).select_related(
        "area"
    )
    return sorted(
        (r.area for r in roles if r.area.level is AreaLevel.RT), key=lambda area: area.code
    )


async def is_ketua(resident_id: int) -> bool:
    """Heads an RT: the main menu offers "Buat gotong royong"."""
    return bool(await ketua_rts(resident_id))


def picked(text: str, count: int) -> list[int] | None:
    """`1 3`, `1,3`, `1 dan 3` → [0, 2]; None when anything is not a number from 1 to count."""
    tokens = [w for w in _TOKENS.findall(text.lower()) if w not in ("dan", "and")]
    if not tokens or not all(w.isdecimal() and 1 <= int(w) <= count for w in tokens):
        return None
    return sorted({int(w) - 1 for w in tokens})


def _skipped(turn: Turn, words: set[str] = SKIP) -> bool:
    return turn.reply.choice == "skip" or normalize(turn.reply.text) in words


def _short(text: str) -> str | None:
    """Typed text for a title, place, thing to bring or note: None when empty or too long."""
    text = " ".join(text.split())
    return text if 0 < len(text) <= 120 else None


def _when_from(turn: Turn, rt: Area) -> datetime | None:
    """The typed time in the RT's zone, as UTC; says why and returns None when it will not do."""
    t = turn.t
    at = parse_when(turn.reply.text, turn.now.astimezone(events.zone(rt)))
    if at is None:
        turn.say(
            t._(
                "Maaf, waktunya tidak saya pahami. Tulis tanggal dan jam, contoh: 25/11 19.00 atau besok 07.00."
            )
        )
        return None
    if at <= turn.now:
        turn.say(
            t._(
                "Waktu itu sudah lewat (sekarang {now}). Tulis waktu yang akan datang, contoh: besok 07.00.",
                now=t.datetime(turn.now, rt.timezone or DEFAULT_ZONE),
            )
        )
        return None
    return at.astimezone(UTC)


def _ask_when(turn: Turn, rt: Area) -> str:
    zone = turn.now.astimezone(events.zone(rt)).tzname()
    return turn.t._(
        "Kapan? Tulis tanggal dan jam ({zone}), contoh: 29/11 07.00 atau besok 07.00.", zone=zone
    )


async def _leave(turn: Turn) -> None:
    """Something else was typed in a list: leave it and answer the message as usual."""
    from handlers import intents  # intents → menu → this module

    turn.finish()
    await intents.respond(turn)


async def _not_picked(turn: Turn, count: int) -> None:
    """A multi-select answer that is not numbers 1..count: numbers are asked again, anything
    else leaves the step and is answered as usual."""
    if any(c.isdigit() for c in turn.reply.text):
        turn.say(turn.t._("Balas nomor 1 sampai {n}, misalnya 1 3.", n=count))
        return
    await _leave(turn)


# --- GOTONG: create an event -------------------------------------------------------------------


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
            turn.say(_ask_when(turn, rt))
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
            labels = (t._("Kegiatan"), t._("Waktu"), t._("Tempat"), t._("Bawaan"), t._("Diulang"), t._("Pengingat"))
            turn.say(
                t._("Apa yang diubah?"),
                [Option(label, f"edit:{s}") for label, s in zip(labels, self.EDITABLE, strict=True)],
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
            text = _short(turn.reply.text)
            if text is None:
                turn.say(t._("Tulis dengan singkat, paling banyak 120 huruf."))
                return False
            return text
        if step == "when":
            at = _when_from(turn, rt)
            return False if at is None else at.isoformat()
        if step == "bring":
            if _skipped(turn):
                return None
            return _short(turn.reply.text) or False
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
        event = await events.create(
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
        turn.say(turn.t._("Tulis angka jam sebelum mulai, paling lama 168 jam (seminggu), misalnya 24 3."))
        return False
    return hours


async def slots_line(t: Texts, rt: Area) -> str:
    """Which usual free times suit most of the RT (WAKTU), most chosen first."""
    best = await events.best_slots(rt.id)
    if not best:
        return t._("Belum ada warga yang mengisi waktu luang.")
    shown = ", ".join(f"{slot_label(t, slot)} ({n})" for slot, n in best)
    return t._("Waktu luang warga: {slots}.", slots=shown)


# --- after TIDAK: a pledge instead ------------------------------------------------------------


@register
class Pledge(Flow):
    name = events.PLEDGE_FLOW
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
                await _leave(turn)
            return
        if turn.step != "note":
            turn.finish()
            return
        note = None if _skipped(turn) else _short(turn.reply.text)
        if note is None and not _skipped(turn):
            turn.say(t._("Tulis dengan singkat, paling banyak 120 huruf."))
            return
        event = await Event.get_or_none(id=turn.data.get("event") or 0)
        kind, code = turn.data.get("kind", ""), turn.data.get("code", "")
        turn.finish()
        if event is None or event.status is not EventStatus.OPEN:
            turn.say(t._("Gotong royong {code} sudah tidak berjalan.", code=code))
            return
        await events.pledge(event, turn.resident.id, kind, note)
        turn.say(
            t._(
                "Terima kasih! Sumbangan {kind} untuk gotong royong {code} tercatat; ketua RT bisa melihatnya.",
                kind=pledge_label(t, kind).lower(),
                code=code,
            )
        )


# --- "Saya sudah datang": check in with the site code --------------------------------------------


@register
class CheckIn(Flow):
    name = events.CHECKIN_FLOW

    async def offer(self, turn: Turn, event: Event) -> None:
        """The button under the reminder: ask the site code (when check-in is open)."""
        t = turn.t
        turn.topic = "event.checkin"
        if event.status is not EventStatus.OPEN:
            turn.say(t._("Gotong royong {code} sudah tidak berjalan.", code=event.code))
            return
        if turn.now < event.starts_at - events.CHECKIN_FROM:
            turn.say(await events.check_in_text(t, event, "early"))
            return
        if turn.now > event.starts_at + events.CHECKIN_UNTIL:
            turn.say(await events.check_in_text(t, event, "late"))
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
            turn.say(t._("Kode absen itu 4 angka, misalnya 4821. Tanyakan kodenya ke ketua RT di tempat."))
            return
        event = await Event.get_or_none(id=turn.data.get("event") or 0)
        if event is None:
            turn.finish()
            return
        result = await events.check_in(event, turn.resident.id, code, turn.now)
        tries = int(turn.data.get("tries", 0)) + 1
        if result == "wrong_code" and tries < MAX_TRIES:
            turn.data["tries"] = tries
            turn.say(
                t._("Kode absen salah. Tanyakan kodenya ke ketua RT di tempat, lalu tulis lagi.")
            )
            return
        turn.finish()
        turn.say(await events.check_in_text(t, event, result))


# --- ACARA: the RT's open events -----------------------------------------------------------------


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
                    code=event.code, title=event.title, when=events.when(t, event, rt), place=event.place,
                    answer=answer_label(t, answers.get(event.id)),
                )
            )  # fmt: skip
        lines.append(t._("Untuk menjawab, kirim HADIR, TIDAK atau MUNGKIN dengan kodenya, misalnya HADIR {code}.",
                         code=rows[0].code))  # fmt: skip
        turn.say("\n".join(lines))

    async def prompt(self, turn: Turn) -> None:
        t, step = turn.t, turn.step
        if step == "list":
            rts = await ketua_rts(turn.resident.id)
            rows = await _open_events([rt.id for rt in rts])
            if len(rows) < 2:
                await self.start(turn)
                return
            lines = [t._("Gotong royong RT Anda:")]
            for event in rows:
                lines.append(await _tally_line(t, event))
            turn.say("\n".join(lines), [Option(f"{e.code} {e.title}", f"ev:{e.id}") for e in rows])
            return
        event = await self._event(turn)
        if event is None:
            return
        rt = await Area.get(id=event.area_id)
        if step == "event":
            turn.say(
                await _detail(t, event, rt),
                [
                    Option(t._("Daftar hadir"), "ev:names"),
                    Option(t._("Ubah waktu/tempat"), "ev:move"),
                    Option(t._("Batalkan"), "ev:cancel"),
                ],
            )
        elif step == "names":
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
        elif step == "move_when":
            turn.say(
                _ask_when(turn, rt) + " " + t._("Kalau waktunya tetap, ketik tetap."),
                [Option(t._("Tetap"), "keep")],
            )
        elif step == "move_place":
            turn.say(
                t._(
                    "Tempat sekarang: {place}. Tulis tempat yang baru, atau ketik tetap.",
                    place=event.place,
                ),
                [Option(t._("Tetap"), "keep")],
            )
        elif step == "cancel":
            turn.say(
                t._(
                    "Batalkan gotong royong {code} ({title})? Semua warga yang diundang akan diberi tahu.",
                    code=event.code,
                    title=event.title,
                ),
                [Option(t._("Ya, batalkan"), "yes"), Option(t._("Tidak"), "no")],
            )
        else:
            await self.start(turn)

    async def handle(self, turn: Turn) -> None:
        step = turn.step
        if step == "list":
            value = turn.reply.choice or ""
            if not value.startswith("ev:") or not value[3:].isdigit():
                await _leave(turn)
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
                await _leave(turn)
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
            await _not_picked(turn, len(ids))
            return
        turn.finish()
        results = [
            await events.check_in(event, ids[i], None, turn.now, by="ketua_rt") for i in chosen
        ]
        if "early" in results or "late" in results:
            turn.say(
                await events.check_in_text(t, event, "early" if "early" in results else "late")
            )
            return
        names = await _names_of([ids[i] for i in chosen])
        figures = await events.tally(event)
        turn.say(
            t._(
                "Dicentang datang: {names}. Yang datang di {code} sekarang {came} orang.",
                names=", ".join(names),
                code=event.code,
                came=figures.came,
            )
        )

    async def _move_when(self, turn: Turn, event: Event) -> None:
        if _skipped(turn, KEEP) or turn.reply.choice == "keep":
            turn.data["when"] = None
        else:
            at = _when_from(turn, await Area.get(id=event.area_id))
            if at is None:
                return
            turn.data["when"] = at.isoformat()
        turn.goto("move_place")
        await self.prompt(turn)

    async def _move_place(self, turn: Turn, event: Event) -> None:
        t = turn.t
        if _skipped(turn, KEEP) or turn.reply.choice == "keep":
            place = None
        else:
            place = _short(turn.reply.text)
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
            told = await events.reschedule(event, starts_at, turn.now, turn.translate, place=place)
        except events.Invalid:
            turn.say(t._("Waktu itu sudah lewat. Ketik ACARA untuk mencoba lagi."))
            return
        rt = await Area.get(id=event.area_id)
        turn.say(
            t._(
                "Gotong royong {code} sekarang {when} di {place}. {n} warga yang diundang diberi tahu.",
                code=event.code,
                when=events.when(t, event, rt),
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
        told = await events.cancel(event, turn.now, turn.translate)
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
    figures = await events.tally(event)
    return t._(
        "{code} {title}: diundang {invited}, hadir {yes}, mungkin {maybe}, tidak {no}, datang {came}.",
        code=event.code, title=event.title, invited=figures.invited, yes=figures.yes, maybe=figures.maybe,
        no=figures.no, came=figures.came,
    )  # fmt: skip


async def _detail(t: Texts, event: Event, rt: Area) -> str:
    """An event for its RT head: when and where, the tally, and the pledges (names, never numbers)."""
    lines = [
        await _tally_line(t, event),
        t._("{when}, {place}.", when=events.when(t, event, rt), place=event.place),
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


# --- WAKTU: when the resident is usually free ----------------------------------------------------


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
        lines += [f"{n}. {slot_label(t, slot)}" for n, slot in enumerate(events.SLOTS, start=1)]
        current = await Availability.get_or_none(resident_id=turn.resident.id)
        if current is not None and current.slots:
            lines.append(
                t._("Sekarang: {slots}.", slots=", ".join(slot_label(t, s) for s in current.slots))
            )
        lines.append(
            t._("Balas 1-{n}, boleh beberapa sekaligus, misalnya 1 3.", n=len(events.SLOTS))
        )
        turn.say("\n".join(lines))

    async def handle(self, turn: Turn) -> None:
        t = turn.t
        chosen = picked(turn.reply.text, len(events.SLOTS))
        if chosen is None:
            await _not_picked(turn, len(events.SLOTS))
            return
        slots = [events.SLOTS[i] for i in chosen]
        await events.set_availability(turn.resident.id, slots)
        turn.finish()
        turn.say(
            t._(
                "Tercatat, Anda biasanya bisa: {slots}. Terima kasih! Ketua RT melihat waktu yang cocok "
                "untuk kebanyakan warga. Ketik WAKTU untuk mengubah.",
                slots=", ".join(slot_label(t, s) for s in slots),
            )
        )
