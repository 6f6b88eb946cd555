"""bot.i18n: locale-aware formatting, catalog loading, and completeness of the id/en catalogs."""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from string import Formatter

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LOCALE_DIR, LOCALES, Translator, translator, zone_abbreviation

ROOT = Path(__file__).resolve().parent.parent
# Same keywords as scripts/catalogs: -k _ -k n_:1,2 --no-default-keywords
KEYWORDS = {"_": None, "n_": (1, 2)}
FIX = "Run `scripts/catalogs` (extract + update + compile), then translate the en entries."

SATURDAY_MIDNIGHT_UTC = datetime(2026, 11, 28, 0, 0, tzinfo=UTC)


# --- formatting -----------------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (10_000_000, "Rp10.000.000"),
        (1_500_000, "Rp1.500.000"),
        (25_000, "Rp25.000"),
        (500, "Rp500"),
        (0, "Rp0"),
        (-25_000, "-Rp25.000"),
    ],
)
def test_rupiah_uses_indonesian_grouping_in_every_locale(locale, amount, expected):
    assert translator(locale).rupiah(amount) == expected


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("id", 31.43, "31,43%"),
        ("id", 80, "80%"),
        ("id", 80.0, "80%"),
        ("id", 19.83, "19,83%"),
        ("id", 0.87, "0,87%"),
        ("id", 12.5, "12,5%"),
        ("id", 100 / 3, "33,33%"),
        ("id", 1234.5, "1.234,5%"),
        ("en", 31.43, "31.43%"),
        ("en", 80, "80%"),
        ("en", 0.87, "0.87%"),
        ("en", 1234.5, "1,234.5%"),
    ],
)
def test_percent(locale, value, expected):
    text = translator(locale).percent(value)
    assert text == expected
    assert "\xa0" not in text  # a non-breaking space is not GSM-7: it would force UCS-2 SMS


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("id", 1635, "1.635"),
        ("id", 1_234_567, "1.234.567"),
        ("id", 2.5, "2,5"),
        ("id", 0, "0"),
        ("en", 1635, "1,635"),
        ("en", 1_234_567, "1,234,567"),
        ("en", 2.5, "2.5"),
    ],
)
def test_number(locale, value, expected):
    assert translator(locale).number(value) == expected


@pytest.mark.parametrize(
    ("locale", "moment", "tz", "expected"),
    [
        ("id", SATURDAY_MIDNIGHT_UTC, "Asia/Jakarta", "Sabtu, 28 November 2026 pukul 07.00 WIB"),
        ("id", SATURDAY_MIDNIGHT_UTC, "Asia/Pontianak", "Sabtu, 28 November 2026 pukul 07.00 WIB"),
        ("id", SATURDAY_MIDNIGHT_UTC, "Asia/Makassar", "Sabtu, 28 November 2026 pukul 08.00 WITA"),
        ("id", SATURDAY_MIDNIGHT_UTC, "Asia/Jayapura", "Sabtu, 28 November 2026 pukul 09.00 WIT"),
        ("id", SATURDAY_MIDNIGHT_UTC, "WITA", "Sabtu, 28 November 2026 pukul 08.00 WITA"),
        ("en", SATURDAY_MIDNIGHT_UTC, "Asia/Jakarta", "Saturday, 28 November 2026 at 07.00 WIB"),
        ("en", SATURDAY_MIDNIGHT_UTC, "Asia/Makassar", "Saturday, 28 November 2026 at 08.00 WITA"),
        ("en", SATURDAY_MIDNIGHT_UTC, "Asia/Jayapura", "Saturday, 28 November 2026 at 09.00 WIT"),
        # the local date can differ from the UTC date
        ("id", datetime(2026, 11, 28, 20, 30, tzinfo=UTC), "Asia/Jayapura",
         "Minggu, 29 November 2026 pukul 05.30 WIT"),
        ("id", datetime(2026, 8, 17, 3, 0, tzinfo=UTC), "Asia/Jakarta",
         "Senin, 17 Agustus 2026 pukul 10.00 WIB"),
        ("en", datetime(2026, 8, 17, 3, 0, tzinfo=UTC), "Asia/Jakarta",
         "Monday, 17 August 2026 at 10.00 WIB"),
        # outside Indonesia: the UTC offset at that moment
        ("id", SATURDAY_MIDNIGHT_UTC, "Europe/Amsterdam",
         "Sabtu, 28 November 2026 pukul 01.00 UTC+1"),
        ("en", SATURDAY_MIDNIGHT_UTC, "America/New_York",
         "Friday, 27 November 2026 at 19.00 UTC-5"),
        ("en", SATURDAY_MIDNIGHT_UTC, "Asia/Kolkata",
         "Saturday, 28 November 2026 at 05.30 UTC+5:30"),
        ("en", SATURDAY_MIDNIGHT_UTC, "UTC", "Saturday, 28 November 2026 at 00.00 UTC"),
    ],
)
def test_datetime(locale, moment, tz, expected):
    assert translator(locale).datetime(moment, tz) == expected


