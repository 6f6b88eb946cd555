"""`kabarrt content check | show`: for content authors.

`check` lists everything that can be wrong with content/, one line per problem. Problems are `<path>:<id>: <problem>`. Besides the shape checks done while loading
(content/library.py) this checks what needs the whole library or the areas (complaint categories
included: SMS-safe labels, no keyword in two categories; the calendar: known area codes, and
cancelled or moved days the holidays package lists): broken
references (area codes, placeholders, glossary terms, lessons, reward figures), numbers typed
as text where a figure exists, SMS-safe text outside GSM-7, and lesson cores longer than
one SMS segment once their figures are rendered.

`show` prints the screens a resident would get. It uses the same screen functions as the program-info flow and the same renderers as the
channels, so what is printed is what is sent (SMS screens end with their segment count).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from bot.channels import shell
from bot.channels.render import segments
from bot.i18n import translator
from content.library import PLACEHOLDER, Library, Problem, Program, library, load_library
from handlers.complaints.calendar import WorkingCalendar
from handlers.messages import Outbound
from handlers.programs import flow as programs
from handlers.programs.flow import lesson_text
from handlers.programs.glossary import Screen
from handlers.programs.sections import SECTIONS
from handlers.residents.area_import import parse_areas

#: a number as written in Indonesian text: 1.635 / 31,43 / 07.00 / 50 juta / 10jt
_NUMBER = re.compile(
    r"(?:(?<=Rp)|(?<![\w{.,]))(\d+(?:[.,]\d+)*)(?:\s*(juta|jt|ribu|rb|miliar|m)\b)?(?![\w}])", re.IGNORECASE
)
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_SCALE = {"juta": 1e6, "jt": 1e6, "ribu": 1e3, "rb": 1e3, "miliar": 1e9, "m": 1e9}
_LESSON_TITLE_MAX = 28
_NAME_MAX = 30
_PLACE_MAX = 40
_SUMMARY_SEGMENTS = 2
_MEANING_SEGMENTS = 2


def parse_number(token: str, scale: str | None = None) -> float:
    """The value of a number written the Indonesian way ("1.635" → 1635, "31,43" → 31.43)."""
    if _GROUPED.match(token):
        value = float(token.replace(".", "").replace(",", "."))
    elif "," in token:
        value = float(token.replace(".", "").replace(",", ".", 1)) if token.count(",") == 1 else 0.0
    else:
        value = float(token) if token.count(".") <= 1 else float(token.replace(".", ""))
    return value * _SCALE.get((scale or "").lower(), 1)


_CITATION = re.compile(r"(?:\bnomor|\bno\.?|\btahun)\s*$", re.IGNORECASE)


def numbers_in(text: str, citations: frozenset[float] = frozenset()) -> Iterator[tuple[str, float]]:
    """(as written, value) for each number typed in a text, placeholders excluded.

    A number that cites one of the program's legal acts ("Nomor 11", "Tahun 2019", with the
    value in `citations`) is a reference, not a figure, and is skipped.
    """
    bare = PLACEHOLDER.sub(" ", text)
    for match in _NUMBER.finditer(bare):
        value = parse_number(match.group(1), match.group(2))
        if value in citations and _CITATION.search(bare[: match.start()]):
            continue
        yield match.group(0), value


def citations(program: Program | None) -> frozenset[float]:
    """Numbers and years of a program's legal acts, which text may cite as "Nomor N Tahun Y"."""
    if program is None:
        return frozenset()
    found = set()
    for act in program.legal_basis:
        found.add(float(act.year))
        if act.number.isdecimal():
            found.add(float(act.number))
    return frozenset(found)


def known_area_codes(content_dir: Path) -> set[str]:
    codes: set[str] = set()
    for path in sorted((content_dir / "areas").glob("*.csv")):
        specs, _errors = parse_areas(path.read_text(encoding="utf-8"))
        codes.update(spec.code for spec in specs)
    return codes


