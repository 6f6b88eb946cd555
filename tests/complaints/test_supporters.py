"""Supporters instead of duplicates, on both databases: who is offered which complaint (a
hypothesis property over random visibility choices, roles and ties: the offer never shows the
other complaint's text, ticket or reporter), the offer on both renderings (SMS: category → offer
→ who may see; the chat walk-through: after the photo or landmark), joining, the reporter's
notices reaching every supporter word for word, what a supporter reads with CEK, the count
officers see, a duplikat's people moved to its original, and a merge."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.cli.complaints import show_lines
from bot.i18n import translator
from handlers.announcements.audience import Grant, within
from handlers.complaints import access, service, supporters
from handlers.complaints.access import OPERATOR_VIEWER
from handlers.complaints.service import NotFound
from handlers.residents import service as residents
from models import (
    Area,
    Complaint,
    ComplaintStatus,
    ComplaintSupporter,
    Identity,
    OpenQuestion,
    OutboxMessage,
    Resident,
    Role,
    RoleKind,
    Visibility,
)
from tests.complaints import test_service
from tests.complaints.test_service import (
    KELURAHAN,
    KETUA,
    NEIGHBOUR_RT,
    OTHER_RT,
    RT,
    TETANGGA,
    WARGA_SMS,
    WARGA_TG,
    as_viewer,
    outbox_to,
    person,
)
from tests.conftest import FROZEN_NOW as NOW
from tests.fixtures.dialog import (
    SMS_SENDER,
    TELEGRAM_SENDER,
    Absent,
    new_engine,
    verify_both,
    verify_dialog,
)

town = test_service.town  # Siti and Budi (RT 001), Rina (RT 002), their heads, admins, a petugas data

CATEGORY_Q = "Laporan ini tentang apa? Balas 1 kalau tebakan kami benar:"
WHO_Q = "Siapa yang boleh tahu Anda pengirimnya?"
FILED = "Laporan Anda sudah kami terima. Nomornya #"
SIMILAR = "Sudah ada laporan serupa di RT Anda sejak"
JOIN, NEW = "1. Ikut laporan itu", "2. Buat laporan baru"
JOINED = "Terima kasih, Anda sekarang ikut laporan #"
PICK_Q, TEXT_Q, EXTRA_Q, SUMMARY = "Laporan ini tentang apa?", "Apa yang terjadi?", "Ada foto atau lokasinya?", "Periksa laporan Anda:"
#: what the original says: none of these words may reach anyone offered to join it
ORIGINAL = "Got di gang Kenanga Ungu tersumbat plastik sejak Jumat"
SECRET_WORDS = ("Kenanga", "Ungu", "plastik", "Jumat")


async def file(who: Resident, text: str = ORIGINAL, *, at=NOW, **extra) -> Complaint:
    extra.setdefault("category", "drainase")
    filed = await service.file(who.id, description=text, channel=extra.pop("channel", "sms"), now=at,
                               translate=translator, daily_limit=99, **extra)  # fmt: skip
    return filed.complaint


async def texts_to(identity: str) -> list[str]:
    return [m.text for m in await outbox_to(identity)]


# --------------------------------------------------------------------------- the offer


async def test_who_is_offered_which_complaint(town):
    budi, siti = town["warga_tg"], town["warga"]
    rt = await Area.get(code=RT)
    original = await file(siti, at=NOW - timedelta(days=3))
    offered = await supporters.offer(budi.id, rt.id, "drainase", NOW)
    assert offered == supporters.Offer(original.id, "drainase", 3)
    assert await supporters.offer(siti.id, rt.id, "drainase", NOW) is None  # her own
    assert await supporters.offer(budi.id, rt.id, "lampu", NOW) is None  # another category
    assert await supporters.offer(budi.id, (await Area.get(code=NEIGHBOUR_RT)).id, "drainase", NOW) is None
    # role holders of that RT handle it instead; those of other places may join like anyone
    for key, expected in (("ketua", None), ("admin", None), ("petugas", None), ("ketua_tetangga", original.id),
                          ("admin_lain", original.id), ("tetangga", original.id)):  # fmt: skip
        found = await supporters.offer(town[key].id, rt.id, "drainase", NOW)
        assert (found.complaint_id if found else None) == expected, key
    # the last 30 days only, and open ones only
    assert await supporters.offer(budi.id, rt.id, "drainase", NOW + timedelta(days=27)) is not None
    assert await supporters.offer(budi.id, rt.id, "drainase", NOW + timedelta(days=27, seconds=1)) is None
    # the oldest first; one already supported is passed over for the next
    newer = await file(town["tetangga"], "selokan depan pos", area_id=rt.id, at=NOW - timedelta(days=1))
    assert await supporters.join(budi.id, original.id, "telegram", NOW) is not None
    assert (await supporters.offer(budi.id, rt.id, "drainase", NOW)).complaint_id == newer.id
    await service.change_status(OPERATOR_VIEWER, newer.ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator)
    assert await supporters.offer(budi.id, rt.id, "drainase", NOW) is None


@pytest.mark.parametrize("visibility", [Visibility.ANONIM, Visibility.BUKAN_KETUA])
async def test_anonymous_and_not_for_the_head_are_never_offered(town, visibility):
    await file(town["warga"], visibility=visibility, at=NOW - timedelta(days=1))
    assert await supporters.offer(town["warga_tg"].id, (await Area.get(code=RT)).id, "drainase", NOW) is None


ME, THEM, OTHER = 1, 2, 3


@pytest.mark.parametrize(
    ("visibility", "reporter", "supported_by", "grants", "offered"),
    [
        (Visibility.BIASA, THEM, (), (), True),
        (Visibility.BIASA, None, (OTHER,), (), True),  # its reporter erased their data; others joined
        (Visibility.ANONIM, THEM, (), (), False),
        (Visibility.BUKAN_KETUA, THEM, (), (), False),
        (Visibility.BIASA, ME, (), (), False),  # their own
        (Visibility.BIASA, THEM, (ME,), (), False),  # already supported
        (Visibility.BIASA, THEM, (), (Grant(RoleKind.KETUA_RT, RT),), False),
        (Visibility.BIASA, THEM, (), (Grant(RoleKind.ADMIN, KELURAHAN),), False),
        (Visibility.BIASA, THEM, (), (Grant(RoleKind.PETUGAS_DATA, "JMB"),), False),
        (Visibility.BIASA, THEM, (), (Grant(RoleKind.KETUA_RT, NEIGHBOUR_RT),), True),
        (Visibility.BIASA, THEM, (), (Grant(RoleKind.ADMIN, "JMB.ALB.BGP"),), True),
    ],
)  # fmt: skip
def test_may_be_offered(visibility, reporter, supported_by, grants, offered):
    facts = access.Facts(RT, visibility, reporter, frozenset(supported_by))
    assert access.may_be_offered(access.Viewer(ME, grants), facts) is offered
    assert not access.may_be_offered(OPERATOR_VIEWER, facts)


#: residents made for the property, each once (the database outlives the examples)
_SERIAL = itertools.count(1)
KINDS_AND_AREAS = st.one_of(
    st.builds(Grant, st.just(RoleKind.KETUA_RT), st.sampled_from([RT, NEIGHBOUR_RT, OTHER_RT])),
    st.builds(Grant, st.sampled_from([RoleKind.ADMIN, RoleKind.PETUGAS_DATA]),
              st.sampled_from(["JMB", "JMB.ALB", KELURAHAN, "JMB.ALB.BGP"])),
)  # fmt: skip


#: how the other complaint stands; most often it matches (same RT and category, open, recent),
#: so that visibility, roles and ties decide (the rest is test_who_is_offered_which_complaint)
SITUATIONS = {
    "match": (RT, "drainase", ComplaintStatus.DITERIMA),
    "match, diproses": (RT, "drainase", ComplaintStatus.DIPROSES),
    "another RT": (NEIGHBOUR_RT, "drainase", ComplaintStatus.DITERIMA),
    "another category": (RT, "lampu", ComplaintStatus.DITERIMA),
    "closed": (RT, "drainase", ComplaintStatus.SELESAI),
}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    visibility=st.sampled_from([Visibility.BIASA, Visibility.BIASA, Visibility.ANONIM, Visibility.BUKAN_KETUA]),
    held=st.one_of(st.just([]), st.lists(KINDS_AND_AREAS, min_size=1, max_size=2)),
    tie=st.sampled_from(["stranger", "stranger", "reporter", "supporter"]),
    situation=st.sampled_from(["match", "match", "match, diproses", "another RT", "another category", "closed"]),
    days=st.sampled_from([0, 1, 3, 29, 30, 45]),
    channel=st.sampled_from(["telegram", "sms"]),
    answer=st.sampled_from(["1", "2"]),
)
@example(visibility=Visibility.BIASA, held=[], tie="stranger", situation="match", days=3, channel="sms", answer="1")
@example(visibility=Visibility.BIASA, held=[], tie="stranger", situation="match", days=0, channel="telegram", answer="2")
async def test_the_offer_never_shows_text_ticket_or_reporter(town, visibility, held, tie, situation, days, channel, answer):
    """Who is offered what, over random visibility choices, roles and ties to the complaint, on
    both renderings; whatever is offered, the text, the ticket (until they join) and who filed it
    (name, number in any form) never reach the one offered."""
    place, category, status = SITUATIONS[situation]
    n = next(_SERIAL)
    number = f"8127{n:03d}4455"
    reporter = await person(f"sms:+62{number}", place, f"Wulandari{n:03d} Kusumaningrum")
    me = f"sms:+628126{n:03d}9900" if channel == "sms" else f"shell:77{n:03d}"
    viewer = await person(me, RT, f"Penanya{n}")
    for grant in set(held):
        await Role.create(resident=viewer, kind=grant.kind, area=await Area.get(code=grant.area))
    owner = viewer if tie == "reporter" else reporter
    words = (f"Selokan{n:03d}", f"Kenanga{n:03d}", f"Lamtoro{n:03d}")
    original = await file(owner, " ".join(words) + " mampet", category=category, visibility=visibility,
                          area_id=(await Area.get(code=place)).id, at=NOW - timedelta(days=days, hours=1))  # fmt: skip
    await Complaint.filter(id=original.id).update(status=status)
    if tie == "supporter":
        await ComplaintSupporter.create(complaint=original, resident=viewer, channel="sms", created_at=NOW)
    try:
        role_here = any(
            (g.kind is RoleKind.KETUA_RT and g.area == RT) or (g.kind is not RoleKind.KETUA_RT and within(RT, g.area))
            for g in held
        )
        expected = (visibility is Visibility.BIASA and tie == "stranger" and place == RT and category == "drainase"
                    and status is not ComplaintStatus.SELESAI and days < 30 and not role_here)  # fmt: skip
        engine = new_engine()
        # a role holder first chooses to file (option 1), then the one message as everyone
        said = await verify_dialog([("ADUAN selokan depan rumah mampet", CATEGORY_Q), ("1", ())],
                                   channel=channel, sender=me, engine=engine)  # fmt: skip
        offer = said[-1]
        assert (SIMILAR in offer) == expected, offer
        if expected:
            when = "sejak hari ini" if days == 0 else f"sejak {days} hari"
            assert f"{SIMILAR.removesuffix(' sejak')} {when} (Drainase atau selokan)." in offer, offer
            said += await verify_dialog([(answer, JOINED if answer == "1" else WHO_Q)], channel=channel, sender=me, engine=engine)
        else:
            assert WHO_Q in offer, offer
        leaks = (*words, f"Wulandari{n:03d}", "Kusumaningrum", number, number[-4:], f"0{number}")
        for text in said:
            assert not any(leak.lower() in text.lower() for leak in leaks), text
        assert f"#{original.ticket}" not in offer and original.ticket not in offer
        joined = expected and answer == "1"
        assert await ComplaintSupporter.exists(complaint=original, resident=viewer) == (joined or tie == "supporter")
    finally:  # the next example starts from the town alone
        await Complaint.filter(reporter_id__in=(viewer.id, reporter.id)).delete()
        await OutboxMessage.all().delete()
        await Resident.filter(id__in=(viewer.id, reporter.id)).delete()


# --------------------------------------------------------------------------- dialogs


@pytest.fixture
async def original(town):
    """Siti's biasa complaint about a blocked drain in RT 001, three days old."""
    return await file(town["warga"], at=NOW - timedelta(days=3))


