"""The main menu and what every global keyword does.

Menu options carry `kw:<keyword>` values, so choosing "2" from the menu and typing BANTUAN
run the same code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers import flows
from handlers.announcements import audience
from handlers.complaints import chat as complaints
from handlers.faq import answer as faq
from handlers.gotong_royong.common import is_ketua
from handlers.keywords import Keyword
from handlers.messages import Option
from handlers.outbox import queue as outbox
from handlers.outbox import sms
from handlers.residents import joinlinks, linking
from handlers.turn import Reply, Turn

#: keywords after which an interrupted flow asks its question again
KEEPS_FLOW = {Keyword.HELP, Keyword.LANGUAGE, Keyword.STOP, Keyword.START}


def main_menu_options(turn: Turn, announcer: bool = False, ketua: bool = False) -> list[Option]:
    """The main menu; `announcer`: the resident holds a role (ketua RT, admin) and may announce;
    `ketua`: they head an RT and may create gotong royong."""
    t, resident = turn.t, turn.resident
    register = t._("Ubah RT saya") if resident.area_id else t._("Daftar ke RT saya")
    subscribe = (
        Option(t._("Terima pengumuman lagi"), "kw:start")
        if resident.opted_out
        else Option(t._("Berhenti terima pengumuman"), "kw:stop")
    )
    options = [
        Option(t._("Info program"), "kw:programs"),
        Option(register, "kw:register"),
        Option(t._("Bantuan"), "kw:help"),
        Option(t._("Ganti bahasa (English)") if t.locale == "id" else t._("Ganti bahasa"), "kw:language"),
        subscribe,
        Option(t._("Hapus data saya"), "kw:erase"),
    ]
    if turn.inbound.channel == "telegram":  # on SMS the number is the identity already
        options.insert(-1, Option(t._("Hubungkan nomor HP"), "kw:phone"))
    if resident.area_id:  # gotong royong: when they are usually free
        options.insert(2, Option(t._("Waktu luang saya"), "kw:free_time"))
    if ketua:
        options.insert(2, Option(t._("Buat gotong royong"), "kw:gotong"))
    if announcer:
        options.insert(1, Option(t._("Buat pengumuman"), "kw:announce"))
    # last, so the numbers residents already know (and print on cards) stay the same; not on SMS,
    # where a complaint is one message (ADUAN <text>) and the menu stays one SMS
    if turn.inbound.channel != "sms":
        options.append(Option(t._("Kirim laporan (aduan)"), "kw:complain"))
    return options


async def _menu_options(turn: Turn) -> list[Option]:
    resident_id = turn.resident.id
    return main_menu_options(turn, await audience.may_announce(resident_id), await is_ketua(resident_id))


async def show_menu(turn: Turn) -> None:
    turn.say(turn.t._("Menu KabarRT. Pilih salah satu:"), await _menu_options(turn), topic="menu")


async def run_keyword(turn: Turn, keyword: Keyword, payload: str | None = None) -> None:
    """Do what a global keyword means; some keywords leave the active flow running."""
    turn.topic = f"keyword.{keyword.value}"
    active = flows.get(turn.flow)
    if keyword is Keyword.MORE:  # the rest of a long SMS; the flow waits for its answer
        await _more(turn, active)
        return
    if keyword not in KEEPS_FLOW:
        turn.finish()
    await KEYWORDS[keyword](turn, payload, active)
    if active is not None and keyword in KEEPS_FLOW and turn.flow == active.name:
        await active.prompt(turn)


# --- what each keyword does: (turn, the words after it, the flow that was active) -----------------

KeywordHandler = Callable[[Turn, "str | None", "flows.Flow | None"], Awaitable[None]]


async def _show_menu(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    await show_menu(turn)


async def _greet_keyword(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    await _greet(turn, payload)


async def _cancel(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    if active is not None:
        turn.say(turn.t._("Dibatalkan. Ketik MENU untuk melihat pilihan."))
    else:
        turn.say(turn.t._("Tidak ada yang sedang berjalan. Ketik MENU untuk melihat pilihan."))


async def _help(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    turn.say(help_text(turn))


async def _stop(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    await _set_opt_out(turn, True)
    turn.say(
        turn.t._(
            "Baik, Anda tidak akan menerima pengumuman dan pelajaran lagi. "
            "Pertanyaan Anda tetap kami jawab. Ketik MULAI untuk menerima lagi."
        )
    )


async def _start(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    await _set_opt_out(turn, False)
    turn.say(turn.t._("Baik, Anda akan menerima pengumuman dan pelajaran lagi. Ketik STOP untuk berhenti."))


async def _language(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    turn.set_locale("en" if turn.resident.locale == "id" else "id")
    await turn.resident.save(update_fields=["locale"])
    turn.say(turn.t._("Bahasa diganti ke Bahasa Indonesia. Ketik BAHASA untuk mengganti lagi."))


async def _register(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    if payload:  # DAFTAR <kelurahan> RT <n> [RW <m>]
        await flows.FLOWS["onboarding"].start_addressed(turn, payload)
    else:
        await flows.FLOWS["onboarding"].start(turn)


async def _programs(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    if payload:  # INFO <program>, else a question
        await flows.FLOWS["programs"].start_named(turn, payload)
    else:
        await flows.FLOWS["programs"].start(turn)


async def _ask(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    if payload:  # TANYA <question>: answered as any question
        turn.reply = Reply(payload)
        turn.answer_as_usual()
    else:
        turn.say(turn.t._("Tulis TANYA lalu pertanyaan Anda, misalnya: TANYA kapan dana RT cair?"))


async def _phone(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    linking.ask_for_phone(turn)


async def _group_only(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    turn.say(
        turn.t._(
            "Perintah ini dipakai di grup Telegram RT Anda: tambahkan saya ke grup itu, "
            "lalu ketik /hubungkan di sana."
        )
    )


async def _check(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    await complaints.check(turn, payload)


async def _complain(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
    await flows.FLOWS["aduan"].start_with(turn, payload)


def _starts(flow: str, method: str = "start") -> KeywordHandler:
    """A keyword that starts a flow (from its `method`)."""

    async def handler(turn: Turn, payload: str | None, active: flows.Flow | None) -> None:
        await getattr(flows.FLOWS[flow], method)(turn)

    return handler


KEYWORDS: dict[Keyword, KeywordHandler] = {
    Keyword.MENU: _show_menu,
    Keyword.GREET: _greet_keyword,
    Keyword.CANCEL: _cancel,
    Keyword.HELP: _help,
    Keyword.STOP: _stop,
    Keyword.START: _start,
    Keyword.LANGUAGE: _language,
    Keyword.REGISTER: _register,
    Keyword.ERASE: _starts("erase"),
    Keyword.PROGRAMS: _programs,
    Keyword.ASK: _ask,
    Keyword.GLOSSARY: _starts("programs", "start_glossary"),
    Keyword.PHONE: _phone,
    Keyword.ANNOUNCE: _starts("announce"),
    Keyword.ANNOUNCEMENTS: _starts("announce", "start_list"),
    Keyword.GOTONG: _starts("gotong"),
    Keyword.EVENTS: _starts("acara"),
    Keyword.FREE_TIME: _starts("waktu"),
    Keyword.CHECK: _check,
    Keyword.COMPLAIN: _complain,
    Keyword.LINK_GROUP: _group_only,
    Keyword.UNLINK_GROUP: _group_only,
}


async def _more(turn: Turn, active: flows.Flow | None) -> None:
    """LANJUT: send what was cut off the last reply (the engine cuts it again if need be)."""
    waiting, turn.state.more = list(turn.state.more or []), []
    if waiting:
        for payload in waiting:
            turn.replies.append(sms.from_payload(turn.inbound.reply_to, turn.t.locale, payload))
        return
    turn.say(turn.t._("Tidak ada lanjutan pesan. Ketik MENU untuk melihat pilihan."))
    if active is not None:
        await active.prompt(turn)


def help_text(turn: Turn) -> str:
    if turn.inbound.channel == "sms":  # one SMS: every keyword, no explanations
        return turn.t._(
            "Kirim: MENU, INFO, TANYA <soal>, DAFTAR <kelurahan> RT <no>, ADUAN, CEK, LANJUT, "
            "ISTILAH, ACARA, BATAL, STOP, MULAI, BAHASA, HAPUS DATA. Menu: balas angkanya."
        )
    return turn.t._(
        "Kata yang bisa Anda kirim kapan saja:\n"
        "MENU - pilihan utama\n"
        "PROGRAM - info program, pelajaran\n"
        "ISTILAH - arti kata sulit\n"
        "DAFTAR - daftar ke RT Anda\n"
        "BATAL - batalkan langkah yang sedang berjalan\n"
        "STOP - berhenti terima pengumuman\n"
        "MULAI - terima pengumuman lagi\n"
        "BAHASA - ganti bahasa\n"
        "ACARA - gotong royong di RT Anda\n"
        "WAKTU - kapan Anda biasanya bisa ikut gotong royong\n"
        "ADUAN - kirim laporan ke petugas, misalnya: ADUAN lampu jalan di gang 3 mati\n"
        "CEK - laporan (aduan) Anda; CEK dan nomornya, misalnya CEK K7H3Q: riwayatnya\n"
        "HAPUS DATA - hapus semua data Anda\n"
        "Ketua RT dan petugas: UMUMKAN, PENGUMUMAN, GOTONG"
    )


async def _greet(turn: Turn, payload: str | None) -> None:
    """/start, maybe from an RT's join link (`?start=rt-<code>`): register into that RT."""
    rt = await joinlinks.rt_for_payload(payload)
    if rt is None:
        await welcome(turn)
    elif rt is False:
        turn.topic = "onboarding.link_unknown"
        turn.say(
            turn.t._(
                "Tautan pendaftaran itu sudah tidak berlaku. Minta tautan atau poster yang baru "
                "ke ketua RT, atau daftar dengan memilih wilayah Anda sendiri."
            )
        )
        await flows.FLOWS["onboarding"].start(turn)
    else:
        await flows.FLOWS["onboarding"].join(turn, rt)