def _texts(program: Program) -> Iterator[tuple[str, str, bool]]:
    """(owner id, text, sms_safe) for every text of a program."""
    pid = program.id
    yield pid, program.name, True
    yield pid, program.title, True
    yield pid, program.place, True
    yield pid, program.summary, True
    if program.summary_more:
        yield pid, program.summary_more, False
    if program.period.note:
        yield pid, program.period.note, True
    if program.period.replaced_by:
        yield pid, program.period.replaced_by, True
    for text in (*program.goals, *program.procedures, *program.gaps, program.funding):
        yield pid, text, True
    if program.indicator_intro:
        yield pid, program.indicator_intro, True
    for group in program.indicators:
        yield pid, group.name, True
        yield from ((pid, item, True) for item in group.items)
        if group.note:
            yield pid, group.note, True
    for act in program.legal_basis:
        yield pid, f"{act.kind} {act.about}", True
    for role in program.roles:
        yield pid, f"{role.who} {role.does}", True
    for fact in program.facts:
        yield pid, fact.text, True
    for reward in program.rewards:
        yield pid, reward.category, True
    for lesson in program.lessons:
        q = lesson.question
        for text in (lesson.title, lesson.core, q.text, *q.options, q.explain):
            yield lesson.id, text, True
        if lesson.more:
            yield lesson.id, lesson.more, False


def _program_problems(program: Program, library: Library, areas: set[str] | None) -> list[Problem]:
    problems: list[Problem] = []

    def problem(owner: str, message: str) -> None:
        problems.append(Problem(program.path, owner, message))

    t = translator("id")
    if areas is not None:
        for code in program.areas:
            if code not in areas:
                problem(program.id, f"unknown area code '{code}'")
    if len(program.name) > _NAME_MAX:
        problem(program.id, f"name longer than {_NAME_MAX} characters")
    if len(program.place) > _PLACE_MAX:
        problem(program.id, f"place longer than {_PLACE_MAX} characters")
    if not 5 <= len(program.lessons) <= 8:
        problem(program.id, f"needs 5-8 lessons, has {len(program.lessons)}")

    values = {}
    for figure in program.figures.values():
        values.setdefault(figure.value, figure.name)
    used: set[str] = set()
    cited = citations(program)
    for owner, text, sms_safe in _texts(program):
        for name in PLACEHOLDER.findall(text):
            used.add(name)
            if name not in program.figures:
                problem(owner, f"unknown figure '{{{name}}}'")
        for written, value in numbers_in(text, cited):
            if value in values:
                problem(owner, f"number written as text: '{written}' (use {{{values[value]}}})")
        if sms_safe:
            rendered = program.fill(text, t)
            bad = _outside_gsm7(rendered)
            if bad:
                problem(owner, bad)
    used.update(reward.amount for reward in program.rewards)
    for name in sorted(set(program.figures) - used):
        problem(name, "figure is never used in a text")

    for reward in program.rewards:
        figure = program.figures.get(reward.amount)
        if figure is None or figure.kind != "rupiah":
            problem(program.id, f"reward '{reward.category}': amount '{reward.amount}' is not a rupiah figure")

    summary_segments, _ = segments(program.fill(program.summary, t))
    if summary_segments > _SUMMARY_SEGMENTS:
        problem(program.id, f"summary is {summary_segments} SMS segments (at most {_SUMMARY_SEGMENTS})")

    term_lists = [(program.id, program.terms), *((program.id, f.terms) for f in program.facts)]
    term_lists += [(lesson.id, lesson.terms) for lesson in program.lessons]
    for owner, terms in term_lists:
        for term in terms:
            if term not in library.glossary:
                problem(owner, f"unknown glossary term '{term}'")

    for lesson in program.lessons:
        if len(lesson.title) > _LESSON_TITLE_MAX:
            problem(lesson.id, f"title longer than {_LESSON_TITLE_MAX} characters")
        count, encoding = segments(lesson_text(program.fill(lesson.core, t), 8, 8))
        if count > 1:
            problem(lesson.id, f"lesson core is {count} SMS segments ({encoding}); it must fit one")
    return problems


def _gsm7(char: str) -> bool:
    try:
        char.encode("gsm03.38")
    except UnicodeEncodeError:
        return False
    return True


def _outside_gsm7(text: str) -> str | None:
    """The problem line for SMS-safe text with characters gsm0338 cannot encode, or None."""
    bad = sorted({c for c in text if not _gsm7(c)})
    if not bad:
        return None
    return "SMS-safe text has characters outside GSM-7: " + " ".join(f"U+{ord(c):04X}" for c in bad)


