"""End to end: a complaint filed by SMS through a real Kannel (fakesmsc plays the phones) and by
Telegram through the Bot API emulator, both answered by a real `kabarrt serve`; its status
changed by the operator with `kabarrt complaints status` (a real process, as the operator runs
it); the news counted where it arrives: on the phone (what fakesmsc received) and in the
user's chat (what the emulator recorded). A ketua RT on a basic phone is told of a new
complaint in their RT and answers it from the officers' desk (`ADUAN` 2) by SMS.

Residents register and file only through the far sides; the database is only read to check
what was stored. "Nothing more arrived" is proven with a sentinel (`Phone.sentinel()`,
`before_the_sentinel`), never a sleep. The same SMS delivered twice comes from smsbox itself:
the proxy of tests/e2e/test_sms_faults.py lets serve answer each message but tells Kannel it
failed, so smsbox delivers it again under the same id.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter

import pytest

from tests.e2e.test_announcements import RT, _register_on_telegram, register_by_sms
from tests.e2e.test_sms_faults import RECEIVE, Proxy
from tests.e2e.test_telegram import Serve, before_the_sentinel, buttons
from tests.fixtures.serve_process import (
    BOT_USERNAME,
    SMS_SECRET,
    TOKEN,
    Database,
    Phone,
    free_port,
    kabarrt_result,
    query,
    run_kabarrt,
    serve_with_kannel,
    until,
)
from tests.fixtures.telegram_emulator import EmulatorClient, EmulatorUser, running_emulator

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ADUAN = "ADUAN lampu jalan di gang mawar mati sejak senin"
CATEGORY_Q = "Laporan ini tentang apa? Balas 1 kalau tebakan kami benar:"
WHO_Q = "Siapa yang boleh tahu Anda pengirimnya?"
FILED = "Laporan Anda sudah kami terima. Nomornya #"
NOTE = "Petugas PJU dijadwalkan Kamis"
#: a ticket's shape in what residents read: `#` and 5-7 characters without 0/O/1/I/L
TICKET = re.compile(r"#([2-9A-HJKMNP-Z]{5,7})\b")


def ticket_in(text: str) -> str:
    """The one ticket named in `text`, without its `#`."""
    [ticket] = TICKET.findall(text)
    return ticket


async def complaints(db: Database, *args: str) -> tuple[int, str, str]:
    """`kabarrt complaints …` against serve's database: (exit code, stdout, stderr)."""
    return await kabarrt_result(db, "complaints", *args)


def made_up(ticket: str) -> str:
    """A ticket-shaped word that is not `ticket`."""
    return next(t for t in ("K7H3Q", "ZZ9ZZ9Z") if t != ticket)


async def file_by_sms(phone: Phone) -> str:
    """ADUAN in one message, `1` to both questions (the guessed category, biasa); the ticket."""
    category_q = await phone.ask(ADUAN, CATEGORY_Q)
    assert "1. Lampu jalan" in category_q, category_q  # the guess: a street lamp
    who_q = await phone.ask("1", WHO_Q)
    assert "1. Biasa" in who_q, who_q
    filed = await phone.ask("1", FILED)
    return ticket_in(filed)


# --------------------------------------------------------------------------------------------
# SMS
# --------------------------------------------------------------------------------------------


@pytest.fixture
async def sms(tmp_path, process_db):
    async with serve_with_kannel(tmp_path, secret=SMS_SECRET, db=process_db) as (kannel, server):
        yield kannel, server


