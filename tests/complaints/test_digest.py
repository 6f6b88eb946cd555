"""The morning digest on both databases, on a frozen clock: at 07.00 WIB and 07.00 WITA through
the clock's job rows, its counts (new since the last digest, due today, overdue) and oldest
tickets, one SMS long on SMS, once per admin per day, and never on a Sunday, a national holiday,
a regional holiday of the admin's area, nor when there is nothing to say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import complaints as clock_jobs  # noqa: F401  (registers the job kinds)
from bot.clock import scheduler as sched
from bot.i18n import translator
from handlers.complaints import digest, escalation, service
from handlers.outbox.sms import segments
from models import (
    Area,
    Complaint,
    Identity,
    JobStatus,
    OutboxMessage,
    Resident,
    RoleKind,
    ScheduledJob,
)
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.conftest import FROZEN_NOW as NOW
from tests.fixtures.dialog import verify_dialog

areas = test_dialogs.areas  # the demo areas fixture

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
JAMBI_RT, BONTANG_RT = "JMB.ALB.MYM.RW01.RT001", "BTG.BTS.BTL.RW01.RT001"
LURAH, CAMAT, LURAH_SEPI, BONTANG_LURAH = "tg:7000001", "sms:+6281277770002", "tg:7000003", "tg:7100001"
#: Wednesday 25 November 2026, 07.00 in each zone (FROZEN_NOW is Tuesday 24th, 13.00 WIB)
WIB_MORNING = datetime(2026, 11, 25, 7, 0, tzinfo=WIB).astimezone(UTC)
WITA_MORNING = datetime(2026, 11, 25, 7, 0, tzinfo=WITA).astimezone(UTC)


def wib(*when: int) -> datetime:
    """A moment written in WIB, as the clock gives it (UTC)."""
    return datetime(*when, tzinfo=WIB).astimezone(UTC)


async def file(who: Resident, at: datetime, text: str = "Lampu jalan mati") -> Complaint:
    filed = await service.file(who.id, category="lampu", description=text, channel="sms", now=at.astimezone(UTC),
                               translate=translator, daily_limit=99)  # fmt: skip
    return filed.complaint


async def at_the_kota(complaint: Complaint) -> None:
    """Handled at the top already: it stays overdue (the escalation leaves it be)."""
    await Complaint.filter(id=complaint.id).update(handler_id=(await Area.get(code="JMB")).id)


@pytest.fixture
async def town(areas):
    """The lurah of Mayang Mangurai (Telegram) and the camat of Alam Barajo (SMS), both WIB; the
    lurah of Bagan Pete, where nothing happens; the lurah of Bontang Lestari (WITA). In Jambi one
    complaint is overdue (filed Tuesday 17th, due Friday 20th), one due on Wednesday 25th (filed
    Friday 20th) and one new (filed on the frozen Tuesday); in Bontang one new."""
    await person(LURAH, role=RoleKind.ADMIN, role_area="JMB.ALB.MYM")
    await person(CAMAT, role=RoleKind.ADMIN, role_area="JMB.ALB")
    await person(LURAH_SEPI, role=RoleKind.ADMIN, role_area="JMB.ALB.BGP")
    await person(BONTANG_LURAH, role=RoleKind.ADMIN, role_area="BTG.BTS.BTL")
    siti = await person("sms:+6281211110001", area=JAMBI_RT)
    rina = await person("tg:5550001", area=BONTANG_RT)
    overdue = await file(siti, NOW - timedelta(days=7), "Lampu jalan mati sejak lama")
    await at_the_kota(overdue)
    due_today = await file(siti, NOW - timedelta(days=4), "Selokan mampet")
    new = await file(siti, NOW, "Lampu jalan mati lagi")
    bontang = await file(rina, NOW)
    return {"overdue": overdue.ticket, "due_today": due_today.ticket, "new": new.ticket, "bontang": bontang.ticket}


async def digests(identity: str | None = None) -> list[OutboxMessage]:
    rows = OutboxMessage.filter(cause_type=digest.CAUSE)
    if identity is not None:
        rows = rows.filter(identity=identity)
    return await rows.order_by("id")


# --------------------------------------------------------------------------- at 07.00 local time


async def test_the_clock_sends_the_digest_at_seven_in_wita_then_in_wib(town):
    await sched.keep_recurring(NOW)
    rows = {j.key: j for j in await ScheduledJob.filter(kind=digest.DIGEST_JOB)}
    assert {k: (j.run_at, j.expires_at, j.payload) for k, j in rows.items()} == {
        "complaints.digest:Asia/Jakarta": (WIB_MORNING, WIB_MORNING + timedelta(hours=3), {"zone": "Asia/Jakarta"}),
        "complaints.digest:Asia/Makassar": (WITA_MORNING, WITA_MORNING + timedelta(hours=3), {"zone": "Asia/Makassar"}),
    }
    assert await sched.run_due(WITA_MORNING - timedelta(seconds=1)) == 0 and await digests() == []
    # 07.00 WITA is 06.00 WIB: Bontang only
    assert await sched.run_due(WITA_MORNING) == 1
    (bontang,) = await digests()
    assert bontang.identity == BONTANG_LURAH
    assert bontang.text == "Ringkasan laporan 25 Nov: 1 baru, 0 jatuh tempo hari ini, 0 terlambat. Daftarnya: ketik ADUAN, pilih 2."
    assert await sched.run_due(WIB_MORNING - timedelta(seconds=1)) == 0
    assert await sched.run_due(WIB_MORNING) == 2
    lurah, camat = await digests(LURAH), await digests(CAMAT)
    expected = (
        f"Ringkasan laporan 25 Nov: 1 baru, 1 jatuh tempo hari ini, 1 terlambat. Terlama: #{town['overdue']} (4 hari). "
        "Daftarnya: ketik ADUAN, pilih 2."
    )
    assert [m.text for m in lurah] == [m.text for m in camat] == [expected]
    assert camat[0].channel == "sms" and segments(expected) == (1, "gsm7")
    assert lurah[0].expires_at == wib(2026, 11, 25, 12, 0)
    assert await digests(LURAH_SEPI) == []  # nothing in Bagan Pete: no message
    # armed again for Thursday, each at its own 07.00
    await sched.keep_recurring(WIB_MORNING)
    rows = {j.key: (j.status, j.run_at) for j in await ScheduledJob.filter(kind=digest.DIGEST_JOB)}
    assert rows == {
        "complaints.digest:Asia/Jakarta": (JobStatus.PENDING, WIB_MORNING + timedelta(days=1)),
        "complaints.digest:Asia/Makassar": (JobStatus.PENDING, WITA_MORNING + timedelta(days=1)),
    }


async def test_a_second_run_the_same_morning_sends_nothing_more(town):
    assert await digest.send("Asia/Jakarta", WIB_MORNING, translator) == 2
    assert await digest.send("Asia/Jakarta", WIB_MORNING, translator) == 0
    assert await digest.send("WIB", (WIB_MORNING + timedelta(hours=1)), translator) == 0
    assert len(await digests()) == 2


async def test_a_clock_that_was_down_at_seven_sends_until_ten_not_later(town):
    await sched.keep_recurring(NOW)
    assert await sched.run_due(wib(2026, 11, 25, 9, 30)) == 2  # Bontang's expired at 10.00 WITA
    assert {m.identity for m in await digests()} == {LURAH, CAMAT}
    await sched.keep_recurring(wib(2026, 11, 25, 9, 30))
    await sched.run_due(wib(2026, 11, 26, 10, 30))  # Thursday's: too late
    assert (await ScheduledJob.get(key="complaints.digest:Asia/Jakarta")).status is JobStatus.EXPIRED
    assert len(await digests()) == 2


# --------------------------------------------------------------------------- what it counts


async def test_new_counts_since_the_last_digest_over_a_weekend(town):
    friday = wib(2026, 11, 27, 7, 0)
    assert await digest.send("Asia/Jakarta", friday, translator) == 2
    siti = await Resident.get(id=(await Complaint.get(ticket=town["new"])).reporter_id)
    await file(siti, wib(2026, 11, 28, 10, 0), "Jalan berlubang di depan sekolah")  # Saturday
    monday = wib(2026, 11, 30, 7, 0)
    assert await digest.send("Asia/Jakarta", monday, translator) == 2
    (_, latest) = await digests(LURAH)
    # new: the Saturday one (45 hours ago, after Friday's digest); overdue by now: the other three
    assert latest.text.startswith("Ringkasan laporan 30 Nov: 1 baru, 0 jatuh tempo hari ini, ")
    assert latest.text.count("#") == 3  # the three longest overdue, named


async def test_on_sms_it_is_one_sms_however_much_there_is(town):
    siti = await Resident.get(id=(await Complaint.get(ticket=town["new"])).reporter_id)
    for n in range(6):
        await at_the_kota(await file(siti, NOW - timedelta(days=10 + n), f"Lampu jalan mati ke-{n}"))
    now = WIB_MORNING.astimezone(UTC)
    await digest.send("Asia/Jakarta", now, translator)
    (sms,) = await digests(CAMAT)
    (chat,) = await digests(LURAH)
    assert segments(sms.text) == (1, "gsm7") and len(sms.text) <= 160
    assert sms.text.startswith("Ringkasan laporan 25 Nov: 1 baru, 1 jatuh tempo hari ini, 7 terlambat. Terlama: #")
    # the oldest, filed Monday 9th, was due by the end of Thursday 12th
    assert "(12 hari)" in sms.text and sms.text.endswith("Daftarnya: ketik ADUAN, pilih 2.")
    assert chat.text.count("#") == digest.OLDEST and sms.text.count("#") < digest.OLDEST
    # an officer who reads English on SMS: one SMS too
    await Resident.filter(id=(await Identity.get(value=CAMAT)).resident_id).update(locale="en")
    await OutboxMessage.filter(identity=CAMAT).delete()
    await digest.send("Asia/Jakarta", now, translator)
    (english,) = await digests(CAMAT)
    assert english.text.startswith("Complaints on 25 Nov: 1 new, 1 due today, 7 overdue.")
    assert segments(english.text) == (1, "gsm7")


async def test_the_hint_opens_the_list_on_both_renderings(town):
    await digest.send("Asia/Jakarta", WIB_MORNING, translator)
    for channel, sender in (("telegram", LURAH), ("sms", CAMAT)):
        await verify_dialog(
            [("ADUAN", "2. Laporan di wilayah saya"), ("2", f"#{town['overdue']} diterima TERLAMBAT"), ("BATAL", "Dibatalkan.")],
            channel=channel, sender=sender,
        )  # fmt: skip


# --------------------------------------------------------------------------- when it does not go


async def test_not_on_a_sunday_nor_a_national_holiday(town):
    saturday = wib(2026, 11, 28, 8, 0)
    assert digest.next_run(saturday, "Asia/Jakarta") == wib(2026, 11, 30, 7, 0)
    # 24 December is cuti bersama, 25th Christmas, then the weekend
    assert digest.next_run(wib(2026, 12, 23, 8, 0), "Asia/Jakarta") == datetime(
        2026, 12, 28, 7, 0, tzinfo=WIB
    )
    assert digest.next_run(datetime(2026, 12, 23, 8, 0, tzinfo=WITA), "Asia/Makassar") == datetime(
        2026, 12, 28, 7, 0, tzinfo=WITA
    )
    # a row that runs on such a day anyway (the calendar changed) sends nothing
    for day in (wib(2026, 11, 29, 7, 0), wib(2026, 12, 25, 7, 0)):
        assert await digest.send("Asia/Jakarta", day, translator) == 0
    assert await digests() == []


async def test_not_on_a_regional_holiday_of_the_admins_area(town):
    # 28 October is Jambi's anniversary in the shipped calendar (a Wednesday in 2026)
    hut = wib(2026, 10, 28, 7, 0)
    assert digest.next_run(hut - timedelta(days=1), "Asia/Jakarta") == hut  # a national working day
    siti = await Resident.get(id=(await Complaint.get(ticket=town["new"])).reporter_id)
    await file(siti, hut - timedelta(hours=5))
    assert await digest.send("Asia/Jakarta", hut, translator) == 0


async def test_nothing_to_say_nothing_sent(areas):
    await person(LURAH, role=RoleKind.ADMIN, role_area="JMB.ALB.MYM")
    await sched.keep_recurring(NOW)
    assert await sched.run_due(WIB_MORNING) == 0 and await digests() == []
    # no admins at all: no digest job; no open complaint with a deadline: no escalation job
    assert await digest.zones() == ["Asia/Jakarta"]
    assert await escalation.next_run(NOW) is None
