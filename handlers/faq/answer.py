"""Answering residents' questions from content/faq/ (and the glossary), or saying "Maaf".

`match()` is pure: text → an answer, a close call between 2–3 entries, or nothing. `respond()`
turns that into replies; a question it cannot answer is stored for the officers as an
`UnansweredQuestion` (linked to the resident, so HAPUS DATA erases it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from content.library import PLACEHOLDER, FaqEntry, Library, library
from handlers.faq.nlp.normalize import Normalizer, surface
from handlers.faq.nlp.retrieval import Hit, Index
from handlers.messages import Option
from handlers.programs import glossary
from handlers.programs.glossary import Screen
from handlers.programs.sections import section_label
from handlers.texts import Texts
from handlers.turn import Turn
from models import UnansweredQuestion

#: defaults when content/faq/model.yaml does not set them (it should: they are calibrated)
THRESHOLD = 0.5
MARGIN = 0.9
#: at most this many entries are offered when answers are close
CHOICES = 3
TERM = "term:"
PROGRAM = "program:"
#: questions generated for every glossary term, besides "apa itu <name>"
TERM_QUESTIONS = ("arti {}", "kepanjangan {}", "{} singkatan dari apa", "pengertian {}", "maksud {}")


@dataclass(frozen=True, slots=True)
class Match:
    """`answer` is an entry id (`term:<id>`, `program:<id>`); `choices` are offered with it or instead."""

    answer: str | None = None
    choices: tuple[str, ...] = ()
    hits: tuple[Hit, ...] = ()


class Matcher:
    def __init__(self, lib: Library) -> None:
        self.library = lib
        self.threshold = lib.model.get("threshold", THRESHOLD)
        self.margin = lib.model.get("margin", MARGIN)
        self.index = Index(documents(lib), Normalizer(lib.language))
        tokens = self.index.normalizer.tokens
        #: program id → its names as token sequences ("kampung bantar" → ("kampung", "bantar"))
        self.names = {
            p.id: [tuple(tokens(alias)) for alias in p.aliases if tokens(alias)] for p in lib.programs.values()
        }

    def match(self, text: str) -> Match:
        query = self.index.normalizer.tokens(text)
        return self.direct(query) or self.decide(tuple(self.search(query)), self.threshold, self.margin)

    def decide(self, hits: tuple[Hit, ...], threshold: float, margin: float) -> Match:
        return decide(hits, threshold, margin, self.program_of)

    def program_of(self, entry_id: str) -> str | None:
        entry = self.library.faq.get(entry_id)
        return entry.program if entry else None

    def direct(self, query: list[str]) -> Match | None:
        """A question that only names a program ("paket?", "apa itu pnpm") gets its summary."""
        key = tuple(query)
        return next((Match(answer=PROGRAM + pid) for pid, names in self.names.items() if key in names), None)

    def search(self, query: list[str]) -> list[Hit]:
        """The best hits for normalised tokens; a question naming exactly one program is answered
        from that program."""
        named = {pid for pid, names in self.names.items() if any(_contains(query, name) for name in names)}
        allow = None
        if len(named) == 1:
            faq = self.library.faq

            def allow(entry: str) -> bool:
                return entry.startswith(TERM) or faq[entry].program in (None, *named)

        return self.index.search_tokens(query, limit=CHOICES, allow=allow)


def _contains(tokens: list[str], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(tuple(tokens[i : i + n]) == part for i in range(len(tokens) - n + 1))


def decide(
    hits: tuple[Hit, ...], threshold: float, margin: float, program_of: Callable[[str], str | None] = lambda _: None
) -> Match:
    """What to do with ranked hits.

    Below the threshold: nothing ("Maaf"). One clear best: answer it. Several within `margin` of
    the best: if they belong to different programs the question is ambiguous ("PJOK tugasnya
    apa": PAKET or PNPM?) and the resident chooses; if not, they are neighbouring answers about
    one thing, so the best is answered and the others are offered after it.
    """
    if not hits or hits[0].confidence < threshold:
        return Match(hits=hits)
    top = hits[0]
    close = [h.entry for h in hits if h.score >= margin * top.score and h.confidence >= threshold]
    curated = [entry for entry in close if not entry.startswith(TERM)]
    if curated and len(curated) < len(close):  # a written answer beats the glossary's
        close = curated
        top = next(h for h in hits if h.entry == curated[0])
    if top.exact or len(close) == 1:
        return Match(answer=top.entry, hits=hits)
    programs = {program_of(entry) for entry in close} - {None}
    if len(programs) > 1:
        return Match(choices=tuple(close), hits=hits)
    return Match(answer=top.entry, choices=tuple(e for e in close if e != top.entry), hits=hits)


def documents(lib: Library) -> list[tuple[str, str]]:
    """(entry id, text) for every paraphrase, and generated questions for every glossary term."""
    docs = []
    for entry in lib.faq.values():
        # the answer is a document too: residents ask with the answer's words ("miras", "pilar")
        # and its figures ("212 rt", "50jt")
        program = lib.programs.get(entry.program or "")
        answer = program.fill(entry.answer, _PLAIN) if program else PLACEHOLDER.sub(" ", entry.answer)
        docs += [(entry.id, text) for text in (*entry.paraphrases, entry.title, answer)]
        docs.append((entry.id, " ".join((*entry.paraphrases, entry.title))))  # words from several
    for term in lib.glossary.values():
        names = [term.term, *([term.full] if term.full else []), *term.aliases]
        docs += [(TERM + term.id, f"apa itu {name}") for name in names]
        docs += [(TERM + term.id, pattern.format(term.term)) for pattern in TERM_QUESTIONS]
    return docs


class _Plain:
    """Figures as bare numbers (31.43, 50000000): how normalised questions write them."""

    def number(self, value: float) -> str:
        return str(value)

    def rupiah(self, amount: int) -> str:
        return str(amount)

    def percent(self, value: float) -> str:
        return str(value)


_PLAIN = _Plain()


@functools.cache
def matcher() -> Matcher:
    """The matcher over the shipped content, built once per process."""
    return Matcher(library())


def title(lib: Library, entry_id: str) -> str:
    if entry_id.startswith(TERM):
        term = lib.glossary[entry_id[len(TERM) :]]
        return term.term if not term.full else f"{term.term} ({term.full})"
    return lib.faq[entry_id].title


def answer_screen(t: Texts, lib: Library, entry_id: str) -> Screen:
    """The answer to one entry: its text with figures rendered, and where to read more."""
    if entry_id.startswith(TERM):
        return glossary.term_screen(t, lib, lib.glossary[entry_id[len(TERM) :]])
    if entry_id.startswith(PROGRAM):
        program = lib.programs[entry_id[len(PROGRAM) :]]
        label = t._("Info {program}", program=program.name)
        return Screen(program.fill(program.summary, t), (Option(label, f"prog:{program.id}"),),
                      content_id=f"faq:{entry_id}")  # fmt: skip
    entry: FaqEntry = lib.faq[entry_id]
    program = lib.programs.get(entry.program or "")
    text = program.fill(entry.answer, t) if program else entry.answer
    options: tuple[Option, ...] = ()
    if program is not None and entry.see:
        label = t._("Baca: {section} {program}", section=section_label(t, entry.see), program=program.name)
        options = (Option(label, f"see:{program.id}:{entry.see}"),)
    return Screen(text, options, content_id=f"faq:{entry_id}")


def _show(turn: Turn, screen: Screen) -> None:
    turn.say(screen.text, screen.options, detail=screen.detail, content_id=screen.content_id)


def show(turn: Turn, entry_id: str) -> bool:
    """Answer with one entry (a picked choice); False when the id is unknown."""
    lib = library()
    known = (
        entry_id in lib.faq
        or (entry_id.startswith(TERM) and entry_id[len(TERM) :] in lib.glossary)
        or (entry_id.startswith(PROGRAM) and entry_id[len(PROGRAM) :] in lib.programs)
    )
    if not known:
        return False
    turn.topic = "faq"
    _show(turn, answer_screen(turn.t, lib, entry_id))
    return True


def match_screen(t: Texts, lib: Library, found: Match) -> Screen | None:
    """The one reply for a match: the answer (with close neighbours offered after it), the
    choices when the question fits several programs, or None ("Maaf" is the caller's)."""
    alternatives = tuple(Option(title(lib, entry), f"faq:{entry}") for entry in found.choices)
    if found.answer is not None:
        screen = answer_screen(t, lib, found.answer)
        if not alternatives:
            return screen
        return Screen(
            t._("{answer}\nAtau maksud Anda:", answer=screen.text),
            (*screen.options, *alternatives),
            detail=screen.detail,
            content_id=screen.content_id,
        )
    if alternatives:
        return Screen(t._("Maksud Anda yang mana?"), alternatives)
    return None


async def respond(turn: Turn) -> bool:
    """Answer the message if the catalogue knows it (or offer close choices); else False."""
    found = matcher().match(turn.reply.text)
    screen = match_screen(turn.t, library(), found)
    if screen is None:
        return False
    if not found.choices:
        turn.topic = "faq"
    else:
        turn.topic = "faq.alternatives" if found.answer else "faq.choices"
    _show(turn, screen)
    return True


async def record_unanswered(turn: Turn) -> None:
    """Say "Maaf" without guessing, and keep the question for the officers."""
    text = turn.reply.text.strip()
    await UnansweredQuestion.create(
        resident_id=turn.resident.id,
        area_id=turn.resident.area_id,
        text=text[:1000],
        key=" ".join(surface(text))[:200] or text.lower()[:200],
        created_at=turn.now,
    )
    turn.topic = "faq.unanswered"
    turn.say(
        turn.t._(
            "Maaf, saya belum bisa menjawab pertanyaan itu. Pertanyaan Anda sudah dicatat untuk "
            "petugas. Ketik MENU untuk melihat pilihan."
        )
    )
