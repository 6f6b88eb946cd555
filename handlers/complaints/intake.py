"""Filing a complaint in one message: `ADUAN <what happened>` (also LAPOR, KELUHAN, /aduan).

Made for a basic phone: at most two one-digit questions before the ticket, and `1` always takes
the proposal or the default: the category guessed from the text (`categories.guess`), then who
may see who sent it (1 biasa, 2 anonim, 3 bukan untuk ketua RT). No YA/TIDAK. The place is the
resident's own RT. The flow's state (`aduan`: text, guess, category) is persisted per resident
like every flow, so the questions survive a restart and read the same on every channel.
"""

from __future__ import annotations

from handlers import flows
from handlers.complaints import categories, service
from handlers.complaints.service import MAX_DESCRIPTION, ComplaintError
from handlers.complaints.tickets import shown
from handlers.messages import Option
from handlers.turn import Turn
from models import Visibility

NAME = "aduan"


@flows.register
class ComplaintIntake(flows.Flow):
    name = NAME

    async def start(self, turn: Turn) -> None:
        await self.start_with(turn, None)

    async def start_with(self, turn: Turn, text: str | None) -> None:
        """ADUAN [text]: without text, say how to write one; with it, ask the two questions."""
        t = turn.t
        turn.topic = "complaint.intake"
        text = (text or "").strip()
        if not text:
            turn.say(
                t._(
                    "Tulis ADUAN lalu apa yang terjadi, dalam satu pesan. "
                    "Contoh: ADUAN lampu jalan di gang mawar mati sejak Senin"
                )
            )
            return
        if turn.resident.area_id is None:
            turn.say(
                t._(
                    "Untuk mengirim laporan, daftar dulu ke RT Anda: ketik DAFTAR. Lalu kirim ADUAN lagi."
                )
            )
            return
        try:
            await service.check_limit(turn.resident.id, turn.now, turn.complaints_per_day)
        except ComplaintError as refused:
            turn.say(refused.text(t))
            return
        # kept whole until it is filed: the service cuts it and records that it did (a message is
        # at most a few thousand characters on any channel, so the state row stays small)
        turn.begin(NAME, "category", text=text, guess=categories.guess(text))
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        t, data = turn.t, turn.data
        if turn.step == "category":
            guess = categories.category(data["guess"]) or categories.categories()[-1]
            others = [c for c in categories.categories() if c.code != guess.code]
            options = [Option(c.label, f"cat:{c.code}") for c in (guess, *others)]
            turn.say(t._("Laporan ini tentang apa? Balas 1 kalau tebakan kami benar:"), options)
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
        if turn.step == "category" and kind == "cat" and categories.category(value) is not None:
            turn.data["category"] = value
            turn.goto("visibility")
            await self.prompt(turn)
            return
        if turn.step == "visibility" and kind == "vis" and value in Visibility.__members__.values():
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
        try:
            filed = await service.file(
                turn.resident.id, category=data["category"], description=data["text"],
                channel=turn.inbound.channel, now=turn.now, translate=turn.translate, visibility=visibility,
                daily_limit=turn.complaints_per_day,
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
        turn.say(text)
