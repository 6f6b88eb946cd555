"""Program info: programs → program → sections → (indicator group | lesson → check question).

The screens are pure functions of (texts, content, resident facts) so `kabarrt content show`
prints exactly what the flow sends. The flow never traps a resident: text that is no option
and no program or section name leaves the flow and is answered like any other message.
"""

from __future__ import annotations

from datetime import UTC, datetime

from content.library import Library, Program, Reward, library
from handlers.flows import Flow, register
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.programs import glossary
from handlers.programs.glossary import Screen
from handlers.programs.sections import SECTION_WORDS, SECTIONS, section_label
from handlers.texts import Texts
from handlers.turn import Turn
from models import Area


def _nav(t: Texts, program: Program) -> tuple[Option, ...]:
    return (Option(t._("Bagian lain"), f"prog:{program.id}"), Option(t._("Program lain"), "list"))


def _bullets(lines: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"- {line}" for line in lines)


# --- screens ---------------------------------------------------------------------------


def list_screen(t: Texts, lib: Library, area_code: str | None = None) -> Screen:
    """All programs, those running in the resident's area first, and the glossary."""
    local = lib.programs_for_area(area_code)
    ordered = local + [p for p in lib.programs.values() if p not in local]
    options = [Option(p.name, f"prog:{p.id}") for p in ordered]  # names say where (check keeps them short)
    text = (
        t._("Info program. Program di wilayah Anda ada di urutan teratas. Pilih:")
        if local
        else t._("Info program. Pilih program:")
    )
    return Screen(text, (*options, Option(t._("Kamus istilah"), "gloss")), content_id="programs")


def status_line(t: Texts, program: Program, year: int) -> str:
    """One or two sentences on whether the program runs and how old the information is."""
    period = program.period
    as_of = str(period.as_of) if period.as_of else "-"
    if period.as_of is None and period.status == "berjalan":
        line = t._("Status: berjalan menurut sumber kami, yang tidak menyebut tahun. Info bisa sudah "
                   "berubah, tanyakan ke kelurahan.")
    elif period.status == "diganti":
        line = t._("Program ini sudah diganti oleh {successor}. Info di sini catatan lama (sumber tahun {year}).",
                   successor=period.replaced_by or "-", year=as_of)
    elif period.status == "selesai":
        line = t._("Program ini sudah selesai. Info di sini catatan lama (sumber tahun {year}).", year=as_of)
    elif period.historical(year):
        line = t._("Status: berjalan menurut sumber tahun {year}. Info bisa sudah berubah, "
                   "tanyakan ke kelurahan.", year=as_of)
    else:
        line = t._("Status: berjalan (info tahun {year}).", year=as_of)
    return f"{line} {program.fill(period.note, t)}" if period.note else line


def short_status(t: Texts, program: Program, year: int) -> str:
    """A few words for the program screen; the ringkasan says it in full."""
    period = program.period
    as_of = str(period.as_of) if period.as_of else "-"
    if period.as_of is None and period.status == "berjalan":
        return t._("Tahun info tidak diketahui.")
    if period.status == "diganti":
        return t._("Sudah diganti. Info lama (tahun {year}).", year=as_of)
    if period.status == "selesai":
        return t._("Sudah selesai. Info lama (tahun {year}).", year=as_of)
    if period.historical(year):
        return t._("Info tahun {year}, bisa sudah berubah.", year=as_of)
    return t._("Info tahun {year}.", year=as_of)


def program_screen(t: Texts, program: Program, year: int) -> Screen:
    sections = [s for s in SECTIONS if s != "pelajaran" or program.lessons]
    options = [Option(section_label(t, s), f"sec:{s}") for s in sections]
    return Screen(
        t._("{name} ({place}). {status}\nPilih:", name=program.name, place=program.place,
            status=short_status(t, program, year)),
        (*options, Option(t._("Program lain"), "list")),
        content_id=program.id,
    )


def _range(t: Texts, reward: Reward) -> str:
    lo, hi = reward.kk_min, reward.kk_max
    if lo is not None and hi is not None:
        return t._("{low}-{high} KK", low=t.number(lo), high=t.number(hi))
    if lo is not None:
        return t._("lebih dari {n} KK", n=t.number(lo - 1))
    if hi is not None:
        return t._("sampai {n} KK", n=t.number(hi))
    return t._("semua RT")


