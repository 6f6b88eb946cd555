"""`kabarrt faq unanswered` and `kabarrt faq eval`: the officers' list and the FAQ's measurement.

eval sends every question as a new resident through the real engine (telegram rendering) and
scores the replies exactly as the README describes; it never calls the matcher directly, so
keywords, the glossary and the "Maaf" path are measured too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tortoise.functions import Count, Max

from bot import app as wiring
from bot.cli.common import settings_of
from bot.i18n import translator
from bot.settings import Settings, get_settings
from handlers.engine import Engine
from handlers.messages import Inbound, Outbound
from models import Area, UnansweredQuestion

REFUSAL = "Maaf"
#: eval residents are Telegram chats from this id up (a fresh database each run)
EVAL_CHAT = 900_000_000


class BadEvalFile(ValueError):
    """A line of the eval file is not {"q": text, "expect": [regex, …]}."""


@dataclass(frozen=True, slots=True)
class Case:
    question: str
    expect: tuple[re.Pattern, ...]

    @property
    def in_scope(self) -> bool:
        return bool(self.expect)


def parse_cases(lines: list[str], source: str = "<eval>") -> list[Case]:
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadEvalFile(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not data["q"].strip():
            raise BadEvalFile(f'{where}: needs "q": a non-empty question')
        expect = data.get("expect")
        if not isinstance(expect, list) or not all(isinstance(p, str) for p in expect):
            raise BadEvalFile(f'{where}: needs "expect": a list of regular expressions')
        try:
            patterns = tuple(re.compile(p, re.IGNORECASE) for p in expect)
        except re.error as exc:
            raise BadEvalFile(f"{where}: bad regular expression ({exc})") from exc
        cases.append(Case(data["q"], patterns))
    return cases


def reply_text(replies: list[Outbound]) -> str:
    """All reply texts (with Telegram's longer parts) and option labels, one per line."""
    lines = []
    for reply in replies:
        lines += [reply.text, *([reply.detail] if reply.detail else []), *(o.label for o in reply.options)]
    return "\n".join(lines)


def passed(case: Case, replies: list[Outbound]) -> bool:
    first = replies[0].text if replies else ""
    if not case.in_scope:
        return first.startswith(REFUSAL)
    text = reply_text(replies)
    return not text.startswith(REFUSAL) and all(p.search(text) for p in case.expect)


def _ratio(good: int, total: int) -> float:
    return good / total if total else math.nan


async def evaluate(engine: Engine, cases: list[Case]) -> tuple[list[str], str]:
    """(MISS lines, the summary line) for the cases, each sent by a new resident."""
    misses, good = [], {True: 0, False: 0}
    for number, case in enumerate(cases, start=1):
        replies = await engine.handle(Inbound(identity=f"tg:{EVAL_CHAT + number}", text=case.question))
        if passed(case, replies):
            good[case.in_scope] += 1
            continue
        shown = reply_text(replies)[:120].replace("\n", " | ")
        scope = "in" if case.in_scope else "out"
        misses.append(f"MISS {scope} {json.dumps(case.question, ensure_ascii=False)} => {shown}")
    in_scope = sum(1 for c in cases if c.in_scope)
    accuracy = _ratio(good[True], in_scope)
    rejection = _ratio(good[False], len(cases) - in_scope)
    return misses, f"accuracy={accuracy:.3f} rejection={rejection:.3f} n={len(cases)}"


async def unanswered_lines() -> list[str]:
    """`count<TAB>last_seen<TAB>area or -<TAB>text`, most frequent first (then most recent)."""
    groups = (
        await UnansweredQuestion.annotate(count=Count("id"), last_seen=Max("created_at"), latest=Max("id"))
        .group_by("key", "area_id")
        .values("key", "area_id", "count", "last_seen", "latest")
    )
    groups.sort(key=lambda g: (-g["count"], -g["latest"]))
    latest = {q.id: q.text for q in await UnansweredQuestion.filter(id__in=[g["latest"] for g in groups])}
    codes = dict(await Area.filter(id__in={g["area_id"] for g in groups if g["area_id"]}).values_list("id", "code"))
    lines = []
    for g in groups:
        seen = g["last_seen"]
        seen_text = seen.isoformat(timespec="minutes") if hasattr(seen, "isoformat") else str(seen)
        text = " ".join(latest.get(g["latest"], g["key"]).split())
        lines.append(f"{g['count']}\t{seen_text}\t{codes.get(g['area_id'], '-')}\t{text}")
    return lines


# --- calibration ------------------------------------------------------------------------------

THRESHOLDS = [round(0.20 + 0.025 * i, 3) for i in range(29)]  # 0.20 … 0.90
#: capped below 1.0 on purpose: the eval cannot reward "Maksud Anda yang mana?", so an open grid
#: picks 1.0 (choices only on exact ties) and the close-call feature disappears; the cap cost
#: 0.8 points of held-out accuracy when it was set
MARGINS = [0.90, 0.93, 0.95, 0.97, 0.98]


@dataclass(frozen=True, slots=True)
class Setting:
    threshold: float
    margin: float
    accuracy: float
    rejection: float

    @property
    def balanced(self) -> float:
        return (self.accuracy + self.rejection) / 2


def calibrate(cases: list[Case]) -> list[Setting]:
    """Every (threshold, margin) of the grid scored on the cases, best first.

    The replies are what the engine would send: the glossary's exact answer to "apa itu X"
    first, else the FAQ's answer / close-call choices / "Maaf" under that setting.
    """
    from content.library import library
    from handlers.faq import answer as faq
    from handlers.faq.answer import Match, matcher
    from handlers.programs import glossary

    lib, t, m = library(), translator("id"), matcher()
    prepared = []
    for case in cases:
        term = glossary.asked_term(lib, case.question)
        query = m.index.normalizer.tokens(case.question)
        fixed = Match(answer=faq.TERM + term.id) if term else m.direct(query)
        prepared.append((case, fixed, tuple(m.search(query))))

    def reply(found: Match) -> list[Outbound]:
        screen = faq.match_screen(t, lib, found)
        if screen is None:
            return [Outbound(identity="shell:x", text=REFUSAL)]
        return [Outbound(identity="shell:x", text=screen.text, options=screen.options, detail=screen.detail)]

    settings = []
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            good = {True: 0, False: 0}
            for case, fixed, hits in prepared:
                replies = reply(fixed if fixed is not None else m.decide(hits, threshold, margin))
                good[case.in_scope] += passed(case, replies)
            in_scope = sum(1 for c in cases if c.in_scope)
            settings.append(
                Setting(threshold, margin, _ratio(good[True], in_scope), _ratio(good[False], len(cases) - in_scope))
            )
    settings.sort(key=lambda s: (s.balanced, s.threshold, -s.margin), reverse=True)
    return settings


async def unanswered_command(args: argparse.Namespace) -> int:
    await wiring.start(settings_of(args))
    try:
        for line in await unanswered_lines():
            print(line)
    finally:
        await wiring.stop()
    return 0


def eval_command(args: argparse.Namespace) -> int:
    import tempfile

    try:
        lines = Path(args.file).read_text(encoding="utf-8").splitlines()
        cases = parse_cases(lines, args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kabarrt faq eval: {args.file}: {exc}", file=sys.stderr)
        return 2
    except BadEvalFile as exc:
        print(f"kabarrt faq eval: {exc}", file=sys.stderr)
        return 2

    async def run(settings: Settings) -> tuple[list[str], str]:
        engine = await wiring.start(settings)
        try:
            return await evaluate(engine, cases)
        finally:
            await wiring.stop()

    with tempfile.TemporaryDirectory(prefix="kabarrt-eval-") as tmp:
        settings = settings_of(args) if args.db else get_settings().with_db_path(str(Path(tmp) / "eval.sqlite3"))
        misses, summary = asyncio.run(run(settings))
    for line in misses:
        print(line)
    print(summary)
    return 0


def calibrate_command(args: argparse.Namespace) -> int:
    from content.library import CONTENT_DIR

    cases = []
    try:
        for file in args.files:
            cases += parse_cases(Path(file).read_text(encoding="utf-8").splitlines(), file)
    except (OSError, UnicodeDecodeError, BadEvalFile) as exc:
        print(f"kabarrt faq calibrate: {exc}", file=sys.stderr)
        return 2
    settings = calibrate(cases)
    for s in settings[:10]:
        print(f"threshold={s.threshold:.3f} margin={s.margin:.2f} accuracy={s.accuracy:.3f} "
              f"rejection={s.rejection:.3f} balanced={s.balanced:.3f}")  # fmt: skip
    best = settings[0]
    if args.write:
        path = CONTENT_DIR / "faq" / "model.yaml"
        path.write_text(
            "# Written by `kabarrt faq calibrate " + " ".join(Path(f).name for f in args.files)
            + " --write`; see docs/development.md, \"FAQ matching and measurement\".\n"
            f"threshold: {best.threshold}\nmargin: {best.margin}\n",
            encoding="utf-8",
        )
        print(f"wrote {path}")
    return 0
