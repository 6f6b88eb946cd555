"""DAFTAR: privacy notice and consent → kota → kecamatan → kelurahan → RW → RT → name (optional).

Nothing personal is stored before the resident agrees; the chosen RT lives in the flow's
state until the end. Registration is never required to read program info or ask a question.
"""

from __future__ import annotations

import re

from handlers.flows import Flow, register, yes_no
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.residents import areas
from handlers.residents import service as residents
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
        if turn.resident.area_id is None:
            turn.say(turn.t._("Halo! Tautan ini untuk mendaftar ke {place}.", place=await residents.place_of(rt.id)))
        await self._arrive(turn, rt, consent_first=True)

    async def start_addressed(self, turn: Turn, address: str) -> None:
        """`DAFTAR Mayang Mangurai RT 3 [RW 1]`: find the RT from one message; ask only what is
        ambiguous or missing. The privacy notice still comes first for a new resident."""
        turn.topic = "onboarding.address"
        if turn.resident.area_id is None and not await Consent.exists(resident_id=turn.resident.id):
            turn.begin(self.name, "consent", address=address)
            await self.prompt(turn)
            return
        await self._from_address(turn, address)

    async def _from_address(self, turn: Turn, address: str) -> None:
        place, rt_number, rw_number = areas.parse_address(address)
        turn.begin(self.name, "area", parent=None, page=0, want_rt=rt_number, want_rw=rw_number)
        kelurahan = areas.match(place, await areas.descendants(None, AreaLevel.KELURAHAN)) if place else None
        if kelurahan is not None and kelurahan.area is not None:
            await self._descend(turn, kelurahan.area)
        elif kelurahan is not None and kelurahan.choices:
            turn.say(
                turn.t._("Ada beberapa kelurahan yang mirip. Maksud Anda yang mana?"),
                [Option(a.name, f"area:{a.code}") for a in kelurahan.choices],
            )
        else:
            note = turn.t._("Kelurahan \"{text}\" tidak ditemukan.", text=place[:40]) if place else None
            await self._ask_area(turn, note)

    async def _descend(self, turn: Turn, area: Area) -> None:
        """Go down from a chosen area using the RW / RT numbers the resident already gave."""
        t = turn.t
        want_rt, want_rw = turn.data.get("want_rt"), turn.data.get("want_rw")
        if area.level is AreaLevel.RT:
            await self._arrive(turn, area)
            return
        turn.data.update(parent=area.code, page=0)
        note = None
        if area.level is AreaLevel.KELURAHAN and want_rw is not None:
            found = areas.numbered(await areas.children(area), want_rw)
            if len(found) == 1:
                turn.data["want_rw"] = None
                await self._descend(turn, found[0])
                return
            note = t._("RW {n} tidak ada di {place}.", n=want_rw, place=area.name)
        elif area.level is AreaLevel.KELURAHAN and want_rt is not None:
            found = areas.numbered(await areas.descendants(area, AreaLevel.RT), want_rt)
            if len(found) == 1:
                await self._arrive(turn, found[0])
                return
            if found:  # RT 3 of RW 1 and RT 3 of RW 2: which RW?
                rws = [await Area.get(id=rt.parent_id) for rt in found]
                turn.say(
                    t._("RT {n} ada di beberapa RW. RW berapa?", n=want_rt),
                    [Option(rw.name, f"area:{rw.code}") for rw in rws],
                )
                return
            note = t._("RT {n} tidak ada di {place}.", n=want_rt, place=area.name)
        elif area.level is AreaLevel.RW and want_rt is not None:
            found = areas.numbered(await areas.children(area), want_rt)
            if len(found) == 1:
                await self._arrive(turn, found[0])
                return
            note = t._("RT {n} tidak ada di {place}.", n=want_rt, place=area.name)
        if note is not None:  # a number that does not exist: choose from the list instead
            turn.data.update(want_rt=None, want_rw=None)
        await self._ask_area(turn, note)

    async def _arrive(self, turn: Turn, rt: Area, *, consent_first: bool = False) -> None:
        """The RT is known: confirm a move, or go on to the privacy notice / the name."""
        if turn.resident.area_id == rt.id:
            turn.finish()
            turn.say(
                turn.t._(
                    "Anda sudah terdaftar di {place}. Ketik MENU untuk melihat pilihan.",
                    place=await residents.place_of(rt.id),
                )
            )
            return
        if turn.resident.area_id is not None:
            turn.begin(self.name, "move", rt=rt.code)
        elif consent_first and not await Consent.exists(resident_id=turn.resident.id):
            turn.begin(self.name, "consent", rt=rt.code)
        else:
            turn.begin(self.name, "name", rt=rt.code)
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
                _notice(turn),
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
        elif turn.data.get("address"):  # DAFTAR <kelurahan> RT <n>
            await self._from_address(turn, turn.data["address"])
            return
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
            await self.prompt(turn)
        else:
            await self._descend(turn, area)

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


def _notice(turn: Turn) -> str:
    """The privacy notice; on SMS the same points, shorter (two segments with its options)."""
    t = turn.t
    if turn.inbound.channel == "sms":
        return t._(
            "Sebelum daftar: kami simpan nomor HP, RT, nama panggilan (boleh kosong) dan pesan "
            "Anda, untuk info program, pengumuman RT dan menjawab Anda. Dilihat ketua RT dan "
            "petugas. HAPUS DATA kapan saja menghapus semuanya (UU PDP 27/2022). Anda setuju?"
        )
    return t._(
        "Sebelum daftar, mohon dibaca:\n"
        "- Yang disimpan: nomor HP atau akun Telegram, RT Anda, nama panggilan "
        "(boleh kosong), dan pesan yang Anda kirim.\n"
        "- Gunanya: mengirim info program dan pengumuman RT Anda, dan menjawab "
        "pertanyaan serta pengaduan Anda.\n"
        "- Yang bisa melihat: ketua RT Anda dan petugas kelurahan, kecamatan, kota.\n"
        "- Ketik HAPUS DATA kapan saja untuk menghapus semuanya.\n"
        "Sesuai UU PDP No. 27 Tahun 2022. Anda setuju?"
    )
