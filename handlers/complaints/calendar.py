"""The Indonesian working-day calendar complaint deadlines are counted on.

A working day is not a Saturday or Sunday, not a national holiday or cuti bersama (the `holidays`
package for Indonesia, categories PUBLIC and GOVERNMENT), corrected by the year's joint decree
(SKB) as written in content/calendar/libur.yaml, and not a regional holiday of the place (a
holiday given for `JMB` applies to every area whose code starts with `JMB.`). Each year's days
off are worked out once and cached. The escalation and the morning digest use this module too.

`WorkingCalendar` is built from calendar data (tests build their own from a file); the module
functions use the shipped content.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import holidays

from content.library import CalendarData, Problem, library
from models.areas import ZONE_ALIASES

#: the end of a deadline's last day, local time
END_OF_DAY = dt.time(23, 59, 59)
#: when a working morning starts (the digest's hour)
MORNING = dt.time(7, 0)
#: a loop over days gives up after this many (no calendar has a year without working days)
_MAX_DAYS = 400


def _package_days(year: int) -> dict[dt.date, str]:
    """National holidays and cuti bersama of one year as the holidays package lists them (Indonesian names)."""
    found = holidays.country_holidays(
        "ID", years=year, categories=(holidays.PUBLIC, holidays.GOVERNMENT), language="id"
    )
    return dict(found.items())


def zone(tz: str) -> ZoneInfo:
    """An area's time zone (`Asia/Makassar`, or an alias: WIB, WITA, WIT)."""
    return ZoneInfo(ZONE_ALIASES.get(tz.upper(), tz) if tz else "Asia/Jakarta")


def _under(area: str, code: str) -> bool:
    return area == code or area.startswith(code + ".")


class WorkingCalendar:
    """Days off from the holidays package, corrected by calendar data; cached per year."""

    def __init__(self, data: CalendarData) -> None:
        self.data = data
        self._years: dict[int, tuple[dict[dt.date, str], dict[dt.date, tuple[tuple[str, str], ...]]]] = {}

    def _year(self, year: int) -> tuple[dict[dt.date, str], dict[dt.date, tuple[tuple[str, str], ...]]]:
        """(national days off → name, regional days off → ((area code, name), …)) for a year."""
        if year not in self._years:
            national = _package_days(year)
            fix = self.data.years.get(year)
            if fix is not None:
                for item in fix.cancel:
                    national.pop(item.day, None)
                for move in fix.move:
                    national.pop(move.old, None)
                for move in fix.move:
                    national[move.new] = move.note
                for item in fix.add:
                    national[item.day] = item.note
            regional: dict[dt.date, list[tuple[str, str]]] = {}
            for item in self.data.regional:
                day = item.on(year)
                if day is not None:
                    regional.setdefault(day, []).append((item.area, item.note))
            self._years[year] = (national, {d: tuple(v) for d, v in regional.items()})
        return self._years[year]

    def holiday(self, day: dt.date, area: str = "") -> str | None:
        """The name of the holiday on `day` in `area` (national first), or None; weekends are not named."""
        national, regional = self._year(day.year)
        if day in national:
            return national[day]
        for code, note in regional.get(day, ()):
            if _under(area, code):
                return note
        return None

    def working_day(self, day: dt.date, area: str) -> bool:
        """False on Saturday, Sunday, a national holiday or cuti bersama, and a regional holiday of `area`."""
        return day.weekday() < 5 and self.holiday(day, area) is None

    def add_working_days(self, start: dt.datetime, days: int, area: str, tz: str) -> dt.datetime:
        """The deadline `days` working days after `start`: the end (23:59:59 local time in `tz`) of
        the `days`-th working day after start's local date, as an aware UTC datetime.

        The day of `start` itself never counts, working day or not, as SP4N-LAPOR! counts: a
        complaint filed on Monday with 3 working days is due at the end of Thursday; one filed on
        Saturday, at the end of Wednesday.
        """
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("add_working_days needs a timezone-aware start")
        if days < 1:
            raise ValueError("days must be at least 1")
        where = zone(tz)
        day, counted = start.astimezone(where).date(), 0
        for _ in range(days * _MAX_DAYS):
            day += dt.timedelta(days=1)
            if self.working_day(day, area):
                counted += 1
                if counted == days:
                    return dt.datetime.combine(day, END_OF_DAY, tzinfo=where).astimezone(dt.UTC)
        raise RuntimeError("no working day found: the calendar data is broken")

    def next_working_morning(self, after: dt.datetime, area: str, tz: str, at: dt.time = MORNING) -> dt.datetime:
        """The first moment strictly after `after` that is `at` (07.00) local time on a working day,
        as an aware UTC datetime: when the morning digest goes out next."""
        if after.tzinfo is None or after.utcoffset() is None:
            raise ValueError("next_working_morning needs a timezone-aware moment")
        where = zone(tz)
        day = after.astimezone(where).date()
        for _ in range(_MAX_DAYS):
            moment = dt.datetime.combine(day, at, tzinfo=where)
            if moment > after and self.working_day(day, area):
                return moment.astimezone(dt.UTC)
            day += dt.timedelta(days=1)
        raise RuntimeError("no working day found: the calendar data is broken")

    def problems(self, path: str, areas: Iterable[str] | None = None) -> list[Problem]:
        """What is wrong with the data beyond its shape: a regional holiday of an unknown area, a
        cancelled or moved day the package does not list (a typo: nothing to cancel)."""
        found: list[Problem] = []
        known = set(areas) if areas is not None else None
        for year, fix in sorted(self.data.years.items()):
            listed = _package_days(year)
            for item in fix.cancel:
                if item.day not in listed:
                    found.append(Problem(path, "calendar", f"{year}.cancel: {item.day.isoformat()} is not a holiday "
                                         "in the holidays package: nothing to cancel"))  # fmt: skip
            for move in fix.move:
                if move.old not in listed:
                    found.append(Problem(path, "calendar", f"{year}.move: {move.old.isoformat()} is not a holiday "
                                         "in the holidays package: nothing to move"))  # fmt: skip
        if known is not None:
            for item in self.data.regional:
                if item.area not in known:
                    found.append(Problem(path, "calendar", f"regional: unknown area code '{item.area}'"))
        return found


@functools.cache
def shipped() -> WorkingCalendar:
    """The calendar of the shipped content (content/calendar/libur.yaml), built once per process."""
    return WorkingCalendar(library().calendar)


def working_day(day: dt.date, area: str) -> bool:
    """False on Saturday, Sunday, national holidays, cuti bersama and regional holidays of `area`."""
    return shipped().working_day(day, area)


def add_working_days(start: dt.datetime, days: int, area: str, tz: str) -> dt.datetime:
    """The deadline: the end (23:59:59 local, as aware UTC) of the `days`-th working day after
    start's local date; the filing day itself never counts (as SP4N-LAPOR! counts)."""
    return shipped().add_working_days(start, days, area, tz)


def next_working_morning(after: dt.datetime, area: str, tz: str, at: dt.time = MORNING) -> dt.datetime:
    """The first `at` (07.00) local time on a working day strictly after `after`, as aware UTC."""
    return shipped().next_working_morning(after, area, tz, at)


def holiday(day: dt.date, area: str = "") -> str | None:
    """The name of the holiday (national or regional) on `day` in `area`, or None."""
    return shipped().holiday(day, area)
