"""The main menu and what every global keyword does.

Menu options carry `kw:<keyword>` values, so choosing "2" from the menu and typing BANTUAN
run the same code.
"""

from __future__ import annotations

from handlers import announce, faq, flows, gotong, joinlinks, linking, outbox, sms
from handlers.keywords import Keyword
from handlers.messages import Option
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
    return options


async def _menu_options(turn: Turn) -> list[Option]:
    resident_id = turn.resident.id
    return main_menu_options(turn, await announce.may_announce(resident_id), await gotong.is_ketua(resident_id))


async def show_menu(turn: Turn) -> None:
    turn.say(turn.t._("Menu KabarRT. Pilih salah satu:"), await _menu_options(turn), topic="menu")


async def run_keyword(turn: Turn, keyword: Keyword, payload: str | None = None) -> None:
    """Do what a global keyword means; some keywords leave the active flow running."""
    t = turn.t
    turn.topic = f"keyword.{keyword.value}"
    active = flows.get(turn.flow)
    if keyword is Keyword.MORE:  # the rest of a long SMS; the flow waits for its answer
        await _more(turn, active)
        return
    if keyword not in KEEPS_FLOW:
        turn.finish()

    if keyword is Keyword.MENU:
        await show_menu(turn)
    elif keyword is Keyword.GREET:
        await _greet(turn, payload)
    elif keyword is Keyword.CANCEL:
        if active is not None:
            turn.say(t._("Dibatalkan. Ketik MENU untuk melihat pilihan."))
        else:
            turn.say(t._("Tidak ada yang sedang berjalan. Ketik MENU untuk melihat pilihan."))
    elif keyword is Keyword.HELP:
        turn.say(help_text(turn))
    elif keyword is Keyword.STOP:
        await _set_opt_out(turn, True)
        turn.say(
            t._(
                "Baik, Anda tidak akan menerima pengumuman dan pelajaran lagi. "
                "Pertanyaan Anda tetap kami jawab. Ketik MULAI untuk menerima lagi."
            )
        )
    elif keyword is Keyword.START:
        await _set_opt_out(turn, False)
        turn.say(t._("Baik, Anda akan menerima pengumuman dan pelajaran lagi. Ketik STOP untuk berhenti."))
    elif keyword is Keyword.LANGUAGE:
        turn.set_locale("en" if turn.resident.locale == "id" else "id")
        await turn.resident.save(update_fields=["locale"])
        turn.say(turn.t._("Bahasa diganti ke Bahasa Indonesia. Ketik BAHASA untuk mengganti lagi."))
    elif keyword is Keyword.REGISTER and payload:  # DAFTAR <kelurahan> RT <n> [RW <m>]
        await flows.FLOWS["onboarding"].start_addressed(turn, payload)
    elif keyword is Keyword.REGISTER:
        await flows.FLOWS["onboarding"].start(turn)
    elif keyword is Keyword.ERASE:
        await flows.FLOWS["erase"].start(turn)
    elif keyword is Keyword.PROGRAMS and payload:  # INFO <program>, else a question
        await flows.FLOWS["programs"].start_named(turn, payload)
    elif keyword is Keyword.PROGRAMS:
        await flows.FLOWS["programs"].start(turn)
    elif keyword is Keyword.ASK and payload:
        turn.reply = Reply(payload)
        await intents_respond(turn)
    elif keyword is Keyword.ASK:
        turn.say(t._("Tulis TANYA lalu pertanyaan Anda, misalnya: TANYA kapan dana RT cair?"))
    elif keyword is Keyword.GLOSSARY:
        await flows.FLOWS["programs"].start_glossary(turn)
    elif keyword is Keyword.PHONE:
        linking.ask_for_phone(turn)
    elif keyword is Keyword.ANNOUNCE:
        await flows.FLOWS["announce"].start(turn)
    elif keyword is Keyword.ANNOUNCEMENTS:
        await flows.FLOWS["announce"].start_list(turn)
    elif keyword is Keyword.GOTONG:
        await flows.FLOWS["gotong"].start(turn)
    elif keyword is Keyword.EVENTS:
        await flows.FLOWS["acara"].start(turn)
    elif keyword is Keyword.FREE_TIME:
        await flows.FLOWS["waktu"].start(turn)
    elif keyword in (Keyword.LINK_GROUP, Keyword.UNLINK_GROUP):
        turn.say(
            t._(
                "Perintah ini dipakai di grup Telegram RT Anda: tambahkan saya ke grup itu, "
                "lalu ketik /hubungkan di sana."
            )
        )

    if active is not None and keyword in KEEPS_FLOW and turn.flow == active.name:
        await active.prompt(turn)


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
            "Kirim: MENU, INFO [program], TANYA <soal>, DAFTAR <kelurahan> RT <no>, LANJUT, "
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
        "HAPUS DATA - hapus semua data Anda\n"
        "Ketua RT dan petugas: UMUMKAN, PENGUMUMAN, GOTONG"
    )


async def intents_respond(turn: Turn) -> None:
    from handlers import intents  # intents imports this module for the welcome

    await intents.respond(turn)


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
