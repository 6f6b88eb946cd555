"""Reading content/programs/*.yaml and content/glossary.yaml into typed, immutable objects.

The schema is documented for authors in content/README.md. Loading never raises on bad
content: every shape problem becomes a `Problem` (`<path>:<id>: <problem>`) and the item is
skipped or given an empty default, so `kabarrt content check` can list all problems at once
and a running bot keeps serving what is valid. Figures are kept as numbers; `fill()` renders
`{name}` placeholders with the locale's formatter (Babel, through the `Texts` protocol).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

CONTENT_DIR = Path(__file__).resolve().parent
STATUSES = ("berjalan", "selesai", "diganti")
FIGURE_KINDS = ("rupiah", "count", "percent", "year")
#: a program's information counts as historical when its source is older than this many years
FRESH_YEARS = 2
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Formatter(Protocol):
    """The part of handlers.texts.Texts that renders figures (bot.i18n.Translator has it)."""

    def number(self, value: float) -> str: ...

    def rupiah(self, amount: int) -> str: ...

    def percent(self, value: float) -> str: ...


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.id}: {self.message}"


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    kind: str
    value: float

    def render(self, fmt: Formatter) -> str:
        if self.kind == "rupiah":
            return fmt.rupiah(int(self.value))
        if self.kind == "percent":
            return fmt.percent(self.value)
        if self.kind == "year":
            return str(int(self.value))
        return fmt.number(int(self.value) if float(self.value).is_integer() else self.value)


@dataclass(frozen=True, slots=True)
class Period:
    status: str
    start: int | None = None
    end: int | None = None
    as_of: int | None = None
    replaced_by: str | None = None
    note: str | None = None

    def historical(self, year: int) -> bool:
        """True when the bot must say its information may be out of date."""
        return self.status != "berjalan" or self.as_of is None or year - self.as_of > FRESH_YEARS


@dataclass(frozen=True, slots=True)
class LegalAct:
    kind: str
    number: str
    year: int
    about: str


@dataclass(frozen=True, slots=True)
class Role:
    who: str
    does: str


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    name: str
    items: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Reward:
    category: str
    kk_min: int | None
    kk_max: int | None
    amount: str  # a figure name

    def covers(self, kk: int) -> bool:
        return (self.kk_min is None or kk >= self.kk_min) and (self.kk_max is None or kk <= self.kk_max)


@dataclass(frozen=True, slots=True)
class Fact:
    text: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    options: tuple[str, ...]
    answer: int  # 1-based
    explain: str


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    program: str
    number: int  # 1-based position in its program's series
    title: str
    core: str
    question: Question
    more: str | None = None
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Program:
    id: str
    path: str
    name: str
    title: str
    place: str
    areas: tuple[str, ...]
    period: Period
    figures: dict[str, Figure]
    summary: str
    goals: tuple[str, ...]
    legal_basis: tuple[LegalAct, ...]
    roles: tuple[Role, ...]
    procedures: tuple[str, ...]
    indicator_intro: str | None
    indicators: tuple[IndicatorGroup, ...]
    funding: str
    rewards: tuple[Reward, ...]
    facts: tuple[Fact, ...]
    gaps: tuple[str, ...]
    terms: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    summary_more: str | None = None
    sources: tuple[str, ...] = ()
    #: how residents name the program ("bantar", "dana 50 juta bontang"): the FAQ prefers its entries
    aliases: tuple[str, ...] = ()

    def fill(self, text: str, fmt: Formatter) -> str:
        """Text with each `{figure}` rendered for the locale; unknown names stay visible."""

        def one(match: re.Match) -> str:
            figure = self.figures.get(match.group(1))
            return figure.render(fmt) if figure else match.group(0)

        return PLACEHOLDER.sub(one, text)

    def reward_for(self, kk: int) -> Reward | None:
        """The reward category for an RT of `kk` households, or None where the rules say nothing."""
        return next((r for r in self.rewards if r.covers(kk)), None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    meaning: str
    full: str | None = None
    aliases: tuple[str, ...] = ()
    see: tuple[str, ...] = ()
    lesson: str | None = None


@dataclass(frozen=True, slots=True)
class FaqEntry:
    id: str
    path: str
    title: str
    questions: tuple[str, ...]
    informal: tuple[str, ...]
    answer: str
    program: str | None = None
    see: str | None = None

    @property
    def paraphrases(self) -> tuple[str, ...]:
        return self.questions + self.informal


@dataclass(frozen=True, slots=True)
class Language:
    """What the FAQ matcher knows about informal Indonesian (content/faq/*.yaml data)."""

    slang: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ComplaintCategory:
    """A complaint category (content/complaints/categories.yaml) and the level that handles it."""

    code: str
    group: str
    label: str
    #: the area level above the RT whose officers handle it first
    level: str
    #: lower-case words or phrases that point to it in an SMS
    keywords: tuple[str, ...]
    #: working days from filing (or reopening) by which each stage is due: verifikasi, tindakan
    #: (first action), selesai; defaults after SP4N-LAPOR! (3, 5, 10)
    deadlines: tuple[tuple[str, int], ...] = ()

    def deadline(self, stage: str) -> int:
        """Working days allowed for a stage (`verifikasi`, `tindakan`, `selesai`)."""
        return dict(self.deadlines).get(stage, DEFAULT_DEADLINES[stage])


#: the levels a category may be routed to (models.AreaLevel above the RT)
COMPLAINT_LEVELS = ("rw", "kelurahan", "kecamatan", "kota")
#: working days per stage, counted from filing, after SP4N-LAPOR! (verified within 3, first
#: action within 5, closed within 10); a category may set its own
DEFAULT_DEADLINES = {"verifikasi": 3, "tindakan": 5, "selesai": 10}
#: the longest a stage may be given (two months of working days): a typo like 100 is caught
MAX_DEADLINE = 40
#: the category a complaint gets when nothing in its text points elsewhere
FALLBACK_CATEGORY = "lainnya"


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day the year's joint decree (SKB) adds to or cancels from the holidays package's list."""

    day: _dt.date
    note: str


@dataclass(frozen=True, slots=True)
class CalendarMove:
    """A holiday or cuti bersama the SKB moves to another day."""

    old: _dt.date
    new: _dt.date
    note: str


@dataclass(frozen=True, slots=True)
class CalendarYear:
    """One year's corrections to the holidays package (content/calendar/libur.yaml)."""

    year: int
    #: the decree the corrections follow (for the operator, not shown to residents)
    source: str | None = None
    add: tuple[CalendarDay, ...] = ()
    cancel: tuple[CalendarDay, ...] = ()
    move: tuple[CalendarMove, ...] = ()


@dataclass(frozen=True, slots=True)
class RegionalHoliday:
    """A day off in one area and everything under it: on one date, or every year on a month-day."""

    area: str
    note: str
    day: _dt.date | None = None
    #: (month, day) each year, when `day` is None
    every: tuple[int, int] | None = None
    #: first year an `every` holiday applies (None: always)
    since: int | None = None
    #: not confirmed as an official day off: an example the operator confirms or removes
    example: bool = False

    def on(self, year: int) -> _dt.date | None:
        """Its date in `year`, or None (another year's date, before `since`, or 29 Feb)."""
        if self.day is not None:
            return self.day if self.day.year == year else None
        if self.every is None or (self.since is not None and year < self.since):
            return None
        try:
            return _dt.date(year, *self.every)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class CalendarData:
    """content/calendar/libur.yaml: the SKB corrections per year and the regional holidays."""

    years: dict[int, CalendarYear] = field(default_factory=dict)
    regional: tuple[RegionalHoliday, ...] = ()


@dataclass(slots=True)
class Library:
    programs: dict[str, Program] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    faq: dict[str, FaqEntry] = field(default_factory=dict)
    language: Language = field(default_factory=Language)
    #: matching parameters calibrated on held-back questions (content/faq/model.yaml)
    model: dict[str, float] = field(default_factory=dict)
    #: FACTS.md fact bullet key ("program1.3") → FAQ ids that answer it
    coverage: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: complaint categories by code, in file order (the order residents choose from)
    complaints: dict[str, ComplaintCategory] = field(default_factory=dict)
    #: corrections to the holidays package and regional holidays (content/calendar/libur.yaml)
    calendar: CalendarData = field(default_factory=CalendarData)
    problems: list[Problem] = field(default_factory=list)

    @property
    def lessons(self) -> dict[str, Lesson]:
        return {lesson.id: lesson for p in self.programs.values() for lesson in p.lessons}

    def programs_for_area(self, area_code: str | None) -> list[Program]:
        """Programs running in an area or any of its ancestors (codes are dotted paths)."""
        if not area_code:
            return []
        return [
            p for p in self.programs.values()
            if any(area_code == a or area_code.startswith(a + ".") for a in p.areas)
        ]  # fmt: skip


# --- YAML ------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping (YAML would keep the last)."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:  # 2026-02-30: kept as text, so the field's check names it instead of a crash
        return loader.construct_scalar(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read_yaml(path: Path) -> tuple[Any, str | None]:
    """(data, None) or (None, error message) for one YAML file."""
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.load(f, Loader=_StrictLoader), None  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        return None, f"YAML error: {where}{exc.problem or exc}"
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, f"cannot read: {exc}"


# --- building objects, collecting problems ------------------------------------------------


class _Reader:
    """Reads fields of one YAML mapping, recording a Problem for each missing or mistyped one."""

    def __init__(self, path: str, owner: str, problems: list[Problem]) -> None:
        self.path, self.owner, self.problems = path, owner, problems

    def problem(self, message: str, owner: str | None = None) -> None:
        self.problems.append(Problem(self.path, owner or self.owner, message))

    def text(self, data: dict, key: str, *, required: bool = True, where: str = "") -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(f"missing required field '{where}{key}'")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(f"field '{where}{key}' must be text")
            return None
        return " ".join(str(value).split()) if "\n" not in str(value).strip() else str(value).strip()

    def texts(self, data: dict, key: str, *, required: bool = True, where: str = "") -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"missing required field '{where}{key}'")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(f"field '{where}{key}' must be a list of texts")
            return ()
        if required and not value:
            self.problem(f"field '{where}{key}' is empty")
        return tuple(v.strip() for v in value)

    def integer(self, data: dict, key: str, *, required: bool = False, where: str = "") -> int | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"missing required field '{where}{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"field '{where}{key}' must be a whole number")
            return None
        return value

    def mappings(self, data: dict, key: str, *, required: bool = True) -> list[dict]:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"missing required field '{key}'")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(f"field '{key}' must be a list of mappings")
            return []
        return value

    def mapping(self, data: dict, key: str, *, required: bool = True) -> dict:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"missing required field '{key}'")
            return {}
        if not isinstance(value, dict):
            self.problem(f"field '{key}' must be a mapping")
            return {}
        return value


def _period(r: _Reader, data: dict) -> Period:
    raw = r.mapping(data, "period")
    status = r.text(raw, "status", where="period.") if raw else None
    if status is not None and status not in STATUSES:
        r.problem(f"period.status '{status}' is not one of {', '.join(STATUSES)}")
    if status == "diganti" and not raw.get("replaced_by"):
        r.problem("period.replaced_by is required when the status is diganti")
    return Period(
        status=status if status in STATUSES else "berjalan",
        start=r.integer(raw, "start", where="period."),
        end=r.integer(raw, "end", where="period."),
        as_of=r.integer(raw, "as_of", where="period."),
        replaced_by=r.text(raw, "replaced_by", required=False, where="period."),
        note=r.text(raw, "note", required=False, where="period."),
    )


def _figures(r: _Reader, data: dict) -> dict[str, Figure]:
    raw = r.mapping(data, "figures", required=False)
    figures = {}
    for name, spec in raw.items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]+", name):
            r.problem(f"figure name {name!r} must be lower-case letters, digits and _")
            continue
        if not isinstance(spec, dict):
            r.problem("figure must be a mapping {kind: …, value: …}", name)
            continue
        kind, value = spec.get("kind"), spec.get("value")
        if kind not in FIGURE_KINDS:
            r.problem(f"figure kind {kind!r} is not one of {', '.join(FIGURE_KINDS)}", name)
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            r.problem(f"figure value {value!r} must be a number, not text", name)
            continue
        figures[name] = Figure(name, kind, value)
    return figures


def _lessons(r: _Reader, data: dict, program_id: str) -> tuple[Lesson, ...]:
    lessons = []
    for number, raw in enumerate(r.mappings(data, "lessons"), start=1):
        lesson_id = raw.get("id") if isinstance(raw.get("id"), str) else f"{program_id}#lesson{number}"
        lr = _Reader(r.path, lesson_id, r.problems)
        if "id" not in raw:
            lr.problem("missing required field 'id'")
        q = lr.mapping(raw, "question")
        options = lr.texts(q, "options", where="question.") if q else ()
        answer = lr.integer(q, "answer", required=True, where="question.") if q else None
        if q and len(options) != 3:
            lr.problem(f"question needs exactly 3 options, has {len(options)}")
        if answer is not None and not 1 <= answer <= len(options or (0, 0, 0)):
            lr.problem(f"question.answer {answer} does not point at an option (1-3)")
        question_text = lr.text(q, "text", where="question.") if q else None
        explain = lr.text(q, "explain", where="question.") if q else None
        title, core = lr.text(raw, "title"), lr.text(raw, "core")
        if not (title and core and question_text and explain and len(options) == 3 and answer):
            continue
        if answer > 3:
            continue
        lessons.append(
            Lesson(
                id=lesson_id,
                program=program_id,
                number=len(lessons) + 1,
                title=title,
                core=core,
                more=lr.text(raw, "more", required=False),
                terms=lr.texts(raw, "terms", required=False),
                question=Question(question_text, options, answer, explain),
            )
        )
    return tuple(lessons)


def load_program(path: Path, problems: list[Problem]) -> Program | None:
    """One program file, or None when it is unreadable or has no usable id."""
    data, error = read_yaml(path)
    owner = path.stem
    if error is not None:
        problems.append(Problem(str(path), owner, error))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(str(path), owner, "a program file must be a YAML mapping"))
        return None
    r = _Reader(str(path), owner, problems)
    program_id = r.text(data, "id")
    if program_id is None:
        return None
    r.owner = program_id
    if not _ID.match(program_id):
        r.problem("id must be lower-case letters, digits and '-'")
    if program_id != path.stem:
        r.problem(f"id differs from the file name '{path.stem}'")

    legal = []
    for raw in r.mappings(data, "legal_basis"):
        kind, number, about = (r.text(raw, k, where="legal_basis.") for k in ("kind", "number", "about"))
        year = r.integer(raw, "year", required=True, where="legal_basis.")
        if kind and number and about and year:
            legal.append(LegalAct(kind, number, year, about))
    roles = []
    for raw in r.mappings(data, "roles"):
        who, does = r.text(raw, "who", where="roles."), r.text(raw, "does", where="roles.")
        if who and does:
            roles.append(Role(who, does))
    indicators = r.mapping(data, "indicators")
    groups = []
    for raw in r.mappings(indicators, "groups", required=bool(indicators)):
        name = r.text(raw, "name", where="indicators.groups.")
        items = r.texts(raw, "items", where="indicators.groups.")
        if name and items:
            groups.append(IndicatorGroup(name, items, r.text(raw, "note", required=False)))
    funding = r.mapping(data, "funding")
    rewards = []
    for raw in r.mappings(funding, "rewards", required=False):
        category = r.text(raw, "category", where="funding.rewards.")
        amount = r.text(raw, "amount", where="funding.rewards.")
        lo, hi = r.integer(raw, "kk_min"), r.integer(raw, "kk_max")
        if category and amount:
            rewards.append(Reward(category, lo, hi, amount))
    facts = []
    for raw in r.mappings(data, "facts", required=False):
        text = r.text(raw, "text", where="facts.")
        if text:
            facts.append(Fact(text, r.texts(raw, "terms", required=False)))
    areas = r.texts(data, "areas")
    return Program(
        id=program_id,
        path=str(path),
        name=r.text(data, "name") or program_id,
        title=r.text(data, "title") or program_id,
        place=r.text(data, "place") or "",
        areas=tuple(a.upper() for a in areas),
        period=_period(r, data),
        figures=_figures(r, data),
        summary=r.text(data, "summary") or "",
        summary_more=r.text(data, "summary_more", required=False),
        goals=r.texts(data, "goals"),
        legal_basis=tuple(legal),
        roles=tuple(roles),
        procedures=r.texts(data, "procedures"),
        indicator_intro=r.text(indicators, "intro", required=False) if indicators else None,
        indicators=tuple(groups),
        funding=(r.text(funding, "text", where="funding.") if funding else None) or "",
        rewards=tuple(rewards),
        facts=tuple(facts),
        gaps=r.texts(data, "gaps", required=False),
        terms=r.texts(data, "terms", required=False),
        lessons=_lessons(r, data, program_id),
        sources=r.texts(data, "sources", required=False),
        aliases=r.texts(data, "aliases", required=False),
    )


def load_glossary(path: Path, problems: list[Problem]) -> dict[str, Term]:
    data, error = read_yaml(path)
    if error is not None:
        problems.append(Problem(str(path), "glossary", error))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(str(path), "glossary", "the glossary must be a mapping with 'terms'"))
        return {}
    r = _Reader(str(path), "glossary", problems)
    terms: dict[str, Term] = {}
    for raw in r.mappings(data, "terms"):
        term_id = raw.get("id")
        if not isinstance(term_id, str) or not term_id:
            r.problem("a term has no 'id'")
            continue
        tr = _Reader(str(path), term_id, problems)
        if term_id in terms:
            tr.problem("duplicate id")
            continue
        term, meaning = tr.text(raw, "term"), tr.text(raw, "meaning")
        if not (term and meaning):
            continue
        terms[term_id] = Term(
            id=term_id,
            term=term,
            meaning=meaning,
            full=tr.text(raw, "full", required=False),
            aliases=tr.texts(raw, "aliases", required=False),
            see=tr.texts(raw, "see", required=False),
            lesson=tr.text(raw, "lesson", required=False),
        )
    return terms


#: files in content/faq/ that are not entry files
FAQ_DATA_FILES = {"coverage.yaml", "slang.yaml", "stopwords.yaml", "model.yaml"}


def load_faq(faq_dir: Path, problems: list[Problem]) -> dict[str, FaqEntry]:
    entries: dict[str, FaqEntry] = {}
    for path in sorted(faq_dir.glob("*.yaml")):
        if path.name in FAQ_DATA_FILES:
            continue
        data, error = read_yaml(path)
        if error is not None:
            problems.append(Problem(str(path), path.stem, error))
            continue
        r = _Reader(str(path), path.stem, problems)
        if not isinstance(data, dict):
            r.problem("an FAQ file must be a mapping with 'entries'")
            continue
        for raw in r.mappings(data, "entries"):
            entry_id = raw.get("id")
            if not isinstance(entry_id, str) or not _ID.match(entry_id):
                r.problem(f"entry id {entry_id!r} must be lower-case letters, digits and '-'")
                continue
            er = _Reader(str(path), entry_id, problems)
            if entry_id in entries:
                er.problem(f"duplicate id (also in {entries[entry_id].path})")
                continue
            questions = er.texts(raw, "questions")
            informal = er.texts(raw, "informal")
            if len(questions) + len(informal) < 3:
                er.problem(f"needs at least 3 paraphrases, has {len(questions) + len(informal)}")
            title, answer = er.text(raw, "title"), er.text(raw, "answer")
            program = raw.get("program")
            if program is not None and not isinstance(program, str):
                er.problem("program must be a program id or null")
                program = None
            if not (title and answer and (questions or informal)):
                continue
            entries[entry_id] = FaqEntry(
                id=entry_id,
                path=str(path),
                title=title,
                questions=questions,
                informal=informal,
                answer=answer,
                program=program,
                see=er.text(raw, "see", required=False),
            )
    return entries


def _word_map(r: _Reader, data: dict, key: str) -> dict[str, str]:
    raw = r.mapping(data, key, required=False)
    found = {}
    for word, value in raw.items():
        if not isinstance(word, str) or not isinstance(value, str) or not value.strip():
            r.problem(f"{key}: {word!r} must map a word to a word")
            continue
        found[" ".join(word.lower().split())] = " ".join(value.lower().split())
    return found


def load_language(faq_dir: Path, problems: list[Problem]) -> Language:
    slang_path, stop_path = faq_dir / "slang.yaml", faq_dir / "stopwords.yaml"
    slang: dict[str, str] = {}
    synonyms: dict[str, str] = {}
    stopwords: frozenset[str] = frozenset()
    if slang_path.exists():
        data, error = read_yaml(slang_path)
        r = _Reader(str(slang_path), "slang", problems)
        if error is not None or not isinstance(data, dict):
            r.problem(error or "must be a mapping with 'slang' and 'synonyms'")
        else:
            slang, synonyms = _word_map(r, data, "slang"), _word_map(r, data, "synonyms")
    if stop_path.exists():
        data, error = read_yaml(stop_path)
        r = _Reader(str(stop_path), "stopwords", problems)
        if error is not None or not isinstance(data, dict):
            r.problem(error or "must be a mapping with 'stopwords'")
        else:
            stopwords = frozenset(w.lower() for w in r.texts(data, "stopwords"))
    return Language(slang, synonyms, stopwords)


def _load_model(faq_dir: Path, problems: list[Problem]) -> dict[str, float]:
    path = faq_dir / "model.yaml"
    if not path.exists():
        return {}
    data, error = read_yaml(path)
    if error is not None or not isinstance(data, dict):
        problems.append(Problem(str(path), "model", error or "must be a mapping"))
        return {}
    model = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem(str(path), str(key), "must be a number"))
            continue
        model[str(key)] = float(value)
    return model


def _load_coverage(faq_dir: Path, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    path = faq_dir / "coverage.yaml"
    if not path.exists():
        return {}
    data, error = read_yaml(path)
    if error is not None or not isinstance(data, dict):
        problems.append(Problem(str(path), "coverage", error or "must be a mapping"))
        return {}
    coverage = {}
    for key, ids in data.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append(Problem(str(path), str(key), "must be a list of FAQ ids"))
            continue
        coverage[str(key)] = tuple(ids)
    return coverage


def load_complaints(path: Path, problems: list[Problem]) -> dict[str, ComplaintCategory]:
    """content/complaints/categories.yaml: every category once, with a label, a level and keywords,
    and the fallback category among them."""
    data, error = read_yaml(path)
    if error is not None or not isinstance(data, dict):
        problems.append(Problem(str(path), "complaints", error or "must be a mapping with 'categories'"))
        return {}
    r = _Reader(str(path), "complaints", problems)
    categories: dict[str, ComplaintCategory] = {}
    for raw in r.mappings(data, "categories"):
        code = raw.get("code")
        if not isinstance(code, str) or not _ID.match(code) or len(code) > 32:
            r.problem(f"category code {code!r} must be lower-case letters, digits and '-' (at most 32)")
            continue
        cr = _Reader(str(path), code, problems)
        if code in categories:
            cr.problem("duplicate code")
            continue
        group, label, level = cr.text(raw, "group"), cr.text(raw, "label"), cr.text(raw, "level")
        keywords = raw.get("keywords")
        if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
            cr.problem("field 'keywords' must be a list of words (may be empty)")
            keywords = []
        if level is not None and level not in COMPLAINT_LEVELS:
            cr.problem(f"level {level!r} must be one of {', '.join(COMPLAINT_LEVELS)}")
            continue
        deadlines = _deadlines(cr, raw)
        if not (group and label and level):
            continue
        categories[code] = ComplaintCategory(
            code=code, group=group, label=label, level=level,
            keywords=tuple(" ".join(k.lower().split()) for k in keywords), deadlines=deadlines,
        )  # fmt: skip
    if categories and FALLBACK_CATEGORY not in categories:
        r.problem(f"needs the fallback category '{FALLBACK_CATEGORY}'")
    return categories


def _deadlines(r: _Reader, raw: dict) -> tuple[tuple[str, int], ...]:
    """A category's optional `deadlines: {verifikasi: 3, tindakan: 5, selesai: 10}` (working days,
    any of them; the rest keep their defaults). Later stages may not fall due before earlier ones."""
    value = raw.get("deadlines")
    if value is None:
        return ()
    if not isinstance(value, dict):
        r.problem("field 'deadlines' must be a mapping of stage: working days")
        return ()
    days: dict[str, int] = {}
    for stage, n in value.items():
        if stage not in DEFAULT_DEADLINES:
            r.problem(f"deadlines: unknown stage {stage!r} (one of {', '.join(DEFAULT_DEADLINES)})")
        elif isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_DEADLINE:
            r.problem(f"deadlines.{stage}: {n!r} must be a whole number of working days from 1 to {MAX_DEADLINE}")
        else:
            days[stage] = n
    full = [days.get(stage, default) for stage, default in DEFAULT_DEADLINES.items()]
    if full != sorted(full):
        r.problem("deadlines must not decrease: verifikasi <= tindakan <= selesai (defaults 3, 5, 10)")
        return ()
    return tuple(days.items())


_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def _calendar_date(r: _Reader, raw: dict, key: str, where: str, year: int | None = None) -> _dt.date | None:
    """A `YYYY-MM-DD` date (YAML reads it as a date; a quoted one is parsed), in `year` if given."""
    value = raw.get(key)
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value.strip())
        except ValueError:
            r.problem(f"{where}{key}: {raw.get(key)!r} is not a date (YYYY-MM-DD)")
            return None
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        r.problem(f"{where}{key}: {value!r} is not a date (YYYY-MM-DD)" if value is not None
                  else f"missing required field '{where}{key}'")  # fmt: skip
        return None
    if year is not None and value.year != year:
        r.problem(f"{where}{key}: {value.isoformat()} is not in {year}")
        return None
    return value


def _calendar_days(r: _Reader, data: dict, key: str, year: int) -> tuple[CalendarDay, ...]:
    days = []
    for i, raw in enumerate(r.mappings(data, key, required=False)):
        where = f"{year}.{key}[{i}]."
        day, note = _calendar_date(r, raw, "date", where, year), r.text(raw, "note", where=where)
        if day and note:
            days.append(CalendarDay(day, note))
    return tuple(days)


def _calendar_year(r: _Reader, year: object, data: object) -> CalendarYear | None:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        r.problem(f"years: {year!r} is not a year")
        return None
    if data is None:
        return CalendarYear(year)
    if not isinstance(data, dict):
        r.problem(f"years.{year} must be a mapping (source, add, cancel, move)")
        return None
    for key in sorted(set(data) - {"source", "add", "cancel", "move"}):
        r.problem(f"years.{year}: unknown field {key!r} (source, add, cancel, move)")
    moves = []
    for i, raw in enumerate(r.mappings(data, "move", required=False)):
        where = f"{year}.move[{i}]."
        old, new = _calendar_date(r, raw, "from", where, year), _calendar_date(r, raw, "to", where, year)
        note = r.text(raw, "note", where=where)
        if old and new and note:
            moves.append(CalendarMove(old, new, note))
    return CalendarYear(
        year, source=r.text(data, "source", required=False), add=_calendar_days(r, data, "add", year),
        cancel=_calendar_days(r, data, "cancel", year), move=tuple(moves),
    )  # fmt: skip


def _regional(r: _Reader, i: int, raw: dict) -> RegionalHoliday | None:
    where = f"regional[{i}]."
    area, note = r.text(raw, "area", where=where), r.text(raw, "note", where=where)
    if area is not None and not re.fullmatch(r"[A-Z0-9]+(?:\.[A-Z0-9]+)*", area):
        r.problem(f"{where}area: {area!r} is not an area code (upper case, dotted: JMB, BTG.BTS)")
        area = None
    example = raw.get("example", False)
    if not isinstance(example, bool):
        r.problem(f"{where}example must be true or false")
    since = r.integer(raw, "since", where=where)
    day = every = None
    if ("date" in raw) == ("every" in raw):
        r.problem(f"regional[{i}]: needs either 'date' (YYYY-MM-DD) or 'every' (\"MM-DD\", each year)")
        return None
    if "date" in raw:
        day = _calendar_date(r, raw, "date", where)
        if day is None:
            return None
    else:
        match = _MONTH_DAY.match(str(raw["every"]))
        every = (int(match[1]), int(match[2])) if match else None
        try:
            _dt.date(2024, *every) if every else None  # a leap year: 02-29 is a day
        except ValueError:
            every = None
        if every is None:
            r.problem(f"{where}every: {raw['every']!r} is not a month and day (\"MM-DD\", quoted)")
            return None
    if area is None or note is None:
        return None
    return RegionalHoliday(area=area, note=note, day=day, every=every, since=since, example=example is True)


def load_calendar(path: Path, problems: list[Problem]) -> CalendarData:
    """content/calendar/libur.yaml: per year what the SKB adds, moves or cancels, and regional
    holidays per area code. Dates are checked here; that areas exist and that a cancelled day is
    a holiday at all is checked by `kabarrt content check`, which knows the areas and the package."""
    data, error = read_yaml(path)
    if error is not None or not isinstance(data, dict):
        problems.append(Problem(str(path), "calendar", error or "must be a mapping with 'years' and 'regional'"))
        return CalendarData()
    r = _Reader(str(path), "calendar", problems)
    for key in sorted(set(data) - {"years", "regional"}):
        r.problem(f"unknown field {key!r} (years, regional)")
    years: dict[int, CalendarYear] = {}
    for year, raw in r.mapping(data, "years", required=False).items():
        item = _calendar_year(r, year, raw)
        if item is not None:
            years[item.year] = item
    regional = []
    for i, raw in enumerate(r.mappings(data, "regional", required=False)):
        item = _regional(r, i, raw)
        if item is not None:
            regional.append(item)
    return CalendarData(years=years, regional=tuple(regional))


def load_library(content_dir: Path = CONTENT_DIR) -> Library:
    """All programs and the glossary under content_dir, with the problems found on the way."""
    library = Library()
    problems = library.problems
    program_dir = content_dir / "programs"
    paths = sorted(program_dir.glob("*.yaml")) if program_dir.is_dir() else []
    if not paths:
        problems.append(Problem(str(program_dir), "programs", "no program files"))
    for path in paths:
        program = load_program(path, problems)
        if program is None:
            continue
        if program.id in library.programs:
            problems.append(Problem(str(path), program.id, "duplicate id"))
            continue
        library.programs[program.id] = program
    glossary = content_dir / "glossary.yaml"
    if glossary.exists():
        library.glossary = load_glossary(glossary, problems)
    else:
        problems.append(Problem(str(glossary), "glossary", "missing file"))
    faq_dir = content_dir / "faq"
    if faq_dir.is_dir():
        library.faq = load_faq(faq_dir, problems)
        library.language = load_language(faq_dir, problems)
        library.model = _load_model(faq_dir, problems)
        library.coverage = _load_coverage(faq_dir, problems)
    complaints = content_dir / "complaints" / "categories.yaml"
    if complaints.exists():
        library.complaints = load_complaints(complaints, problems)
    else:
        problems.append(Problem(str(complaints), "complaints", "missing file"))
    calendar = content_dir / "calendar" / "libur.yaml"
    if calendar.exists():  # optional: without it the holidays package's list stands as it is
        library.calendar = load_calendar(calendar, problems)
    return library


@functools.cache
def library() -> Library:
    """The shipped content, loaded once per process."""
    return load_library(CONTENT_DIR)
