"""Importing administrative areas (kota → kecamatan → kelurahan → RW → RT) from CSV.

The file has, as a rule, one row per RT::

    # comment lines start with '#'; blank lines are ignored
    kota,kecamatan,kelurahan,rw,rt,kk,timezone,code
    Kota Jambi,Alam Barajo,Mayang Mangurai,01,003,112,WIB,JMB.ALB.MYM.RW01.RT003

`code` is the RT's dotted path; its prefixes are the codes of its ancestors, so the row above also
defines RW `JMB.ALB.MYM.RW01`, kelurahan `JMB.ALB.MYM`, kecamatan `JMB.ALB` and kota `JMB`.

A row may also stop above the RT, for places whose lower levels no source names: the trailing
columns among kecamatan, kelurahan, rw, rt are left empty, `kk` is empty too, and `code` has one
segment per filled level::

    Kota Bandar Lampung,,,,,,WIB,BDL
    Kabupaten Lampung Tengah,Bangunrejo,,,,,WIB,LTG.BGR

Such a "partial" row defines its last filled area and that area's ancestors, and may sit beside
full rows of the same kota (its names must then agree with theirs, as between any two rows).

Decisions worth knowing:

* a row may stop at any level but never skip one: an empty column followed by a filled one
  (kelurahan empty, rw filled) is an error;
* codes are case-insensitive on input and stored in upper case (`jmb.alb…` → `JMB.ALB…`);
* the RW and RT segments must be the canonical form of the `rw` / `rt` columns (`RW01`, `RT003`),
  so one RW or RT can never have two spellings;
* RW / RT names are made from the numbers: `RW 01`, `RT 003`; other names are kept as given, with
  runs of whitespace collapsed;
* the time zone (IANA name, or WIB / WITA / WIT) is stored on the row's last area and all its
  ancestors, so all rows of one kota must agree on it;
* `kk` is required on an RT row, forbidden on a partial row, and stored on the RT only; an existing
  ancestor's `kk_count` is never touched;
* two rows ending at the same code are a duplicate, whatever their level;
* parents follow from code prefixes, so "one code under two parents" shows up as the parent's code
  carrying two names, and is reported that way.

Parsing is pure (`parse_areas`); writing (`write_areas`) happens in one transaction and only when
the whole file is valid: an import is all-or-nothing.
"""

from __future__ import annotations

import asyncio
import csv
import functools
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.areas import LEVELS, ZONE_ALIASES, Area, AreaLevel

COLUMNS = ("kota", "kecamatan", "kelurahan", "rw", "rt", "kk", "timezone", "code")

_SEGMENT = re.compile(r"[A-Z0-9]+")
_DIGITS = re.compile(r"[0-9]+")
_CODE_MAX = Area._meta.fields_map["code"].max_length
_NAME_MAX = Area._meta.fields_map["name"].max_length
_UPDATE_BATCH = 500

Error = tuple[int, str]


@dataclass(frozen=True, slots=True)
class AreaSpec:
    """One area as the file describes it (`line` is where it first appears)."""

    code: str
    name: str
    level: AreaLevel
    parent_code: str | None
    timezone: str
    kk_count: int | None
    line: int


@dataclass(slots=True)
class ImportReport:
    """What an import did, or why it did nothing."""

    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Error] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """`created=N updated=N unchanged=N`."""
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged}"

    def error_lines(self) -> list[str]:
        """Errors as `<source>:<line>: <problem>`, the form the CLI prints."""
        return [f"{self.source}:{line}: {message}" for line, message in self.errors]


# --------------------------------------------------------------------------- parsing (pure)


@functools.cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def canonical_timezone(value: str) -> str | None:
    """IANA name for `value` (WIB/WITA/WIT or any IANA name, case-insensitive), else None."""
    alias = ZONE_ALIASES.get(value.upper())
    if alias:
        return alias
    known = _zone_names().get(value.lower())
    if known:
        return known
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return value


