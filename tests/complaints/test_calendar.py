"""The working-day calendar on a frozen clock: Idul Fitri 2026 and its cuti bersama as the holidays
package lists them, the regional holidays of the shipped content/calendar/libur.yaml, SKB
corrections (a cancelled cuti bersama, an added day, a moved one) from a data file, deadlines in
WIB and WITA, and the next working morning."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from content.library import CalendarData, Problem, load_calendar
from handlers.complaints import calendar
from handlers.complaints.calendar import WorkingCalendar

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
JAMBI_RT = "JMB.ALB.MYM.RW01.RT001"
BONTANG_RT = "BTG.BTS.BTL.RW01.RT001"
PONTIANAK_RT = "PNK.PTT.SGN.RW01.RT001"


def local(day: date, hour: int = 10, minute: int = 0, tz: ZoneInfo = WIB) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def end_of(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz).astimezone(UTC)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def from_file(tmp_path: Path, text: str) -> WorkingCalendar:
    path = tmp_path / "libur.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    data = load_calendar(path, problems)
    assert problems == []
    return WorkingCalendar(data)


# --------------------------------------------------------------------------- Idul Fitri 2026


def test_idul_fitri_2026_and_its_cuti_bersama_are_not_working_days(_frozen_clock):
    """Nyepi (18-19 March) runs into Idul Fitri (21-22 March) and its cuti bersama (20, 23, 24):
    from Wednesday 18 to Tuesday 24 March nobody works; Monday 16, Tuesday 17 and Wednesday 25 they do."""
    _frozen_clock.move_to(local(date(2026, 3, 13)))
    working = [d for d in days(date(2026, 3, 14), date(2026, 3, 27)) if calendar.working_day(d, JAMBI_RT)]
    assert working == [date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 25), date(2026, 3, 26), date(2026, 3, 27)]
    assert calendar.holiday(date(2026, 3, 21)) == "Hari Raya Idul Fitri"
    for cuti in (date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)):
        assert calendar.holiday(cuti, JAMBI_RT) == "Cuti Bersama Hari Raya Idul Fitri"
    assert calendar.holiday(date(2026, 3, 14), JAMBI_RT) is None  # a Saturday is no holiday, just not a working day
    assert not calendar.working_day(date(2026, 3, 14), JAMBI_RT)


@pytest.mark.parametrize(
    ("filed", "n", "due"),
    [
        # a Friday: the filing day does not count; Monday and Tuesday, then the holidays
        (local(date(2026, 3, 13)), 3, date(2026, 3, 25)),
        (local(date(2026, 3, 13)), 5, date(2026, 3, 27)),
        (local(date(2026, 3, 13)), 10, date(2026, 4, 6)),  # Good Friday, 3 April, is skipped too
        # the eve of Lebaran (Friday 20 March, itself a cuti bersama)
        (local(date(2026, 3, 20), 18), 1, date(2026, 3, 25)),
        (local(date(2026, 3, 20), 18), 3, date(2026, 3, 27)),
        (local(date(2026, 3, 20), 18), 5, date(2026, 3, 31)),
        # the last working day before the holidays, late in the evening
        (local(date(2026, 3, 17), 23, 30), 1, date(2026, 3, 25)),
        # a working day counts from the next one: Monday's 1 day is Tuesday
        (local(date(2026, 3, 16), 8), 1, date(2026, 3, 17)),
    ],
)
def test_deadlines_across_lebaran_in_wib(_frozen_clock, filed, n, due):
    _frozen_clock.move_to(filed)
    deadline = calendar.add_working_days(filed, n, JAMBI_RT, "Asia/Jakarta")
    assert deadline == end_of(due, WIB)
    assert deadline.tzinfo is UTC
    assert deadline.astimezone(WIB).time() == time(23, 59, 59)


def test_the_same_instant_counts_from_the_local_date_of_the_place(_frozen_clock):
    """Monday 16 March 23:30 WIB is already Tuesday 17 March 00:30 WITA: a Jambi complaint's
    first working day is Tuesday, a Bontang one's is Wednesday 25 March, after Lebaran."""
    filed = local(date(2026, 3, 16), 23, 30)
    _frozen_clock.move_to(filed)
    assert calendar.add_working_days(filed, 1, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 3, 17), WIB)
    assert calendar.add_working_days(filed, 1, BONTANG_RT, "Asia/Makassar") == end_of(date(2026, 3, 25), WITA)
    # the zone names residents know are accepted too
    assert calendar.add_working_days(filed, 1, BONTANG_RT, "WITA") == end_of(date(2026, 3, 25), WITA)
    # the deadline in WITA is an hour earlier in UTC than the same wall-clock end in WIB
    friday = local(date(2026, 3, 13))
    assert calendar.add_working_days(friday, 3, BONTANG_RT, "Asia/Makassar") == datetime(2026, 3, 25, 15, 59, 59, tzinfo=UTC)
    assert calendar.add_working_days(friday, 3, JAMBI_RT, "Asia/Jakarta") == datetime(2026, 3, 25, 16, 59, 59, tzinfo=UTC)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.add_working_days(datetime(2026, 3, 13, 10), 3, JAMBI_RT, "Asia/Jakarta")  # noqa: DTZ001
    with pytest.raises(ValueError, match="at least 1"):
        calendar.add_working_days(local(date(2026, 3, 13)), 0, JAMBI_RT, "Asia/Jakarta")


