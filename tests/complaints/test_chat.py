"""Complaints in chat: CEK on the telegram and sms renderings (a ticket's status, history and
what happens next; the resident's open complaints; a ticket they may not see answered exactly
like a missing one; when their identity was viewed), on both databases."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import translator
from handlers.announcements.audience import within
from handlers.complaints import access, service
from handlers.complaints.access import OPERATOR_VIEWER
from handlers.complaints.tickets import new_ticket
from handlers.keywords import Keyword, match
from handlers.residents.identity import mask
from models import Area, Complaint, ComplaintStatus, Identity, Resident, Role, RoleKind, Visibility
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.complaints import test_service
from tests.conftest import FROZEN_NOW as NOW
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, new_engine, verify_dialog

areas = test_dialogs.areas  # the demo areas fixture
town, filed = test_service.town, test_service.filed  # residents with roles; three RTs' complaints by Siti

RT = "JMB.ALB.MYM.RW01.RT001"
OTHER_RT = "JMB.ALB.BGP.RW01.RT001"
SENDERS = (("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER))


async def file(
    who: Resident,
    text: str = "Selokan di gang mawar tersumbat sampah",
    category: str = "drainase",
    **extra,
) -> str:
    filed = await service.file(
        who.id,
        category=category,
        description=text,
        channel="sms",
        now=extra.pop("at", NOW),
        translate=translator,
        **extra,
    )
    return filed.complaint.ticket


def missing(ticket: str) -> str:
    return f"Laporan #{ticket} tidak ditemukan."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CEK", (Keyword.CHECK, None)),
        ("cek", (Keyword.CHECK, None)),
        ("CEK K7H3Q", (Keyword.CHECK, "K7H3Q")),
        ("cek #k7h3q", (Keyword.CHECK, "#k7h3q")),
        ("Cek  k7h3q.", (Keyword.CHECK, "k7h3q.")),
        ("/cek K7H3Q", (Keyword.CHECK, "K7H3Q")),
        ("CEK 12345", (Keyword.CHECK, "12345")),  # a mistyped ticket is still this command
        ("cek status bantuan saya", None),  # a question
        ("cek rt sy dmn", None),
    ],
)
def test_cek_is_the_command_only_with_a_ticket_shaped_word(text, expected):
    assert match(text) == expected


async def test_cek_shows_status_history_and_what_comes_next(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        me = await person(sender, area=RT)
        ticket = await file(me)
        later = NOW + timedelta(days=1)
        await service.change_status(
            OPERATOR_VIEWER,
            ticket,
            ComplaintStatus.DIPROSES,
            now=later,
            translate=translator,
            note="Petugas datang Kamis",
        )
        await service.reply(
            OPERATOR_VIEWER, ticket, "Mohon kirim foto", now=later, translate=translator
        )
        await service.reply(
            OPERATOR_VIEWER, ticket, "rahasia dapur", now=later, translate=translator, public=False
        )
        await verify_dialog(
            [
                (
                    f"cek #{ticket.lower()}",
                    (
                        f"Laporan #{ticket}: Drainase atau selokan",
                        "Status: diproses.",
                        "24 Nov diterima",
                        "25 Nov diverifikasi",
                        "25 Nov diproses (Petugas datang Kamis)",
                        "25 Nov balasan petugas: Mohon kirim foto",
                        "Berikutnya: petugas menyelesaikan penanganannya",
                        Absent("rahasia dapur"),
                        Absent("Identitas Anda"),
                        Absent("Pelapor:"),
                    ),
                ),
                (f"CEK {ticket}", "Status: diproses."),
                (
                    "CEK",
                    (
                        "Laporan Anda yang sedang berjalan:",
                        f"#{ticket} diproses - Drainase atau selokan (24 Nov)",
                    ),
                ),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )


async def test_cek_alone_lists_only_the_residents_open_complaints(areas):
    engine = new_engine()
    neighbour = await person("tg:900", area=RT)
    theirs = await file(neighbour)
    for channel, sender in SENDERS:
        me = await person(sender, area=RT)
        await verify_dialog(
            [("CEK", "Anda tidak punya laporan yang sedang berjalan. Ketik ADUAN")],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        first = await file(me, "Lampu jalan mati", "lampu")
        closed = await file(me, "Jalan berlubang", "jalan")
        await service.change_status(
            OPERATOR_VIEWER, closed, ComplaintStatus.SELESAI, now=NOW, translate=translator
        )
        await verify_dialog(
            [
                (
                    "CEK",
                    (
                        f"#{first} diterima - Lampu jalan",
                        Absent(f"#{closed}"),
                        Absent(f"#{theirs}"),
                    ),
                ),
                (f"CEK {closed}", ("Status: selesai.", "Laporan ini sudah ditutup.")),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )


async def test_a_ticket_the_sender_may_not_see_reads_exactly_like_a_missing_one(areas):
    engine = new_engine()
    neighbour = await person("tg:901", area=RT)
    elsewhere = await person("tg:902", area=OTHER_RT)
    theirs, far = await file(neighbour), await file(elsewhere)
    # a ketua RT of another RT, and a ketua RT of this RT who may not see a "bukan untuk ketua RT" one
    ketua = await person("tg:903", area=RT, role=RoleKind.KETUA_RT)
    not_for_ketua = await file(neighbour, visibility=service.Visibility.BUKAN_KETUA)
    for channel, sender in SENDERS:
        await person(sender, area=OTHER_RT, role=RoleKind.KETUA_RT)
        await verify_dialog(
            [
                (f"CEK {theirs}", missing(theirs)),
                (f"cek #{theirs.lower()}", missing(theirs)),
                ("CEK ZZZ9Z", missing("ZZZ9Z")),
                ("CEK 12345", missing("12345")),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
    answers = await verify_dialog(
        [(f"CEK {theirs}", missing(theirs))],
        channel="sms",
        sender="sms:+6281299990000",
        engine=engine,
    )  # an unregistered number
    assert answers[0].startswith(missing(theirs))
    assert "Status" not in answers[0]
    # the ketua RT of the place sees the complaint but not who sent it; never a bukan-ketua one
    ketua_sender = "tg:903"
    assert ketua
    await verify_dialog(
        [
            (f"CEK {theirs}", ("Status: diterima.", Absent("Pelapor:"))),
            (f"CEK {not_for_ketua}", missing(not_for_ketua)),
            (f"CEK {far}", missing(far)),
        ],
        channel="telegram",
        sender=ketua_sender,
        engine=engine,
    )


async def test_cek_tells_the_reporter_when_their_identity_was_viewed(areas):
    engine = new_engine()
    petugas = await person("tg:904", area=None, role=RoleKind.PETUGAS_DATA, role_area="JMB.ALB.MYM")
    for channel, sender in SENDERS:
        me = await person(sender, area=RT)
        ticket = await file(me, visibility=service.Visibility.ANONIM)
        await verify_dialog(
            [(f"CEK {ticket}", Absent("Identitas Anda"))],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        await service.reveal_reporter(
            await access.viewer(petugas.id),
            ticket,
            reason="dugaan laporan palsu",
            now=NOW + timedelta(days=2),
        )
        await verify_dialog(
            [
                (
                    f"CEK {ticket}",
                    (
                        "Identitas Anda sebagai pelapor pernah dilihat petugas data pada: 26 Nov.",
                        Absent("dugaan laporan palsu"),
                    ),
                )
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
    # the petugas's own CEK does not carry that line
    await verify_dialog(
        [(f"CEK {ticket}", ("Status: diterima.", Absent("Identitas Anda")))],
        channel="telegram",
        sender="tg:904",
        engine=engine,
    )


async def test_cek_status_is_a_question_not_a_ticket(areas):
    await person(TELEGRAM_SENDER, area=RT)
    await verify_dialog(
        [("cek status laporan saya", (Absent("tidak ditemukan"), Absent("Status:")))]
    )


async def test_an_admin_sees_who_sent_a_biasa_complaint_in_their_area(areas):
    reporter = await person("sms:+6281211110009", area=RT)
    reporter.name = "Siti"
    await reporter.save(update_fields=["name"])
    ticket = await file(reporter)
    await person(TELEGRAM_SENDER, role=RoleKind.ADMIN, role_area="JMB.ALB.MYM")
    await verify_dialog(
        [(f"CEK {ticket}", ("Status: diterima.", "Pelapor: Siti (sms:+628", Absent("110009")))]
    )
    assert await Role.filter(kind=RoleKind.ADMIN).count() == 1
    assert await Area.exists(code=RT)


# --------------------------------------------------------------------------- property: CEK as chat answers it

_SENDERS = itertools.count()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    held=test_service.roles,
    home=st.sampled_from([None, *test_service.RTS]),
    channel=st.sampled_from(["telegram", "sms"]),
    unregistered=st.booleans(),
)
async def test_cek_of_a_refused_ticket_is_byte_for_byte_a_missing_one(town, filed, held, home, channel, unregistered):
    """Over random role sets and homes (residents without roles, RT heads of other RTs, admins
    of other areas, and a number nobody registered), on both renderings: `CEK <ticket>` of a
    complaint the sender may not see is exactly `CEK` of an unused ticket of the same length,
    and nobody but an admin over its place reads who sent it (an RT head never does)."""
    n = next(_SENDERS)
    sender = f"sms:+62812340{n:05d}" if channel == "sms" else f"tg:6200{n:05d}"
    if unregistered:
        held = []
    else:
        viewer = await person(sender, area=home)
        for grant in set(held):
            await Role.create(resident=viewer, kind=grant.kind, area=await Area.get(code=grant.area))
    engine = new_engine()
    # who sent them all: her name, her number as listings mask it, and in full
    reporter = ("Siti", mask(test_service.WARGA_SMS), test_service.WARGA_SMS.removeprefix("sms:"), "Pelapor:")
    for complaint, rt in filed:
        fresh = new_ticket(len(complaint.ticket))
        assert not await Complaint.exists(ticket=fresh)
        [seen, unused] = await verify_dialog(
            [(f"CEK {complaint.ticket}", f"Laporan #{complaint.ticket}"), (f"cek #{fresh.lower()}", missing(fresh))],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        admin = any(g.kind is RoleKind.ADMIN and within(rt, g.area) for g in held)
        petugas = any(g.kind is RoleKind.PETUGAS_DATA and within(rt, g.area) for g in held)
        head = any(g.kind is RoleKind.KETUA_RT and g.area == rt for g in held)
        may_see = admin or petugas or (head and complaint.visibility is not Visibility.BUKAN_KETUA)
        if not may_see:
            assert seen == unused.replace(f"#{fresh}", f"#{complaint.ticket}"), (seen, unused)
            continue
        assert "Status: diterima." in seen
        if not admin or complaint.visibility is Visibility.ANONIM:
            assert all(who not in seen for who in reporter), seen
    assert await Identity.filter(value=sender).exists()  # the unregistered number was answered as a new contact
