"""A complaint's deadlines on both databases, on a frozen clock: written at filing and at every
status change (verifikasi, tindakan, selesai; none once closed), counted from the day after filing
on the place's calendar in its time zone (a Friday before Lebaran 2026, the eve of Lebaran, WIB
and WITA), per-category allowances, rows from before deadlines existed, and the deadline in CEK
(reporter and officer, chat buttons and SMS numbers)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import translator
from content.library import library
from handlers.complaints import deadlines, service
from handlers.complaints.access import OPERATOR_VIEWER
from models import Complaint, ComplaintStatus, Resident, RoleKind
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, new_engine, verify_dialog

areas = test_dialogs.areas  # the demo areas fixture

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
JAMBI_RT, JAMBI_KELURAHAN = "JMB.ALB.MYM.RW01.RT001", "JMB.ALB.MYM"
BONTANG_RT = "BTG.BTS.BTL.RW01.RT001"
SENDERS = (("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER))
#: Friday 13 March 2026, 10.00 WIB: the last Friday before Nyepi, Idul Fitri and their cuti bersama
FRIDAY = datetime(2026, 3, 13, 10, 0, tzinfo=WIB)
#: Friday 20 March 2026, 18.00 WIB: the eve of Lebaran (itself a cuti bersama)
LEBARAN_EVE = datetime(2026, 3, 20, 18, 0, tzinfo=WIB)


def end_of(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz).astimezone(UTC)


async def file(who: Resident, at: datetime, category: str = "drainase", **extra) -> Complaint:
    filed = await service.file(who.id, category=category, description="Selokan di gang mawar tersumbat",
                               channel="sms", now=at.astimezone(UTC), translate=translator, **extra)  # fmt: skip
    return filed.complaint


async def move(ticket: str, status: ComplaintStatus, at: datetime, note: str | None = None) -> Complaint:
    await service.change_status(OPERATOR_VIEWER, ticket, status, now=at.astimezone(UTC), translate=translator, note=note)
    return await Complaint.get(ticket=ticket)


async def test_filed_on_a_friday_before_lebaran_each_stage_falls_due_after_the_holidays(areas, _frozen_clock):
    _frozen_clock.move_to(FRIDAY)
    siti = await person("sms:+6281211110001", area=JAMBI_RT)
    complaint = await file(siti, FRIDAY)
    stored = await Complaint.get(id=complaint.id)
    assert stored.counted_from == stored.created_at == FRIDAY
    # 3 working days: Monday 16, Tuesday 17, then 18-24 March are off: Wednesday 25
    assert (stored.due_stage, stored.due_at) == ("verifikasi", end_of(date(2026, 3, 25), WIB))
    # verified on Tuesday: first action within 5 working days of filing (not of the verification)
    verified = await move(stored.ticket, ComplaintStatus.DIVERIFIKASI, datetime(2026, 3, 17, 9, tzinfo=WIB))
    assert (verified.due_stage, verified.due_at) == ("tindakan", end_of(date(2026, 3, 27), WIB))
    assert verified.counted_from == FRIDAY
    # in hand: closed within 10 working days (Good Friday, 3 April, is skipped too)
    working = await move(stored.ticket, ComplaintStatus.DIPROSES, datetime(2026, 3, 25, 9, tzinfo=WIB))
    assert (working.due_stage, working.due_at) == ("selesai", end_of(date(2026, 4, 6), WIB))
    forwarded = await move(stored.ticket, ComplaintStatus.DITERUSKAN, datetime(2026, 3, 26, 9, tzinfo=WIB), "ke kecamatan")
    assert (forwarded.due_stage, forwarded.due_at) == ("selesai", end_of(date(2026, 4, 6), WIB))
    done = await move(stored.ticket, ComplaintStatus.SELESAI, datetime(2026, 3, 30, 9, tzinfo=WIB))
    assert (done.due_stage, done.due_at) == (None, None)
    assert (await service.lookup(OPERATOR_VIEWER, done.ticket)).due is None


async def test_a_skipped_stage_sets_the_deadline_of_the_stage_now_due(areas, _frozen_clock):
    _frozen_clock.move_to(FRIDAY)
    siti = await person("sms:+6281211110001", area=JAMBI_RT)
    complaint = await file(siti, FRIDAY)
    working = await move(complaint.ticket, ComplaintStatus.DIPROSES, datetime(2026, 3, 16, 9, tzinfo=WIB))
    assert (working.due_stage, working.due_at) == ("selesai", end_of(date(2026, 4, 6), WIB))
    other = await file(siti, FRIDAY)
    refused = await move(other.ticket, ComplaintStatus.DITOLAK, datetime(2026, 3, 16, 9, tzinfo=WIB), "bukan wewenang")
    assert (refused.due_stage, refused.due_at) == (None, None)


@pytest.mark.parametrize(
    ("rt", "zone", "filed", "verifikasi", "tindakan", "selesai"),
    [
        (JAMBI_RT, WIB, FRIDAY, date(2026, 3, 25), date(2026, 3, 27), date(2026, 4, 6)),
        (BONTANG_RT, WITA, FRIDAY, date(2026, 3, 25), date(2026, 3, 27), date(2026, 4, 6)),
        (JAMBI_RT, WIB, LEBARAN_EVE, date(2026, 3, 27), date(2026, 3, 31), date(2026, 4, 8)),
        (BONTANG_RT, WITA, LEBARAN_EVE, date(2026, 3, 27), date(2026, 3, 31), date(2026, 4, 8)),
        # Monday 16 March 23.30 WIB is Tuesday 00.30 in Bontang: Jambi counts Tuesday, Bontang does not
        (JAMBI_RT, WIB, datetime(2026, 3, 16, 23, 30, tzinfo=WIB), date(2026, 3, 26), date(2026, 3, 30), date(2026, 4, 7)),
        (BONTANG_RT, WITA, datetime(2026, 3, 16, 23, 30, tzinfo=WIB), date(2026, 3, 27), date(2026, 3, 31), date(2026, 4, 8)),
    ],
)  # fmt: skip
async def test_deadlines_in_wib_and_wita(areas, _frozen_clock, rt, zone, filed, verifikasi, tindakan, selesai):
    _frozen_clock.move_to(filed)
    who = await person("sms:+6281211110001", area=rt)
    complaint = await file(who, filed)
    assert complaint.due_at == end_of(verifikasi, zone)
    assert complaint.due_at.astimezone(zone).time() == time(23, 59, 59)
    assert (await move(complaint.ticket, ComplaintStatus.DIVERIFIKASI, filed)).due_at == end_of(tindakan, zone)
    assert (await move(complaint.ticket, ComplaintStatus.DIPROSES, filed)).due_at == end_of(selesai, zone)


async def test_a_category_may_set_its_own_allowances(areas, _frozen_clock, monkeypatch):
    item = library().complaints["keamanan"]
    assert [item.deadline(s) for s in deadlines.STAGES] == [3, 5, 10]  # the shipped defaults
    monkeypatch.setitem(library().complaints, "keamanan", dataclasses.replace(item, deadlines=(("verifikasi", 1), ("selesai", 6))))
    _frozen_clock.move_to(FRIDAY)
    siti = await person("sms:+6281211110001", area=JAMBI_RT)
    complaint = await file(siti, FRIDAY, category="keamanan")
    assert complaint.due_at == end_of(date(2026, 3, 16), WIB)
    assert (await move(complaint.ticket, ComplaintStatus.DIVERIFIKASI, FRIDAY)).due_at == end_of(date(2026, 3, 27), WIB)
    assert (await move(complaint.ticket, ComplaintStatus.DIPROSES, FRIDAY)).due_at == end_of(date(2026, 3, 30), WIB)


async def test_rows_from_before_deadlines_count_from_their_filing(areas, _frozen_clock):
    """After `kabarrt migrate` an old complaint has no due_at and no counted_from: it reads its
    deadline from created_at, gets it stored at its next change, or by `backfill`."""
    _frozen_clock.move_to(FRIDAY)
    siti = await person("sms:+6281211110001", area=JAMBI_RT)
    old, older, closed = await file(siti, FRIDAY), await file(siti, FRIDAY), await file(siti, FRIDAY)
    await move(closed.ticket, ComplaintStatus.SELESAI, FRIDAY)
    await Complaint.all().update(due_at=None, due_stage=None, counted_from=None)
    view = await service.lookup(OPERATOR_VIEWER, old.ticket)
    assert view.due == deadlines.Due("verifikasi", end_of(date(2026, 3, 25), WIB))
    listed = {v.ticket: v.due for v in await service.listing(OPERATOR_VIEWER)}
    assert listed == {old.ticket: view.due, older.ticket: view.due, closed.ticket: None}
    moved = await move(old.ticket, ComplaintStatus.DIVERIFIKASI, datetime(2026, 3, 17, 9, tzinfo=WIB))
    assert (moved.counted_from, moved.due_stage, moved.due_at) == (FRIDAY, "tindakan", end_of(date(2026, 3, 27), WIB))
    assert await deadlines.backfill() == 1
    stored = await Complaint.get(id=older.id)
    assert (stored.counted_from, stored.due_stage, stored.due_at) == (FRIDAY, "verifikasi", end_of(date(2026, 3, 25), WIB))
    assert (await Complaint.get(id=closed.id)).due_at is None
    assert await deadlines.backfill() == 0


async def test_a_stale_stored_deadline_is_not_shown_for_another_stage(areas, _frozen_clock):
    """Code that moves a complaint without refreshing its deadline (a reopening written elsewhere)
    still shows the deadline of the stage its status waits for."""
    _frozen_clock.move_to(FRIDAY)
    siti = await person("sms:+6281211110001", area=JAMBI_RT)
    complaint = await file(siti, FRIDAY)
    await Complaint.filter(id=complaint.id).update(status=ComplaintStatus.DIPROSES)
    view = await service.lookup(OPERATOR_VIEWER, complaint.ticket)
    assert view.due == deadlines.Due("selesai", end_of(date(2026, 4, 6), WIB))


# --------------------------------------------------------------------------- CEK


async def test_cek_shows_the_next_deadline_to_the_reporter(areas, _frozen_clock):
    _frozen_clock.move_to(FRIDAY)
    engine = new_engine(clock=lambda: FRIDAY.astimezone(UTC))
    for channel, sender in SENDERS:
        me = await person(sender, area=JAMBI_RT)
        ticket = (await file(me, FRIDAY)).ticket
        await verify_dialog(
            [
                (
                    f"CEK {ticket}",
                    ("Status: diterima.\nDiperiksa petugas paling lambat Rabu, 25 Maret 2026.", Absent("Mulai ditangani")),
                ),
            ],
            channel=channel, sender=sender, engine=engine,
        )  # fmt: skip
        await move(ticket, ComplaintStatus.DIVERIFIKASI, FRIDAY)
        await verify_dialog(
            [(f"cek {ticket.lower()}", ("Status: diverifikasi.", "Mulai ditangani paling lambat Jumat, 27 Maret 2026."))],
            channel=channel, sender=sender, engine=engine,
        )  # fmt: skip
        await move(ticket, ComplaintStatus.DIPROSES, FRIDAY)
        await verify_dialog(
            [(f"CEK #{ticket}", ("Status: diproses.", "Selesai ditangani paling lambat Senin, 6 April 2026."))],
            channel=channel, sender=sender, engine=engine,
        )  # fmt: skip
        await move(ticket, ComplaintStatus.SELESAI, FRIDAY)
        await verify_dialog(
            [(f"CEK {ticket}", ("Status: selesai.", Absent("paling lambat"), "Laporan ini sudah ditutup."))],
            channel=channel, sender=sender, engine=engine,
        )  # fmt: skip


async def test_cek_in_wita_and_in_english(areas, _frozen_clock):
    _frozen_clock.move_to(LEBARAN_EVE)
    engine = new_engine(clock=lambda: LEBARAN_EVE.astimezone(UTC))
    for channel, sender in SENDERS:
        me = await person(sender, area=BONTANG_RT)
        ticket = (await file(me, LEBARAN_EVE)).ticket
        await verify_dialog(
            [(f"CEK {ticket}", "Diperiksa petugas paling lambat Jumat, 27 Maret 2026.")],
            channel=channel, sender=sender, engine=engine,
        )  # fmt: skip
        me.locale = "en"
        await me.save(update_fields=["locale"])
        await verify_dialog(
            [(f"CEK {ticket}", "To be checked by an officer by Friday, 27 March 2026 at the latest.")],
            channel=channel, sender=sender, engine=engine,
        )  # fmt: skip


async def test_an_officer_sees_the_deadline_at_the_desk(areas, _frozen_clock):
    _frozen_clock.move_to(FRIDAY)
    engine = new_engine(clock=lambda: FRIDAY.astimezone(UTC))
    siti = await person("sms:+6281211110009", area=JAMBI_RT)
    ticket = (await file(siti, FRIDAY)).ticket
    for channel, sender in SENDERS:
        await person(sender, role=RoleKind.ADMIN, role_area=JAMBI_KELURAHAN)
        await verify_dialog(
            [
                (f"CEK {ticket}", ("Status: diterima.", "Diperiksa petugas paling lambat Rabu, 25 Maret 2026.", "Ubah status")),
                ("BATAL", "Dibatalkan."),
            ],
            channel=channel, sender=sender, engine=engine,
        )  # fmt: skip
