"""ADUAN <text> in one message on the telegram and sms renderings, on both databases: at most two
one-digit questions (the guessed category, who may see who sent it; `1` takes the proposal),
then a ticket; unregistered residents, empty and over-long text, the daily limit, a question
that only mentions "lapor", and the same SMS delivered twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.i18n import translator
from handlers.complaints import service
from handlers.complaints.service import MAX_DESCRIPTION
from handlers.engine import Engine
from handlers.keywords import Keyword, match
from handlers.messages import Inbound, Location, Media
from models import Complaint, ComplaintEvent, ComplaintStatus, Identity, RoleKind, Visibility
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.conftest import FROZEN_NOW as NOW
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, new_engine, verify_dialog

areas = test_dialogs.areas

RT = "JMB.ALB.MYM.RW01.RT001"
SENDERS = (("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER))
CATEGORY_Q = "Laporan ini tentang apa? Balas 1 kalau tebakan kami benar:"
WHO_Q = "Siapa yang boleh tahu Anda pengirimnya?"
FILED = "Laporan Anda sudah kami terima. Nomornya #"
SIMILAR = "Sudah ada laporan serupa di RT Anda sejak hari ini"


async def mine(sender: str) -> list[Complaint]:
    identity = await Identity.get(value=sender)
    return await Complaint.filter(reporter_id=identity.resident_id).order_by("id")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ADUAN", (Keyword.COMPLAIN, None)),
        ("lapor", (Keyword.COMPLAIN, None)),
        ("/aduan", (Keyword.COMPLAIN, None)),
        ("KELUHAN", (Keyword.COMPLAIN, None)),
        ("ADUAN selokan mampet", (Keyword.COMPLAIN, "selokan mampet")),
        ("Lapor lampu jalan mati", (Keyword.COMPLAIN, "lampu jalan mati")),
        ("mau lapor jalan rusak gimana", None),  # a question: only the first word counts
        # LAPOR / KELUHAN then a question about reporting: a question (ADUAN always files)
        ("keluhan saya dikirim ke mana ya", None),
        ("lapor gimana caranya", None),
        ("lapor bisa lewat sini?", None),
        ("lapor ke kelurahan bisa ga", None),
        ("KELUHAN apakah bisa lewat sms", None),
        ("keluhan kemanakah dikirim", None),
        ("ADUAN keluhan saya dikirim ke mana ya", (Keyword.COMPLAIN, "keluhan saya dikirim ke mana ya")),
        # … while a complaint that asks about its problem, or asks politely, still files
        ("LAPOR jalan rusak di rt 5", (Keyword.COMPLAIN, "jalan rusak di rt 5")),
        ("LAPOR jalan rusak kapan diperbaiki?", (Keyword.COMPLAIN, "jalan rusak kapan diperbaiki?")),
        ("lapor lampu mati sudah berapa kali belum diganti", (Keyword.COMPLAIN, "lampu mati sudah berapa kali belum diganti")),
        ("KELUHAN siapa yang buang sampah di got", (Keyword.COMPLAIN, "siapa yang buang sampah di got")),
        ("keluhan dana RT dipakai untuk apa tidak jelas", (Keyword.COMPLAIN, "dana RT dipakai untuk apa tidak jelas")),
        ("LAPOR sampah dibuang di mana-mana", (Keyword.COMPLAIN, "sampah dibuang di mana-mana")),
        ("lapor lampu gang mati, mohon diperbaiki ya", (Keyword.COMPLAIN, "lampu gang mati, mohon diperbaiki ya")),
        ("KELUHAN cara pembagian bantuan tidak adil", (Keyword.COMPLAIN, "cara pembagian bantuan tidak adil")),
    ],
)  # fmt: skip
def test_aduan_counts_only_as_the_first_word(text, expected):
    assert match(text) == expected


async def test_one_message_two_digits_and_a_ticket(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        await person(sender, area=RT)
        await verify_dialog(
            [
                (
                    "ADUAN selokan di gang mawar mampet, air masuk rumah",
                    (CATEGORY_Q, "1. Drainase atau selokan"),
                ),
                ("1", (WHO_Q, "1. Biasa", "2. Anonim", "3. Bukan untuk ketua RT")),
                ("1", (FILED, "ketik CEK")),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        [complaint] = await mine(sender)
        assert (complaint.category, complaint.visibility, complaint.channel) == (
            "drainase",
            Visibility.BIASA,
            sender.partition(":")[0],
        )
        assert complaint.description == "selokan di gang mawar mampet, air masuk rumah"
        assert (
            complaint.area_id
            == (await Identity.get(value=sender).prefetch_related("resident")).resident.area_id
        )
        # the ticket in the answer is the one stored, and CEK finds it
        await verify_dialog(
            [
                (
                    f"CEK {complaint.ticket.lower()}",
                    (f"Laporan #{complaint.ticket}: Drainase", "Status: diterima."),
                )
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        # closed, so the next resident is not offered to join it (tests/complaints/test_supporters.py)
        await Complaint.filter(id=complaint.id).update(status=ComplaintStatus.SELESAI)


async def test_another_category_and_anonim(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        await person(sender, area=RT)
        await verify_dialog(
            [
                (
                    "lapor ada yang aneh di pos",
                    (CATEGORY_Q, "1. Lainnya", "2. Jalan atau jembatan rusak"),
                ),
                ("halo", ("Balas dengan angka pilihan", CATEGORY_Q)),
                ("4", WHO_Q),
                ("2", FILED),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        [complaint] = await mine(sender)
        assert (complaint.category, complaint.visibility) == ("lampu", Visibility.ANONIM)


async def test_unregistered_empty_and_cancel(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        await verify_dialog(
            [
                ("ADUAN jalan berlubang", "daftar dulu ke RT Anda: ketik DAFTAR"),
                (
                    "ADUAN",
                    "Tulis ADUAN lalu apa yang terjadi"
                    if channel == "sms"
                    else "daftar dulu ke RT Anda",
                ),
                ("mau lapor jalan rusak gimana", Absent(WHO_Q)),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        await person(sender + "9", area=RT)
        await verify_dialog(
            [
                ("ADUAN jalan berlubang", "1. Jalan atau jembatan rusak"),
                ("BATAL", "Dibatalkan"),
                ("1", Absent(FILED)),
            ],
            channel=channel,
            sender=sender + "9",
            engine=engine,
        )
    assert await Complaint.all().count() == 0


async def test_a_very_long_text_is_kept_up_to_the_limit_and_the_resident_told(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        await person(sender, area=RT)
        text = "ADUAN " + ("sampah menumpuk di tps " * 500)[:10_000]
        # the second resident is offered the first one's complaint, and files their own
        offered = [("1", SIMILAR), ("2", WHO_Q)] if channel == "sms" else [("1", WHO_Q)]
        await verify_dialog(
            [
                (text, "1. Kebersihan dan sampah"),
                *offered,
                ("1", (FILED, f"yang kami simpan {MAX_DESCRIPTION}")),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        [complaint] = await mine(sender)
        assert len(complaint.description) == MAX_DESCRIPTION and complaint.description_cut


async def test_the_daily_limit_is_checked_before_the_questions(areas):
    engine = Engine(translator, default_locale="id", complaints_per_day=2)
    for channel, sender in SENDERS:
        me = await person(sender, area=RT)
        for hours in (1, 2):
            await service.file(me.id, category="jalan", description="jalan rusak", channel=channel,
                               now=NOW - timedelta(hours=hours), translate=translator)  # fmt: skip
        await verify_dialog(
            [
                (
                    "ADUAN lampu mati",
                    ("Anda sudah mengirim 2 laporan dalam 24 jam terakhir", Absent(WHO_Q)),
                )
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        assert len(await mine(sender)) == 2


async def test_the_same_sms_twice_files_one_complaint(areas):
    engine = new_engine()
    await person(SMS_SENDER, area=RT)
    for n, text in enumerate(("ADUAN lampu jalan mati", "1", "1")):
        message = Inbound(SMS_SENDER, text, id=f"k{n}", message_key=f"key-{n}")
        first = await engine.handle(message)
        assert first
        assert await engine.handle(message) == []  # the gateway delivered it again: dropped
    [complaint] = await mine(SMS_SENDER)
    assert complaint.category == "lampu"
    assert await ComplaintEvent.filter(complaint_id=complaint.id).count() == 1


# --------------------------------------------------------------------------- Telegram and shell

PICK_Q = "Laporan ini tentang apa?"
TEXT_Q = "Apa yang terjadi?"
EXTRA_Q = "Ada foto atau lokasinya?"
SUMMARY = "Periksa laporan Anda:"


async def test_chat_walks_through_category_text_landmark_who_summary_send(areas):
    await person(TELEGRAM_SENDER, area=RT)
    await verify_dialog(
        [
            ("ADUAN", (PICK_Q, "1. Jalan atau jembatan rusak", "9. Lainnya")),
            ("3", TEXT_Q),
            ("", ("Pesan Anda kosong", TEXT_Q)),
            ("INFO lampu di gang 3 mati sejak Senin", EXTRA_Q),  # the text as written, not the INFO keyword
            ("depan masjid Al-Ikhlas", WHO_Q),
            ("2", (SUMMARY, "Jenis: Lampu jalan", "Isi: INFO lampu di gang 3 mati", "Tempat: RT 001",
                   "Patokan: depan masjid Al-Ikhlas", "Pengirim: anonim", "1. Kirim", "2. Batal")),
            ("1", FILED),
        ]
    )  # fmt: skip
    [complaint] = await mine(TELEGRAM_SENDER)
    assert (complaint.category, complaint.visibility, complaint.landmark) == (
        "lampu",
        Visibility.ANONIM,
        "depan masjid Al-Ikhlas",
    )
    assert complaint.description == "INFO lampu di gang 3 mati sejak Senin"


async def test_chat_skip_and_cancel_at_the_summary(areas):
    for word in ("LEWATI", "lewati", "1"):
        sender = f"shell:{len(word)}{word}"
        await person(sender, area=RT)
        await verify_dialog(
            [("/aduan", PICK_Q), ("1", TEXT_Q), ("jalan berlubang", EXTRA_Q), (word, WHO_Q), ("1", SUMMARY),
             ("2", "Laporan dibatalkan. Tidak ada yang terkirim.")],
            sender=sender,
        )  # fmt: skip
    assert await Complaint.all().count() == 0


async def test_telegram_photo_and_location_pin(areas):
    engine = new_engine()
    tg = "tg:4040"
    await person(tg, area=RT)

    async def send(**fields) -> str:
        replies = await engine.handle(Inbound(tg, **fields))
        return "\n".join(r.text for r in replies)

    assert PICK_Q in await send(text="/aduan")
    assert TEXT_Q in await send(choice="cat:drainase")
    # a photo alone where the text is asked for: told to write first, nothing lost
    assert "Tulis dulu apa yang terjadi" in await send(media=(Media("photo", "file-A"),))
    # a photo with a caption: the caption is the text, the photo is kept
    assert EXTRA_Q in await send(
        media=(Media("photo", "file-B", "selokan mampet, air masuk rumah"),)
    )
    assert WHO_Q in await send(location=Location(-1.61, 103.61))
    summary = await send(choice="vis:biasa")
    assert all(s in summary for s in ("Foto: ada", "Lokasi: pin terkirim", "Pengirim: biasa"))
    assert FILED in await send(choice="send:yes")
    [complaint] = await mine(tg)
    assert (complaint.photo, complaint.latitude, complaint.longitude) == ("file-B", -1.61, 103.61)
    assert complaint.description == "selokan mampet, air masuk rumah"
    assert complaint.channel == "telegram"


async def test_a_stale_button_is_not_obeyed(areas):
    engine = new_engine()
    tg = "tg:4041"
    await person(tg, area=RT)
    await engine.handle(Inbound(tg, text="ADUAN"))
    [reply, *_] = await engine.handle(
        Inbound(tg, choice="send:yes")
    )  # a forged press: not offered now
    assert "Pilihan itu sudah tidak berlaku" in reply.text
    assert await Complaint.all().count() == 0


async def test_a_role_holder_chooses_between_filing_and_their_area(areas):
    engine = new_engine()
    reporter = await person("tg:4042", area=RT)
    ticket = (await service.file(reporter.id, category="jalan", description="jalan rusak", channel="telegram",
                                 now=NOW, translate=translator)).complaint.ticket  # fmt: skip
    await person(TELEGRAM_SENDER, area=RT, role=RoleKind.KETUA_RT)
    await verify_dialog(
        [
            ("ADUAN", ("Laporan warga. Pilih:", "1. Buat laporan", "2. Laporan di wilayah saya")),
            (
                "2",
                (
                    "Laporan yang sedang berjalan di wilayah Anda",
                    f"#{ticket} diterima - Jalan atau jembatan rusak",
                ),
            ),
            ("ADUAN", "Laporan warga. Pilih:"),
            ("1", PICK_Q),
        ],
        engine=engine,
    )
    await service.change_status(
        access_operator(), ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator
    )
    await verify_dialog(
        [("ADUAN", "Laporan warga"), ("2", "Tidak ada laporan yang sedang berjalan")], engine=engine
    )


def access_operator():
    from handlers.complaints.access import OPERATOR_VIEWER

    return OPERATOR_VIEWER


async def test_the_menu_offers_a_complaint_on_chat_only(areas):
    await person(TELEGRAM_SENDER, area=RT)
    await verify_dialog([("MENU", "Kirim laporan (aduan)"), ("8", PICK_Q)])
    await person(SMS_SENDER, area=RT)
    await verify_dialog([("MENU", Absent("Kirim laporan"))], channel="sms", sender=SMS_SENDER)


async def test_a_question_about_reporting_is_answered_with_how_to_use_aduan(areas):
    await person(TELEGRAM_SENDER, area=RT)
    await verify_dialog(
        [("mau lapor jalan rusak gimana", ("Kirim ADUAN lalu apa yang terjadi", Absent(PICK_Q), Absent(WHO_Q)))]
    )
    assert await Complaint.all().count() == 0


async def test_keluhan_asking_where_complaints_go_is_a_question_and_lapor_with_a_place_files(areas):
    """The FAQ's held-out "keluhan saya dikirim ke mana ya" (a complaint keyword first, then a
    question about reporting) is answered, not filed; "LAPOR jalan rusak di rt 5" files."""
    engine = new_engine()
    for channel, sender in SENDERS:
        await person(sender, area=RT)
        await verify_dialog(
            [
                ("keluhan saya dikirim ke mana ya",
                 ("Kirim ADUAN lalu apa yang terjadi", "petugas kelurahan", Absent(CATEGORY_Q), Absent(WHO_Q))),
                ("LAPOR jalan rusak di rt 5", (CATEGORY_Q, "1. Jalan atau jembatan rusak")),
                # the second resident is offered the first one's complaint, and files their own
                *([("1", SIMILAR), ("2", WHO_Q)] if channel == "sms" else [("1", WHO_Q)]),
                ("1", (FILED, "RT 5 tidak ada di kelurahan Anda, jadi laporan ini dicatat di RT Anda, RT 001 / RW 01.")),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )  # fmt: skip
        [complaint] = await mine(sender)
        assert complaint.description == "jalan rusak di rt 5" and complaint.category == "jalan"
