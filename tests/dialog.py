"""Dialog tables (in the style of zulip's verify_dialog): what the resident says, what the bot answers.

A table is a list of `(resident says, expected)` where `expected` is a substring, a tuple of
substrings, or `Absent("...")` items that must NOT appear. Each line goes through the real
terminal channel (`Shell`), so the answer checked is the rendered text a resident would see.

On SMS a reply over the segment limit is cut with "Balas LANJUT"; unless `follow_more=False`
the table runner then sends LANJUT itself and checks the whole answer, so one table serves
both channels. Every SMS is checked to stay within the engine's segment limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.channels.shell import Shell
from bot.i18n import translator
from handlers.engine import CodeKeyword, Engine

#: the end of a cut SMS, in both languages
MORE_HINTS = ("Balas LANJUT", "Reply MORE")
_SEGMENTS = re.compile(r"\[sms segments=(\d+) encoding=")
TELEGRAM_SENDER = "shell:1"
SMS_SENDER = "sms:+6281200000001"


@dataclass(frozen=True)
class Absent:
    """A substring that must not be in the answer."""

    text: str


Expected = str | Absent | Sequence[str | Absent]
Table = Sequence[tuple[str, Expected]]


def new_engine(code_keywords: list[CodeKeyword] | None = None, clock: Callable[[], datetime] | None = None) -> Engine:
    """The engine a table runs through, optionally with feature code keywords (HADIR GR12 …, as
    bot/app.py wires them) and a clock."""
    extra = {"clock": clock} if clock is not None else {}
    return Engine(translator, default_locale="id", code_keywords=code_keywords, **extra)


def _items(expected: Expected) -> list[str | Absent]:
    if isinstance(expected, str | Absent):
        return [expected]
    return list(expected)


async def verify_dialog(
    table: Table,
    *,
    channel: str = "telegram",
    sender: str | None = None,
    engine: Engine | None = None,
    follow_more: bool = True,
) -> list[str]:
    """Run the table through a Shell; returns every answer (joined lines, without the `--`)."""
    engine = engine or new_engine()
    shell = Shell(engine, channel, sender)
    answers = []
    for step, (said, expected) in enumerate(table, start=1):
        lines = await shell.send(said)
        if said.startswith(":as "):
            assert lines == [], f"step {step}: `{said}` printed {lines!r}"
            continue
        assert lines and lines[-1] == "--", f"step {step}: answer not ended by `--`: {lines!r}"
        assert lines.count("--") == 1, f"step {step}: more than one `--`: {lines!r}"
        for _ in range(10):  # a cut SMS: ask for the rest, as a resident would
            if not (follow_more and channel == "sms" and any(h in lines[-3] for h in MORE_HINTS)):
                break
            lines = lines[:-1] + await shell.send("LANJUT")
        answer = "\n".join(lines[:-1])
        assert answer.strip(), f"step {step}: empty answer to {said!r}"
        for item in _items(expected):
            where = f"step {step} on {channel}: resident said {said!r}; bot answered:\n{answer}"
            if isinstance(item, Absent):
                assert item.text not in answer, f"{item.text!r} must not appear — {where}"
            else:
                assert item in answer, f"expected {item!r} — {where}"
        if channel == "sms":
            _check_sms(answer, where, engine.max_sms_segments)
        else:
            assert "[sms segments=" not in answer
        answers.append(answer)
    return answers


def _check_sms(answer: str, where: str, max_segments: int) -> None:
    """Each SMS is followed by its segment line and within the limit; numbered options come with
    a 'Balas …' hint."""
    assert "[sms segments=" in answer, where
    assert all(int(n) <= max_segments for n in _SEGMENTS.findall(answer)), f"over {max_segments} segments — {where}"
    for sms in answer.split("\n[sms segments=")[:-1]:
        body = sms.split("encoding=", 1)[-1].split("]\n", 1)[-1]
        if "\n1. " in body and not any(hint in body for hint in MORE_HINTS):
            assert "\nBalas 1" in body or "\nReply 1" in body, f"options without hint — {where}"


async def verify_both(table: Table, *, engine: Engine | None = None, sms_sender: str = SMS_SENDER) -> None:
    """The same table as a Telegram user and as an SMS user (two residents, one database)."""
    engine = engine or new_engine()
    await verify_dialog(table, channel="telegram", sender=TELEGRAM_SENDER, engine=engine)
    await verify_dialog(table, channel="sms", sender=sms_sender, engine=engine)