@pytest.mark.also_postgres
async def test_complaint_by_sms_its_status_from_the_command_line_and_the_news_on_the_phone(sms):
    kannel, server = sms
    warga, tetangga = Phone(kannel, "081234569001"), Phone(kannel, "081234569002")
    await asyncio.gather(register_by_sms(warga, "Wati"), register_by_sms(tetangga, "Tono"))

    ticket = await file_by_sms(warga)
    [(category, status, visibility, description, channel)] = query(
        server.db, "SELECT category, status, visibility, description, channel FROM complaint WHERE ticket = ?", ticket
    )  # fmt: skip
    assert (category, status, visibility, channel) == ("lampu", "diterima", "biasa", "sms")
    assert description == ADUAN.removeprefix("ADUAN ")

    # the operator moves it on: exit 0, and the reporter's phone gets the news
    code, out, err = await complaints(server.db, "status", f"#{ticket.lower()}", "diproses", "--note", NOTE)
    assert (code, out.strip()) == (0, f"#{ticket}: diproses"), err
    [news] = await warga.receive(what="the status news on the reporter's phone")
    assert f"#{ticket}" in news.text and "(status: diproses)" in news.text and NOTE in news.text, news.text

    # a move the lifecycle refuses: exit 2 with the reason, nothing changed, nothing sent
    code, out, err = await complaints(server.db, "status", ticket, "diterima", "--note", "salah klik")
    assert (code, out) == (2, ""), (code, out, err)
    assert err.strip() == "kabarrt complaints: Status tidak bisa mundur dari diproses ke diterima.", err
    assert query(server.db, "SELECT status FROM complaint WHERE ticket = ?", ticket) == [("diproses",)]

    # the sentinel: nothing more came (no second news, none for the refused move)
    assert await warga.sentinel() == []
    about = [s.text for s in warga.received() if f"#{ticket}" in s.text]
    assert len(about) == 2 and about[0].startswith(FILED) and about[1] == news.text, about
    assert query(server.db, "SELECT count(*) FROM outbox WHERE cause_type = 'complaint'") == [(1,)]

    # CEK: the reporter sees the new status; a neighbour reads exactly what a made-up ticket gets
    seen = await warga.ask(f"CEK {ticket.lower()}", f"Laporan #{ticket}: Lampu jalan")
    assert "Status: diproses." in seen and NOTE in seen, seen
    refused = await tetangga.ask(f"CEK {ticket}", "tidak ditemukan")
    fake = made_up(ticket)
    missing = await tetangga.ask(f"CEK {fake}", "tidak ditemukan")
    assert refused == f"Laporan #{ticket} tidak ditemukan."
    assert missing == f"Laporan #{fake} tidak ditemukan."
    assert "diproses" not in refused and "Lampu" not in refused

    # the command line reads the same complaint
    code, out, err = await complaints(server.db, "show", ticket)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Status: diproses" and f"Ticket: #{ticket}" in lines and "Channel: sms" in lines, out
    assert "Reporter: Wati sms:+628******9001" in lines, out  # masked
    assert [line.split()[2:5] for line in lines if "->" in line] == [
        ["-", "->", "diterima"], ["diterima", "->", "diverifikasi"], ["diverifikasi", "->", "diproses"],
    ]  # fmt: skip


@pytest.mark.also_postgres
async def test_sudah_beres_answered_2_by_sms_reopens_the_complaint(sms):
    """Closed from the command line, the reporter's phone is asked "Sudah beres?" with numbers;
    `2` reopens it to diproses at once and asks for their words, which go to the officer."""
    kannel, server = sms
    warga = Phone(kannel, "081234569004")
    await register_by_sms(warga, "Dewi")
    ticket = await file_by_sms(warga)

    code, out, err = await complaints(server.db, "status", ticket, "selesai", "--note", "Lampu sudah diganti")
    assert (code, out.strip()) == (0, f"#{ticket}: selesai"), err
    [notice] = await warga.receive(what="the selesai notice on the reporter's phone")
    assert notice.text.startswith(f"Laporan #{ticket} sudah selesai ditangani (status: selesai)."), notice.text
    assert notice.text.endswith("Sudah beres?\n1. Ya\n2. Belum\n3. Sebagian\nBalas 1, 2, atau 3."), notice.text

    reopened = await warga.ask("2", f"Laporan #{ticket} dibuka kembali dan ditangani lagi (status: diproses).")
    assert "Apa yang masih belum beres?" in reopened and "1. Lewati" in reopened, reopened
    assert query(server.db, "SELECT status, reopened FROM complaint WHERE ticket = ?", ticket) == [("diproses", 1)]
    await warga.ask("Masih mati kalau malam", f"sudah kami teruskan ke petugas yang menangani laporan #{ticket}")

    # nothing more came: one notice for the closing, one answer to each of the two replies
    assert await warga.sentinel() == []
    about = [s.text for s in warga.received() if f"#{ticket}" in s.text]
    assert len(about) == 4 and about[0].startswith(FILED) and about[1] == notice.text, about
    assert sum("Sudah beres?" in text for text in warga.inbox()) == 1

    code, out, err = await complaints(server.db, "show", ticket)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Status: diproses" and "Reopened: 1" in lines, out
    assert any(line.split()[2:5] == ["selesai", "->", "diproses"] for line in lines), out
    assert any(line.endswith("belum  Masih mati kalau malam") for line in lines), out  # the feedback line


