"""Filing a complaint: `ADUAN` (also LAPOR, KELUHAN, /aduan, the main menu's item).

`ADUAN <what happened>` is one message, made for a basic phone: at most two one-digit questions before the ticket, and `1` always takes
the proposal or the default: the category guessed from the text (`categories.guess`), then who
may see who sent it (1 biasa, 2 anonim, 3 bukan untuk ketua RT). No YA/TIDAK. Between the two,
only when there is one, the offer to join a similar open complaint of the same RT instead
(`offer.py`: 1 joins, and nothing is filed). The place is the
resident's own RT unless the text names another of their kelurahan (`places.py`); no question
is asked about it, and the answer with the ticket says which place was used when the text named one.

`ADUAN` alone on Telegram or the shell walks through it: category (buttons) → what happened →
an optional photo, location pin or typed landmark (`lewati` skips) → the offer to join a similar
complaint (only when there is one; the place is known only now) → who may see who sent it →
a summary (its `Tempat:` line is the RT the landmark or the text names, as on SMS) → send. On
SMS it says how to write the one message. A role holder (ketua RT, admin, petugas data) is first
asked "1 Buat laporan / 2 Laporan di wilayah saya"; 2 opens the officers' desk (`desk.py`).

The flow's state (`aduan`: text, guess, category, landmark, photo, location, visibility, place,
offer) is
persisted per resident like every flow, so it survives a restart.
"""

from __future__ import annotations

from handlers import flows
from handlers.announcements.audience import grants_of
from handlers.complaints import categories, desk, offer, places, service
from handlers.complaints.service import MAX_DESCRIPTION, ComplaintError
from handlers.complaints.tickets import shown
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.turn import Turn
from models import Area, Visibility

NAME = "aduan"
#: what a resident types to skip the photo and location step
SKIP = {"LEWATI", "SKIP", "TIDAK ADA", "GAK ADA", "TIDAK", "-"}


