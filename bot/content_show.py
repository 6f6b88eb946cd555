"""`kabarrt content show`: print the screens a resident would get, for content authors.

It uses the same screen functions as the program-info flow and the same renderers as the
channels, so what is printed is what is sent (SMS screens end with their segment count).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.channels import shell
from bot.i18n import translator
from content.library import Library, library
from handlers import programs
from handlers.glossary import Screen
from handlers.messages import Outbound


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
