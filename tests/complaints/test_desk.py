"""The officers' desk in chat on the telegram and sms renderings, on both databases: the area's
open complaints page by page, one opened from the list or by CEK, a reply to the reporter, a
status change with a note (a reason where one is required, the original of a duplikat, the
office of a diteruskan), the reporter's number for the handling officer and who sent an anonim
one for a petugas data (both audited), and stale, forged and refused choices."""

from __future__ import annotations

import re

from bot.i18n import translator
from handlers.complaints import service
from handlers.complaints.access import OPERATOR_VIEWER
from handlers.complaints.service import Visibility
from models import (
    Area,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    IdentityView,
    OutboxMessage,
    Resident,
    Role,
    RoleKind,
)
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.conftest import FROZEN_NOW as NOW
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, new_engine, verify_dialog

areas = test_dialogs.areas  # the demo areas fixture

RT = "JMB.ALB.MYM.RW01.RT001"
KELURAHAN = "JMB.ALB.MYM"
KECAMATAN = "JMB.ALB"
SENDERS = (("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER))
REPORTER = "sms:+6281211110009"
LIST = "Laporan yang sedang berjalan di wilayah Anda (terlambat dulu, lalu terlama)"


async def reporter(identity: str = REPORTER, name: str = "Siti") -> Resident:
    who = await person(identity, area=RT)
    who.name = name
    await who.save(update_fields=["name"])
    return who


async def file(who: Resident, text: str = "Lampu jalan di gang mawar mati", **extra) -> str:
    filed = await service.file(
        who.id, category="lampu", description=text, channel="sms", now=NOW, translate=translator, **extra
    )
    return filed.complaint.ticket


async def to_reporter(identity: str = REPORTER) -> list[str]:
    return [m.text for m in await OutboxMessage.filter(identity=identity).order_by("id")]


async def test_a_ketua_rt_opens_one_from_the_list_and_replies(areas):
    engine = new_engine()
    siti = await reporter()
    for channel, sender in SENDERS:
        ticket = await file(siti, f"Lampu mati ({channel})")
        await person(sender, area=RT, role=RoleKind.KETUA_RT)
        await verify_dialog(
            [
                ("ADUAN", "2. Laporan di wilayah saya"),
                ("2", (LIST, f"#{ticket} diterima - Lampu jalan, RT 001")),
                (
                    f"#{ticket}",  # typed, not picked: the same
                    (
                        f"Laporan #{ticket}: Lampu jalan, RT 001.",
                        "Status: diterima.",
                        f"Isi: Lampu mati ({channel})",
                        "1. Balas pelapor",
                        "2. Ubah status",
                        "3. Kembali ke daftar",
                        Absent("Pelapor:"),  # the ketua RT never sees who
                        Absent("Siti"),
                        Absent("nomor pelapor"),
                    ),
                ),
                ("1", f"Tulis balasan untuk pelapor laporan #{ticket}"),
                ("Besok pagi kami cek bersama RW", f"Balasan untuk laporan #{ticket} dikirim ke pelapor."),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        news = await to_reporter()
        assert news[-1].startswith(f"Balasan petugas untuk laporan #{ticket}: Besok pagi kami cek bersama RW")
        # the reply is in the history, by an officer, public
        event = await ComplaintEvent.filter(complaint__ticket=ticket, to_status=None).get()
        assert event.public and event.actor == "resident" and event.actor_resident_id != siti.id


async def test_an_admin_changes_status_with_a_note_from_cek(areas):
    engine = new_engine()
    siti = await reporter()
    for channel, sender in SENDERS:
        ticket = await file(siti)
        await person(sender, role=RoleKind.ADMIN, role_area=KELURAHAN)
        await verify_dialog(
            [
                (
                    f"cek {ticket.lower()}",
                    ("Status: diterima.", "Pelapor: Siti (sms:+628", Absent("110009"), "2. Ubah status"),
                ),
                (
                    "2",
                    (
                        f"Ubah status laporan #{ticket} menjadi:",
                        "1. diverifikasi",
                        "2. diproses",
                        "3. diteruskan (ke kantor lain)",
                        "4. selesai",
                        "5. ditolak (perlu alasan)",
                        "6. duplikat (sama dengan laporan lain)",
                    ),
                ),
                ("2", ("Tulis catatan untuk pelapor", "Lewati")),
                ("Teknisi PLN datang Kamis", f"Status laporan #{ticket} sekarang: diproses. Pelapor diberi kabar."),
                # the next change offers only what the lifecycle allows from diproses
                (f"CEK {ticket}", "Status: diproses."),
                ("2", ("1. diteruskan", "2. selesai", Absent("diverifikasi"), Absent("diproses\n"))),
                ("2", "Lewati"),
                ("1", f"Status laporan #{ticket} sekarang: selesai."),
                # a closed complaint: no status change offered any more
                (f"CEK {ticket}", ("Status: selesai.", "Balas pelapor", Absent("Ubah status"))),
                ("BATAL", "Dibatalkan."),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        complaint = await Complaint.get(ticket=ticket)
        assert complaint.status is ComplaintStatus.SELESAI
        moves = await ComplaintEvent.filter(complaint_id=complaint.id).exclude(to_status=None).order_by("id")
        assert [e.to_status for e in moves] == [
            ComplaintStatus.DITERIMA, ComplaintStatus.DIVERIFIKASI, ComplaintStatus.DIPROSES, ComplaintStatus.SELESAI
        ]  # fmt: skip
        assert moves[2].note == "Teknisi PLN datang Kamis" and moves[3].note is None
        news = await to_reporter()
        assert any(f"Laporan #{ticket} sedang ditangani (status: diproses)" in n and "Teknisi PLN" in n for n in news)
        assert any(f"Laporan #{ticket} sudah selesai ditangani (status: selesai)" in n for n in news)


async def test_ditolak_needs_a_reason_and_diteruskan_an_office(areas):
    engine = new_engine()
    siti = await reporter()
    rejected, forwarded = await file(siti), await file(siti, "Jalan provinsi berlubang")
    await person(TELEGRAM_SENDER, role=RoleKind.ADMIN, role_area=KELURAHAN)
    await verify_dialog(
        [
            (f"CEK {rejected}", "Ubah status"),
            ("2", "ditolak"),
            ("5", "Tulis alasannya. Alasan ini dikirim ke pelapor."),
            ("-", "Tulis alasannya"),  # "-" is no reason: asked again, nothing moved
            ("Lampu itu milik perumahan, bukan jalan umum", f"#{rejected} sekarang: ditolak"),
            (f"CEK {forwarded}", "Ubah status"),
            ("2", "diteruskan"),
            ("3", ("Diteruskan ke mana?", "1. Kelurahan Mayang Mangurai", "2. Kecamatan Alam Barajo", "3. Kota Jambi", "4. Instansi lain")),
        ],
        engine=engine,
    )
    assert (await Complaint.get(ticket=rejected)).status is ComplaintStatus.DITOLAK
    kecamatan = await Area.get(code=KECAMATAN)
    answers = await verify_dialog(
        [
            (kecamatan.name, "Balas dengan angka pilihan"),  # typed instead of picked: asked again
            ("2", "Tulis alasannya"),
            ("Jalan itu kewenangan kecamatan", f"#{forwarded} sekarang: diteruskan"),
        ],
        engine=engine,
    )
    assert answers
    complaint = await Complaint.get(ticket=forwarded)
    assert complaint.status is ComplaintStatus.DITERUSKAN and complaint.handler_id == kecamatan.id
    news = await to_reporter()
    assert any(f"#{rejected} tidak dapat ditindaklanjuti (status: ditolak). Alasan: Lampu itu milik" in n for n in news)
    assert any(f"#{forwarded} diteruskan ke Kecamatan {kecamatan.name} (status: diteruskan)" in n for n in news)


async def test_duplikat_asks_for_the_original(areas):
    engine = new_engine()
    siti = await reporter()
    original, copy = await file(siti), await file(siti, "Lampu gang mawar mati lagi")
    for channel, sender in SENDERS[:1]:
        await person(sender, role=RoleKind.ADMIN, role_area=KELURAHAN)
        await verify_dialog(
            [
                (f"CEK {copy}", "Ubah status"),
                ("2", "duplikat"),
                ("6", "sama dengan laporan nomor berapa?"),
                ("ZZZ9Z", "Lewati"),
                ("LEWATI", ("Laporan asli untuk duplikat itu tidak ditemukan.", "1. Balas pelapor")),
                ("2", "duplikat"),
                ("6", "nomor berapa"),
                (f"#{copy}", "Lewati"),
                ("1", "tidak bisa menjadi duplikat dirinya sendiri"),
                ("2", "duplikat"),
                ("6", "nomor berapa"),
                (original.lower(), "Lewati"),
                ("1", f"#{copy} sekarang: duplikat"),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
    complaint = await Complaint.get(ticket=copy)
    assert complaint.status is ComplaintStatus.DUPLIKAT
    assert complaint.duplicate_of_id == (await Complaint.get(ticket=original)).id


async def test_the_handling_officer_sees_the_number_audited_but_not_of_an_anonim_one(areas):
    engine = new_engine()
    siti = await reporter()
    biasa, anonim = await file(siti), await file(siti, visibility=Visibility.ANONIM)
    for channel, sender in SENDERS:
        admin = await person(sender, role=RoleKind.ADMIN, role_area=KELURAHAN)
        await verify_dialog(
            [
                (f"CEK {biasa}", "3. Lihat nomor pelapor"),
                ("3", "Untuk apa Anda perlu melihatnya?"),
                ("Menelepon untuk lokasi tepatnya", f"Pelapor laporan #{biasa}: +6281211110009. Tampilan ini dicatat."),
                (f"CEK {anonim}", ("Status: diterima.", Absent("Pelapor:"), Absent("nomor pelapor"), Absent("siapa"))),
                ("BATAL", "Dibatalkan."),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        view = await IdentityView.filter(viewer_id=admin.id).get()
        assert view.what == "number" and view.reason == "Menelepon untuk lokasi tepatnya"


async def test_a_petugas_data_asks_who_sent_an_anonim_one_and_the_reporter_sees_it(areas):
    engine = new_engine()
    siti = await reporter()
    anonim = await file(siti, visibility=Visibility.ANONIM)
    petugas = await person(TELEGRAM_SENDER, role=RoleKind.PETUGAS_DATA, role_area=KELURAHAN)
    await verify_dialog(
        [
            (
                f"CEK {anonim}",
                ("Status: diterima.", "1. Lihat siapa pelapornya", "2. Kembali ke daftar", Absent("Balas pelapor"), Absent("Siti")),
            ),
            ("1", "Untuk apa"),
            ("Dugaan laporan palsu berulang", (f"Pelapor laporan #{anonim}: Siti (sms:+628", Absent("110009"))),
        ],
        engine=engine,
    )
    audit = await IdentityView.get(complaint__ticket=anonim)
    assert audit.viewer_id == petugas.id and audit.what == "identity"
    await verify_dialog(
        [(f"CEK {anonim}", "Identitas Anda sebagai pelapor pernah dilihat petugas data pada")],
        channel="sms",
        sender=REPORTER,
        engine=engine,
    )


async def test_the_list_pages_and_a_stale_choice_is_refused(areas):
    engine = new_engine()
    siti = await reporter()
    tickets = [await file(siti, f"Lampu mati nomor {n}", daily_limit=10) for n in range(10)]
    await person(TELEGRAM_SENDER, area=RT, role=RoleKind.KETUA_RT)
    answers = await verify_dialog(
        [
            ("ADUAN", "Laporan warga"),
            ("2", ("10 laporan", f"1. #{tickets[0]}", f"8. #{tickets[7]}", "9. Berikutnya", Absent(tickets[8]))),
            ("9", (f"1. #{tickets[8]}", f"2. #{tickets[9]}", "3. Sebelumnya")),
            ("3", f"1. #{tickets[0]}"),
            ("12", "Pilih nomor laporan dari daftar"),  # no such option
            ("1", "2. Ubah status"),
        ],
        engine=engine,
    )
    assert len(re.findall(r"#\w+ diterima", answers[1])) == 8
    # another officer closes it meanwhile: the old "Ubah status" is no longer offered
    await service.change_status(OPERATOR_VIEWER, tickets[0], ComplaintStatus.SELESAI, now=NOW, translate=translator)
    await verify_dialog(
        [("2", ("Pilihan itu sudah tidak berlaku.", "Status: selesai.", Absent("Ubah status")))], engine=engine
    )
    # a ketua RT whose role is taken away meanwhile: the complaint reads as missing, nothing is sent
    await verify_dialog([("1", "Tulis balasan")], engine=engine)
    await Role.filter(kind=RoleKind.KETUA_RT).delete()
    before = await OutboxMessage.filter(identity=REPORTER).count()
    await verify_dialog([("Kami cek besok", f"Laporan #{tickets[0]} tidak ditemukan.")], engine=engine)
    assert await OutboxMessage.filter(identity=REPORTER).count() == before


async def test_a_role_holder_on_sms_is_asked_too_and_1_says_how_to_write(areas):
    await person(SMS_SENDER, area=RT, role=RoleKind.KETUA_RT)
    await verify_dialog(
        [("ADUAN", ("1. Buat laporan", "2. Laporan di wilayah saya")), ("1", "Tulis ADUAN lalu apa yang terjadi")],
        channel="sms",
        sender=SMS_SENDER,
    )