@pytest.mark.also_postgres
async def test_a_neighbour_joins_by_sms_and_gets_the_reporters_news_word_for_word(sms):
    """A second phone writes ADUAN about the same lamp: after the category it is offered the
    first complaint (its category and age only), joins it with 1, and from then on the news of
    a status change from the command line reaches both phones in the same words."""
    kannel, server = sms
    warga, tetangga = Phone(kannel, "081234569004"), Phone(kannel, "081234569005")
    await asyncio.gather(register_by_sms(warga, "Wati"), register_by_sms(tetangga, "Tono"))
    ticket = await file_by_sms(warga)

    assert "1. Lampu jalan" in await tetangga.ask("ADUAN lampu jalan gang mawar padam", CATEGORY_Q)
    offer = await tetangga.ask("1", "Sudah ada laporan serupa di RT Anda sejak hari ini (Lampu jalan).")
    assert "1. Ikut laporan itu" in offer and ticket not in offer and "Wati" not in offer and "mawar" not in offer, offer
    joined = await tetangga.ask("1", f"Anda sekarang ikut laporan #{ticket}")
    assert WHO_Q not in joined and FILED not in joined, joined
    assert query(server.db, "SELECT count(*) FROM complaint") == [(1,)]

    code, out, err = await complaints(server.db, "status", ticket, "diproses", "--note", NOTE)
    assert (code, out.strip()) == (0, f"#{ticket}: diproses"), err
    [news] = await warga.receive(what="the status news on the reporter's phone")
    [same] = await tetangga.receive(what="the same news on the supporter's phone")
    assert same.text == news.text and f"#{ticket}" in news.text and "(status: diproses)" in news.text, (news, same)
    assert await warga.sentinel() == [] and await tetangga.sentinel() == []  # once each, nothing more
    code, out, err = await complaints(server.db, "show", ticket)
    assert code == 0 and "Supporters: 1" in out.splitlines(), (out, err)


async def test_the_same_sms_delivered_twice_files_one_complaint(tmp_path):
    """serve stores and answers every MO, but Kannel is told it failed and delivers each one
    again with the same id, the one that files the complaint included: one complaint, every
    message answered once (counted on the phone)."""
    port = free_port()
    proxy = Proxy(target_port=port, fail_first="503")
    async with (
        proxy.running(),
        serve_with_kannel(
            tmp_path, secret=SMS_SECRET, port=port, receive_url=f"{proxy.url}{RECEIVE}?secret={SMS_SECRET}",
            # smsbox retries a get-url that did not answer 200/202 with the same URL: the same %I
            smsbox_extra={"http-request-retry": 2, "http-queue-delay": 1},
        ) as (kannel, server),
    ):  # fmt: skip
        warga = Phone(kannel, "081234569003")
        await register_by_sms(warga, "Sari")
        ticket = await file_by_sms(warga)

        def delivered_twice() -> bool:
            calls = proxy.on(RECEIVE)
            by_id = Counter(c.id for c in calls)
            return len(by_id) == 6 and set(by_id.values()) == {2} and all(c.answered for c in calls)

        await until(delivered_twice, "smsbox delivers each of the six messages again")
        # every one reached serve twice (stored and answered the first time, 200 the second)
        assert [(c.served, c.answered) for c in proxy.on(RECEIVE)].count((200, 503)) == 6
        assert await warga.sentinel() == []  # a second answer to any of them would have come first

        assert query(server.db, "SELECT ticket FROM complaint") == [(ticket,)]
        said = query(server.db, "SELECT text FROM interaction WHERE direction = 'in' ORDER BY id")
        assert [text for (text,) in said][3:6] == [ADUAN, "1", "1"]
        texts = [s.text for s in warga.received()]
        assert sum(CATEGORY_Q in t for t in texts) == 1 and sum(WHO_Q in t for t in texts) == 1
        assert sum(t.startswith(FILED) for t in texts) == 1


