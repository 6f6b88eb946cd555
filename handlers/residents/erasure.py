"""HAPUS DATA: confirm, then erase everything identifying about the resident (the descriptions of
their complaints stay, naming nobody: the question and the confirmation say so)."""

from __future__ import annotations

from handlers.flows import Flow, register, yes_no
from handlers.messages import Option
from handlers.residents import service as residents
from handlers.turn import Turn
from models import Complaint


def _complaints_kept(t) -> str:
    """Said in the question and the confirmation to a resident who filed complaints."""
    return t._(
        "Isi laporan (aduan) Anda tetap disimpan karena menyangkut kepentingan umum, tetapi tanpa nama, "
        "nomor, foto dan lokasi rinci Anda."
    )

#: "hapus" confirms here too; anything that is not a clear yes keeps the data
YES_ERASE = {"YA", "Y", "IYA", "YES", "HAPUS", "YA HAPUS", "SETUJU", "OK", "OKE"}


@register
class Erase(Flow):
    name = "erase"

    async def start(self, turn: Turn) -> None:
        turn.topic = "erase"
        turn.begin(self.name, "confirm")
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        t = turn.t
        text = t._(
            "Semua data Anda akan dihapus: nama, RT, nomor/akun, dan isi pesan Anda. "
            "Ini tidak bisa dibatalkan. Yakin?"
        )
        if await Complaint.exists(reporter_id=turn.resident.id):
            text += " " + _complaints_kept(t)
        turn.say(
            text,
            [Option(t._("Ya, hapus data saya"), "erase:yes"), Option(t._("Tidak"), "erase:no")],
        )

    async def handle(self, turn: Turn) -> None:
        t = turn.t
        turn.finish()
        if not yes_no(turn, "erase:yes", "erase:no", YES_ERASE):
            turn.say(t._("Baik, data Anda tidak dihapus. Ketik MENU untuk melihat pilihan."))
            return
        filed = await Complaint.exists(reporter_id=turn.resident.id)
        await residents.erase(turn.resident.id)
        turn.erased = True
        text = t._(
            "Data Anda sudah dihapus. Kalau Anda mengirim pesan lagi, Anda akan dianggap "
            "pengguna baru. Terima kasih."
        )
        turn.say(text + (" " + _complaints_kept(t) if filed else ""))