def _glossary_problems(library: Library, path: str) -> list[Problem]:
    problems: list[Problem] = []
    lessons = library.lessons
    seen: dict[str, str] = {}
    for term in library.glossary.values():
        for alias in (term.term, *term.aliases):
            key = " ".join(alias.lower().split())
            if key in seen and seen[key] != term.id:
                problems.append(Problem(path, term.id, f"'{alias}' is also a name of '{seen[key]}'"))
            seen.setdefault(key, term.id)
        for other in term.see:
            if other not in library.glossary:
                problems.append(Problem(path, term.id, f"unknown glossary term '{other}' in see"))
        if term.lesson and term.lesson not in lessons:
            problems.append(Problem(path, term.id, f"unknown lesson '{term.lesson}'"))
        for text in (term.term, term.meaning, term.full or "", *term.aliases):
            bad = _outside_gsm7(text)
            if bad:
                problems.append(Problem(path, term.id, bad))
        count, _ = segments(term.meaning)
        if count > _MEANING_SEGMENTS:
            problems.append(Problem(path, term.id, f"meaning is {count} SMS segments (at most {_MEANING_SEGMENTS})"))
    return problems


#: a category label is one line of a numbered menu on SMS
_CATEGORY_LABEL_MAX = 60


def _complaint_problems(library: Library, path: str) -> list[Problem]:
    """Complaint categories: SMS-safe labels short enough for a menu line, and no keyword that
    points to two categories (the guess would depend on file order)."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for category in library.complaints.values():
        for text in (category.label, category.group, *category.keywords):
            bad = _outside_gsm7(text)
            if bad:
                problems.append(Problem(path, category.code, bad))
        if len(category.label) > _CATEGORY_LABEL_MAX:
            problems.append(Problem(path, category.code, f"label longer than {_CATEGORY_LABEL_MAX} characters"))
        for keyword in category.keywords:
            if keyword in owner and owner[keyword] != category.code:
                problems.append(Problem(path, category.code, f"keyword '{keyword}' is also a keyword of '{owner[keyword]}'"))
            owner.setdefault(keyword, category.code)
    return problems


_FAQ_TITLE_MAX = 40
_ANSWER_SEGMENTS = 2
_PROGRAM_HEADING = re.compile(r"^## Program (\d+)\b")


def fact_bullets(facts: Path) -> dict[str, str]:
    """`program<N>.<k>` → text of the k-th top-level bullet under "## Program N" of FACTS.md."""
    bullets: dict[str, str] = {}
    program, count = None, 0
    for line in facts.read_text(encoding="utf-8").splitlines():
        heading = _PROGRAM_HEADING.match(line)
        if heading:
            program, count = heading.group(1), 0
        elif line.startswith("## "):
            program = None
        elif program and line.startswith("- "):
            count += 1
            bullets[f"program{program}.{count}"] = line[2:]
    return bullets


def question_key(text: str) -> str:
    """How questions are compared with the dev set: words and numbers only, lower case."""
    from handlers.faq.nlp.normalize import surface

    return " ".join(surface(text))


def _faq_problems(library: Library, content_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    t = translator("id")
    for entry in library.faq.values():
        def problem(message: str, entry=entry) -> None:
            problems.append(Problem(entry.path, entry.id, message))

        if not entry.informal:
            problem("needs at least one informal paraphrase")
        if len(entry.title) > _FAQ_TITLE_MAX:
            problem(f"title longer than {_FAQ_TITLE_MAX} characters")
        program = library.programs.get(entry.program) if entry.program else None
        if entry.program and program is None:
            problem(f"unknown program '{entry.program}'")
        if entry.see and (program is None or entry.see not in SECTIONS):
            problem(f"see: '{entry.see}' is not a section of a program ({', '.join(SECTIONS)})")
        figures = program.figures if program else {}
        values = {}
        for figure in figures.values():
            values.setdefault(figure.value, figure.name)
        for name in PLACEHOLDER.findall(entry.answer):
            if name not in figures:
                problem(f"unknown figure '{{{name}}}'")
        for written, value in numbers_in(entry.answer, citations(program)):
            if value in values:
                problem(f"number written as text: '{written}' (use {{{values[value]}}})")
        rendered = program.fill(entry.answer, t) if program else entry.answer
        for text in (entry.title, rendered):
            bad = _outside_gsm7(text)
            if bad:
                problem(bad)
        count, _ = segments(rendered)
        if count > _ANSWER_SEGMENTS:
            problem(f"answer is {count} SMS segments (at most {_ANSWER_SEGMENTS})")

    faq_dir = content_dir / "faq"
    coverage_path = str(faq_dir / "coverage.yaml")
    facts = content_dir / "sources" / "FACTS.md"
    if facts.exists():
        bullets = fact_bullets(facts)
        for key in bullets:
            ids = library.coverage.get(key, ())
            if not ids:
                problems.append(Problem(coverage_path, key, "fact bullet answered by no FAQ entry"))
        for key, ids in library.coverage.items():
            if key not in bullets:
                problems.append(Problem(coverage_path, key, "no such fact bullet in FACTS.md"))
            for entry_id in ids:
                if entry_id not in library.faq:
                    problems.append(Problem(coverage_path, key, f"unknown FAQ id '{entry_id}'"))

    dev = content_dir / "sources" / "faq-dev.jsonl"
    if dev.exists() and library.faq:
        ours = {question_key(q): e for e in library.faq.values() for q in e.paraphrases}
        for line in dev.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            question = json.loads(line).get("q", "")
            entry = ours.get(question_key(question))
            if entry is not None:
                problems.append(Problem(entry.path, entry.id, f"copies a dev-set question: {question!r}"))
    return problems


def check(content_dir: Path) -> list[Problem]:
    """Every problem in content_dir, in file order; empty when all is well."""
    library = load_library(content_dir)
    problems = list(library.problems)
    area_dir = content_dir / "areas"
    areas = known_area_codes(content_dir) if area_dir.is_dir() else None
    if areas is None:
        problems.append(Problem(str(area_dir), "areas", "no areas directory: area codes not checked"))
    lesson_owner: dict[str, str] = {}
    for program in library.programs.values():
        for lesson in program.lessons:
            if lesson.id in lesson_owner:
                problems.append(Problem(program.path, lesson.id, f"duplicate id (also in {lesson_owner[lesson.id]})"))
            lesson_owner.setdefault(lesson.id, program.id)
        problems += _program_problems(program, library, areas)
    problems += _glossary_problems(library, str(content_dir / "glossary.yaml"))
    if (content_dir / "faq").is_dir():
        problems += _faq_problems(library, content_dir)
    problems += _complaint_problems(library, str(content_dir / "complaints" / "categories.yaml"))
    calendar_path = content_dir / "calendar" / "libur.yaml"
    if calendar_path.exists():
        problems += WorkingCalendar(library.calendar).problems(str(calendar_path), areas)
    return list(dict.fromkeys(problems))  # a term listed twice in one program is one problem

class UnknownContent(Exception):
    """An unknown program id or section; the message lists the valid ones."""


def outbound(screen: Screen, locale: str) -> Outbound:
    """The reply a screen becomes (what the channels render)."""
    return Outbound(
        identity="shell:author", text=screen.text, options=screen.options, detail=screen.detail, locale=locale
    )


def render(screen: Screen, channel: str, locale: str) -> list[str]:
    return shell.render(outbound(screen, locale), channel)


def screens(program_id: str, section: str | None, locale: str = "id", lib: Library | None = None) -> list[Screen]:
    """The program screen, or a section with everything it leads to (indicator groups, lessons)."""
    lib = lib or library()
    program = lib.programs.get(program_id)
    if program is None:
        raise UnknownContent(f"unknown program '{program_id}'; programs: {', '.join(sorted(lib.programs))}")
    t = translator(locale)
    if section is None:
        return [programs.program_screen(t, program, datetime.now(UTC).year)]
    if section not in programs.SECTIONS:
        raise UnknownContent(f"unknown section '{section}'; sections: {', '.join(programs.SECTIONS)}")
    shown = [programs.section_screen(t, program, section)]
    if section == "indikator":
        shown += [programs.indicator_screen(t, program, i) for i in range(len(program.indicators))]
    if section == "pelajaran":
        for lesson in program.lessons:
            shown += programs.lesson_screens(t, program, lesson.id)
            shown.append(programs.answer_screen(t, program, lesson.id, lesson.question.answer)[0])
    return shown


def show(program_id: str, section: str | None, *, channel: str = "telegram", locale: str = "id") -> list[str]:
    lines: list[str] = []
    for screen in screens(program_id, section, locale):
        lines += [*render(screen, channel, locale), "--"]
    return lines


def check_command(args: argparse.Namespace) -> int:
    from content.library import CONTENT_DIR

    content_dir = Path(args.content_dir) if args.content_dir else CONTENT_DIR
    problems = check(content_dir)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def show_command(args: argparse.Namespace) -> int:

    try:
        lines = show(args.program, args.section, channel=args.channel, locale=args.locale)
    except UnknownContent as exc:
        print(f"kabarrt content show: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0
