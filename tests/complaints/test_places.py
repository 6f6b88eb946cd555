"""The place a complaint's text names (handlers/complaints/places.py): the pure reading of "RT 3
RW 2" as residents write it, the choice of RT within the resident's kelurahan on both databases,
and the complaint filed there by ADUAN <text> on SMS and by the walk-through on Telegram — the
named RT's ketua told, the resident told which place was used, and still at most two questions."""

from __future__ import annotations

import pytest

from handlers.complaints import places
from handlers.complaints.places import Found, Named, named
from models import Area, AreaLevel, Complaint, Identity, OutboxMessage, RoleKind
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, new_engine, verify_dialog

areas = test_dialogs.areas  # the demo areas: every kelurahan has RW 01 and RW 02, each RT 001-003

HOME = "JMB.ALB.MYM.RW01.RT001"
RW02_RT003 = "JMB.ALB.MYM.RW02.RT003"
CATEGORY_Q = "Laporan ini tentang apa? Balas 1 kalau tebakan kami benar:"
WHO_Q = "Siapa yang boleh tahu Anda pengirimnya?"
FILED = "Laporan Anda sudah kami terima. Nomornya #"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lampu jalan mati di RT 005", [(5, None)]),
        ("rt 5 selokan mampet", [(5, None)]),
        ("sampah numpuk RT.05", [(5, None)]),
        ("jalan rusak rt05", [(5, None)]),
        ("RT-05 gelap", [(5, None)]),
        ("rt no. 5", [(5, None)]),
        ("rt nomor 12", [(12, None)]),
        ("rt:7", [(7, None)]),
        ("lampu mati di rt 7", [(7, None)]),
        ("jembatan RT 3 RW 2 patah", [(3, 2)]),
        ("jembatan RT 3, RW 2 patah", [(3, 2)]),
        ("rt 03/rw 02", [(3, 2)]),
        ("RT.003/RW.002", [(3, 2)]),
        ("rt3rw2", [(3, 2)]),
        ("RT 03/02", [(3, 2)]),
        ("RT/RW 003/002", [(3, 2)]),
        ("rt/rw 3/2", [(3, 2)]),
        ("RW 2 RT 3", [(3, 2)]),
        ("di RW 2, dekat pos RT 3", [(3, 2)]),  # the only RW in the text goes with the RT
        ("RT 3 RW 2, ya RT 3 itu", [(3, 2)]),  # the same RT twice
        ("RT 3 dan RT 4", [(3, None), (4, None)]),
        ("RT 5 RW 1 dan RT 5 RW 2", [(5, 1), (5, 2)]),
        ("RT 3 dekat RW 1 dan RW 2", [(3, None)]),  # two RWs: neither goes with the RT
        ("lampu di gang 3 mati", []),
        ("ketua rt tidak datang", []),
        ("smart 5 rusak", []),  # "rt" inside a word
        ("rw 2 saja", []),  # an RW alone names no RT
        ("rt 0", []),
        ("rt 1000", []),
        ("", []),
    ],
)
def test_named_reads_rt_numbers_as_residents_write_them(text, expected):
    assert [(n.rt, n.rw) for n in named(text)] == expected


def test_named_writes_back_what_it_read():
    assert [str(n) for n in (Named(9), Named(3, 2))] == ["RT 9", "RT 3 RW 2"]


@pytest.fixture
async def town(areas):
    """The demo areas plus an RT 004 in Mayang Mangurai's RW 02 only, and an RW 03 with only an RT 001."""
    rw02 = await Area.get(code="JMB.ALB.MYM.RW02")
    await Area.create(code="JMB.ALB.MYM.RW02.RT004", name="RT 004", level=AreaLevel.RT, parent=rw02)
    rw03 = await Area.create(code="JMB.ALB.MYM.RW03", name="RW 03", level=AreaLevel.RW, parent=await Area.get(code="JMB.ALB.MYM"))
    await Area.create(code="JMB.ALB.MYM.RW03.RT001", name="RT 001", level=AreaLevel.RT, parent=rw03)


