"""Babel catalogs and locale-aware formatting: messages, numbers, Rp, percents, WIB/WITA/WIT dates.

Indonesian is the source language: msgids are Indonesian sentences with named placeholders, and
an empty msgstr means "same as the msgid". Catalogs live in content/locale/<locale>/LC_MESSAGES/
and are maintained with scripts/catalogs.
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext
import io
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from models.areas import ZONE_ALIASES

log = logging.getLogger(__name__)

LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"
DOMAIN = "kabarrt"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "content" / "locale"

# Explicit patterns: babel's id "full"/"short" formats are not what residents expect
# (e.g. full datetime ends in "Waktu Indonesia Barat", short time would be "07.00").
DATE_PATTERN = "EEEE, d MMMM y"
SHORT_DATE_PATTERN = "d MMM"
TIME_PATTERN = "HH.mm"  # Indonesian style (07.00), used in English too for one look across channels

_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def normalize_locale(locale: str | None) -> str:
    """Map "en", "en_US", "EN-gb" … to a supported locale; anything unknown becomes "id"."""
    if not locale:
        return DEFAULT_LOCALE
    language = locale.replace("-", "_").split("_", 1)[0].lower()
    return language if language in LOCALES else DEFAULT_LOCALE


def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(ZONE_ALIASES.get(tz, tz))


def zone_abbreviation(tz: str, at: _dt.datetime | None = None) -> str:
    """WIB, WITA or WIT for Indonesian zones, else the UTC offset at `at` (now), e.g. "UTC+7"."""
    name = ZONE_ALIASES.get(tz, tz)
    if name in _ABBREVIATIONS:
        return _ABBREVIATIONS[name]
    moment = at or _dt.datetime.now(_dt.UTC)
    offset = moment.astimezone(ZoneInfo(name)).utcoffset() or _dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def load_translations(locale: str, locale_dir: Path | None = None) -> gettext.NullTranslations:
    """Load a locale's catalog: the compiled .mo if fresh, else the .po compiled in memory."""
    base = (locale_dir or LOCALE_DIR) / locale / "LC_MESSAGES"
    po, mo = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    if not po.exists():
        log.warning("no catalog for locale %r in %s; messages stay in Indonesian", locale, base)
        return gettext.NullTranslations()
    log.warning("%s missing or older than the .po; compiling %s in memory "
                "(run scripts/catalogs compile)", mo, po)
    with po.open("rb") as f:
        catalog = read_po(f, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # skips empty msgstrs, so they fall back to the msgid
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translator:
    """Translated messages and locale-aware formatting for one locale."""

    def __init__(self, locale: str | None, locale_dir: Path | None = None) -> None:
        self.locale = normalize_locale(locale)
        self._translations = load_translations(self.locale, locale_dir)

    def __repr__(self) -> str:
        return f"Translator({self.locale!r})"

    def _(self, msgid: str, /, **params: object) -> str:
        """Translate msgid, then fill named placeholders ({name}) when params are given."""
        text = self._translations.gettext(msgid)
        return text.format(**params) if params else text

    def n_(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """Translate a plural message for count n and fill placeholders; {n} is always available."""
        # A half-translated plural entry can yield "": fall back to the Indonesian source.
        text = self._translations.ngettext(singular, plural, n) or (singular if n == 1 else plural)
        params.setdefault("n", n)
        return text.format(**params)

    def number(self, value: float) -> str:
        """A number with this locale's separators: id "1.635", en "1,635"."""
        return format_decimal(value, locale=self.locale)

    def rupiah(self, amount: int) -> str:
        """Rupiah without decimals, Indonesian grouping in every locale: "Rp10.000.000"."""
        sign = "-" if amount < 0 else ""
        return f"{sign}Rp{format_decimal(abs(amount), format='#,##0', locale='id')}"

    def either(self, items: list[str]) -> str:
        """A choice between items: id "1, 2 atau 3", en "1, 2, or 3"."""
        return format_list(items, style="or", locale=self.locale)

    def percent(self, value: float) -> str:
        """A percentage (31.43 means 31.43 %) with up to 2 decimals and no space: id "31,43%"."""
        # Pattern-based on purpose: locale percent formats may use U+00A0, which is not GSM-7.
        return format_decimal(value, format="#,##0.##", locale=self.locale) + "%"

    def date(self, d: _dt.date, tz: str | None = None) -> str:
        """A long date, e.g. "Sabtu, 28 November 2026"; an aware datetime is first moved to tz."""
        if isinstance(d, _dt.datetime):
            if tz is None:
                raise ValueError("date() of a datetime needs a time zone")
            d = _local(d, tz)
        return format_date(d, DATE_PATTERN, locale=self.locale)

    def short_date(self, dt: _dt.datetime, tz: str) -> str:
        """A day and month in tz, e.g. "24 Nov": for history lines that must fit in one SMS."""
        return format_date(_local(dt, tz), SHORT_DATE_PATTERN, locale=self.locale)

    def time(self, dt: _dt.datetime, tz: str) -> str:
        """The wall-clock time in tz with its zone, e.g. "07.00 WIB"."""
        local = _local(dt, tz)
        return f"{self._clock(local)} {zone_abbreviation(tz, local)}"

    def datetime(self, dt: _dt.datetime, tz: str) -> str:
        """Date and time in tz, e.g. "Sabtu, 28 November 2026 pukul 07.00 WIB"."""
        local = _local(dt, tz)
        return self._(
            "{date} pukul {time} {zone}",
            date=format_date(local, DATE_PATTERN, locale=self.locale),
            time=self._clock(local),
            zone=zone_abbreviation(tz, local),
        )

    def _clock(self, local: _dt.datetime) -> str:
        return format_time(local, TIME_PATTERN, tzinfo=local.tzinfo, locale=self.locale)


def _local(dt: _dt.datetime, tz: str) -> _dt.datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime: KabarRT only formats timezone-aware datetimes")
    return dt.astimezone(_zone(tz))


@functools.cache
def _cached_translator(locale: str) -> Translator:
    return Translator(locale)


def translator(locale: str | None) -> Translator:
    """The shared Translator for a locale; unknown or missing locales fall back to Indonesian."""
    return _cached_translator(normalize_locale(locale))