async def test_sms_offers_after_the_category_and_joins_with_1(town, original):
    """ADUAN <text>: the category, then the offer (only its category and age), 1 joins: the
    ticket is named now, CEK reads it as its reporter does, without the words or who."""
    for sender in (TELEGRAM_SENDER, SMS_SENDER):
        await person(sender, RT, "Tetangga")
    ticket = original.ticket
    await verify_both(
        [
            ("ADUAN selokan depan rumah mampet", (CATEGORY_Q, "1. Drainase atau selokan")),
            ("1", ("Sudah ada laporan serupa di RT Anda sejak 3 hari (Drainase atau selokan).",
                   "1. Ikut laporan itu (dapat kabarnya)", NEW, Absent(ticket), Absent(WHO_Q),
                   *map(Absent, SECRET_WORDS), Absent("Siti"))),
            ("halo", ("Balas dengan angka pilihan", SIMILAR)),
            ("1", (f"{JOINED}{ticket} (Drainase atau selokan, status: diterima). Laporan baru tidak dibuat.",
                   f"ketik CEK {ticket} untuk melihatnya", Absent(FILED), Absent(WHO_Q))),
            (f"CEK {ticket.lower()}", (f"Laporan #{ticket}: Drainase atau selokan, RT 001.", "Status: diterima.",
                                       Absent("Pelapor"), Absent("Siti"), *map(Absent, SECRET_WORDS))),
            ("CEK", (f"#{ticket} diterima - Drainase atau selokan", "(Anda ikut)")),
            ("ADUAN selokan depan rumah mampet", CATEGORY_Q),  # already a supporter: not offered again
            ("1", (WHO_Q, Absent(SIMILAR))),
        ]
    )  # fmt: skip
    assert await Complaint.all().count() == 1  # nothing new was filed
    rows = await ComplaintSupporter.filter(complaint=original).order_by("id")
    assert [(await Identity.get(resident_id=r.resident_id)).value for r in rows] == [TELEGRAM_SENDER, SMS_SENDER]
    assert [r.channel for r in rows] == ["shell", "sms"]  # the channel each joined by