def _number(value: str, column: str, width: int, errors: list[str]) -> str | None:
    """Zero-padded form of an RW/RT number ("1" → "01"), or None after recording an error."""
    if not _DIGITS.fullmatch(value) or int(value) == 0:
        errors.append(f"{column} {value!r} is not a positive number")
        return None
    return str(int(value)).zfill(width)


def _split_row(line: str) -> list[str] | str:
    try:
        rows = list(csv.reader([line], strict=True))
    except csv.Error as exc:
        return f"cannot parse CSV: {exc}"
    return [cell.strip() for cell in rows[0]] if rows else []


def _numbered(lines: str | Iterable[str]) -> Iterable[tuple[int, str]]:
    """(physical line number, text without newline and BOM) for every line."""
    source = lines.splitlines() if isinstance(lines, str) else lines
    for lineno, raw in enumerate(source, start=1):
        text = raw.rstrip("\r\n")
        if lineno == 1:
            text = text.removeprefix("\ufeff")
        yield lineno, text


#: the columns that name a level below the kota, top first; a row fills a prefix of them
_LOWER = ("kecamatan", "kelurahan", "rw", "rt")
#: a code of each depth, for error messages
_EXAMPLE_CODES = ("JMB", "JMB.ALB", "JMB.ALB.MYM", "JMB.ALB.MYM.RW01", "JMB.ALB.MYM.RW01.RT003")


def _label(level: AreaLevel) -> str:
    """`kota`, `kecamatan`, `kelurahan`, `RW`, `RT`: how messages name a level."""
    return level.value.upper() if level in (AreaLevel.RW, AreaLevel.RT) else level.value


@dataclass(frozen=True, slots=True)
class _Row:
    """One valid row: its last area's code, one name per level (top first), KK (RT rows), zone."""

    code: str
    names: tuple[str, ...]
    kk: int | None
    timezone: str

    @property
    def level(self) -> AreaLevel:
        return LEVELS[len(self.names) - 1]


def _check_row(values: dict[str, str]) -> tuple[_Row | None, list[str]]:
    """Validate one row on its own; return it, or None and every problem found."""
    # depth = how many levels the row fills: 1 for a kota-only row, 5 for an RT row; the
    # last filled column among kecamatan … rt decides, and every column above it must be filled.
    depth = 1 + max((i + 1 for i, column in enumerate(_LOWER) if values[column]), default=0)
    level = LEVELS[depth - 1]
    gaps = [column for column in _LOWER[: depth - 1] if not values[column]]
    required = {"kota", "timezone", "code", *_LOWER[: depth - 1]} - set(gaps)
    if level is AreaLevel.RT:
        required.add("kk")
    problems = [
        f"empty {column}" for column in COLUMNS if column in required and not values[column]
    ]
    if gaps:
        problems.append(
            f"empty {' and '.join(gaps)} but {_LOWER[depth - 2]} is filled: "
            "a row may stop at any level but cannot skip one"
        )
    names = {c: " ".join(values[c].split()) for c in ("kota", "kecamatan", "kelurahan")}
    for column, name in names.items():
        if len(name) > _NAME_MAX:
            problems.append(f"{column} name longer than {_NAME_MAX} characters")

    rw = _number(values["rw"], "rw", 2, problems) if values["rw"] else None
    rt = _number(values["rt"], "rt", 3, problems) if values["rt"] else None

    kk: int | None = None
    if values["kk"] and level is not AreaLevel.RT:
        problems.append(
            f"kk {values['kk']!r} on a row that stops at {_label(level)}: "
            "kk belongs on RT rows only, leave it empty"
        )
    elif values["kk"]:
        if _DIGITS.fullmatch(values["kk"]):
            kk = int(values["kk"])
        else:
            problems.append(f"kk {values['kk']!r} is not a whole number of households")

    tz: str | None = None
    if values["timezone"]:
        tz = canonical_timezone(values["timezone"])
        if tz is None:
            problems.append(
                f"unknown time zone {values['timezone']!r} (use WIB, WITA, WIT or an IANA name)"
            )

    code = values["code"].upper()
    segments = code.split(".")
    if values["code"] and not gaps:
        if len(segments) != depth or not all(_SEGMENT.fullmatch(s) for s in segments):
            stop = "" if level is AreaLevel.RT else f" for a row that stops at {_label(level)}"
            problems.append(
                f"bad code {values['code']!r}: expected {depth} dot-separated "
                f"segment{'s' if depth > 1 else ''} of A-Z/0-9{stop}, "
                f"like {_EXAMPLE_CODES[depth - 1]}"
            )
        elif len(code) > _CODE_MAX:
            problems.append(f"code longer than {_CODE_MAX} characters")
        else:
            if rw is not None and segments[3] != f"RW{rw}":
                problems.append(
                    f"code {code} does not match rw {values['rw']!r}: "
                    f"its RW segment should be RW{rw}"
                )
            if rt is not None and segments[4] != f"RT{rt}":
                problems.append(
                    f"code {code} does not match rt {values['rt']!r}: "
                    f"its RT segment should be RT{rt}"
                )

    if problems or tz is None:
        return None, problems
    all_names = (names["kota"], names["kecamatan"], names["kelurahan"], f"RW {rw}", f"RT {rt}")
    return _Row(code=code, names=all_names[:depth], kk=kk, timezone=tz), []


