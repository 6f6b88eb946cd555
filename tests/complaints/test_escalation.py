"""Escalation of overdue complaints on both databases, on a frozen clock: at its time in WIB and
in WITA (through the clock's job rows), once however often it runs (two clocks, a stale read, an
officer's change meanwhile), one message to each officer of both levels and none to anyone else,
a fresh deadline for the new level, kelurahan -> kecamatan -> kota and no further, notices held
until the morning, and the history the reporter reads in CEK on both renderings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import complaints as clock_jobs  # noqa: F401  (registers the job kinds)
from bot.clock import scheduler as sched
from bot.i18n import translator
from handlers.complaints import calendar, escalation, service
from handlers.complaints.access import OPERATOR_VIEWER
from models import (
    Area,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    JobStatus,
    OutboxMessage,
    Resident,
    Role,
    RoleKind,
    ScheduledJob,
)
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.conftest import FROZEN_NOW as NOW
from tests.fixtures.dialog import Absent, verify_dialog

areas = test_dialogs.areas  # the demo areas fixture

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
JAMBI_RT, JAMBI_KELURAHAN, JAMBI_KECAMATAN, JAMBI_KOTA = "JMB.ALB.MYM.RW01.RT001", "JMB.ALB.MYM", "JMB.ALB", "JMB"
BONTANG_RT, BONTANG_KELURAHAN, BONTANG_KECAMATAN = "BTG.BTS.BTL.RW01.RT001", "BTG.BTS.BTL", "BTG.BTS"
REPORTER, BONTANG_REPORTER = "sms:+6281211110001", "tg:5550001"
LURAH, CAMAT, WALIKOTA, LURAH_LAIN = "tg:7000001", "sms:+6281277770002", "tg:7000003", "tg:7000004"
KETUA = "tg:7000005"


def end_of(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz).astimezone(UTC)


#: filed on Tuesday 24 November 2026 (13.00 WIB, 14.00 WITA): verified by the end of Friday 27th
JAMBI_DUE, BONTANG_DUE = end_of(date(2026, 11, 27), WIB), end_of(date(2026, 11, 27), WITA)


@pytest.fixture
async def town(areas):
    """Officers of a Jambi RT's kelurahan, kecamatan and kota, one of another kelurahan, its ketua
    RT, and a Bontang (WITA) kelurahan and kecamatan; a reporter in each."""
    made = {
        "reporter": await person(REPORTER, area=JAMBI_RT),
        "bontang_reporter": await person(BONTANG_REPORTER, area=BONTANG_RT),
        "lurah": await person(LURAH, role=RoleKind.ADMIN, role_area=JAMBI_KELURAHAN),
        "camat": await person(CAMAT, role=RoleKind.ADMIN, role_area=JAMBI_KECAMATAN),
        "walikota": await person(WALIKOTA, role=RoleKind.ADMIN, role_area=JAMBI_KOTA),
        "lurah_lain": await person(LURAH_LAIN, role=RoleKind.ADMIN, role_area="JMB.ALB.BGP"),
        "ketua": await person(KETUA, area=JAMBI_RT, role=RoleKind.KETUA_RT),
        "bontang_lurah": await person("tg:7100001", role=RoleKind.ADMIN, role_area=BONTANG_KELURAHAN),
        "bontang_camat": await person("tg:7100002", role=RoleKind.ADMIN, role_area=BONTANG_KECAMATAN),
    }
    return made


async def file(who: Resident, at: datetime = NOW, category: str = "lampu") -> Complaint:
    filed = await service.file(who.id, category=category, description="Lampu jalan di gang mawar mati", channel="sms",
                               now=at, translate=translator)  # fmt: skip
    return await Complaint.get(id=filed.complaint.id)


async def texts_to(identity: str) -> list[str]:
    return [m.text for m in await OutboxMessage.filter(identity=identity).order_by("id")]


async def escalations(complaint: Complaint) -> list[ComplaintEvent]:
    return await ComplaintEvent.filter(complaint_id=complaint.id, actor="system").order_by("id")


async def code_of(area_id: int | None) -> str | None:
    return (await Area.get(id=area_id)).code if area_id else None


# --------------------------------------------------------------------------- at its time


async def test_the_clock_escalates_each_complaint_at_its_deadline_in_wib_and_in_wita(town):
    jambi, bontang = await file(town["reporter"]), await file(town["bontang_reporter"])
    assert (jambi.due_stage, jambi.due_at, bontang.due_at) == ("verifikasi", JAMBI_DUE, BONTANG_DUE)
    # the clock arms its job just after the earliest deadline: Bontang's, an hour before Jambi's
    await sched.keep_recurring(NOW)
    job = await ScheduledJob.get(key=escalation.ESCALATE_JOB)
    assert (job.kind, job.status, job.run_at) == (escalation.ESCALATE_JOB, JobStatus.PENDING, BONTANG_DUE + timedelta(seconds=1))
    assert await sched.run_due(BONTANG_DUE) == 0  # the last second of Friday in Bontang: not yet
    assert await sched.run_due(BONTANG_DUE + timedelta(seconds=1)) == 1
    assert await code_of((await Complaint.get(id=bontang.id)).handler_id) == BONTANG_KECAMATAN
    assert await code_of((await Complaint.get(id=jambi.id)).handler_id) == JAMBI_KELURAHAN  # Jambi: still Friday
    # armed again for the next deadline: Jambi's, midnight WIB
    await sched.keep_recurring(BONTANG_DUE + timedelta(seconds=1))
    job = await ScheduledJob.get(key=escalation.ESCALATE_JOB)
    assert (job.status, job.run_at) == (JobStatus.PENDING, JAMBI_DUE + timedelta(seconds=1))
    assert await sched.run_due(JAMBI_DUE) == 0
    assert await sched.run_due(JAMBI_DUE + timedelta(seconds=1)) == 1
    moved = await Complaint.get(id=jambi.id)
    assert await code_of(moved.handler_id) == JAMBI_KECAMATAN
    assert moved.escalated_at == JAMBI_DUE + timedelta(seconds=1) and moved.status is ComplaintStatus.DITERIMA
    # the new level's fresh deadline: 3 working days from Saturday, the same stage
    assert (moved.due_stage, moved.due_at) == ("verifikasi", end_of(date(2026, 12, 2), WIB))
    assert moved.counted_from == moved.escalated_at  # every stage now counts from going up


async def test_a_second_run_and_a_second_clock_escalate_once(town):
    complaint = await file(town["reporter"])
    late = JAMBI_DUE + timedelta(minutes=3)
    assert len(await escalation.escalate_overdue(late, translator)) == 1
    sent = await OutboxMessage.all().count()
    assert await escalation.escalate_overdue(late, translator) == []
    assert await escalation.escalate_overdue(late + timedelta(hours=1), translator) == []
    # a clock that read the row before the first one moved it changes nothing
    stale = complaint
    stale.due_at = JAMBI_DUE
    assert await escalation.escalate_overdue_one(stale, now=late, translate=translator) is None
    # two clocks that both run the job row: the row's own guard and the conditional UPDATE
    await sched.keep_recurring(late)
    job = await ScheduledJob.get_or_none(key=escalation.ESCALATE_JOB)
    if job is not None:  # the new deadline is days away: nothing due now
        assert job.run_at > late
    assert len(await escalations(complaint)) == 1 and await OutboxMessage.all().count() == sent
    assert await code_of((await Complaint.get(id=complaint.id)).handler_id) == JAMBI_KECAMATAN


async def test_two_clocks_running_the_same_due_job_escalate_once(town):
    complaint = await file(town["reporter"])
    await sched.keep_recurring(NOW)
    first = await ScheduledJob.get(key=escalation.ESCALATE_JOB)
    second = await ScheduledJob.get(key=escalation.ESCALATE_JOB)  # what another clock read
    at = JAMBI_DUE + timedelta(seconds=1)
    assert await sched.run_job(first, at) == 1
    assert await sched.run_job(second, at) == 0
    assert len(await escalations(complaint)) == 1


async def test_an_officers_change_meanwhile_wins_over_the_escalation(town):
    complaint = await file(town["reporter"])
    read = await Complaint.get(id=complaint.id)  # the clock read it …
    late = JAMBI_DUE + timedelta(minutes=1)
    await service.change_status(OPERATOR_VIEWER, complaint.ticket, ComplaintStatus.DIVERIFIKASI, now=late,
                                translate=translator)  # fmt: skip
    # … and an officer verified it before the clock wrote: nothing moves
    assert await escalation.escalate_overdue_one(read, now=late, translate=translator) is None
    assert await escalations(complaint) == []
    assert await code_of((await Complaint.get(id=complaint.id)).handler_id) == JAMBI_KELURAHAN


# --------------------------------------------------------------------------- who is told


async def test_the_officers_at_both_levels_get_one_message_each_and_nobody_else(town):
    complaint = await file(town["reporter"])
    # the lurah is also admin of the kecamatan: still one message
    await person("tg:7000009", role=RoleKind.ADMIN, role_area=JAMBI_KECAMATAN)
    await Role.create(resident=town["lurah"], kind=RoleKind.ADMIN, area=await Area.get(code=JAMBI_KECAMATAN))
    before = {m.id for m in await OutboxMessage.all()}
    at = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # Monday 10.00 WIB: three days late, sent at once
    (higher,) = await escalation.escalate_overdue(at, translator)
    assert higher.code == JAMBI_KECAMATAN
    new = await OutboxMessage.exclude(id__in=before).order_by("id")
    assert sorted(m.identity for m in new) == sorted([LURAH, CAMAT, "tg:7000009"])
    for message in new:
        assert message.not_before is None and message.cause_id == str(complaint.id)
        assert message.text == (
            f"Laporan #{complaint.ticket} (Lampu jalan, RT 001 RW 01 Mayang Mangurai) dinaikkan ke Kecamatan "
            "Alam Barajo: sudah lewat 2 hari dari batas waktu verifikasi. Batas waktu baru: paling lambat "
            f"Kamis, 3 Desember 2026. Ketik CEK {complaint.ticket}."
        )
        assert "6281211110001" not in message.text
    (sms,) = [m for m in new if m.identity == CAMAT]
    assert sms.channel == "sms"
    # the reporter, the ketua RT, the kota and another kelurahan hear nothing of it
    for identity in (REPORTER, KETUA, WALIKOTA, LURAH_LAIN):
        assert not await OutboxMessage.filter(identity=identity).exclude(id__in=before).exists()


async def test_a_night_escalation_waits_for_the_morning_in_the_places_time_zone(town):
    bontang = await file(town["bontang_reporter"])
    at = BONTANG_DUE + timedelta(seconds=1)  # Saturday 00.00 WITA
    await escalation.escalate_overdue(at, translator)
    (notice,) = await OutboxMessage.filter(identity="tg:7100002")
    assert notice.not_before == datetime(2026, 11, 28, 7, 0, tzinfo=WITA)
    assert "sudah lewat 7 jam dari batas waktu verifikasi" in notice.text
    assert f"Laporan #{bontang.ticket} (Lampu jalan, RT 001 RW 01 Bontang Lestari)" in notice.text
    assert escalation.not_before(datetime(2026, 11, 28, 12, 0, tzinfo=WITA), "Asia/Makassar") is None
    assert escalation.not_before(datetime(2026, 11, 28, 21, 30, tzinfo=WIB), "Asia/Jakarta") == datetime(
        2026, 11, 29, 7, 0, tzinfo=WIB
    )


# --------------------------------------------------------------------------- up to the kota, no further


async def test_it_goes_up_once_per_deadline_and_stays_at_the_kota(town):
    complaint = await file(town["reporter"])
    first = JAMBI_DUE + timedelta(seconds=1)
    await escalation.escalate_overdue(first, translator)
    at_kecamatan = await Complaint.get(id=complaint.id)
    # nothing more until the kecamatan's own deadline has passed
    assert await escalation.escalate_overdue(at_kecamatan.due_at, translator) == []
    second = at_kecamatan.due_at + timedelta(seconds=1)
    assert [a.code for a in await escalation.escalate_overdue(second, translator)] == [JAMBI_KOTA]
    at_kota = await Complaint.get(id=complaint.id)
    assert await code_of(at_kota.handler_id) == JAMBI_KOTA
    sent = await OutboxMessage.all().count()
    later = at_kota.due_at + timedelta(days=3)
    assert await escalation.escalate_overdue(later, translator) == []
    assert await escalation.next_run(later) is None  # the clock stops looking at it
    assert await OutboxMessage.all().count() == sent and len(await escalations(complaint)) == 2
    # still overdue: it sorts first
    fresh = await file(town["reporter"], at=later - timedelta(days=1))
    listed = await service.listing(OPERATOR_VIEWER, now=later)
    assert [v.ticket for v in listed][:1] == [complaint.ticket] and listed[0].overdue
    assert fresh.ticket in [v.ticket for v in listed]


async def test_after_going_up_the_next_stage_counts_from_the_escalation(town):
    """The new office gets every stage's full allowance: verified soon after going up, the
    complaint's first-action deadline is five working days from the escalation, not from the
    filing (which has passed already) — so it does not go straight on up to the kota."""
    complaint = await file(town["reporter"])
    went_up = JAMBI_DUE + timedelta(seconds=1)
    await escalation.escalate_overdue(went_up, translator)
    await service.change_status(OPERATOR_VIEWER, complaint.ticket, ComplaintStatus.DIVERIFIKASI,
                                now=went_up + timedelta(hours=9), translate=translator)  # fmt: skip
    verified = await Complaint.get(id=complaint.id)
    assert verified.counted_from == went_up and verified.due_stage == "tindakan"
    assert verified.due_at == calendar.add_working_days(went_up, 5, JAMBI_RT, "Asia/Jakarta")
    assert await escalation.escalate_overdue(went_up + timedelta(days=1), translator) == []
    assert await code_of(verified.handler_id) == JAMBI_KECAMATAN


async def test_closed_and_deadline_less_complaints_never_escalate(town):
    done = await file(town["reporter"])
    await service.change_status(OPERATOR_VIEWER, done.ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator)
    legacy = await file(town["reporter"])
    await Complaint.filter(id=legacy.id).update(due_at=None, due_stage=None, counted_from=None)  # before deadlines
    late = JAMBI_DUE + timedelta(days=1)
    # the job first gives the old row its deadline (counted from filing), then escalates it
    assert [a.code for a in await escalation.escalate_overdue(late, translator)] == [JAMBI_KECAMATAN]
    assert await escalations(done) == [] and len(await escalations(legacy)) == 1


# --------------------------------------------------------------------------- what the history says


@pytest.mark.parametrize("channel", ["telegram", "sms"])
async def test_the_history_shows_the_move_and_the_reporter_gets_no_message(town, channel):
    sender = "shell:77" if channel == "telegram" else "sms:+6281211110077"
    who = await person(sender, area=JAMBI_RT)
    complaint = await file(who)
    before = await texts_to(sender)
    await escalation.escalate_overdue(JAMBI_DUE + timedelta(seconds=1), translator)
    assert await texts_to(sender) == before
    (event,) = await escalations(complaint)
    assert (event.public, event.from_status, event.to_status, event.note) == (True, None, None, "Kecamatan Alam Barajo")
    await verify_dialog(
        [(f"CEK {complaint.ticket}", ("28 Nov dinaikkan ke Kecamatan Alam Barajo", "Status: diterima.",
                                      Absent("lewat batas")))],
        channel=channel, sender=sender,
    )  # fmt: skip


async def test_next_run_watches_the_earliest_deadline_and_retries_a_stuck_one_later(town):
    assert await escalation.next_run(NOW) is None
    complaint = await file(town["reporter"])
    assert await escalation.next_run(NOW) == JAMBI_DUE + timedelta(seconds=1)
    # a passed deadline that did not move (here: the clock has not run yet) is looked at RETRY later
    late = JAMBI_DUE + timedelta(hours=2)
    assert await escalation.next_run(late) == late + escalation.RETRY
    assert calendar.working_day(complaint.due_at.astimezone(WIB).date(), JAMBI_RT)