async def test_sms_builds_a_new_one_with_2(town, original):
    for sender in (TELEGRAM_SENDER, SMS_SENDER):
        await person(sender, RT, "Tetangga")
    await verify_both(
        [
            ("ADUAN selokan depan rumah mampet", CATEGORY_Q),
            ("1", (SIMILAR, JOIN, NEW)),
            ("2", (WHO_Q, "1. Biasa")),
            ("1", (FILED, Absent(original.ticket))),
        ]
    )
    assert await Complaint.filter(category="drainase").count() == 3
    assert not await ComplaintSupporter.exists()


async def test_a_complaint_closed_before_the_answer_is_not_joined(town, original):
    await person(SMS_SENDER, RT, "Tetangga")
    await verify_dialog([("ADUAN selokan mampet", CATEGORY_Q), ("1", SIMILAR)], channel="sms", sender=SMS_SENDER)
    await service.change_status(OPERATOR_VIEWER, original.ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator)
    await verify_dialog(
        [("1", ("Laporan serupa itu sudah tidak berjalan, jadi kita lanjutkan laporan baru Anda.", WHO_Q)), ("1", FILED)],
        channel="sms", sender=SMS_SENDER,
    )  # fmt: skip
    assert not await ComplaintSupporter.exists()


async def test_no_offer_without_a_similar_one_and_never_to_the_head(town, original):
    """Another category, or the ketua RT filing one of their own: the two questions as ever."""
    await person(SMS_SENDER, RT, "Tetangga")
    await verify_dialog([("ADUAN lampu jalan mati", CATEGORY_Q), ("1", (WHO_Q, Absent(SIMILAR)))],
                        channel="sms", sender=SMS_SENDER)  # fmt: skip
    await person("sms:+6281277770099", RT, "Pak RT", (RoleKind.KETUA_RT, RT))
    await verify_dialog(
        [("ADUAN selokan mampet", CATEGORY_Q), ("1", (WHO_Q, Absent(SIMILAR)))], channel="sms", sender="sms:+6281277770099"
    )