def parse_areas(lines: str | Iterable[str]) -> tuple[list[AreaSpec], list[Error]]:
    """Parse and validate an areas CSV; return every area (top level first) and all errors."""
    errors: list[Error] = []
    specs: dict[str, AreaSpec] = {}
    row_lines: dict[str, int] = {}  # code of each row's last area → its line
    kota_tz: dict[str, tuple[str, int]] = {}
    # (parent code, level, name) → code, to catch one name given two codes under one parent
    named: dict[tuple[str | None, AreaLevel, str], str] = {}
    header_seen = False

    for lineno, text in _numbered(lines):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cells = _split_row(text)
        if isinstance(cells, str):
            errors.append((lineno, cells))
            if not header_seen:
                return [], errors
            continue

        if not header_seen:
            got = [cell.lower() for cell in cells]
            if got != list(COLUMNS):
                expected = ",".join(COLUMNS)
                if set(got) & set(COLUMNS):
                    problem = f"wrong header {','.join(cells)!r}: expected {expected!r}"
                else:
                    problem = f"missing header: the first line must be {expected!r}"
                errors.append((lineno, problem))
                return [], errors
            header_seen = True
            continue

        if len(cells) != len(COLUMNS):
            errors.append((lineno, f"expected {len(COLUMNS)} columns, got {len(cells)}"))
            continue

        row, row_errors = _check_row(dict(zip(COLUMNS, cells, strict=True)))
        if row is None:
            errors.extend((lineno, message) for message in row_errors)
            continue
        code, segments, tz = row.code, row.code.split("."), row.timezone

        # Cross-row checks: only rows that are valid on their own get here.
        if code in row_lines:
            errors.append(
                (
                    lineno,
                    f"duplicate {_label(row.level)} code {code} (first on line {row_lines[code]})",
                )
            )
            continue
        row_lines[code] = lineno

        kota_code = segments[0]
        if kota_code in kota_tz and kota_tz[kota_code][0] != tz:
            first_tz, first_line = kota_tz[kota_code]
            errors.append(
                (
                    lineno,
                    f"time zone {tz} for kota {kota_code} disagrees with {first_tz} "
                    f"on line {first_line}",
                )
            )
            continue
        kota_tz.setdefault(kota_code, (tz, lineno))

        for depth, (level, name) in enumerate(zip(LEVELS, row.names, strict=False)):
            area_code = ".".join(segments[: depth + 1])
            parent_code = ".".join(segments[:depth]) or None
            seen = specs.get(area_code)
            if seen is not None:
                if seen.name != name:
                    errors.append(
                        (
                            lineno,
                            f"{level} {area_code} is named {name!r} here but {seen.name!r} "
                            f"on line {seen.line}",
                        )
                    )
                continue
            other = named.get((parent_code, level, name))
            if other is not None:
                errors.append(
                    (
                        lineno,
                        f"{level} {name!r} has code {area_code} here but {other} "
                        f"on line {specs[other].line}",
                    )
                )
                continue
            named[(parent_code, level, name)] = area_code
            specs[area_code] = AreaSpec(
                code=area_code,
                name=name,
                level=level,
                parent_code=parent_code,
                timezone=tz,
                kk_count=row.kk if level is AreaLevel.RT else None,
                line=lineno,
            )

    if not header_seen and not errors:
        errors.append((1, f"missing header: the file has no {','.join(COLUMNS)!r} line"))
    errors.sort(key=lambda error: error[0])
    depth_of = {level: i for i, level in enumerate(LEVELS)}
    ordered = sorted(specs.values(), key=lambda spec: depth_of[spec.level])
    return ordered, errors