async def welcome(turn: Turn) -> None:
    """Introduce the bot and show the menu, in one message (one SMS matters)."""
    t = turn.t
    turn.topic = turn.topic or "welcome"
    turn.say(
        t._(
            "Halo! Saya KabarRT. Di sini Anda bisa membaca aturan program, bertanya, "
            "dan menerima pengumuman RT. Pilih:"
        ),
        await _menu_options(turn),
        topic="welcome",
    )
    if not turn.resident.welcomed:
        turn.resident.welcomed = True
        await turn.resident.save(update_fields=["welcomed"])


async def choose(turn: Turn) -> None:
    """A numbered reply or button press to the last menu shown, outside any flow."""
    value = turn.reply.choice or ""
    if value.startswith("kw:"):
        try:
            keyword = Keyword(value[3:])
        except ValueError:
            keyword = Keyword.MENU
        await run_keyword(turn, keyword)
        return
    kind = value.partition(":")[0]
    if kind == "faq" and faq.show(turn, value[4:]):  # a close call: the resident picked one
        return
    if kind == "see":  # "Baca: Hadiah & dana Kampung Bantar" under an answer
        _, program_id, section = value.split(":", 2)
        await flows.FLOWS["programs"].open_section(turn, program_id, section)
        return
    if kind in ("term", "gloss", "prog", "list"):  # a glossary answer's buttons
        programs = flows.FLOWS["programs"]
        turn.begin(programs.name, "list")
        await programs.handle(turn)
        return
    await show_menu(turn)


async def _set_opt_out(turn: Turn, opted_out: bool) -> None:
    if turn.resident.opted_out != opted_out:
        turn.resident.opted_out = opted_out
        await turn.resident.save(update_fields=["opted_out"])
    if opted_out:  # also what was queued before the STOP (a slow announcement, a lesson)
        await outbox.cancel_bulk(turn.resident.id, turn.now, "resident sent STOP")