@pytest.mark.parametrize("choice", ["join", "new"])
async def test_the_chat_walk_through_offers_after_the_photo_or_landmark(town, original, choice):
    """ADUAN alone: category, what happened, landmark, then the offer (the place is known only
    now), then who may see and the summary, or joining."""
    await person(TELEGRAM_SENDER, RT, "Tetangga")
    start = [
        ("ADUAN", (PICK_Q, "2. Drainase atau selokan")),
        ("2", TEXT_Q),
        ("air selokan meluap ke jalan", EXTRA_Q),
        ("depan pos ronda", ("Sudah ada laporan serupa di RT Anda sejak 3 hari (Drainase atau selokan).", JOIN, NEW,
                             Absent(WHO_Q), Absent(original.ticket), *map(Absent, SECRET_WORDS))),
    ]  # fmt: skip
    if choice == "join":
        rest = [("1", (f"{JOINED}{original.ticket}", Absent(SUMMARY)))]
    else:
        rest = [("2", WHO_Q), ("1", (SUMMARY, "Tempat: RT 001", "Patokan: depan pos ronda")), ("1", FILED)]
    await verify_dialog([*start, *rest])
    assert await Complaint.all().count() == (1 if choice == "join" else 2)
    assert await ComplaintSupporter.exists(complaint=original) == (choice == "join")


