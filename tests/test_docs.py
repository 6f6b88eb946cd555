"""The documentation names only commands, flags and settings that exist, and no issue numbers.

Docs checked: README.md, every docs/*.md, content/README.md and content/faq/README.md.

Rules, applied to the code in a doc (inline code spans and fenced code blocks; prose is free):
- Commands: `kabarrt` (at the start of a code unit or after whitespace or `/`, e.g.
  `.venv/bin/kabarrt`) followed by lower-case words names a command. The words are walked down
  the `kabarrt` argparse parser one subcommand at a time; the first word that is not a plain
  lower-case word (FILE, ID, `<code>`, `…`, `[`, `|`, `(`, a flag) ends the command. Every `--flag`
  after it on the same line (inline span or fenced line, up to the next `kabarrt` or a shell `#`
  comment) must be an option of the (sub)parser reached. `a|b` as a subcommand word means both
  exist.
- Settings: an UPPER_SNAKE_CASE word whose first part is one of SETTING_PREFIXES (DATABASE_,
  TELEGRAM_, SMS_ …), or any name in the first column of a settings table (a table whose header
  starts with `variable` or `setting`), must be the environment name of a `bot.settings.Settings`
  field. Every field must be in the settings table of docs/deployment.md, with its default.
- Issue numbers: "issue 14", "issues 7", "pull request 3", "ticket 2", and `#17` outside code
  (bot output such as `Laporan pengumuman #12` in code is fine; headings and colour codes too).
"""

from __future__ import annotations

import argparse
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def doc_paths() -> list[Path]:
    """Every doc the checks cover (those that exist)."""
    paths = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    paths += [ROOT / "content" / "README.md", ROOT / "content" / "faq" / "README.md"]
    return [p for p in paths if p.is_file()]


DOCS = doc_paths()
DOC_IDS = [str(p.relative_to(ROOT)) for p in DOCS]


def kabarrt_parser() -> argparse.ArgumentParser:
    """The `kabarrt` ArgumentParser, as `kabarrt` builds it."""
    return importlib.import_module("bot.cli.parser").parser()


# --------------------------------------------------------------------------------------------
# Markdown: code units (fenced lines and inline spans), prose, tables
# --------------------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```+|~~~+)")
_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


@dataclass(frozen=True)
class Unit:
    """A piece of code in a doc: one fenced line or one inline span, with its line number."""

    line: int
    text: str
    fenced: bool


def split_markdown(text: str) -> tuple[list[Unit], list[tuple[int, str]]]:
    """Code units, and prose lines with their code spans blanked out."""
    units: list[Unit] = []
    outside: list[tuple[int, str]] = []  # (first line number, paragraph text)
    fence: str | None = None
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
        if paragraph:
            outside.append((start, "\n".join(paragraph)))
            paragraph.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1).startswith(fence):
                fence = None
            else:
                units.append(Unit(number, line, fenced=True))
            continue
        if opened:
            flush()
            fence = opened.group(1)
            continue
        if not line.strip():
            flush()
            continue
        if not paragraph:
            start = number
        paragraph.append(line)
    flush()

    prose: list[tuple[int, str]] = []
    for first, para in outside:

        def blank(m: re.Match[str], first: int = first, para: str = para) -> str:
            span = " ".join(m.group(2).split()).replace("\\|", "|")
            units.append(Unit(first + para.count("\n", 0, m.start()), span, fenced=False))
            return " " * len(m.group(0))

        rest = _SPAN.sub(blank, para)
        prose += [(first + i, line) for i, line in enumerate(rest.split("\n"))]
    units.sort(key=lambda u: u.line)
    return units, prose


def tables(text: str) -> Iterator[list[list[str]]]:
    """Markdown tables as rows of cells (header first, separator row dropped)."""
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            cells = [c.strip() for c in cells]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                rows.append(cells)
        elif rows:
            yield rows
            rows = []


# --------------------------------------------------------------------------------------------
# (a) commands and flags
# --------------------------------------------------------------------------------------------

_COMMAND = re.compile(r"(?:^|(?<=[\s/]))kabarrt(?=\s|$)")
_WORD = re.compile(r"[a-z][a-z0-9-]*")
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return None


