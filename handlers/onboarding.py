"""DAFTAR: privacy notice and consent → kota → kecamatan → kelurahan → RW → RT → name (optional).

Nothing personal is stored before the resident agrees; the chosen RT lives in the flow's
state until the end. Registration is never required to read program info or ask a question.
"""

from __future__ import annotations

import re

from handlers import areas, residents
from handlers.flows import Flow, register, yes_no
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.turn import Turn
from models import Area, AreaLevel, Consent

NOTICE_VERSION = "2026-11"
PAGE = 8
SKIP = {"LEWATI", "LEWAT", "SKIP", "-", "TIDAK", "TDK", "GAK"}
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_SPACES = re.compile(r"\s+")
MAX_NAME = 60


@register
class Onboarding(Flow):
    name = "onboarding"

    async def start(self, turn: Turn) -> None:
        turn.topic = "onboarding"
        if turn.resident.area_id is not None:
            turn.begin(self.name, "again")
        elif await Consent.exists(resident_id=turn.resident.id):
            turn.begin(self.name, "area", parent=None, page=0)
        else:
            turn.begin(self.name, "consent")
        await self.prompt(turn)

    async def join(self, turn: Turn, rt: Area) -> None:
        """Registration from an RT's join link: the privacy notice, then only the name."""
        turn.topic = "onboarding.link"
        place = await residents.place_of(rt.id)
        if turn.resident.area_id == rt.id:
            turn.finish()
            turn.say(
                turn.t._(
                    "Anda sudah terdaftar di {place}. Ketik MENU untuk melihat pilihan.", place=place
                )
            )
            return
        if turn.resident.area_id is not None:
            turn.begin(self.name, "move", rt=rt.code)
        else:
            turn.say(turn.t._("Halo! Tautan ini untuk mendaftar ke {place}.", place=place))
            consented = await Consent.exists(resident_id=turn.resident.id)
            turn.begin(self.name, "name" if consented else "consent", rt=rt.code)
        await self.prompt(turn)

    # --- questions --------------------------------------------------------------------

    async def prompt(self, turn: Turn) -> None:
        t = turn.t
        step = turn.step
        if step == "again":
            place = await residents.place_of(turn.resident.area_id)
            turn.say(
                t._("Anda sudah terdaftar di {place}. Mau ganti RT?", place=place),
                [Option(t._("Ya, ganti RT"), "again:yes"), Option(t._("Tidak"), "again:no")],
            )
        elif step == "move":
            rt = await Area.get_or_none(code=turn.data.get("rt"), level=AreaLevel.RT)
            if rt is None:  # the RT was removed meanwhile: choose one the usual way
                turn.begin(self.name, "area", parent=None, page=0)
                await self.prompt(turn)
                return
            turn.say(
                t._(
                    "Anda terdaftar di {place}. Pindah ke {new}?",
                    place=await residents.place_of(turn.resident.area_id),
                    new=await residents.place_of(rt.id),
                ),
                [Option(t._("Ya, pindah"), "move:yes"), Option(t._("Tidak"), "move:no")],
            )
        elif step == "consent":
            turn.say(
                t._(
                    "Sebelum daftar, mohon dibaca:\n"
                    "- Yang disimpan: nomor HP atau akun Telegram, RT Anda, nama panggilan "
                    "(boleh kosong), dan pesan yang Anda kirim.\n"
                    "- Gunanya: mengirim info program dan pengumuman RT Anda, dan menjawab "
                    "pertanyaan serta pengaduan Anda.\n"
                    "- Yang bisa melihat: ketua RT Anda dan petugas kelurahan, kecamatan, kota.\n"
                    "- Ketik HAPUS DATA kapan saja untuk menghapus semuanya.\n"
                    "Sesuai UU PDP No. 27 Tahun 2022. Anda setuju?"
                ),
                [Option(t._("Setuju"), "consent:yes"), Option(t._("Tidak setuju"), "consent:no")],
            )
        elif step == "area":
            await self._ask_area(turn)
        elif step == "name":
            turn.say(
                t._("Terakhir: siapa nama panggilan Anda? Ketik nama, atau pilih Lewati."),
                [Option(t._("Lewati"), "name:skip")],
            )

    async def _ask_area(self, turn: Turn, note: str | None = None) -> None:
        t = turn.t
        parent = await self._parent(turn)
        kids = await areas.children(parent)
        if not kids:
            turn.finish()
            turn.say(
                t._(
                    "Maaf, data wilayah di bawah {place} belum ada. Silakan tanya ke kantor "
                    "kelurahan. Ketik MENU untuk melihat pilihan.",
                    place=parent.name if parent else "-",
                )
            )
            return
        page = int(turn.data.get("page", 0))
        if len(kids) > PAGE + 1:
            pages = (len(kids) + PAGE - 1) // PAGE
            page %= pages
            shown = kids[page * PAGE : (page + 1) * PAGE]
            more = [Option(t._("Lainnya"), "area:more")]
        else:
            shown, more = kids, []
        question = self._question(turn, areas.child_level(parent), parent)
        text = f"{note}\n{question}" if note else question
        turn.say(text, [Option(a.name, f"area:{a.code}") for a in shown] + more)

    def _question(self, turn: Turn, level: AreaLevel, parent: Area | None) -> str:
        t = turn.t
        if level is AreaLevel.KOTA:
            return t._("Anda tinggal di kota/kabupaten mana? Balas nomornya atau ketik namanya.")
        if level is AreaLevel.KECAMATAN:
            return t._("{place}: kecamatan apa? Balas nomornya atau ketik namanya.", place=parent.name)
        if level is AreaLevel.KELURAHAN:
            return t._("{place}: kelurahan/desa apa? Balas nomornya atau ketik namanya.", place=parent.name)
        if level is AreaLevel.RW:
            return t._("{place}: RW berapa? Balas nomornya atau ketik RW-nya.", place=parent.name)
        return t._("{place}: RT berapa? Balas nomornya atau ketik RT-nya.", place=parent.name)

    async def _parent(self, turn: Turn) -> Area | None:
        code = turn.data.get("parent")
        return await Area.get_or_none(code=code) if code else None

    # --- answers ----------------------------------------------------------------------

    async def handle(self, turn: Turn) -> None:
        step = turn.step
        if step == "again":
            answer = yes_no(turn, "again:yes", "again:no")
            if answer is None:
                await self.prompt(turn)
            elif answer:
                turn.begin(self.name, "area", parent=None, page=0)
                await self.prompt(turn)
            else:
                turn.finish()
                turn.say(turn.t._("Baik, RT Anda tetap. Ketik MENU untuk melihat pilihan."))
        elif step == "move":
            answer = yes_no(turn, "move:yes", "move:no")
            if answer is None:
                await self.prompt(turn)
            elif answer:
                turn.goto("name")
                await self.prompt(turn)
            else:
                turn.finish()
                turn.say(turn.t._("Baik, RT Anda tetap. Ketik MENU untuk melihat pilihan."))
        elif step == "consent":
            await self._consent(turn)
        elif step == "area":
            await self._area(turn)
        elif step == "name":
            await self._name(turn)
        else:  # unknown step from an older version: start over cleanly
            await self.start(turn)

    async def _consent(self, turn: Turn) -> None:
        t = turn.t
        answer = yes_no(turn, "consent:yes", "consent:no")
        if answer is None:
            turn.say(t._("Mohon balas 1 kalau setuju, atau 2 kalau tidak setuju."))
            await self.prompt(turn)
            return
        if not answer:
            turn.finish()
            turn.say(
                t._(
                    "Baik, Anda tidak didaftarkan dan tidak ada data pribadi yang disimpan. "
                    "Anda tetap bisa membaca info program dan bertanya. Ketik MENU untuk pilihan."
                )
            )
            return
        await Consent.create(
            resident_id=turn.resident.id,
            notice_version=NOTICE_VERSION,
            given_at=turn.now,
            channel=turn.inbound.channel,
        )
        if turn.data.get("rt"):  # came from an RT's join link: the RT is known
            turn.goto("name")
        else:
            turn.begin(self.name, "area", parent=None, page=0)
        await self.prompt(turn)

    async def _area(self, turn: Turn) -> None:
        t = turn.t
        choice = turn.reply.choice
        if choice == "area:more":
            turn.data["page"] = int(turn.data.get("page", 0)) + 1
            await self._ask_area(turn)
            return
        if choice is not None and choice.startswith("area:"):
            picked = await Area.get_or_none(code=choice[5:])
            if picked is not None:
                await self._picked(turn, picked)
                return
        parent = await self._parent(turn)
        found = areas.match(turn.reply.text, await areas.children(parent))
        if found.area is None and not found.choices:
            # residents often type their kelurahan straight away: look further down
            level = areas.child_level(parent)
            if level in (AreaLevel.KOTA, AreaLevel.KECAMATAN):
                found = areas.match(
                    turn.reply.text, await areas.descendants(parent, AreaLevel.KELURAHAN)
                )
        if found.area is not None:
            await self._picked(turn, found.area)
        elif found.choices:
            turn.say(
                t._("Ada beberapa yang mirip. Maksud Anda yang mana?"),
                [Option(a.name, f"area:{a.code}") for a in found.choices],
            )
        else:
            await self._ask_area(
                turn, t._("Maaf, \"{text}\" tidak ditemukan.", text=turn.reply.text.strip()[:40])
            )

    async def _picked(self, turn: Turn, area: Area) -> None:
        if area.level is AreaLevel.RT:
            turn.data["rt"] = area.code
            turn.goto("name")
        else:
            turn.data.update(parent=area.code, page=0)
        await self.prompt(turn)

    async def _name(self, turn: Turn) -> None:
        t = turn.t
        if turn.reply.choice == "name:skip" or normalize(turn.reply.text) in SKIP:
            name = None
        else:
            name = _SPACES.sub(" ", turn.reply.text).strip()
            if not _LETTER.search(name) or len(name) > MAX_NAME:
                turn.say(
                    t._(
                        "Nama itu tidak bisa dipakai. Ketik nama panggilan (paling banyak "
                        "{max} huruf), atau pilih Lewati.",
                        max=MAX_NAME,
                    ),
                    [Option(t._("Lewati"), "name:skip")],
                )
                return
        rt = await Area.get_or_none(code=turn.data.get("rt"), level=AreaLevel.RT)
        if rt is None:  # the RT was removed meanwhile
            turn.begin(self.name, "area", parent=None, page=0)
            await self.prompt(turn)
            return
        resident = turn.resident
        resident.area_id = rt.id
        resident.name = name
        resident.registered_at = resident.registered_at or turn.now
        await resident.save(update_fields=["area_id", "name", "registered_at"])
        turn.finish()
        place = await residents.place_of(rt.id)
        if name:
            text = t._("Terima kasih, {name}! Anda terdaftar di {place}.", name=name, place=place)
        else:
            text = t._("Terima kasih! Anda terdaftar di {place}.", place=place)
        turn.say(
            text
            + "\n"
            + t._("Anda akan menerima pengumuman untuk RT ini. Ketik MENU untuk melihat pilihan.")
        )