# --------------------------------------------------------------------------------------------
# Telegram
# --------------------------------------------------------------------------------------------


@pytest.fixture
async def telegram(process_db):
    async with (
        running_emulator(token=TOKEN, username=BOT_USERNAME) as emu,
        EmulatorClient(emu.control_url) as client,
    ):
        server = await Serve(emu, process_db).start()
        try:
            yield client, server
        finally:
            await server.stop()


async def _reply(user: EmulatorUser, expect: str) -> dict:
    [reply] = await user.wait_replies()
    assert expect in reply["text"], reply["text"]
    return reply


async def file_on_telegram(
    user: EmulatorUser, category: str, text: str, extra, visibility: str, summary: tuple[str, ...]
) -> str:
    """/aduan, a category button, what happened, `extra()` (a photo or a pin), who may see it,
    the summary, Kirim: the ticket."""
    await user.say("/aduan")
    pick = await _reply(user, "Laporan ini tentang apa?")
    assert category in buttons(pick), buttons(pick)
    await user.press(pick, category)
    await _reply(user, "Apa yang terjadi?")
    await user.say(text)
    offer = await _reply(user, "Ada foto atau lokasinya?")
    assert buttons(offer) == ["Lewati"]
    await extra()
    who = await _reply(user, WHO_Q)
    await user.press(who, visibility)
    shown = await _reply(user, "Periksa laporan Anda:")
    for line in (f"Jenis: {category}", f"Isi: {text}", "Tempat: RT 003", *summary):
        assert line in shown["text"], shown["text"]
    assert buttons(shown) == ["Kirim", "Batal"]
    await user.press(shown, "Kirim")
    filed = await _reply(user, FILED)
    return ticket_in(filed["text"])


@pytest.mark.also_postgres
async def test_complaint_on_telegram_with_photo_and_pin_its_status_from_the_command_line(telegram):
    client, server = telegram
    user = client.user(8401, first_name="Rina")
    await _register_on_telegram(user)

    lamp = "lampu jalan di gang mawar mati sejak senin"
    ticket = await file_on_telegram(
        user, "Lampu jalan", lamp, lambda: user.send_photo(caption="depan pos ronda"),
        "Biasa: petugas tahu, ketua RT tidak", ("Patokan: depan pos ronda", "Foto: ada", "Pengirim: biasa"),
    )  # fmt: skip
    road = "jalan berlubang depan sekolah"
    pinned = await file_on_telegram(
        user, "Jalan atau jembatan rusak", road, lambda: user.send_location(-1.61, 103.58),
        "Anonim: tidak ada yang tahu", ("Lokasi: pin terkirim", "Pengirim: anonim"),
    )  # fmt: skip
    assert pinned != ticket
    rows = query(server.db, "SELECT ticket, category, visibility, channel, photo IS NOT NULL, landmark FROM complaint"
                            " ORDER BY id")  # fmt: skip
    assert [(t, c, v, ch, bool(p), lm) for t, c, v, ch, p, lm in rows] == [
        (ticket, "lampu", "biasa", "telegram", True, "depan pos ronda"),
        (pinned, "jalan", "anonim", "telegram", False, None),
    ]

    # the operator moves the first on, then closes it; each step reaches the user's chat
    code, out, err = await complaints(server.db, "status", ticket, "diproses", "--note", NOTE)
    assert (code, out.strip()) == (0, f"#{ticket}: diproses"), err
    news = await _reply(user, f"#{ticket}")
    assert "(status: diproses)" in news["text"] and NOTE in news["text"], news["text"]
    code, out, err = await complaints(server.db, "show", ticket)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Status: diproses" and "Photo: yes" in lines and "Channel: telegram" in lines, out
    assert not any(line.startswith("Location:") for line in lines), out
    [place] = [line for line in lines if line.startswith("Place: ")]
    assert place.startswith(f"Place: {RT} (RT 003") and place.endswith("), depan pos ronda"), place

    code, out, err = await complaints(server.db, "status", ticket, "selesai", "--note", "Lampu sudah diganti")
    assert (code, out.strip()) == (0, f"#{ticket}: selesai"), err
    done = await _reply(user, f"#{ticket}")
    assert "(status: selesai)" in done["text"], done["text"]
    # nothing leaves selesai: exit 2 with the reason, nothing sent
    code, out, err = await complaints(server.db, "status", ticket, "diproses", "--note", "dibuka lagi")
    assert (code, out) == (2, ""), (code, out, err)
    assert err.strip() == "kabarrt complaints: Laporan ini sudah berstatus selesai; statusnya tidak bisa diubah lagi."

    texts = await before_the_sentinel(user)
    about = [t for t in texts if f"#{ticket}" in t]
    assert len(about) == 3 and about[0].startswith(FILED) and about[1:] == [news["text"], done["text"]], about
    assert not any(f"#{pinned}" in t for t in texts if not t.startswith(FILED))  # the other one did not move

    # the second complaint: its pin, no photo, and nobody named
    code, out, err = await complaints(server.db, "show", pinned)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Status: diterima" and "Location: -1.61000,103.58000" in lines, out
    assert "Reporter: anonim" in lines and "Photo: yes" not in lines, out
    assert RT in out