def uncovered(rewards: tuple[Reward, ...]) -> list[tuple[int, int | None]]:
    """KK ranges (from 1) that no reward category covers: the rules' gaps, from the data."""
    gaps, start = [], 1
    for reward in sorted(rewards, key=lambda r: r.kk_min or 0):
        lo = reward.kk_min or 1
        if lo > start:
            gaps.append((start, lo - 1))
        if reward.kk_max is None:
            return gaps
        start = max(start, reward.kk_max + 1)
    gaps.append((start, None))
    return gaps


def _gap_words(t: Texts, gap: tuple[int, int | None]) -> str:
    lo, hi = gap
    if hi is None:
        return t._("lebih dari {n} KK", n=t.number(lo - 1))
    if lo == hi:
        return t._("tepat {n} KK", n=t.number(lo))
    if lo == 1:
        return t._("kurang dari {n} KK", n=t.number(hi + 1))
    return t._("{low}-{high} KK", low=t.number(lo), high=t.number(hi))


def _either(t: Texts, items: list[str]) -> str:
    """ "a", "a atau b", "a, b atau c" in the resident's language."""
    if len(items) == 1:
        return items[0]
    return t._("{items} atau {last}", items=", ".join(items[:-1]), last=items[-1])


def _rewards_text(t: Texts, program: Program, kk: int | None) -> list[str]:
    if not program.rewards:
        return []
    lines = [
        t._("- {category} ({range}): {amount}", category=r.category, range=_range(t, r),
            amount=program.figures[r.amount].render(t) if r.amount in program.figures else "-")
        for r in program.rewards
    ]  # fmt: skip
    gaps = uncovered(program.rewards)
    if gaps:
        lines.append(t._("Aturan tidak menyebut kategori untuk RT dengan {sizes}. "
                         "Tanyakan ke kantor kelurahan.",
                         sizes=_either(t, [_gap_words(t, g) for g in gaps])))  # fmt: skip
    if kk is not None:
        reward = program.reward_for(kk)
        if reward is None:
            lines.append(t._("RT Anda tercatat {kk} KK: tidak masuk kategori mana pun. "
                             "Tanyakan ke kantor kelurahan.", kk=t.number(kk)))  # fmt: skip
        else:
            lines.append(t._("RT Anda tercatat {kk} KK: kategori {category}.", kk=t.number(kk),
                             category=reward.category))  # fmt: skip
    return lines


def section_screen(
    t: Texts, program: Program, section: str, kk: int | None = None, year: int | None = None
) -> Screen:
    """One section of a program; `kk` is the resident's RT size when known (for rewards)."""
    fill = program.fill
    nav = _nav(t, program)
    cid = f"{program.id}/{section}"
    if section == "ringkasan":
        more = fill(program.summary_more, t) if program.summary_more else None
        status = status_line(t, program, year or datetime.now(UTC).year)
        text = f"{program.title}\n{fill(program.summary, t)}\n{status}"
        return Screen(text, nav, detail=more, content_id=cid)
    if section == "tujuan":
        text = t._("Tujuan {name}:", name=program.name) + "\n" + _bullets([fill(g, t) for g in program.goals])
        return Screen(text, nav, content_id=cid)
    if section == "indikator":
        intro = fill(program.indicator_intro, t) if program.indicator_intro else None
        if not program.indicators:
            text = intro or t._("Sumber kami tidak menyebut indikator penilaian untuk program ini.")
            return Screen(text, nav, content_id=cid)
        total = sum(len(g.items) for g in program.indicators)
        head = intro or t.n_("Ada {n} indikator.", "Ada {n} indikator.", total)
        text = head + "\n" + t._("Pilih kelompok:")
        options = tuple(
            Option(t.n_("{name} ({n} indikator)", "{name} ({n} indikator)", len(g.items), name=g.name), f"ind:{i}")
            for i, g in enumerate(program.indicators)
        )
        return Screen(text, options + nav, content_id=cid)
    if section == "hadiah":
        lines = [fill(program.funding, t), *_rewards_text(t, program, kk)]
        return Screen("\n".join(lines), nav, content_id=cid)
    if section == "langkah":
        steps = [f"{i}. {fill(s, t)}" for i, s in enumerate(program.procedures, start=1)]
        return Screen(t._("Langkah-langkah {name}:", name=program.name) + "\n" + "\n".join(steps), nav,
                      content_id=cid)  # fmt: skip
    if section == "peran":
        lines = [t._("{who}: {does}", who=r.who, does=fill(r.does, t)) for r in program.roles]
        return Screen(t._("Siapa berbuat apa:") + "\n" + _bullets(lines), nav, content_id=cid)
    if section == "dasar-hukum":
        if not program.legal_basis:
            return Screen(t._("Sumber kami tidak menyebut dasar hukum program ini."), nav, content_id=cid)
        acts = [
            t._("{kind} Nomor {number} Tahun {year} tentang {about}", kind=a.kind, number=a.number,
                year=str(a.year), about=a.about)
            for a in program.legal_basis
        ]  # fmt: skip
        return Screen(t._("Dasar hukum:") + "\n" + _bullets(acts), nav, content_id=cid)
    if section == "fakta":
        lines = [fill(f.text, t) for f in program.facts]
        text = _bullets(lines) if lines else t._("Belum ada catatan.")
        if program.gaps:
            text += "\n" + t._("Yang tidak disebut sumber kami:") + "\n" + _bullets([fill(g, t) for g in program.gaps])
        return Screen(text, nav, content_id=cid)
    if section == "pelajaran":
        options = tuple(Option(lesson.title, f"les:{lesson.id}") for lesson in program.lessons)
        # one way back only: eight titles and two exits would not fit two SMS segments
        return Screen(t._("Pelajaran {name}. Pilih:", name=program.name), options + nav[:1], content_id=cid)
    raise ValueError(f"unknown section {section!r}")