def command_problems(units: list[Unit], top: argparse.ArgumentParser) -> list[str]:
    """`line N: …` for every `kabarrt …` that names a missing command or flag."""
    problems = []
    for unit in units:
        text = unit.text
        if unit.fenced:  # a shell comment is prose
            text = re.split(r"(?:^|\s)#\s", text, maxsplit=1)[0]
        starts = [m.end() for m in _COMMAND.finditer(text)]
        for i, begin in enumerate(starts):
            end = starts[i + 1] - len("kabarrt") if i + 1 < len(starts) else len(text)
            words = text[begin:end].split()
            parser, path, rest = top, ["kabarrt"], words
            for n, word in enumerate(words):
                choices = _subcommands(parser)
                if choices is None:
                    rest = words[n:]
                    break
                if "|" in word and all(_WORD.fullmatch(w) for w in word.split("|")):
                    missing = [w for w in word.split("|") if w not in choices]
                    if missing:
                        problems.append(
                            f"line {unit.line}: `{' '.join(path)}` has no command {missing}"
                        )
                    rest = []
                    break
                if not _WORD.fullmatch(word):
                    rest = words[n:]
                    break
                if word not in choices:
                    problems.append(
                        f"line {unit.line}: `{' '.join(path)} {word}`: no such command "
                        f"(there are: {', '.join(sorted(choices))})"
                    )
                    rest = []
                    break
                parser, path = choices[word], [*path, word]
            else:
                rest = []
            options = parser._option_string_actions
            for flag in _FLAG.findall(" ".join(rest)):
                if flag not in options:
                    known = sorted(o for o in options if o.startswith("--"))
                    problems.append(
                        f"line {unit.line}: `{' '.join(path)}` has no option {flag} "
                        f"(it has: {', '.join(known)})"
                    )
    return problems


# --------------------------------------------------------------------------------------------
# (b) settings
# --------------------------------------------------------------------------------------------

#: first parts of setting names; an UPPER_SNAKE_CASE word in code starting with one is a setting
SETTING_PREFIXES = (
    "DATABASE", "HOST", "PORT", "DEFAULT", "LOG", "DELIVERY", "SHUTDOWN", "TELEGRAM", "SMS",
    "KANNEL", "PUBLIC", "GAMMU", "COMPLAINTS",
)  # fmt: skip
_UPPER_SNAKE = re.compile(r"(?<![A-Za-z0-9_-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![A-Za-z0-9_-])")
_SETTINGS_HEADER = re.compile(r"(?i)variable|settings?")


def setting_names() -> dict[str, str]:
    """Environment name -> field name of every Settings field (pydantic-settings: prefix + name,
    upper case, unless the field has an alias)."""
    prefix = Settings.model_config.get("env_prefix", "") or ""
    names = {}
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
        names[(prefix + (alias or name)).upper()] = name
    return names


def settings_tables(text: str) -> Iterator[list[list[str]]]:
    for table in tables(text):
        if table and table[0] and _SETTINGS_HEADER.fullmatch(table[0][0].strip("` *")):
            yield table


def table_settings(text: str) -> dict[str, list[str]]:
    """Backticked names in the first column of settings tables -> that row's cells."""
    found = {}
    for table in settings_tables(text):
        for row in table[1:]:
            for name in re.findall(r"`([A-Za-z][A-Za-z0-9_]*)`", row[0]):
                found[name] = row
    return found


def setting_problems(text: str, known: dict[str, str]) -> list[str]:
    """`line N: …` for every setting named in code, or in a settings table, that does not exist."""
    units, _ = split_markdown(text)
    problems = []
    for unit in units:
        for name in _UPPER_SNAKE.findall(unit.text):
            if name.split("_", 1)[0] in SETTING_PREFIXES and name not in known:
                problems.append(f"line {unit.line}: `{name}` is not a setting")
    for name in table_settings(text):
        if name not in known:
            problems.append(f"settings table: `{name}` is not a setting")
    return sorted(set(problems))


def _default_text(value: object) -> str | None:
    """How the table writes a field's default; None when the table may say anything (unset)."""
    if value is None:
        return None
    if value == "":
        return "empty"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------------------------
# (c) issue numbers
# --------------------------------------------------------------------------------------------

_ISSUE_WORDS = re.compile(r"(?i)\b(?:issues?|tickets?|pull\s+requests?)\s*(?:no\.?\s*)?#?\d+")
_PR = re.compile(r"\bPRs?\s*#?\d+")  # upper case only: Indonesian "pr" is homework
_HASH_NUMBER = re.compile(r"(?<![\w&#/])#(\d+)(?![\w-])")
_COLOUR_CONTEXT = re.compile(r"(?i)colou?r|background|fill|stroke|style")


