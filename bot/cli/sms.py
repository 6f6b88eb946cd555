"""`kabarrt sms cost`: every content item as an SMS — its segments, encoding and price.

`content_items()` is the one list of everything a resident can receive from content/: the
programs list, each program screen, every section with what it leads to (indicator groups,
lessons, their check questions, the right and the wrong answer's feedback, the rewards a
registered resident reads), every glossary entry and every FAQ answer (program summaries
included). Screens come from the same functions the conversation uses (through
`bot.content_show`), and are rendered by the SMS channel's own `render_sms`, so a count here is
what a resident pays for. bench/sms.py counts its `ucs2_items` from the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import content_show
from bot.channels.render import SmsText, render_sms
from bot.i18n import translator
from content.library import Library, Program, library
from handlers import faq, glossary, programs
from handlers.glossary import Screen
from handlers.sections import SECTIONS, section_label

#: items over this many segments are listed first: they cost the most per recipient
OVER = 2


@dataclass(frozen=True, slots=True)
class ContentItem:
    """One text a resident can receive: `id` names it (`kampung-bantar/hadiah`, `faq:…`, `term:…`)."""

    id: str
    kind: str  # programs | program | section | indicator | lesson | question | answer | glossary | faq
    title: str
    screen: Screen
    locale: str

    def sms(self) -> SmsText:
        return render_sms(content_show.outbound(self.screen, self.locale))


@dataclass(frozen=True, slots=True)
class CostRow:
    id: str
    kind: str
    title: str
    segments: int
    encoding: str  # "gsm7" | "ucs2"


def _registered_hadiah(t, program: Program) -> Screen | None:
    """The rewards section as a registered resident reads it: the longest of its RT-size lines."""
    if not program.rewards:
        return None
    sizes = {lo for lo, _ in programs.uncovered(program.rewards)}
    sizes |= {r.kk_min for r in program.rewards if r.kk_min is not None}
    shown = [programs.section_screen(t, program, "hadiah", kk) for kk in sorted(sizes)]
    return max(shown, key=lambda screen: len(screen.text))


def _program_items(t, lib: Library, program: Program, locale: str) -> list[ContentItem]:
    pid, name = program.id, program.name

    def item(suffix: str, kind: str, title: str, screen: Screen) -> ContentItem:
        return ContentItem(f"{pid}{suffix}", kind, title, screen, locale)

    [main] = content_show.screens(pid, None, locale, lib)
    items = [item("", "program", name, main)]
    for section in SECTIONS:
        if section == "pelajaran" and not program.lessons:
            continue
        first, *rest = content_show.screens(pid, section, locale, lib)
        label = f"{name}: {section_label(t, section)}"
        items.append(item(f"/{section}", "section", label, first))
        if section == "hadiah" and (registered := _registered_hadiah(t, program)) is not None:
            items.append(item("/hadiah/rt", "section", f"{label} (RT terdaftar)", registered))
        if section == "indikator":
            items += [item(f"/indikator/{i}", "indicator", f"{name}: {g.name}", screen)
                      for i, (g, screen) in enumerate(zip(program.indicators, rest, strict=True))]  # fmt: skip
        if section == "pelajaran":
            # content_show shows each lesson as (lesson, its question, the right answer's feedback)
            triples = [rest[i : i + 3] for i in range(0, len(rest), 3)]
            for lesson, (core, question, right) in zip(program.lessons, triples, strict=True):
                wrong = next(i for i in range(1, len(lesson.question.options) + 1) if i != lesson.question.answer)
                feedback, _ = programs.answer_screen(t, program, lesson.id, wrong)
                base = f"{pid}/pelajaran/{lesson.number}"
                items += [
                    ContentItem(base, "lesson", lesson.title, core, locale),
                    ContentItem(f"{base}/pertanyaan", "question", lesson.title, question, locale),
                    ContentItem(f"{base}/benar", "answer", lesson.title, right, locale),
                    ContentItem(f"{base}/salah", "answer", lesson.title, feedback, locale),
                ]
    return items


def content_items(locale: str = "id", lib: Library | None = None) -> list[ContentItem]:
    """Every content item a resident can receive, as the conversation shows it, in file order."""
    lib = lib or library()
    t = translator(locale)
    items = [ContentItem("programs", "programs", t._("Info program"), programs.list_screen(t, lib), locale)]
    for program in lib.programs.values():
        items += _program_items(t, lib, program, locale)
    for term in lib.glossary.values():
        items.append(ContentItem(f"term:{term.id}", "glossary", term.term,
                                 glossary.term_screen(t, lib, term), locale))  # fmt: skip
    answers = [*lib.faq, *(faq.PROGRAM + pid for pid in lib.programs)]
    for entry_id in answers:
        items.append(ContentItem(f"faq:{entry_id}", "faq", faq.title(lib, entry_id) if entry_id in lib.faq
                                 else lib.programs[entry_id.removeprefix(faq.PROGRAM)].name,
                                 faq.answer_screen(t, lib, entry_id), locale))  # fmt: skip
    return items


def sort_key(row: CostRow) -> tuple[bool, int, str]:
    """Over-2-segment items first, then the most segments, then by id."""
    return row.segments <= OVER, -row.segments, row.id


def cost_rows(locale: str = "id", lib: Library | None = None) -> list[CostRow]:
    """Every content item with its SMS segments and encoding, costliest first (see `sort_key`)."""
    rows = []
    for item in content_items(locale, lib):
        sms = item.sms()
        rows.append(CostRow(item.id, item.kind, item.title, sms.segments, sms.encoding))
    return sorted(rows, key=sort_key)


def summary(rows: list[CostRow]) -> dict[str, str]:
    """items, over_2_segments, ucs2, mean_segments (two decimals)."""
    mean = sum(r.segments for r in rows) / len(rows) if rows else 0.0
    return {
        "items": str(len(rows)),
        "over_2_segments": str(sum(r.segments > OVER for r in rows)),
        "ucs2": str(sum(r.encoding == "ucs2" for r in rows)),
        "mean_segments": f"{mean:.2f}",
    }


def cost_lines(rows: list[CostRow], cost_per_segment: int) -> list[str]:
    """An aligned table (id, segments, encoding, cost per recipient, title), then a summary line
    `items=… over_2_segments=… ucs2=… mean_segments=…`."""
    header = ("id", "segments", "encoding", "cost", "title")
    rupiah = translator("id").rupiah
    table = [(r.id, str(r.segments), r.encoding, rupiah(r.segments * cost_per_segment), r.title) for r in rows]
    width = [max(len(cells[i]) for cells in [header, *table]) for i in range(4)]
    lines = []
    for cells in [header, *table]:
        idx, segs, enc, cost, title = cells
        lines.append(f"{idx:<{width[0]}}  {segs:>{width[1]}}  {enc:<{width[2]}}  {cost:>{width[3]}}  {title}")
    lines.append(" ".join(f"{k}={v}" for k, v in summary(rows).items()))
    return lines