async def test_the_ketua_rt_is_told_by_sms_and_answers_from_the_desk(tmp_path):
    """The RT head on a basic phone: told of a new complaint in their RT without who sent it;
    ADUAN 2 opens their RT's list, a reply and a status change go to the reporter's phone. (The
    ketua types faster than a person does: the flood limit is raised for this test.)"""
    async with serve_with_kannel(tmp_path, secret=SMS_SECRET, env={"SMS_FLOOD_PER_MINUTE": "60"}) as (kannel, server):
        await _ketua_answers_from_the_desk(kannel, server)


async def _ketua_answers_from_the_desk(kannel, server) -> None:
    ketua, warga = Phone(kannel, "081234569011"), Phone(kannel, "081234569012")
    await asyncio.gather(register_by_sms(ketua, "Pak Harun"), register_by_sms(warga, "Wati"))
    await run_kabarrt(server.db, "roles", "grant", "--identity", "sms:081234569011", "--role", "ketua_rt", "--area", RT)

    ticket = await file_by_sms(warga)
    [notice] = await ketua.receive(what="the ketua RT's notice of the new complaint")
    assert f"Ada laporan warga baru di RT 003: #{ticket}" in notice.text, notice.text
    assert "Wati" not in notice.text and "9012" not in notice.text, notice.text

    assert "2. Laporan di wilayah saya" in await ketua.ask("ADUAN", "Laporan warga")
    listed = await ketua.ask("2", "Laporan yang sedang berjalan di wilayah Anda")
    assert f"1. #{ticket} diterima - Lampu jalan" in listed, listed
    opened = await ketua.ask("1", f"Laporan #{ticket}")
    assert "Wati" not in opened and "Pelapor:" not in opened, opened
    while "1. Balas pelapor" not in opened:  # a long card comes in parts: ask for the rest
        opened += await ketua.ask("LANJUT", "")
    await ketua.ask("1", "Tulis balasan")
    await ketua.ask("Besok pagi kami cek bersama RW", "dikirim ke pelapor")
    [reply] = await warga.receive(what="the ketua's reply on the reporter's phone")
    assert reply.text.startswith(f"Balasan petugas untuk laporan #{ticket}: Besok pagi kami cek bersama RW."), reply.text

    opened = await ketua.ask(f"CEK {ticket}", f"Laporan #{ticket}")
    while "2. Ubah status" not in opened:
        opened += await ketua.ask("LANJUT", "")
    assert "2. diproses" in await ketua.ask("2", "Ubah status")
    await ketua.ask("2", "Tulis catatan")
    done = await ketua.ask("Kerja bakti Minggu pagi", "sekarang: diproses")
    assert "Pelapor diberi kabar." in done, done
    [news] = await warga.receive(what="the status news on the reporter's phone")
    assert f"#{ticket}" in news.text and "(status: diproses)" in news.text and "Kerja bakti Minggu pagi" in news.text

    # nothing more on either phone
    assert await warga.sentinel() == [] and await ketua.sentinel() == []
    assert query(server.db, "SELECT status FROM complaint WHERE ticket = ?", ticket) == [("diproses",)]