# --------------------------------------------------------------------------- writing


def _subtree_filter(specs: Sequence[AreaSpec]) -> Q:
    """Every area under the kotas the file mentions: one query, no per-row look-ups."""
    kotas = sorted({spec.code.split(".")[0] for spec in specs})
    query = Q(code__in=kotas)
    for kota in kotas:
        query |= Q(code__startswith=f"{kota}.")
    return query


async def write_areas(specs: Sequence[AreaSpec], source: str = "<areas>") -> ImportReport:
    """Create or update `specs` (parents before children) by code, in one transaction."""
    report = ImportReport(source=source)
    if not specs:
        return report
    wanted = {spec.code for spec in specs}
    async with in_transaction() as conn:
        scope = _subtree_filter(specs)
        existing = {
            area.code: area
            for area in await Area.filter(scope).using_db(conn)
            if area.code in wanted
        }
        ids = {code: area.id for code, area in existing.items()}
        for level in LEVELS:
            to_create: list[Area] = []
            to_update: list[Area] = []
            for spec in (s for s in specs if s.level is level):
                parent_id = ids[spec.parent_code] if spec.parent_code else None
                area = existing.get(spec.code)
                if area is None:
                    to_create.append(
                        Area(
                            code=spec.code,
                            name=spec.name,
                            level=spec.level,
                            parent_id=parent_id,
                            kk_count=spec.kk_count,
                            timezone=spec.timezone,
                        )
                    )
                    continue
                changed = False
                wanted_values = {
                    "name": spec.name,
                    "level": spec.level,
                    "parent_id": parent_id,
                    "timezone": spec.timezone,
                }
                if spec.level is AreaLevel.RT:
                    wanted_values["kk_count"] = spec.kk_count
                for attr, value in wanted_values.items():
                    if getattr(area, attr) != value:
                        setattr(area, attr, value)
                        changed = True
                if changed:
                    to_update.append(area)
                else:
                    report.unchanged += 1
            if to_create:
                await Area.bulk_create(to_create, using_db=conn)
                report.created += len(to_create)
                if level is not LEVELS[-1]:
                    # bulk_create does not return primary keys; children need them.
                    new_codes = {area.code for area in to_create}
                    rows = await (
                        Area.filter(scope, level=level).using_db(conn).values_list("code", "id")
                    )
                    ids.update((code, pk) for code, pk in rows if code in new_codes)
            if to_update:
                await Area.bulk_update(
                    to_update,
                    fields=["name", "level", "parent_id", "timezone", "kk_count", "updated_at"],
                    batch_size=_UPDATE_BATCH,
                    using_db=conn,
                )
                report.updated += len(to_update)
    return report


# --------------------------------------------------------------------------- entry points


async def import_areas(lines: str | Iterable[str], source_name: str) -> ImportReport:
    """Validate the CSV text (a string or lines) and, only if it is entirely valid, write it."""
    specs, errors = parse_areas(lines)
    if errors:
        return ImportReport(source=source_name, errors=errors)
    return await write_areas(specs, source_name)


async def import_areas_file(path: Path) -> ImportReport:
    """Import an areas CSV file (UTF-8, with or without BOM); OSError propagates."""
    data = await asyncio.to_thread(Path(path).read_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return ImportReport(source=str(path), errors=[(line, f"not UTF-8 text: {exc.reason}")])
    return await import_areas(text, str(path))