def issue_problems(text: str) -> list[str]:
    """`line N: …` for every reference to an issue or pull-request number."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for m in [*_ISSUE_WORDS.finditer(line), *_PR.finditer(line)]:
            problems.append(f"line {number}: names an issue: {m.group(0)!r}")
    _, prose = split_markdown(text)
    for number, line in prose:
        for m in _HASH_NUMBER.finditer(line):
            colour = len(m.group(1)) in (3, 4, 6, 8) and _COLOUR_CONTEXT.search(line)
            if not colour:
                problems.append(f"line {number}: names an issue: {m.group(0)!r}")
    return problems


# --------------------------------------------------------------------------------------------
# The checks, one per doc
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def top_parser() -> argparse.ArgumentParser:
    return kabarrt_parser()


def test_docs_are_found():
    names = set(DOC_IDS)
    assert {"README.md", "docs/deployment.md", "docs/development.md"} <= names, names


@pytest.mark.parametrize("doc", DOCS, ids=DOC_IDS)
def test_commands_and_flags_exist(doc: Path, top_parser):
    units, _ = split_markdown(doc.read_text(encoding="utf-8"))
    problems = command_problems(units, top_parser)
    assert not problems, f"{doc.relative_to(ROOT)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("doc", DOCS, ids=DOC_IDS)
def test_settings_named_exist(doc: Path):
    problems = setting_problems(doc.read_text(encoding="utf-8"), setting_names())
    assert not problems, f"{doc.relative_to(ROOT)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("doc", DOCS, ids=DOC_IDS)
def test_no_issue_numbers(doc: Path):
    problems = issue_problems(doc.read_text(encoding="utf-8"))
    assert not problems, f"{doc.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_every_setting_is_in_the_deployment_table():
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    in_table = table_settings(text)
    names = setting_names()
    missing = sorted(set(names) - set(in_table))
    assert not missing, f"docs/deployment.md's settings table lacks {missing}"
    wrong = []
    for env, field in names.items():
        expected = _default_text(Settings.model_fields[field].default)
        cell = in_table[env][1] if len(in_table[env]) > 1 else ""
        if expected is not None and expected not in [*re.findall(r"`([^`]*)`", cell), cell.strip()]:
            wrong.append(f"{env}: default should be `{expected}`, the table says {cell!r}")
    assert not wrong, "docs/deployment.md's settings table:\n" + "\n".join(wrong)


def test_setting_prefixes_cover_every_setting():
    """A new family of settings must join SETTING_PREFIXES, or the docs check would miss it."""
    assert {env.split("_", 1)[0] for env in setting_names()} <= set(SETTING_PREFIXES)


# --------------------------------------------------------------------------------------------
# The checker catches what it should (and nothing else)
# --------------------------------------------------------------------------------------------


def _commands(doc: str, top: argparse.ArgumentParser) -> list[str]:
    return command_problems(split_markdown(doc)[0], top)


def test_checker_accepts_real_commands(top_parser):
    doc = (
        "Run `kabarrt serve --web-only` or `.venv/bin/kabarrt shell --channel sms --as 0812`.\n"
        "`kabarrt sms gammu-receive FILE… \\| --all`, `kabarrt broadcast send|cancel ID`\n\n"
        "```sh\nkabarrt faq eval FILE.jsonl [--db PATH]   # see --nothing-here\n"
        "TELEGRAM_BOT_TOKEN=1:x kabarrt serve --db x && kabarrt outbox stats --db y\n```\n"
        "The data lives in `data/kabarrt.sqlite3`; kabarrt servee in prose is not checked.\n"
    )
    assert _commands(doc, top_parser) == []


def test_checker_catches_a_wrong_command(top_parser):
    problems = _commands("Start it with `kabarrt servee`.\n", top_parser)
    assert len(problems) == 1 and "servee" in problems[0], problems
    problems = _commands("```\n.venv/bin/kabarrt outbox purge --db x\n```\n", top_parser)
    assert len(problems) == 1 and "purge" in problems[0], problems
    assert _commands("`kabarrt broadcast send|resend`", top_parser)


def test_checker_catches_a_wrong_flag(top_parser):
    problems = _commands("Only the web: `kabarrt serve --webonly`.\n", top_parser)
    assert len(problems) == 1 and "--webonly" in problems[0], problems
    # a flag of another subcommand is wrong here too
    assert _commands("```\nkabarrt roles list --area JMB   # …\n```\n", top_parser)
    assert _commands("`kabarrt content show PROGRAM_ID [--db PATH]`", top_parser)


def test_checker_catches_an_unknown_setting():
    known = setting_names()
    doc = "Set `TELEGRAM_BOT_TOKN=…`.\n\n| variable | default | meaning |\n|---|---|---|\n| `FOO` | `1` | x |\n"
    problems = setting_problems(doc, known)
    assert any("TELEGRAM_BOT_TOKN" in p for p in problems), problems
    assert any("`FOO`" in p for p in problems), problems
    fine = "`TELEGRAM_BOT_TOKEN=…`, `CI=true`, `LC_MESSAGES`, `HOST:PORT`; SMS_TYPO in prose is free.\n"
    assert setting_problems(fine, known) == []


def test_checker_catches_issue_numbers():
    assert issue_problems("Still being built: issue 14.\n")
    assert issue_problems("See issues 7 and 9.\n")
    assert issue_problems("Fixed in #17.\n")
    assert issue_problems("(Issue #3)\n")
    assert issue_problems("Merged in PR 21.\n")
    fine = (
        "# KabarRT\n\n## 2. Langkah\n\nThe bot says `Laporan pengumuman #12: …`.\n"
        "Use `color: #333333` or style color #000000; see [Settings](#settings); `&#123;`.\n"
        "The program answers issues residents raise; ada pr 2 untuk anak.\n"
    )
    assert issue_problems(fine) == []