@pytest.mark.parametrize(
    ("home", "texts", "code", "found", "label"),
    [
        (HOME, ["lampu jalan mati"], HOME, Found.HOME, "RT 001 / RW 01"),
        (HOME, ["lampu di rt 1 mati"], HOME, Found.NAMED, "RT 001 / RW 01"),
        (HOME, ["di rt 2"], "JMB.ALB.MYM.RW01.RT002", Found.NAMED, "RT 002 / RW 01"),  # own RW first
        ("JMB.ALB.MYM.RW02.RT001", ["di rt 2"], "JMB.ALB.MYM.RW02.RT002", Found.NAMED, "RT 002 / RW 02"),
        (HOME, ["RT 3 RW 2"], RW02_RT003, Found.NAMED, "RT 003 / RW 02"),
        (HOME, ["rt 03/rw 02"], RW02_RT003, Found.NAMED, "RT 003 / RW 02"),
        (HOME, ["RT 4"], "JMB.ALB.MYM.RW02.RT004", Found.NAMED, "RT 004 / RW 02"),  # the only RT 4
        (HOME, ["RT 4 RW 1"], HOME, Found.UNKNOWN, "RT 001 / RW 01"),
        (HOME, ["RT 9"], HOME, Found.UNKNOWN, "RT 001 / RW 01"),
        (HOME, ["RT 1 RW 7"], HOME, Found.UNKNOWN, "RT 001 / RW 01"),
        (HOME, ["RT 2 dan RT 3"], HOME, Found.UNCLEAR, "RT 001 / RW 01"),
        # RT 2 is in RW 01 and RW 02, and the resident lives in RW 03: not a guess to make
        ("JMB.ALB.MYM.RW03.RT001", ["rt 2"], "JMB.ALB.MYM.RW03.RT001", Found.UNCLEAR, "RT 001 / RW 03"),
        # every kelurahan has an RT 3 RW 2: a resident of Bagan Pete gets Bagan Pete's, never Mayang Mangurai's
        ("JMB.ALB.BGP.RW01.RT001", ["RT 3 RW 2"], "JMB.ALB.BGP.RW02.RT003", Found.NAMED, "RT 003 / RW 02"),
        # the first text naming an RT decides: the landmark before what happened
        (HOME, ["depan pos RT 3 RW 2", "lampu di rt 2 mati"], RW02_RT003, Found.NAMED, "RT 003 / RW 02"),
        (HOME, [None, "lampu di rt 2 mati"], "JMB.ALB.MYM.RW01.RT002", Found.NAMED, "RT 002 / RW 01"),
        (HOME, ["depan masjid", "lampu di rt 2 mati"], "JMB.ALB.MYM.RW01.RT002", Found.NAMED, "RT 002 / RW 01"),
    ],
)  # fmt: skip
async def test_resolve_picks_an_rt_of_the_residents_kelurahan(town, home, texts, code, found, label):
    home_id = (await Area.get(code=home)).id
    place = await places.resolve(home_id, *texts)
    assert ((await Area.get(id=place.area_id)).code, place.found, place.label) == (code, found, label)
    assert places.Place.from_data(place.data()) == place  # as the flow's state keeps it


async def test_resolve_without_a_home(town):
    assert await places.resolve(None, "RT 3 RW 2") == places.Place(None, None, Found.HOME)


# --------------------------------------------------------------------------- filing there


async def mine(sender: str) -> list[Complaint]:
    identity = await Identity.get(value=sender)
    return await Complaint.filter(reporter_id=identity.resident_id).order_by("id")