# --------------------------------------------------------------------------- regional holidays


def test_a_regional_holiday_of_the_data_file_counts_under_its_area_only(_frozen_clock):
    """HUT Kota Jambi (28 October, a Wednesday in 2026) is a day off in Jambi and every area under
    it; Bontang works. HUT Kota Bontang (12 October, a Monday) the other way round."""
    _frozen_clock.move_to(local(date(2026, 10, 27)))
    hut_jambi, hut_bontang = date(2026, 10, 28), date(2026, 10, 12)
    for area in ("JMB", "JMB.ALB", JAMBI_RT):
        assert not calendar.working_day(hut_jambi, area), area
        assert calendar.working_day(hut_bontang, area), area
    assert calendar.holiday(hut_jambi, JAMBI_RT) == "HUT Kota Jambi"
    for area in (BONTANG_RT, PONTIANAK_RT, "JMBX.A"):  # "JMBX" is not under "JMB"
        assert calendar.working_day(hut_jambi, area), area
    assert not calendar.working_day(hut_bontang, BONTANG_RT)
    assert calendar.holiday(hut_jambi) is None  # no area: national days only


def test_a_deadline_across_a_regional_holiday(_frozen_clock):
    filed = local(date(2026, 10, 27))  # Tuesday
    _frozen_clock.move_to(filed)
    # Jambi: Thursday 29, Friday 30, Monday 2 November; Bontang keeps Wednesday 28
    assert calendar.add_working_days(filed, 3, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 11, 2), WIB)
    assert calendar.add_working_days(filed, 3, BONTANG_RT, "Asia/Makassar") == end_of(date(2026, 10, 30), WITA)
    friday = local(date(2026, 10, 9), tz=WITA)
    assert calendar.add_working_days(friday, 3, BONTANG_RT, "Asia/Makassar") == end_of(date(2026, 10, 15), WITA)
    assert calendar.add_working_days(friday, 3, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 10, 14), WIB)


def test_a_yearly_regional_holiday_comes_back_and_a_dated_one_does_not(tmp_path):
    cal = from_file(tmp_path, """
regional:
  - {area: JMB, every: "10-28", note: HUT, since: 2026}
  - {area: BTG.BTS, date: 2027-03-03, note: Sekali saja}
""")
    assert cal.working_day(date(2025, 10, 28), "JMB.ALB")  # before `since`
    assert not cal.working_day(date(2026, 10, 28), "JMB.ALB")
    assert not cal.working_day(date(2027, 10, 28), "JMB.ALB")
    assert not cal.working_day(date(2027, 3, 3), BONTANG_RT)
    assert cal.working_day(date(2028, 3, 3), BONTANG_RT)


# --------------------------------------------------------------------------- SKB corrections