@flows.register
class ComplaintIntake(flows.Flow):
    name = NAME
    free_text = frozenset({"text", "extra"})
    #: steps that take a photo or a location pin without any text
    takes_media = frozenset({"text", "extra"})

    async def start(self, turn: Turn) -> None:
        await self.start_with(turn, None)

    async def start_with(self, turn: Turn, text: str | None) -> None:
        """ADUAN [text]: without text, say how to write one; with it, ask the two questions."""
        turn.topic = "complaint.intake"
        text = (text or "").strip()
        if not text and any(g.kind.value in _OFFICERS for g in await grants_of(turn.resident.id)):
            turn.begin(NAME, "role")
            await self.prompt(turn)
            return
        if not text and turn.inbound.channel == "sms":
            _how_by_sms(turn)
            return
        if not text:
            await self._new(turn)
            return
        if await self._refused(turn):
            return
        # kept whole until it is filed: the service cuts it and records that it did (a message is
        # at most a few thousand characters on any channel, so the state row stays small)
        place = await places.resolve(turn.resident.area_id, text)
        turn.begin(NAME, "category", text=text, guess=categories.guess(text), place=place.data())
        await self.prompt(turn)

    async def _refused(self, turn: Turn) -> bool:
        """Whether this resident may not file now (not registered, or at the daily limit): if
        so, they are told why."""
        t = turn.t
        if turn.resident.area_id is None:
            turn.say(
                t._(
                    "Untuk mengirim laporan, daftar dulu ke RT Anda: ketik DAFTAR. Lalu kirim ADUAN lagi."
                )
            )
            return True
        try:
            await service.check_limit(turn.resident.id, turn.now, turn.complaints_per_day)
        except ComplaintError as refused:
            turn.say(refused.text(t))
            return True
        return False

    async def _new(self, turn: Turn) -> None:
        """The chat walk-through, from its first question."""
        if await self._refused(turn):
            turn.finish()
            return
        turn.begin(NAME, "pick", chat=True)
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        t, data = turn.t, turn.data
        if turn.step == "role":
            turn.say(
                t._("Laporan warga. Pilih:"),
                [
                    Option(t._("Buat laporan"), "role:new"),
                    Option(t._("Laporan di wilayah saya"), "role:area"),
                ],
            )
        elif turn.step == "pick":
            options = [Option(c.label, f"cat:{c.code}") for c in categories.categories()]
            turn.say(t._("Laporan ini tentang apa?"), options)
        elif turn.step == "text":
            turn.say(t._("Apa yang terjadi? Tulis singkat: apa, di mana, sejak kapan."))
        elif turn.step == "extra":
            turn.say(
                t._(
                    "Ada foto atau lokasinya? Kirim foto, kirim lokasi (pin), atau tulis patokan "
                    "tempatnya, misalnya: depan masjid Al-Ikhlas. Kalau tidak ada, pilih Lewati."
                ),
                [Option(t._("Lewati"), "extra:skip")],
            )
        elif turn.step == "confirm":
            await self._summary(turn)
        elif turn.step == "category":
            guess = categories.category(data["guess"]) or categories.categories()[-1]
            others = [c for c in categories.categories() if c.code != guess.code]
            options = [Option(c.label, f"cat:{c.code}") for c in (guess, *others)]
            turn.say(t._("Laporan ini tentang apa? Balas 1 kalau tebakan kami benar:"), options)
        elif turn.step == offer.STEP:
            await offer.prompt(turn)
        else:
            turn.say(
                t._("Siapa yang boleh tahu Anda pengirimnya?"),
                [
                    Option(
                        t._("Biasa: petugas tahu, ketua RT tidak"), f"vis:{Visibility.BIASA.value}"
                    ),
                    Option(t._("Anonim: tidak ada yang tahu"), f"vis:{Visibility.ANONIM.value}"),
                    Option(t._("Bukan untuk ketua RT"), f"vis:{Visibility.BUKAN_KETUA.value}"),
                ],
            )

    async def handle(self, turn: Turn) -> None:
        choice = turn.reply.choice or ""
        kind, _, value = choice.partition(":")
        step = turn.step
        if step == "role" and kind == "role":
            if value == "area":
                await desk.open_list(turn)
            elif turn.inbound.channel == "sms":
                turn.finish()
                _how_by_sms(turn)
            else:
                await self._new(turn)
            return
        if step == "pick" and kind == "cat" and categories.category(value) is not None:
            turn.data["category"] = value
            turn.goto("text")
            await self.prompt(turn)
            return
        if step == "text":
            await self._text(turn)
            return
        if step == "extra":
            await self._extra(turn)
            return
        if step == "confirm" and kind == "send":
            if value == "yes":
                await self._file(turn, Visibility(turn.data["visibility"]))
            else:
                turn.finish()
                turn.say(turn.t._("Laporan dibatalkan. Tidak ada yang terkirim."))
            return
        if (
            step == "visibility"
            and kind == "vis"
            and turn.data.get("chat")
            and value in Visibility.__members__.values()
        ):
            turn.data["visibility"] = value
            # the landmark answers "where?", so an RT it names wins over one in what happened
            place = await places.resolve(turn.resident.area_id, turn.data.get("landmark"), turn.data["text"])
            turn.data["place"] = place.data()
            turn.goto("confirm")
            await self.prompt(turn)
            return
        if step == "category" and kind == "cat" and categories.category(value) is not None:
            turn.data["category"] = value
            if not await offer.ask(turn):
                turn.goto("visibility")
                await self.prompt(turn)
            return
        if step == offer.STEP and kind == "offer":
            if not await offer.answer(turn, value):  # a new complaint after all
                turn.goto("visibility")
                await self.prompt(turn)
            return
        if step == "visibility" and kind == "vis" and value in Visibility.__members__.values():
            await self._file(turn, Visibility(value))
            return
        turn.say(
            turn.t._(
                "Balas dengan angka pilihan, misalnya 1. Ketik BATAL untuk membatalkan laporan."
            )
        )
        await self.prompt(turn)

    async def _file(self, turn: Turn, visibility: Visibility) -> None:
        t, data = turn.t, turn.data
        turn.finish()
        point = data.get("location") or (None, None)
        place = places.Place.from_data(data.get("place"))
        try:
            filed = await service.file(
                turn.resident.id, category=data["category"], description=data["text"],
                channel=turn.inbound.channel, now=turn.now, translate=turn.translate, visibility=visibility,
                daily_limit=turn.complaints_per_day, landmark=data.get("landmark"), photo=data.get("photo"),
                latitude=point[0], longitude=point[1], area_id=place.area_id if place else None,
            )  # fmt: skip
        except ComplaintError as refused:
            turn.say(refused.text(t))
            return
        ticket = filed.complaint.ticket
        turn.topic = "complaint.filed"
        text = t._("Laporan Anda sudah kami terima. Nomornya {ticket}. Kabarnya kami kirim ke sini; ketik CEK {code} untuk melihatnya.",
                   ticket=shown(ticket), code=ticket)  # fmt: skip
        if filed.cut:
            text += " " + t._(
                "Isinya terlalu panjang: yang kami simpan {n} huruf pertama.", n=MAX_DESCRIPTION
            )
        where = places.told(t, place) if place else None
        if where:
            text += " " + where
        turn.say(text)

    async def _text(self, turn: Turn) -> None:
        t = turn.t
        photos = [m for m in turn.inbound.media if m.kind == "photo"]
        text = turn.reply.text.strip() or ((photos[0].caption if photos else None) or "").strip()
        if not text:
            turn.say(t._("Tulis dulu apa yang terjadi. Foto dan lokasi bisa dikirim sesudahnya."))
            await self.prompt(turn)
            return
        turn.data["text"] = text
        if photos:  # a photo with its caption: the caption is the text, the photo is kept
            turn.data["photo"] = photos[0].ref
        turn.goto("extra")
        await self.prompt(turn)

    async def _extra(self, turn: Turn) -> None:
        data, inbound = turn.data, turn.inbound
        photos = [m for m in inbound.media if m.kind == "photo"]
        typed = turn.reply.text.strip()
        if turn.reply.choice == "extra:skip" or normalize(typed) in SKIP:
            pass
        elif photos or inbound.location is not None:
            if photos:
                data["photo"] = photos[0].ref
            if inbound.location is not None:
                data["location"] = [inbound.location.latitude, inbound.location.longitude]
            if photos and photos[0].caption:
                data["landmark"] = photos[0].caption.strip()
        elif typed and turn.reply.choice is None:
            data["landmark"] = typed
        else:
            turn.say(
                turn.t._("Kirim foto, lokasi, atau tulis patokan tempatnya; atau pilih Lewati.")
            )
            await self.prompt(turn)
            return
        # the landmark answers "where?", so an RT it names wins over one in what happened
        place = await places.resolve(turn.resident.area_id, data.get("landmark"), data["text"])
        data["place"] = place.data()
        if await offer.ask(turn):
            return
        turn.goto("visibility")
        await self.prompt(turn)

    async def _summary(self, turn: Turn) -> None:
        t, data = turn.t, turn.data
        item = categories.category(data["category"])
        place = places.Place.from_data(data.get("place"))
        where = place.label if place is not None else None
        if where is None:  # a walk-through begun before places were read
            home = await Area.get_or_none(id=turn.resident.area_id or 0)
            where = home.name if home else "-"
        text = data["text"] if len(data["text"]) <= 300 else data["text"][:297] + "..."
        who = {
            Visibility.BIASA.value: t._("biasa (petugas tahu, ketua RT tidak)"),
            Visibility.ANONIM.value: t._("anonim (tidak ada yang tahu)"),
            Visibility.BUKAN_KETUA.value: t._("bukan untuk ketua RT"),
        }[data["visibility"]]
        lines = [
            t._("Periksa laporan Anda:"),
            t._("Jenis: {category}", category=item.label if item else data["category"]),
            t._("Isi: {text}", text=text),
            t._("Tempat: {place}", place=where),
        ]
        if place is not None and place.found in (places.Found.UNKNOWN, places.Found.UNCLEAR):
            lines.append(places.told(t, place))
        if data.get("landmark"):
            lines.append(t._("Patokan: {landmark}", landmark=data["landmark"]))
        if data.get("photo"):
            lines.append(t._("Foto: ada"))
        if data.get("location"):
            lines.append(t._("Lokasi: pin terkirim"))
        lines.append(t._("Pengirim: {who}", who=who))
        turn.say(
            "\n".join(lines), [Option(t._("Kirim"), "send:yes"), Option(t._("Batal"), "send:no")]
        )


def _how_by_sms(turn: Turn) -> None:
    """On SMS a complaint is one message: say how to write it."""
    turn.say(
        turn.t._(
            "Tulis ADUAN lalu apa yang terjadi, dalam satu pesan. "
            "Contoh: ADUAN lampu jalan di gang mawar mati sejak Senin"
        )
    )


#: roles that see complaints of an area (and so are asked what they want first)
_OFFICERS = {"ketua_rt", "admin", "petugas_data"}