async def test_aduan_by_sms_files_at_the_named_rt_and_tells_its_ketua(town):
    engine = new_engine()
    ketua_here = await person("tg:6100", area=HOME, role=RoleKind.KETUA_RT)
    ketua_there = await person("sms:+6281266660002", area=RW02_RT003, role=RoleKind.KETUA_RT)
    for n, (channel, sender) in enumerate((("sms", SMS_SENDER), ("telegram", TELEGRAM_SENDER))):
        await person(sender, area=HOME)
        await verify_dialog(
            [
                ("ADUAN lampu jalan mati di rt 03/rw 02 sejak Senin", (CATEGORY_Q, "1. Lampu jalan")),
                # the second is offered the first one's complaint there (naming that RT), and
                # files their own
                *([("1", "Sudah ada laporan serupa di RT 003 / RW 02 sejak hari ini"), ("2", WHO_Q)] if n else [("1", WHO_Q)]),
                ("1", (FILED, "Tempat kejadian: RT 003 / RW 02, sesuai isi laporan.")),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )  # the place is read, not asked
        [complaint] = await mine(sender)
        assert (await Area.get(id=complaint.area_id)).code == RW02_RT003
        assert complaint.description == "lampu jalan mati di rt 03/rw 02 sejak Senin"
        told = await OutboxMessage.filter(resident_id=ketua_there.id).order_by("id")
        assert len(told) == n + 1 and f"#{complaint.ticket}" in told[-1].text
        assert "Ada laporan warga baru di RT 003" in told[-1].text
    assert not await OutboxMessage.filter(resident_id=ketua_here.id).exists()  # the reporter's own RT's head


async def test_an_rt_the_kelurahan_does_not_have_stays_home_and_says_so(town):
    engine = new_engine()
    ketua_here = await person("tg:6101", area=HOME, role=RoleKind.KETUA_RT)
    for n, (channel, sender) in enumerate((("sms", SMS_SENDER), ("telegram", TELEGRAM_SENDER))):
        await person(sender, area=HOME)
        await verify_dialog(
            [
                ("LAPOR jalan rusak di rt 9", CATEGORY_Q),
                # the second is offered the first one's complaint, in their own RT, and files their own
                *([("1", "Sudah ada laporan serupa di RT Anda sejak hari ini"), ("2", WHO_Q)] if n else [("1", WHO_Q)]),
                ("1", (FILED, "RT 9 tidak ada di kelurahan Anda, jadi laporan ini dicatat di RT Anda, RT 001 / RW 01.")),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        [complaint] = await mine(sender)
        assert (await Area.get(id=complaint.area_id)).code == HOME
    assert await OutboxMessage.filter(resident_id=ketua_here.id).count() == 2
    # a text naming no RT: the resident's own, and no word about it
    await verify_dialog(
        [("ADUAN sampah belum diangkut", CATEGORY_Q), ("1", WHO_Q), ("1", (FILED, Absent("Tempat")))],
        channel="sms",
        sender=SMS_SENDER,
        engine=engine,
    )


PICK_Q = "Laporan ini tentang apa?"
TEXT_Q = "Apa yang terjadi?"
EXTRA_Q = "Ada foto atau lokasinya?"


async def test_the_walk_through_shows_the_place_the_landmark_or_text_names(town):
    ketua_there = await person("tg:6102", area=RW02_RT003, role=RoleKind.KETUA_RT)
    await person(TELEGRAM_SENDER, area=HOME)
    await verify_dialog(
        [
            ("ADUAN", PICK_Q),
            ("3", TEXT_Q),
            ("lampu di rt 2 mati sejak Senin", EXTRA_Q),
            ("depan pos ronda RT 3 RW 2", WHO_Q),  # the landmark answers "where?": it wins
            ("1", ("Periksa laporan Anda:", "Tempat: RT 003 / RW 02", "Patokan: depan pos ronda RT 3 RW 2")),
            ("1", (FILED, "Tempat kejadian: RT 003 / RW 02")),
            ("ADUAN", PICK_Q),
            ("1", TEXT_Q),
            ("jalan berlubang di RT 2", EXTRA_Q),
            ("lewati", WHO_Q),
            ("1", "Tempat: RT 002 / RW 01"),  # the text's RT, in the resident's own RW
            ("1", FILED),
            ("ADUAN", PICK_Q),
            ("1", TEXT_Q),
            ("jalan berlubang di RT 8", EXTRA_Q),
            ("lewati", WHO_Q),
            ("1", ("Tempat: RT 001 / RW 01",
                   "RT 8 tidak ada di kelurahan Anda, jadi laporan ini dicatat di RT Anda, RT 001 / RW 01.")),
            ("2", "Laporan dibatalkan."),
        ]
    )  # fmt: skip
    first, second = await mine(TELEGRAM_SENDER)
    assert [(await Area.get(id=c.area_id)).code for c in (first, second)] == [RW02_RT003, "JMB.ALB.MYM.RW01.RT002"]
    [notice] = await OutboxMessage.filter(resident_id=ketua_there.id)
    assert f"#{first.ticket}" in notice.text