def test_the_skb_cancels_a_cuti_bersama_adds_a_day_and_moves_one(tmp_path):
    shipped = WorkingCalendar(CalendarData())
    # what the package says before any correction
    assert not shipped.working_day(date(2026, 12, 24), JAMBI_RT)  # cuti bersama Natal
    assert shipped.working_day(date(2026, 12, 28), JAMBI_RT)
    assert not shipped.working_day(date(2026, 5, 15), JAMBI_RT)  # cuti bersama Kenaikan
    cal = from_file(tmp_path, """
years:
  2026:
    source: SKB contoh (uji)
    cancel:
      - {date: 2026-12-24, note: Cuti bersama Natal dibatalkan}
    add:
      - {date: 2026-12-28, note: Cuti bersama tambahan}
    move:
      - {from: 2026-05-15, to: 2026-05-13, note: Cuti bersama Kenaikan dimajukan}
""")
    assert cal.working_day(date(2026, 12, 24), JAMBI_RT)
    assert not cal.working_day(date(2026, 12, 28), JAMBI_RT)
    assert cal.holiday(date(2026, 12, 28)) == "Cuti bersama tambahan"
    assert cal.working_day(date(2026, 5, 15), JAMBI_RT) and not cal.working_day(date(2026, 5, 13), JAMBI_RT)
    # other days of the year are untouched
    assert not cal.working_day(date(2026, 12, 25), JAMBI_RT) and not cal.working_day(date(2026, 3, 20), JAMBI_RT)
    # and the deadlines follow: from Wednesday 23 December, 3 working days
    start = local(date(2026, 12, 23))
    assert shipped.add_working_days(start, 3, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 12, 30), WIB)
    assert cal.add_working_days(start, 3, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 12, 30), WIB)
    assert cal.add_working_days(start, 2, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 12, 29), WIB)
    assert shipped.add_working_days(start, 2, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 12, 29), WIB)
    assert cal.add_working_days(start, 1, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 12, 24), WIB)
    assert shipped.add_working_days(start, 1, JAMBI_RT, "Asia/Jakarta") == end_of(date(2026, 12, 28), WIB)
    # 2027 has no corrections: the package's list stands
    assert cal.working_day(date(2027, 12, 28), JAMBI_RT) == shipped.working_day(date(2027, 12, 28), JAMBI_RT)


def test_a_year_is_worked_out_once():
    cal = WorkingCalendar(CalendarData())
    first = cal._year(2026)
    assert cal.working_day(date(2026, 3, 25), JAMBI_RT)
    assert cal._year(2026) is first
    assert calendar.shipped() is calendar.shipped()


def test_the_checks_beyond_the_shape(tmp_path):
    cal = from_file(tmp_path, """
years:
  2026:
    cancel: [{date: 2026-12-23, note: bukan hari libur}]
    move: [{from: 2026-06-02, to: 2026-06-05, note: bukan hari libur}]
regional:
  - {area: XXX, every: "01-02", note: tidak ada}
  - {area: JMB, every: "10-28", note: ada}
""")
    found = [p.message for p in cal.problems("libur.yaml", {"JMB", "BTG"})]
    assert found == [
        "2026.cancel: 2026-12-23 is not a holiday in the holidays package: nothing to cancel",
        "2026.move: 2026-06-02 is not a holiday in the holidays package: nothing to move",
        "regional: unknown area code 'XXX'",
    ]


# --------------------------------------------------------------------------- the digest's morning


@pytest.mark.parametrize(
    ("after", "area", "tz", "expected"),
    [
        (local(date(2026, 3, 17), 6, 59), JAMBI_RT, "Asia/Jakarta", local(date(2026, 3, 17), 7)),
        (local(date(2026, 3, 17), 7), JAMBI_RT, "Asia/Jakarta", local(date(2026, 3, 25), 7)),  # strictly after
        (local(date(2026, 3, 19), 8), JAMBI_RT, "Asia/Jakarta", local(date(2026, 3, 25), 7)),
        (local(date(2026, 3, 19), 8), BONTANG_RT, "Asia/Makassar", local(date(2026, 3, 25), 7, tz=WITA)),
        (local(date(2026, 10, 27), 9), JAMBI_RT, "Asia/Jakarta", local(date(2026, 10, 29), 7)),  # HUT Kota Jambi
    ],
)
def test_next_working_morning(_frozen_clock, after, area, tz, expected):
    _frozen_clock.move_to(after)
    moment = calendar.next_working_morning(after, area, tz)
    assert moment == expected and moment.tzinfo is UTC