def indicator_screen(t: Texts, program: Program, index: int) -> Screen:
    group = program.indicators[index]
    items = [f"{i}. {program.fill(item, t)}" for i, item in enumerate(group.items, start=1)]
    head = t._("Indikator {group}:", group=group.name)
    if group.note:
        head += " " + program.fill(group.note, t)
    others = tuple(Option(g.name, f"ind:{i}") for i, g in enumerate(program.indicators) if i != index)
    return Screen("\n".join([head, *items]), others + _nav(t, program), content_id=f"{program.id}/indikator/{index}")


def lesson_text(core: str, number: int, total: int) -> str:
    """A lesson as one SMS: "(2/6) " and the core (content check keeps the pair in one segment)."""
    return f"({number}/{total}) {core}"


def lesson_screens(t: Texts, program: Program, lesson_id: str) -> list[Screen]:
    """The lesson (one SMS; Telegram also gets the longer part), then its check question."""
    lesson = program.lesson(lesson_id)
    if lesson is None:
        raise ValueError(f"unknown lesson {lesson_id!r}")
    more = program.fill(lesson.more, t) if lesson.more else None
    q = lesson.question
    options = tuple(Option(program.fill(o, t), f"ans:{i}") for i, o in enumerate(q.options, start=1))
    return [
        Screen(lesson_text(program.fill(lesson.core, t), lesson.number, len(program.lessons)),
               detail=more, content_id=lesson.id),
        Screen(t._("Pertanyaan: {question}", question=program.fill(q.text, t)), options, content_id=lesson.id),
    ]


def answer_screen(t: Texts, program: Program, lesson_id: str, picked: int) -> tuple[Screen, bool]:
    """Feedback on an answer to a lesson's question, and whether it was right."""
    lesson = program.lesson(lesson_id)
    if lesson is None:
        raise ValueError(f"unknown lesson {lesson_id!r}")
    q = lesson.question
    explain = program.fill(q.explain, t)
    right = picked == q.answer
    if right:
        text = t._("Benar! {explain}", explain=explain)
    else:
        text = t._("Kurang tepat. Jawabannya: {answer}. {explain}",
                   answer=program.fill(q.options[q.answer - 1], t), explain=explain)  # fmt: skip
    following = [x for x in program.lessons if x.number == lesson.number + 1]
    options = [Option(t._("Pelajaran berikutnya"), f"les:{following[0].id}")] if following else []
    options += [Option(t._("Daftar pelajaran"), "sec:pelajaran"), Option(t._("Program lain"), "list")]
    return Screen(text, tuple(options), content_id=lesson.id), right


# --- the flow --------------------------------------------------------------------------