async def test_the_chat_walk_through_offers_for_the_rt_the_landmark_names(town):
    """The landmark names another RT of the kelurahan: the offer is for that RT, named as such."""
    there = await Area.get(code=NEIGHBOUR_RT)
    theirs = await file(town["tetangga"], at=NOW - timedelta(days=1))
    assert theirs.area_id == there.id
    await person(TELEGRAM_SENDER, RT, "Tetangga")
    await verify_dialog(
        [
            ("ADUAN", PICK_Q), ("2", TEXT_Q), ("air selokan meluap", EXTRA_Q),
            ("dekat pos RT 2", ("Sudah ada laporan serupa di RT 002 / RW 01 sejak 1 hari (Drainase atau selokan).", JOIN)),
            ("1", f"{JOINED}{theirs.ticket}"),
        ]
    )  # fmt: skip


async def test_officers_see_how_many_support_it(town, original):
    for key in ("warga_tg", "tetangga"):
        await supporters.join(town[key].id, original.id, "sms", NOW)
    admin = await as_viewer(town["admin"])
    assert (await service.lookup(admin, original.ticket)).supporters == 2
    assert "Supporters: 2" in await show_lines(original.ticket)
    await Identity.create(value="shell:7000003", channel="shell", resident=town["admin"])
    await verify_dialog(
        [
            (f"CEK {original.ticket}", ("Pendukung: 2 warga ikut laporan ini dan menerima kabarnya.", "Isi: Got di gang")),
            ("1", "Balasan juga dikirim ke 2 pendukungnya."),
            ("Petugas datang besok pagi", "dikirim ke pelapor"),
        ],
        sender="shell:7000003",
    )  # fmt: skip
    for identity in (WARGA_SMS, WARGA_TG, TETANGGA):
        assert (await texts_to(identity))[-1].startswith(f"Balasan petugas untuk laporan #{original.ticket}: Petugas datang")


# --------------------------------------------------------------------------- service


async def test_joining_makes_one_row_on_their_channel_and_files_nothing(town, original):
    budi = town["warga_tg"]
    joined = await supporters.join(budi.id, original.id, "telegram", NOW)
    assert joined.id == original.id
    assert await supporters.join(budi.id, original.id, "telegram", NOW) is not None  # twice is once
    [row] = await ComplaintSupporter.filter(complaint=original)
    assert (row.resident_id, row.channel, row.created_at) == (budi.id, "telegram", NOW)
    # joining files nothing, so it does not count against the daily limit
    await service.check_limit(budi.id, NOW, 1)
    assert await Complaint.all().count() == 1
    # not the reporter, not one who gained a role over its RT, not a closed one
    assert await supporters.join(town["warga"].id, original.id, "sms", NOW) is None
    assert await supporters.join(town["ketua"].id, original.id, "sms", NOW) is None
    await service.change_status(OPERATOR_VIEWER, original.ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator)
    assert await supporters.join(town["tetangga"].id, original.id, "sms", NOW) is None
    assert await ComplaintSupporter.filter(complaint=original).count() == 1


