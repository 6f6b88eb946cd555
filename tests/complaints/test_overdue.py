"""Overdue complaints first in every list, on both databases: `service.listing` (sorted by the
database, with `overdue_only`), the officers' desk list with its TERLAMBAT mark and CEK alone on
the chat-button and SMS-number renderings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.i18n import translator
from handlers.complaints import service
from handlers.complaints.access import OPERATOR_VIEWER, Viewer
from models import Complaint, ComplaintStatus, Resident, RoleKind
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.conftest import FROZEN_NOW as NOW
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, new_engine, verify_dialog

areas = test_dialogs.areas  # the demo areas fixture

RT, KELURAHAN = "JMB.ALB.MYM.RW01.RT001", "JMB.ALB.MYM"
REPORTER = "sms:+6281211110009"
#: Tuesday 1 December 2026 10.00 WIB: what was filed on 24 November (due on the 27th) is overdue,
#: what was filed on the 30th (due 3 December) is not
LATER = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


async def file(who: Resident, at: datetime, text: str) -> Complaint:
    filed = await service.file(who.id, category="lampu", description=text, channel="sms", now=at, translate=translator)
    return filed.complaint


async def three(who: Resident) -> dict[str, str]:
    """Filed oldest first: one closed, one in hand (diproses: due 10 working days from filing, 7
    December), and the newest, still diterima and past its 3 working days on 1 December."""
    closed = await file(who, NOW - timedelta(days=2), "Lampu jalan mati dekat masjid")
    await service.change_status(OPERATOR_VIEWER, closed.ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator)
    in_hand = await file(who, NOW - timedelta(days=1), "Lampu jalan mati di gang melati")
    await service.change_status(OPERATOR_VIEWER, in_hand.ticket, ComplaintStatus.DIPROSES, now=NOW, translate=translator)
    overdue = await file(who, NOW, "Lampu jalan mati di gang mawar")
    return {"closed": closed.ticket, "in_hand": in_hand.ticket, "overdue": overdue.ticket}


def tickets(views) -> list[str]:
    return [v.ticket for v in views]


async def test_listing_puts_overdue_open_complaints_first_then_the_oldest(areas):
    siti = await person(REPORTER, area=RT)
    made = await three(siti)
    # before the deadline: oldest first
    assert tickets(await service.listing(OPERATOR_VIEWER, now=NOW + timedelta(hours=1))) == [
        made["closed"], made["in_hand"], made["overdue"]
    ]  # fmt: skip
    # after it: the overdue one first, then the rest oldest first (a closed one is never overdue)
    listed = await service.listing(OPERATOR_VIEWER, now=LATER)
    assert tickets(listed) == [made["overdue"], made["closed"], made["in_hand"]]
    assert [v.overdue for v in listed] == [True, False, False]
    assert tickets(await service.listing(OPERATOR_VIEWER, overdue_only=True, now=LATER)) == [made["overdue"]]
    assert tickets(await service.listing(OPERATOR_VIEWER, overdue_only=True, area="JMB.ALB.BGP", now=LATER)) == []
    assert tickets(await service.listing(OPERATOR_VIEWER, open_only=True, now=LATER)) == [made["overdue"], made["in_hand"]]
    # the same order for the reporter themselves
    assert tickets(await service.listing(Viewer(siti.id), open_only=True, now=LATER)) == [made["overdue"], made["in_hand"]]


async def test_two_overdue_complaints_sort_oldest_first_among_themselves(areas):
    siti = await person(REPORTER, area=RT)
    made = await three(siti)
    older = await file(siti, NOW - timedelta(hours=1), "Lampu jalan mati di ujung gang")
    listed = await service.listing(OPERATOR_VIEWER, open_only=True, now=LATER)
    assert tickets(listed) == [older.ticket, made["overdue"], made["in_hand"]]


async def test_the_desk_lists_overdue_ones_first_marked_terlambat_on_both_renderings(areas):
    siti = await person(REPORTER, area=RT)
    made = await three(siti)
    engine = new_engine(clock=lambda: LATER)
    for channel, sender in (("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER)):
        await person(sender, role=RoleKind.ADMIN, role_area=KELURAHAN)
        answers = await verify_dialog(
            [
                ("ADUAN", "2. Laporan di wilayah saya"),
                ("2", (
                    "Laporan yang sedang berjalan di wilayah Anda (terlambat dulu, lalu terlama), 2 laporan.",
                    f"1. #{made['overdue']} diterima TERLAMBAT - Lampu jalan, RT 001",
                    f"2. #{made['in_hand']} diproses - Lampu jalan, RT 001",
                    Absent(made["closed"]),
                )),
                ("1", (f"Laporan #{made['overdue']}: Lampu jalan, RT 001.", "Isi: Lampu jalan mati di gang mawar")),
                ("BATAL", "Dibatalkan."),
            ],
            channel=channel, sender=sender, engine=engine,
        )  # fmt: skip
        if channel == "sms":
            assert "Balas 1 atau 2." in answers[1]


async def test_cek_alone_lists_the_residents_overdue_complaint_first_on_both_renderings(areas):
    for channel, sender in (("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER)):
        who = await person(sender, area=RT)
        made = await three(who)
        (answer,) = await verify_dialog(
            [("CEK", ("Laporan Anda yang sedang berjalan:", Absent(made["closed"])))],
            channel=channel, sender=sender, engine=new_engine(clock=lambda: LATER),
        )  # fmt: skip
        assert answer.index(made["overdue"]) < answer.index(made["in_hand"])
        (answer,) = await verify_dialog(
            [("CEK", "Laporan Anda yang sedang berjalan:")], channel=channel, sender=sender,
            engine=new_engine(clock=lambda: NOW + timedelta(hours=1)),
        )  # fmt: skip
        assert answer.index(made["in_hand"]) < answer.index(made["overdue"])  # nothing overdue yet: oldest first