@register
class Programs(Flow):
    """State: step list | program | glossary, data {"p": program id, "l": lesson id}."""

    name = "programs"

    async def start(self, turn: Turn) -> None:
        turn.topic = "programs"
        turn.begin(self.name, "list")
        await self.prompt(turn)

    async def start_named(self, turn: Turn, name: str) -> None:
        """INFO <program>: that program's menu; anything else is read as a question."""
        lib, word = library(), normalize(name)
        named = _program_named(lib, word) or next(
            (p for p in lib.programs.values() if word in {a.upper() for a in p.aliases}), None
        )
        if named is None:
            turn.answer_as_usual()  # the whole message, "INFO" included
            return
        turn.topic = "programs"
        turn.begin(self.name, "program", p=named.id)
        await self.prompt(turn)

    async def start_glossary(self, turn: Turn) -> None:
        turn.topic = "glossary"
        turn.begin(self.name, "glossary")
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        lib = library()
        program = lib.programs.get(turn.data.get("p", ""))
        if turn.step == "glossary":
            _show(turn, glossary.ask_screen(turn.t))
        elif turn.step == "program" and program is not None:
            _show(turn, program_screen(turn.t, program, turn.now.year))
        else:
            turn.goto("list")
            area = await _area(turn)
            _show(turn, list_screen(turn.t, lib, area.code if area else None))

    async def handle(self, turn: Turn) -> None:
        lib = library()
        choice = turn.reply.choice
        if choice is None:
            await self._typed(turn, lib)
            return
        kind, _, arg = choice.partition(":")
        program = lib.programs.get(turn.data.get("p", ""))
        t = turn.t
        if kind == "list":
            turn.begin(self.name, "list")
            await self.prompt(turn)
        elif kind == "gloss":
            await self.start_glossary(turn)
        elif kind == "term" and arg in lib.glossary:
            turn.topic = "glossary"
            _show(turn, glossary.term_screen(t, lib, lib.glossary[arg]))
        elif kind == "prog" and arg in lib.programs:
            turn.begin(self.name, "program", p=arg)
            await self.prompt(turn)
        elif program is None:
            turn.begin(self.name, "list")
            await self.prompt(turn)
        elif kind == "sec" and arg in SECTIONS:
            await self._section(turn, program, arg)
        elif kind == "ind" and arg.isdecimal() and int(arg) < len(program.indicators):
            turn.topic = "programs.indicator"
            _show(turn, indicator_screen(t, program, int(arg)))
        elif kind == "les" and program.lesson(arg) is not None:
            turn.topic = "lesson"
            turn.data["l"] = arg
            for screen in lesson_screens(t, program, arg):
                _show(turn, screen)
        elif kind == "ans" and arg.isdecimal() and program.lesson(turn.data.get("l", "")) is not None:
            screen, right = answer_screen(t, program, turn.data["l"], int(arg))
            turn.topic = "lesson.correct" if right else "lesson.wrong"
            turn.data.pop("l", None)
            _show(turn, screen)
        else:
            await self.prompt(turn)

    async def open_section(self, turn: Turn, program_id: str, section: str) -> None:
        """Enter the menu at one section (from a button under an FAQ answer)."""
        program = library().programs.get(program_id)
        if program is None or section not in SECTIONS:
            await self.start(turn)
            return
        turn.begin(self.name, "program", p=program.id)
        await self._section(turn, program, section)

    async def _section(self, turn: Turn, program: Program, section: str) -> None:
        turn.topic = f"programs.{section}"
        turn.goto("program")
        area = await _area(turn) if section == "hadiah" else None
        kk = area.kk_count if area else None
        _show(turn, section_screen(turn.t, program, section, kk, turn.now.year))

    async def _typed(self, turn: Turn, lib: Library) -> None:
        """Typed text: a term in the glossary step, a program or section name, else a question."""
        text = turn.reply.text
        if turn.step == "glossary":
            term = glossary.find(lib, text) or glossary.asked_term(lib, text)
            if term is not None:
                turn.topic = "glossary"
                _show(turn, glossary.term_screen(turn.t, lib, term))
                return
            if len(text.split()) <= 2:
                turn.topic = "glossary.unknown"
                turn.say(turn.t._("Maaf, kata \"{word}\" belum ada di kamus kami. Coba kata lain, "
                                  "atau ketik MENU.", word=text.strip()[:40]))  # fmt: skip
                return
        else:
            word = normalize(text)
            program = lib.programs.get(turn.data.get("p", ""))
            if program is not None and word in SECTION_WORDS:
                await self._section(turn, program, SECTION_WORDS[word])
                return
            named = _program_named(lib, word)
            if named is not None:
                turn.begin(self.name, "program", p=named.id)
                await self.prompt(turn)
                return
        # not navigation: leave the menu and treat it as any other message (a question …)
        turn.answer_as_usual()


def _program_named(lib: Library, word: str) -> Program | None:
    for program in lib.programs.values():
        names = {program.id.upper(), program.name.upper(), program.id.replace("-", " ").upper()}
        if word in names:
            return program
    return None


def _show(turn: Turn, screen: Screen) -> None:
    turn.say(screen.text, screen.options, detail=screen.detail, content_id=screen.content_id)


async def _area(turn: Turn) -> Area | None:
    """The resident's RT, when registered."""
    if turn.resident.area_id is None:
        return None
    return await Area.get_or_none(id=turn.resident.area_id)