async def test_supporters_get_the_reporters_notices_word_for_word(town, original):
    """Every status change and public reply: the reporter first, then each supporter on the
    channel they joined by, the same words (ticket and status word included), one row each."""
    await Identity.create(value="tg:5550077", channel="telegram", resident=town["tetangga"])
    await supporters.join(town["warga_tg"].id, original.id, "telegram", NOW)
    await supporters.join(town["tetangga"].id, original.id, "sms", NOW)  # she has Telegram too: SMS it is
    officer = await as_viewer(town["admin"])
    later = NOW + timedelta(hours=2)
    await service.change_status(officer, original.ticket, ComplaintStatus.DIPROSES, now=later, translate=translator,
                                note="Petugas kebersihan dijadwalkan Kamis")  # fmt: skip
    await service.reply(officer, original.ticket, "Mohon sabar, alat berat dipinjam", now=later, translate=translator)
    await service.reply(officer, original.ticket, "catatan internal", now=later, translate=translator, public=False)
    await service.change_status(officer, original.ticket, ComplaintStatus.SELESAI, now=later, translate=translator)
    reporter = await texts_to(WARGA_SMS)
    code = f"#{original.ticket}"
    assert reporter == [
        f"Laporan {code} sedang ditangani (status: diproses). Catatan petugas: Petugas kebersihan dijadwalkan Kamis. "
        f"Ketik CEK {original.ticket} untuk melihat riwayatnya.",
        f"Balasan petugas untuk laporan {code}: Mohon sabar, alat berat dipinjam. Ketik CEK {original.ticket} untuk melihat riwayatnya.",
        f"Laporan {code} sudah selesai ditangani (status: selesai). Ketik CEK {original.ticket} untuk melihat riwayatnya. "
        "Sudah beres?",
    ]
    assert await texts_to(WARGA_TG) == reporter
    assert await texts_to(TETANGGA) == reporter
    # "Sudah beres?" is put to each of them, answerable by each
    asked = await OpenQuestion.filter(ref=original.ticket).values_list("resident_id", flat=True)
    assert sorted(asked) == sorted([town["warga"].id, town["warga_tg"].id, town["tetangga"].id])
    assert not await outbox_to("tg:5550077")
    rows = await OutboxMessage.filter(cause_type="complaint", cause_id=str(original.id), dedupe_key__contains=":event:").order_by("id")
    assert len(rows) == 9 and len({r.dedupe_key for r in rows}) == 9
    # for each event: the reporter first, then the supporters in the order they joined
    assert [r.resident_id for r in rows[:3]] == [town["warga"].id, town["warga_tg"].id, town["tetangga"].id]
    assert rows[1].dedupe_key == f"{rows[0].dedupe_key}:supporter:{town['warga_tg'].id}"
    assert [r.channel for r in rows[:3]] == ["sms", "telegram", "sms"]


async def test_an_erased_reporters_supporters_still_hear(town, original):
    await supporters.join(town["warga_tg"].id, original.id, "telegram", NOW)
    await residents.erase(town["warga"].id)
    await service.change_status(OPERATOR_VIEWER, original.ticket, ComplaintStatus.DIPROSES, now=NOW, translate=translator)
    [news] = await texts_to(WARGA_TG)
    assert news.startswith(f"Laporan #{original.ticket} sedang ditangani (status: diproses).")


async def test_a_supporter_reads_the_matter_not_the_words_nor_who(town):
    complaint = await file(town["warga"], landmark="depan rumah Siti no 7", photo="AgACAgUAAxkBAAIB")
    await supporters.join(town["warga_tg"].id, complaint.id, "telegram", NOW)
    await service.reply(OPERATOR_VIEWER, complaint.ticket, "rahasia dapur", now=NOW, translate=translator, public=False)
    view = await service.lookup(await as_viewer(town["warga_tg"]), complaint.ticket)
    assert (view.ticket, view.category, view.place, view.status) == (complaint.ticket, "drainase", RT, ComplaintStatus.DITERIMA)
    assert (view.reporter, view.description, view.landmark, view.has_photo, view.may_act, view.may_reveal) == (
        None, "", None, False, False, False)  # fmt: skip
    assert view.supporting and [h.to_status for h in view.history] == [ComplaintStatus.DITERIMA]
    with pytest.raises(NotFound):
        await service.reply(await as_viewer(town["warga_tg"]), complaint.ticket, "halo", now=NOW, translate=translator)
    with pytest.raises(PermissionError):
        await service.reveal_reporter(await as_viewer(town["warga_tg"]), complaint.ticket, reason="x", now=NOW)
    # the ketua RT, also a supporter, still reads it as the ketua RT (the words, never who)
    await ComplaintSupporter.create(complaint=complaint, resident=town["ketua"], channel="telegram", created_at=NOW)
    view = await service.lookup(await as_viewer(town["ketua"]), complaint.ticket)
    assert not view.supporting and view.description == ORIGINAL and view.reporter is None