def test_date_and_time():
    t = translator("id")
    assert t.date(date(2026, 11, 28)) == "Sabtu, 28 November 2026"
    assert t.date(datetime(2026, 11, 28, 20, 30, tzinfo=UTC), "Asia/Jayapura") == (
        "Minggu, 29 November 2026"
    )
    assert translator("en").date(date(2026, 11, 28), "Asia/Jakarta") == "Saturday, 28 November 2026"
    assert t.time(SATURDAY_MIDNIGHT_UTC, "Asia/Jakarta") == "07.00 WIB"
    assert t.time(SATURDAY_MIDNIGHT_UTC, "Asia/Makassar") == "08.00 WITA"
    assert translator("en").time(SATURDAY_MIDNIGHT_UTC, "WIT") == "09.00 WIT"


def test_naive_datetimes_are_refused():
    naive = datetime(2026, 11, 28, 7, 0)  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive"):
        translator("id").datetime(naive, "Asia/Jakarta")
    with pytest.raises(ValueError, match="time zone"):
        translator("id").date(SATURDAY_MIDNIGHT_UTC)


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Asia/Jakarta", "WIB"),
        ("Asia/Pontianak", "WIB"),
        ("Asia/Makassar", "WITA"),
        ("Asia/Jayapura", "WIT"),
        ("WIB", "WIB"),
        ("WITA", "WITA"),
        ("WIT", "WIT"),
        ("Asia/Singapore", "UTC+8"),
    ],
)
def test_zone_abbreviation(tz, expected):
    assert zone_abbreviation(tz) == expected


def test_zone_abbreviation_follows_daylight_saving():
    assert zone_abbreviation("Europe/Amsterdam", datetime(2026, 7, 1, tzinfo=UTC)) == "UTC+2"
    assert zone_abbreviation("Europe/Amsterdam", datetime(2026, 1, 1, tzinfo=UTC)) == "UTC+1"


# --- translators and fallbacks --------------------------------------------------------------

@pytest.mark.parametrize(
    ("asked", "got"),
    [(None, "id"), ("", "id"), ("fr", "id"), ("id", "id"), ("en", "en"), ("en_US", "en"),
     ("EN-gb", "en"), ("id_ID", "id")],
)
def test_unknown_locales_fall_back_to_indonesian(asked, got):
    assert translator(asked).locale == got


def test_translators_are_cached_per_locale():
    assert translator("en") is translator("en_US")
    assert translator(None) is translator("id")


def test_messages_and_placeholders():
    en, id_ = translator("en"), translator("id")
    assert en._("{date} pukul {time} {zone}", date="D", time="T", zone="Z") == "D at T Z"
    assert id_._("{date} pukul {time} {zone}", date="D", time="T", zone="Z") == "D pukul T Z"
    # unknown msgids come back as they are (Indonesian is the source language)
    assert en._("Pesan yang belum ada di katalog.") == "Pesan yang belum ada di katalog."
    # without params nothing is formatted, so braces are literal
    assert en._("Kurung {kurawal} tetap") == "Kurung {kurawal} tetap"
    assert en._("{nama} mendaftar", nama="Siti") == "Siti mendaftar"


