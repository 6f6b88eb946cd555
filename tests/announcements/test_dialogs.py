"""Dialog tables for announcing from chat (UMUMKAN, PENGUMUMAN) on the telegram and sms renderings."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

import bot.clock.announcements  # noqa: F401  (registers the announcement job kinds, as bot/app.py does)
from bot.cli import roles
from bot.clock.scheduler import run_due
from bot.i18n import translator
from handlers.announcements import service as announcements
from handlers.announcements.flow import parse_when
from handlers.messages import Inbound, Media, channel_of
from models import (
    Announcement,
    AnnouncementStatus,
    Area,
    ConversationState,
    GroupChat,
    Identity,
    JobStatus,
    OutboxMessage,
    Resident,
    Role,
    RoleKind,
    ScheduledJob,
)
from tests import test_dialogs
from tests.conftest import FROZEN_NOW
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, verify_both, verify_dialog
from tests.test_engine import make_engine as engine  # the engine with the frozen clock

areas = test_dialogs.areas  # the demo areas fixture

RT = "JMB.ALB.MYM.RW02.RT003"
PLACE = "RT 003 / RW 02, Mayang Mangurai, Alam Barajo, Kota Jambi"
TEXT_Q = f"Tulis isi pengumuman untuk {PLACE}"
REFUSAL = "hanya ketua RT dan petugas kelurahan, kecamatan atau kota yang bisa membuat pengumuman"
WHEN_Q = "Kapan dikirim?"
#: what the RT's residents are, on which channel they are reached (see `neighbourhood`)
COUNTS = "Penerima: 5 warga (Telegram 3, SMS 2) dan 1 grup."
COST = "SMS: 1 segmen x 2 warga, perkiraan biaya Rp700."
OPTIONS = ("1. Kirim sekarang", "2. Jadwalkan", "3. Ubah teks", "4. Batal")
KERJA_BAKTI = "Info kerja bakti Minggu 29/11 jam 07.00, bawa cangkul dan karung."


#: a scheduled announcement, listed with its cancel button
SCHEDULED = [
    ("UMUMKAN", TEXT_Q),
    ("Rapat RT", OPTIONS),
    ("2", WHEN_Q),
    ("besok 19.00", "dijadwalkan"),
    ("PENGUMUMAN", ("Pengumuman Anda:", "terjadwal 25/11 19.00 WIB: Rapat RT", "1. Batalkan #")),
]


async def person(
    *identities: str,
    area: str | None = None,
    role: RoleKind | None = None,
    role_area: str | None = None,
    opted_out: bool = False,
) -> Resident:
    """A registered resident with these identities, and a role granted by the operator."""
    home = await Area.get(code=area) if area else None
    resident = await Resident.create(
        area_id=home.id if home else None, registered_at=FROZEN_NOW if home else None, opted_out=opted_out
    )
    for value in identities:
        await Identity.create(value=value, channel=channel_of(value), resident=resident)
    if role is not None:
        await Role.create(resident=resident, kind=role, area=await Area.get(code=role_area or area))
    return resident


@pytest.fixture
async def neighbourhood(areas):
    """Both dialog senders are ketua of RT 003; the RT has residents on Telegram, SMS and both, one
    who sent STOP, one in the next RT, and a linked Telegram group."""
    await person(TELEGRAM_SENDER, area=RT, role=RoleKind.KETUA_RT)
    await person(SMS_SENDER, area=RT, role=RoleKind.KETUA_RT)
    await person("tg:201", area=RT)
    await person("sms:+6281300000002", area=RT)
    await person("tg:203", "sms:+6281300000003", area=RT)  # on both: Telegram first
    await person("tg:204", "sms:+6281300000004", area=RT, opted_out=True)
    await person("tg:205", area="JMB.ALB.MYM.RW02.RT002")
    rt = await Area.get(code=RT)
    await GroupChat.create(identity="tg:-1001", title="RT 3", area_id=rt.id, linked_at=FROZEN_NOW)


async def flow_of(identity: str) -> str | None:
    row = await Identity.get(value=identity)
    state = await ConversationState.get_or_none(resident_id=row.resident_id)
    return state.flow if state else None


async def authored_by(identity: str) -> list[Announcement]:
    row = await Identity.get(value=identity)
    return await Announcement.filter(author_id=row.resident_id).order_by("id")


async def announcement_rows(announcement_id: int) -> dict[str, OutboxMessage]:
    rows = await OutboxMessage.filter(cause_type=announcements.CAUSE, cause_id=str(announcement_id))
    return {row.identity: row for row in rows}


# --------------------------------------------------------------------------- who may announce


async def test_main_menu_offers_announcing_only_to_role_holders(neighbourhood):
    await verify_dialog([("MENU", ("2. Buat pengumuman", "3. Ubah RT saya"))], sender=TELEGRAM_SENDER)
    (sms,) = await verify_dialog([("MENU", "2. Buat pengumuman")], channel="sms", sender=SMS_SENDER)
    assert "[sms segments=2 encoding=gsm7]" in sms  # still two segments with the extra line
    await verify_dialog([("2", TEXT_Q)], channel="sms", sender=SMS_SENDER)
    for channel, sender in (("telegram", "tg:201"), ("sms", "sms:+6281300000002")):
        await verify_dialog(
            [("MENU", ("1. Info program", Absent("Buat pengumuman"))), ("halo", Absent("Buat pengumuman"))],
            channel=channel, sender=sender,
        )  # fmt: skip


async def test_a_resident_without_a_role_is_refused_politely(areas):
    await verify_both(
        [
            ("UMUMKAN", (REFUSAL, "Pengumuman untuk RT Anda akan saya kirim ke sini.", Absent("Tulis isi"))),
            ("/umumkan", REFUSAL),
            ("PENGUMUMAN", REFUSAL),
            ("umumkn", REFUSAL),  # one typo is still the keyword
        ]
    )
    for identity in (TELEGRAM_SENDER, SMS_SENDER):
        assert await flow_of(identity) is None
    assert await Announcement.all().count() == 0


# --------------------------------------------------------------------------- compose, preview, send


async def test_ketua_rt_composes_previews_and_sends_now(neighbourhood):
    await verify_both(
        [
            ("UMUMKAN", (TEXT_Q, Absent("1. "), Absent("untuk siapa"))),
            # "Info ..." would be the INFO keyword anywhere else: here it is the announcement
            (KERJA_BAKTI, (f"Pengumuman {PLACE}:", "Info kerja bakti Minggu", COUNTS, COST, *OPTIONS)),
            ("1", ("Terkirim ke antrean: 5 warga (Telegram 3, SMS 2) dan 1 grup.", "Laporan pengiriman")),
        ]
    )
    for author in (TELEGRAM_SENDER, SMS_SENDER):
        (sent,) = await authored_by(author)
        assert sent.text == KERJA_BAKTI
        assert sent.status is AnnouncementStatus.SENT
        assert sent.scope == [RT]
        assert (sent.telegram, sent.sms, sent.groups) == (3, 2, 1)
        assert sent.author_identity == author
        rows = await announcement_rows(sent.id)
        assert {identity: row.channel for identity, row in rows.items()} == {
            TELEGRAM_SENDER: "shell",
            SMS_SENDER: "sms",
            "tg:201": "telegram",
            "sms:+6281300000002": "sms",
            "tg:203": "telegram",  # not also by SMS
            "tg:-1001": "telegram",
        }
        assert all(row.text.startswith(f"Pengumuman {PLACE}:\n{KERJA_BAKTI}") for row in rows.values())
        # the author hears how it went
        assert await ScheduledJob.exists(key=f"announcement-summary:{sent.id}")
        assert await flow_of(author) is None


async def test_sms_preview_of_a_long_text_is_short(neighbourhood):
    long_text = ("Kerja bakti bersih selokan. " * 30).strip()
    _, preview = await verify_dialog(
        [
            ("UMUMKAN", TEXT_Q),
            (long_text, ("Pratinjau", "...", COUNTS, "SMS: 6 segmen x 2 warga, perkiraan biaya Rp4.200.")),
        ],
        channel="sms", sender=SMS_SENDER,
    )  # fmt: skip
    assert "[sms segments=2 encoding=gsm7]" in preview
    assert len(long_text) == 839


async def test_an_emoji_makes_sms_dearer_and_is_said(neighbourhood):
    await verify_dialog([("UMUMKAN", TEXT_Q)], sender=TELEGRAM_SENDER)
    answers = await verify_dialog(
        [("Rapat warga malam ini \U0001f600", ("Ada huruf khusus", "SMS: 2 segmen x 2 warga, perkiraan biaya Rp1.400."))], sender=TELEGRAM_SENDER
    )
    assert "\U0001f600" in answers[0]
    await verify_dialog([("UMUMKAN", TEXT_Q)], channel="sms", sender=SMS_SENDER)
    answers = await verify_dialog(
        [("Rapat warga malam ini \U0001f600", ("Ada huruf khusus", "malam ini ?"))], channel="sms", sender=SMS_SENDER
    )
    assert "encoding=gsm7" in answers[0]  # the preview itself stays GSM-7


async def test_text_too_long_is_refused_and_asked_again(neighbourhood):
    await verify_both(
        [
            ("UMUMKAN", TEXT_Q),
            ("x" * 1001, ("Teks itu 1001 huruf, terlalu panjang: paling banyak 1000.", Absent("Pratinjau"))),
            ("Rapat RT Sabtu malam", ("Pratinjau", "Rapat RT Sabtu malam", *OPTIONS)),
        ]
    )
    for author in (TELEGRAM_SENDER, SMS_SENDER):
        (draft,) = await authored_by(author)
        assert (draft.text, draft.status) == ("Rapat RT Sabtu malam", AnnouncementStatus.DRAFT)


async def test_edit_the_text_then_drop_it(neighbourhood):
    await verify_both(
        [
            ("UMUMKAN", TEXT_Q),
            ("Rapat RT Sabtu", "Rapat RT Sabtu"),
            ("3", TEXT_Q),
            ("Rapat RT Minggu", ("Rapat RT Minggu", Absent("Rapat RT Sabtu"))),
            ("4", "pengumuman dibatalkan dan tidak dikirim"),
            ("PENGUMUMAN", "Anda belum membuat pengumuman"),  # dropped drafts are not listed
        ]
    )
    assert await Announcement.exclude(status=AnnouncementStatus.CANCELLED).count() == 0
    assert not await OutboxMessage.exists(cause_type=announcements.CAUSE)


async def test_a_photo_with_its_caption_is_kept_on_telegram(neighbourhood):
    engine_ = engine()
    leader = await person("tg:900", area=RT, role=RoleKind.KETUA_RT)
    await engine_.handle(Inbound(identity="tg:900", text="UMUMKAN"))
    photo = Media("photo", "PHOTO-FILE-1", "Lomba 17-an: daftar ke ketua RT")
    replies = await engine_.handle(Inbound(identity="tg:900", text=photo.caption, media=(photo,)))
    assert "(dengan foto; lewat SMS hanya teksnya)" in replies[0].text
    assert "Penerima: 6 warga (Telegram 4, SMS 2) dan 1 grup." in replies[0].text
    replies = await engine_.handle(Inbound(identity="tg:900", text="1"))
    assert "Terkirim ke antrean: 6 warga" in replies[0].text
    (sent,) = await Announcement.filter(author_id=leader.id)
    assert sent.media == {"kind": "photo", "ref": "PHOTO-FILE-1"}
    assert sent.text == photo.caption
    rows = await announcement_rows(sent.id)
    for identity in ("tg:201", "tg:203", "tg:-1001", "tg:900"):
        assert rows[identity].payload["media"][0]["ref"] == "PHOTO-FILE-1"
    assert "media" not in rows["sms:+6281300000002"].payload


# --------------------------------------------------------------------------- scheduling


async def test_schedule_with_a_relative_time(neighbourhood):
    # FROZEN_NOW is Tuesday 24 November 2026, 13.00 WIB
    await verify_dialog(
        [
            ("UMUMKAN", TEXT_Q),
            (KERJA_BAKTI, OPTIONS),
            ("2", (WHEN_Q, "(WIB)", "25/11 19.00", "besok 07.00")),
            ("hari ini 10.00", ("sudah lewat", "Selasa, 24 November 2026 pukul 13.00 WIB")),
            ("minggu depan", "waktunya tidak saya pahami"),
            ("besok 07.00", ("dijadwalkan Rabu, 25 November 2026 pukul 07.00 WIB", "PENGUMUMAN")),
        ],
        sender=TELEGRAM_SENDER, engine=engine(),
    )  # fmt: skip
    (scheduled,) = await authored_by(TELEGRAM_SENDER)
    at = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 07.00 WIB
    assert scheduled.status is AnnouncementStatus.SCHEDULED
    assert scheduled.send_at == at
    job = await ScheduledJob.get(key=announcements.send_key(scheduled.id))
    assert (job.kind, job.run_at, job.status, job.payload) == (
        announcements.SEND_JOB, at, JobStatus.PENDING, {"announcement": scheduled.id, "operator": False},
    )  # fmt: skip
    assert not await OutboxMessage.exists(cause_type=announcements.CAUSE)
    assert await flow_of(TELEGRAM_SENDER) is None


async def test_schedule_with_an_absolute_time_on_sms(neighbourhood):
    await verify_dialog(
        [
            ("UMUMKAN", TEXT_Q),
            ("Rapat RT", OPTIONS),
            ("jadwalkan", WHEN_Q),
            ("24/11 08.00", "sudah lewat"),
            ("25/11 19.00", "dijadwalkan Rabu, 25 November 2026 pukul 19.00 WIB"),
        ],
        channel="sms", sender=SMS_SENDER, engine=engine(),
    )  # fmt: skip
    (scheduled,) = await authored_by(SMS_SENDER)
    assert scheduled.send_at == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert (await ScheduledJob.get(key=announcements.send_key(scheduled.id))).run_at == scheduled.send_at


async def test_an_admin_schedules_in_their_areas_time_zone(areas):
    await person(TELEGRAM_SENDER, role=RoleKind.ADMIN, role_area="BTG")
    await verify_dialog(
        [
            ("UMUMKAN", ("untuk siapa", "1. Kota Bontang", "2. Program Fasilitasi Partisipasi Bontang")),
            ("1", "Tulis isi pengumuman untuk Kota Bontang"),
            ("Posyandu Kamis", OPTIONS),
            ("2", "(WITA)"),
            ("besok 07.00", "dijadwalkan Rabu, 25 November 2026 pukul 07.00 WITA"),
        ],
        sender=TELEGRAM_SENDER, engine=engine(),
    )  # fmt: skip
    (scheduled,) = await authored_by(TELEGRAM_SENDER)
    assert scheduled.send_at == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert scheduled.scope == ["BTG"]


# --------------------------------------------------------------------------- PENGUMUMAN and cancel


async def test_cancel_a_scheduled_announcement_from_the_list(neighbourhood):
    await verify_both(
        [
            *SCHEDULED,
            ("1", "dibatalkan dan tidak akan dikirim"),
            ("PENGUMUMAN", ("dibatalkan: Rapat RT", Absent("Batalkan"))),
        ],
        engine=engine(),
    )
    for author in (TELEGRAM_SENDER, SMS_SENDER):
        (cancelled,) = await authored_by(author)
        assert cancelled.status is AnnouncementStatus.CANCELLED
        job = await ScheduledJob.get(key=announcements.send_key(cancelled.id))
        assert job.status is JobStatus.CANCELLED
    assert not await OutboxMessage.exists(cause_type=announcements.CAUSE)


async def test_once_sending_started_it_can_no_longer_be_cancelled(neighbourhood):
    engine_ = engine()
    await verify_dialog(SCHEDULED, sender=TELEGRAM_SENDER, engine=engine_)
    (scheduled,) = await authored_by(TELEGRAM_SENDER)
    # the clock runs the job while the list is on screen
    await announcements.deliver(scheduled.id, datetime(2026, 11, 25, 12, 0, tzinfo=UTC), translator)
    await verify_dialog(
        [
            ("1", "sudah mulai dikirim, jadi tidak bisa dibatalkan lagi"),
            ("PENGUMUMAN", ("dikirim 25/11 19.00 WIB ke 5 warga", "6 menunggu", Absent("Batalkan"))),
        ],
        sender=TELEGRAM_SENDER, engine=engine_,
    )  # fmt: skip
    assert (await Announcement.get(id=scheduled.id)).status is AnnouncementStatus.SENT


async def test_something_else_typed_at_the_list_is_answered_normally(neighbourhood):
    await verify_dialog(
        [*SCHEDULED, ("apa itu BKM?", (Absent("dibatalkan"), Absent("Pengumuman Anda")))],
        sender=TELEGRAM_SENDER, engine=engine(),
    )  # fmt: skip
    (scheduled,) = await authored_by(TELEGRAM_SENDER)
    assert scheduled.status is AnnouncementStatus.SCHEDULED
    assert await flow_of(TELEGRAM_SENDER) is None


# --------------------------------------------------------------------------- who reaches whom


async def test_a_ketua_rt_has_no_way_to_pick_another_rt(neighbourhood):
    other = "JMB.ALB.MYM.RW01.RT001"
    engine_ = engine()
    await verify_dialog([("UMUMKAN", (TEXT_Q, Absent("1. ")))], sender=TELEGRAM_SENDER, engine=engine_)
    # a forged button press is not obeyed: there were no buttons
    replies = await engine_.handle(Inbound(identity=TELEGRAM_SENDER, text="", choice=f"area:{other}"))
    assert "Pilihan itu sudah tidak berlaku." in replies[0].text
    # typing another RT's code is just text for their own RT
    answers = await verify_dialog([(other, f"Pengumuman {PLACE}:\n{other}")], sender=TELEGRAM_SENDER, engine=engine_)
    assert answers
    (draft,) = await authored_by(TELEGRAM_SENDER)
    assert draft.scope == [RT]
    assert (await Area.get(id=draft.area_id)).code == RT
    # even a tampered conversation state cannot reach another RT: the core refuses
    await verify_dialog([("UMUMKAN", TEXT_Q)], sender=SMS_SENDER, channel="sms", engine=engine_)
    author = await Identity.get(value=SMS_SENDER)
    state = await ConversationState.get(resident_id=author.resident_id)
    state.data = {**state.data, "target": f"area:{other}"}
    await state.save()
    await verify_dialog([("Rapat", REFUSAL)], sender=SMS_SENDER, channel="sms", engine=engine_)
    assert await authored_by(SMS_SENDER) == []


async def test_an_admin_only_sees_areas_inside_theirs(areas):
    await person(TELEGRAM_SENDER, role=RoleKind.ADMIN, role_area="JMB.ALB")
    await person("tg:301", area=RT)
    await person("sms:+6281300000301", area="JMB.ALB.BGP.RW01.RT001")
    await person("tg:302", area="BTG.BTS.BTL.RW01.RT001")  # another kota
    await verify_dialog(
        [
            (
                "UMUMKAN",
                (
                    "Pengumuman ini untuk siapa?", "1. Kecamatan Alam Barajo", "2. Program Kampung Bantar",
                    Absent("3. "), Absent("Kota Jambi"), Absent("Bontang"), Absent("PNPM"),
                ),
            ),
            ("Kota Jambi", ("Pilih salah satu nomor", "1. Kecamatan Alam Barajo")),
            ("2", "Tulis isi pengumuman untuk Kampung Bantar"),
            ("Sosialisasi lomba kampung", ("Pengumuman Kampung Bantar:", "Penerima: 2 warga (Telegram 1, SMS 1)")),
            ("1", "Terkirim ke antrean: 2 warga"),
        ],
        sender=TELEGRAM_SENDER,
    )  # fmt: skip
    (sent,) = await authored_by(TELEGRAM_SENDER)
    assert (sent.program_id, sent.scope) == ("kampung-bantar", ["JMB.ALB"])  # their part of the program
    assert set(await announcement_rows(sent.id)) == {"tg:301", "sms:+6281300000301"}


async def test_a_role_taken_back_mid_flow_ends_it(neighbourhood):
    await verify_dialog([("UMUMKAN", TEXT_Q)], sender=TELEGRAM_SENDER)
    author = await Identity.get(value=TELEGRAM_SENDER)
    await Role.filter(resident_id=author.resident_id).delete()
    await verify_dialog(
        [("Rapat", REFUSAL), ("MENU", Absent("Buat pengumuman"))], sender=TELEGRAM_SENDER
    )
    assert await authored_by(TELEGRAM_SENDER) == []


# --------------------------------------------------------------------------- rights when it goes out

NOT_SENT = "tidak dikirim: Anda tidak lagi berhak membuat pengumuman untuk wilayah itu."


@pytest.mark.parametrize(("channel", "author"), [("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER)])
async def test_kirim_on_an_old_preview_after_the_role_was_taken_back_sends_nothing(neighbourhood, channel, author):
    await verify_dialog([("UMUMKAN", TEXT_Q), (KERJA_BAKTI, OPTIONS)], channel=channel, sender=author)
    await roles.revoke(author, "ketua_rt", None)  # the operator, while the preview is on screen
    (draft,) = await authored_by(author)
    await verify_dialog(
        [("1", (f"Pengumuman #{draft.id} untuk {PLACE} {NOT_SENT}", Absent("Terkirim")))],
        channel=channel, sender=author,
    )  # fmt: skip
    await draft.refresh_from_db()
    assert draft.status is AnnouncementStatus.CANCELLED
    assert not await OutboxMessage.exists(cause_type=announcements.CAUSE)
    assert not await ScheduledJob.exists(key=f"announcement-summary:{draft.id}")
    assert await flow_of(author) is None


async def test_a_scheduled_announcement_goes_out_only_if_its_author_still_holds_the_role(neighbourhood):
    for channel, author in (("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER)):
        await verify_dialog(SCHEDULED[:4], channel=channel, sender=author, engine=engine())
    await roles.revoke(SMS_SENDER, "ketua_rt", None)
    at = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # 19.00 WIB: the clock runs both jobs
    await run_due(at)
    await run_due(at)
    (kept,), (refused,) = await authored_by(TELEGRAM_SENDER), await authored_by(SMS_SENDER)
    assert kept.status is AnnouncementStatus.SENT and len(await announcement_rows(kept.id)) == 6
    assert refused.status is AnnouncementStatus.CANCELLED and await announcement_rows(refused.id) == {}
    # its author is told why, once, on the channel they wrote from
    [notice] = await OutboxMessage.filter(cause_type=announcements.REFUSED)
    assert (notice.identity, notice.cause_id) == (SMS_SENDER, str(refused.id))
    assert notice.text == f"Pengumuman #{refused.id} untuk {PLACE} {NOT_SENT} Kalau ini keliru, hubungi petugas kelurahan."
    assert not await ScheduledJob.exists(key=f"announcement-summary:{refused.id}")


async def test_linking_telegram_keeps_a_scheduled_announcement_its_authors(neighbourhood):
    await verify_dialog(SCHEDULED[:4], channel="sms", sender=SMS_SENDER, engine=engine())
    # the ketua RT starts on Telegram and shares the number they announced from by SMS
    await person("tg:77", area=RT)
    await engine().handle(Inbound(identity="tg:77", contact_phone=SMS_SENDER.removeprefix("sms:"), contact_is_own=True))
    await verify_dialog([("PENGUMUMAN", "terjadwal 25/11 19.00 WIB: Rapat RT")], sender="tg:77", engine=engine())
    await run_due(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    (sent,) = await authored_by("tg:77")
    assert sent.status is AnnouncementStatus.SENT
    assert not await OutboxMessage.exists(cause_type=announcements.REFUSED)


# --------------------------------------------------------------------------- the time parser

WIB = ZoneInfo("Asia/Jakarta")
NOW = FROZEN_NOW.astimezone(WIB)  # Tuesday 24 November 2026, 13.00


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/11 19.00", (2026, 11, 25, 19, 0)),
        ("25/11 19:30", (2026, 11, 25, 19, 30)),
        ("25-11-2026 07.00", (2026, 11, 25, 7, 0)),
        ("1/12/26 07.00", (2026, 12, 1, 7, 0)),
        ("5/1 08.00", (2027, 1, 5, 8, 0)),  # January has passed this year: next year's
        ("25 nov 19.00", (2026, 11, 25, 19, 0)),
        ("tanggal 2 Desember 2026 pukul 09.15 WIB", (2026, 12, 2, 9, 15)),
        ("besok 07.00", (2026, 11, 25, 7, 0)),
        ("Besok jam 7 malam", (2026, 11, 25, 19, 0)),
        ("lusa 06.30", (2026, 11, 26, 6, 30)),
        ("hari ini 19.00", (2026, 11, 24, 19, 0)),
        ("19.00", (2026, 11, 24, 19, 0)),
        ("24/11 10.00", (2026, 11, 24, 10, 0)),  # today, already past: the caller refuses it
    ],
)
def test_parse_when(text, expected):
    assert parse_when(text, NOW) == datetime(*expected, tzinfo=WIB)


@pytest.mark.parametrize(
    "text",
    ["", "besok", "minggu depan 07.00", "31/11 07.00", "25/11 24.00", "besok 25/11 07.00", "kapan-kapan", "25/13 07.00"],
)
def test_parse_when_refuses_what_it_does_not_understand(text):
    assert parse_when(text, NOW) is None


def test_a_passed_29_february_has_no_next_year():
    leap_day_passed = datetime(2028, 3, 1, 9, 0, tzinfo=WIB)
    assert parse_when("29/2 07.00", leap_day_passed) is None