async def test_duplikat_moves_its_reporter_and_supporters_to_the_original(town, original):
    """Budi's complaint is marked a duplikat of Siti's: Budi and Rina (who supported his) now
    support Siti's, each on their channel, and are told so; from then on they get its news. Siti
    (its reporter, and also a supporter of Budi's) is not added to her own."""
    second = await file(town["warga_tg"], "selokan mampet lagi", channel="telegram")
    await ComplaintSupporter.create(complaint=second, resident=town["tetangga"], channel="sms", created_at=NOW)
    await ComplaintSupporter.create(complaint=second, resident=town["warga"], channel="sms", created_at=NOW)
    await service.change_status(await as_viewer(town["admin"]), second.ticket, ComplaintStatus.DUPLIKAT,
                                duplicate_of=original.ticket, now=NOW, translate=translator)  # fmt: skip
    rows = await ComplaintSupporter.filter(complaint=original).order_by("id")
    assert [(r.resident_id, r.channel) for r in rows] == [(town["warga_tg"].id, "telegram"), (town["tetangga"].id, "sms")]
    told = (f"Laporan #{second.ticket} sama dengan laporan #{original.ticket} dan ditangani bersama laporan itu "
            f"(status: duplikat). Ketik CEK {second.ticket} untuk melihat riwayatnya. "
            f"Kabar laporan #{original.ticket} selanjutnya juga kami kirim ke Anda.")  # fmt: skip
    for identity in (WARGA_TG, TETANGGA, WARGA_SMS):
        assert await texts_to(identity) == [told], identity
    # the original's news now reaches them too, word for word
    await service.change_status(OPERATOR_VIEWER, original.ticket, ComplaintStatus.DIPROSES, now=NOW, translate=translator)
    news = f"Laporan #{original.ticket} sedang ditangani (status: diproses). Ketik CEK {original.ticket} untuk melihat riwayatnya."
    for identity in (WARGA_TG, TETANGGA, WARGA_SMS):
        assert (await texts_to(identity))[-1] == news, identity
    assert await OutboxMessage.filter(text=news).count() == 3
    # … and they may CEK it
    view = await service.lookup(await as_viewer(town["warga_tg"]), original.ticket)
    assert view is not None and view.supporting


async def test_a_ketua_rt_is_not_moved_onto_a_complaint_not_meant_for_them(town):
    about_him = await file(town["warga"], "ketua RT memotong dana", category="dana-program", visibility=Visibility.BUKAN_KETUA)
    his = await file(town["ketua"], "dana RT dipotong", category="dana-program", channel="telegram")
    await service.change_status(OPERATOR_VIEWER, his.ticket, ComplaintStatus.DUPLIKAT, duplicate_of=about_him.ticket,
                                now=NOW, translate=translator)  # fmt: skip
    assert not await ComplaintSupporter.exists(complaint=about_him)
    told = (await texts_to(KETUA))[-1]
    assert "(status: duplikat)" in told and "selanjutnya juga kami kirim" not in told
    # and were he a supporter anyway (made one before he became its head), he hears nothing of it
    await ComplaintSupporter.create(complaint=about_him, resident=town["ketua"], channel="telegram", created_at=NOW)
    before = await OutboxMessage.filter(identity=KETUA).count()
    await service.change_status(OPERATOR_VIEWER, about_him.ticket, ComplaintStatus.DIPROSES, now=NOW, translate=translator)
    assert await OutboxMessage.filter(identity=KETUA).count() == before
    assert await service.lookup(await as_viewer(town["ketua"]), about_him.ticket) is None


async def test_a_merge_keeps_each_supported_complaint_once(town):
    siti, budi, rina = town["warga"], town["warga_tg"], town["tetangga"]
    by_rina = await file(rina, "a")
    by_rina_too = await file(rina, "b")
    by_siti = await file(siti, "c")
    by_budi = await file(budi, "d", channel="telegram")
    for complaint, who in ((by_rina, budi), (by_rina_too, budi), (by_rina_too, siti), (by_siti, budi), (by_budi, siti)):
        await ComplaintSupporter.create(complaint=complaint, resident=who, channel="sms", created_at=NOW)
    await residents.merge(siti, budi)
    rows = sorted((r.complaint_id, r.resident_id) for r in await ComplaintSupporter.all())
    # Rina's two once each; none of the complaints Siti now filed herself (hers, and Budi's)
    assert rows == sorted([(by_rina.id, siti.id), (by_rina_too.id, siti.id)])