def _write_catalog(locale_dir: Path, locale: str, messages: dict, *, mo: bool) -> Path:
    """Write a .po (and optionally .mo) catalog with the given msgid → msgstr entries."""
    catalog = Catalog(locale=locale, domain=DOMAIN)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    base = locale_dir / locale / "LC_MESSAGES"
    base.mkdir(parents=True, exist_ok=True)
    with (base / f"{DOMAIN}.po").open("wb") as f:
        write_po(f, catalog)
    if mo:
        with (base / f"{DOMAIN}.mo").open("wb") as f:
            write_mo(f, catalog)
    return base


def test_plurals(tmp_path):
    _write_catalog(
        tmp_path, "en",
        {("{n} warga hadir", "{n} warga hadir"): ("one resident came", "{n} residents came")},
        mo=False,
    )
    en = Translator("en", locale_dir=tmp_path)
    assert en.n_("{n} warga hadir", "{n} warga hadir", 1) == "one resident came"
    assert en.n_("{n} warga hadir", "{n} warga hadir", 3) == "3 residents came"
    assert en.n_("{n} warga di {rt}", "{n} warga di {rt}", 2, rt="RT 03") == "2 warga di RT 03"
    assert en.n_("{n} warga", "{n} warga", 5, n="lima") == "lima warga"  # an explicit n wins
    id_ = Translator("id", locale_dir=tmp_path)  # no id catalog there: the source text is used
    assert id_.n_("{n} warga hadir", "{n} warga hadir", 3) == "3 warga hadir"


# --- loading: .mo when fresh, else the .po compiled in memory -------------------------------

DATETIME_MSGID = "{date} pukul {time} {zone}"


@pytest.fixture
def locale_copy(tmp_path):
    """A copy of content/locale whose en .mo (if any) is removed."""
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    (copy / "en" / "LC_MESSAGES" / f"{DOMAIN}.mo").unlink(missing_ok=True)
    return copy


def _write_mo(path: Path, msgstr: str, mtime_offset: float) -> None:
    """Compile a catalog translating the datetime sentence to msgstr; shift its mtime vs the .po."""
    catalog = Catalog(locale="en", domain=DOMAIN)
    catalog.add(DATETIME_MSGID, msgstr)
    with path.open("wb") as f:
        write_mo(f, catalog)
    po_mtime = path.with_suffix(".po").stat().st_mtime
    os.utime(path, (po_mtime + mtime_offset, po_mtime + mtime_offset))


def _render(locale_dir: Path) -> str:
    return Translator("en", locale_dir=locale_dir)._(DATETIME_MSGID, date="D", time="T", zone="Z")


def test_missing_mo_compiles_the_po_in_memory(locale_copy, caplog):
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        assert _render(locale_copy) == "D at T Z"
    assert len(caplog.records) == 1
    assert "compiling" in caplog.text


def test_stale_mo_is_ignored(locale_copy, caplog):
    _write_mo(locale_copy / "en" / "LC_MESSAGES" / f"{DOMAIN}.mo", "STALE {date}", -60)
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        assert _render(locale_copy) == "D at T Z"
    assert "compiling" in caplog.text


def test_fresh_mo_is_used(locale_copy, caplog):
    _write_mo(locale_copy / "en" / "LC_MESSAGES" / f"{DOMAIN}.mo", "FROM MO {date}", +60)
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        assert _render(locale_copy) == "FROM MO D"
    assert not caplog.records


def test_missing_catalog_falls_back_to_the_source_text(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        t = Translator("en", locale_dir=tmp_path)
    assert t.locale == "en"
    assert t._(DATETIME_MSGID, date="D", time="T", zone="Z") == "D pukul T Z"
    assert "no catalog" in caplog.text


# --- catalog completeness -------------------------------------------------------------------

@cache
def extracted() -> dict[str, tuple[str | None, str]]:
    """msgid → (msgid_plural or None, first location) for every message marked in the source."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, tuple[str | None, str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        singular, plural = message if isinstance(message, tuple) else (message, None)
        if singular:  # babel yields empty/None parts for non-literal arguments
            found.setdefault(singular, (plural, f"{filename}:{lineno}"))
    return found


@cache
def catalog(locale: str) -> Catalog:
    """The .po catalog of a locale (obsolete entries are not part of it)."""
    with (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


def placeholders(text: str) -> set[str]:
    """Named fields of a str.format template: "{n} di {place.name}" → {"n", "place"}."""
    return {
        field.split(".")[0].split("[")[0]
        for _, field, _, _ in Formatter().parse(text)
        if field is not None
    }


def report(problems: list[str], what: str, fix: str = FIX) -> str:
    return f"{what} ({len(problems)}). {fix}\n" + "\n".join(f"  {p}" for p in problems)


def test_source_messages_are_extracted():
    # guards the completeness tests below against silently extracting nothing
    assert DATETIME_MSGID in extracted()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_source_message_is_in_the_catalog(locale):
    cat, problems = catalog(locale), []
    for msgid, (plural, where) in sorted(extracted().items()):
        entry = cat.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r} ({where})")
        elif plural is not None and (not entry.pluralizable or entry.id[1] != plural):
            problems.append(f"plural form differs: {msgid!r} ({where})")
        elif plural is None and entry.pluralizable:
            problems.append(f"catalog has a plural, source has none: {msgid!r} ({where})")
    assert not problems, report(problems, f"{locale} catalog is out of date")


def test_english_catalog_is_translated():
    cat, problems = catalog("en"), []
    for msgid in sorted(extracted()):
        entry = cat.get(msgid)
        if entry is None:
            continue  # reported by test_every_source_message_is_in_the_catalog
        forms = entry.string if entry.pluralizable else (entry.string,)
        if entry.fuzzy or not all(forms):
            problems.append(f"untranslated{' (fuzzy)' if entry.fuzzy else ''}: {msgid!r}")
    assert not problems, report(problems, "English msgstr missing")


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders(locale):
    problems = []
    for entry in catalog(locale):
        if not entry.id:
            continue  # the header
        ids = entry.id if entry.pluralizable else (entry.id,)
        forms = entry.string if entry.pluralizable else (entry.string,)
        try:
            source = set().union(*(placeholders(i) for i in ids))
            for form in filter(None, forms):  # empty = falls back to the msgid
                got = placeholders(form)
                # plural forms may drop {n} ("one complaint") but must keep every other field
                ok = (
                    source - {"n"} <= got <= source | {"n"}
                    if entry.pluralizable
                    else got == source
                )
                if not ok:
                    problems.append(f"{ids[0]!r}: {sorted(got)} != {sorted(source)} in {form!r}")
        except ValueError as error:  # a stray "{" or "}"
            problems.append(f"{ids[0]!r}: malformed placeholder ({error})")
    assert not problems, report(
        problems,
        f"{locale} placeholders differ from the msgid",
        f"Fix the msgstr in content/locale/{locale}/LC_MESSAGES/{DOMAIN}.po, then run "
        "`scripts/catalogs compile`.",
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_messages_are_gsm7(locale):
    # SMS residents must never get UCS-2 (70 instead of 160 characters) because of interface text.
    problems = []
    for entry in catalog(locale):
        texts = [*(entry.id if entry.pluralizable else (entry.id,))]
        texts += [*(entry.string if entry.pluralizable else (entry.string,))]
        for text in filter(None, texts):
            try:
                text.encode("gsm03.38")
            except UnicodeEncodeError as error:
                bad = text[error.start:error.end]
                problems.append(f"{text!r}: {bad!r} (U+{ord(bad[0]):04X}) is not GSM-7")
    assert not problems, report(
        problems,
        f"{locale} catalog has non-GSM-7 characters",
        "Use plain characters (' not \u2019, ... not \u2026, - not \u2014, a space not U+00A0) "
        "in the source and the .po files, then run `scripts/catalogs`.",
    )


def test_gsm7_check_catches_typographic_characters():
    for text in ("a\xa0b", "tunggu…", "ya—tidak", "Jum’at"):
        with pytest.raises(UnicodeEncodeError):
            text.encode("gsm03.38")
    "Rp10.000 {name} [ok] é".encode("gsm03.38")  # braces and brackets are GSM-7 (escaped)


def test_catalog_check_helpers():
    assert placeholders("{n} warga di {place.name} {x[0]} {{literal}}") == {"n", "place", "x"}
