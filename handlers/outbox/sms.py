"""The shape of a reply as an SMS: its text, its cost in segments, and the LANJUT cut.

GSM 03.38 rules: a single SMS holds 160 septets (extension characters such as `{` or `€`
take two), a concatenated one 153 per segment; anything outside GSM-7 makes the whole
message UCS-2: 70 UTF-16 units, 67 per segment when concatenated.

A reply longer than the allowed number of segments is cut (`fit`): the head ends with
"Balas LANJUT …" and the rest — with the reply's options — waits until the resident asks.
Pure functions; the engine applies the cut, the SMS adapters render with `sms_text`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

from handlers.messages import Option, Outbound
from handlers.texts import Texts


@dataclass(frozen=True, slots=True)
class SmsText:
    text: str
    segments: int
    encoding: str  # "gsm7" or "ucs2"


#: typography phones and word processors add, as the GSM-7 characters meaning the same: one
#: curly quote would make a whole SMS UCS-2 (70 characters a segment instead of 160)
_PLAIN = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u2026": "...", "\u2022": "-", "\u00b7": "-",
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    }
)  # fmt: skip


def plain(text: str) -> str:
    """Typographic quotes, dashes, ellipsis, bullets and odd spaces as GSM-7; emoji and names in
    other scripts stay as they are (they are the resident's own, and go as UCS-2)."""
    return text.translate(_PLAIN)


def numbered(outbound: Outbound) -> list[str]:
    return [f"{i}. {option.label}" for i, option in enumerate(outbound.options, start=1)]


def sms_text(outbound: Outbound, t: Texts) -> str:
    """Options go inside the SMS, followed by "Balas 1, 2 atau 3." in the resident's language.

    The Telegram-only `detail` is left out: an SMS carries the short core only. Typography that
    would force UCS-2 is replaced (`plain`).
    """
    if not outbound.options:
        return plain(outbound.text)
    count = len(outbound.options)
    if count > 3:  # "Balas 1, 2, 3, 4, 5, 6, atau 7." costs a line of a 2-segment menu
        hint = t._("Balas {first} sampai {last}.", first=1, last=count)
    else:
        hint = t._("Balas {choices}.", choices=t.either([str(i) for i in range(1, count + 1)]))
    return plain("\n".join([outbound.text, *numbered(outbound), hint]))


def render(outbound: Outbound, t: Texts) -> SmsText:
    text = sms_text(outbound, t)
    count, encoding = segments(text)
    return SmsText(text, count, encoding)


def _septets(char: str) -> int | None:
    try:
        return len(char.encode("gsm03.38"))
    except UnicodeEncodeError:
        return None


def segments(text: str) -> tuple[int, str]:
    """(number of SMS segments, "gsm7" | "ucs2") for a text."""
    sizes = [_septets(c) for c in text]
    if all(size is not None for size in sizes):
        if sum(sizes) <= 160:
            return 1, "gsm7"
        return _pack(sizes, 153), "gsm7"
    units = [len(c.encode("utf-16-le")) // 2 for c in text]
    if sum(units) <= 70:
        return 1, "ucs2"
    return _pack(units, 67), "ucs2"


def _pack(sizes: list[int], per_segment: int) -> int:
    """Segments needed without splitting an escape pair or a surrogate pair."""
    count, used = 1, 0
    for size in sizes:
        if used + size > per_segment:
            count, used = count + 1, 0
        used += size
    return count


# --- the LANJUT cut ---------------------------------------------------------------------------

#: where a cut may fall, best first: between paragraphs, lines, sentences, words
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?:;])\s+"), re.compile(r"\s+"))
#: a better kind of break is taken if it keeps at least this share of the longest possible head
_GOOD_ENOUGH = 0.7


def more_hint(t: Texts) -> str:
    return t._("(Balas LANJUT untuk sambungannya)")


def fit(outbound: Outbound, t: Texts, max_segments: int) -> tuple[Outbound, Outbound | None]:
    """(what to send now, what waits for LANJUT or None): the first fits in `max_segments`.

    The head keeps no options — they come with the last part, where the resident answers. A
    menu whose options alone are over the limit is sent whole (only with a limit of 1 or 2).
    """
    if render(outbound, t).segments <= max_segments:
        return outbound, None
    hint = "\n" + more_hint(t)

    def fits(cut: int) -> bool:
        return segments(outbound.text[:cut].rstrip() + hint)[0] <= max_segments

    cut = _cut(outbound.text, fits)
    if cut >= len(outbound.text.rstrip()):  # only the options overflow
        alone = dataclasses.replace(outbound, text=t._("Pilih salah satu:"))
        if render(alone, t).segments > max_segments:
            return outbound, None  # a menu is never split: its numbers must arrive together
    head = dataclasses.replace(
        outbound, text=outbound.text[:cut].rstrip() + hint, options=(), detail=None, outbox_id=None
    )
    # the text fitted but its options did not: they come alone, under a short question
    rest_text = outbound.text[cut:].lstrip() or t._("Pilih salah satu:")
    rest = dataclasses.replace(outbound, text=rest_text, outbox_id=None)
    return head, rest


def _cut(text: str, fits) -> int:
    """The index to cut `text` at: the longest head that fits, preferring natural breaks."""
    longest = _longest(len(text), fits)
    if longest <= 0:  # cannot happen with a sane limit; never send an empty head
        return 1
    for pattern in _BREAKS:
        ends = [m.start() for m in pattern.finditer(text, 1) if 0 < m.start() <= longest]
        if ends and ends[-1] >= _GOOD_ENOUGH * longest:
            return ends[-1]
    return longest


def _longest(length: int, fits) -> int:
    """The longest prefix, in characters, that fits (fits() is monotone in the cut)."""
    low, high = 0, length
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    return low


def as_payload(outbound: Outbound) -> dict:
    """A waiting part as JSON for the conversation state."""
    return {
        "text": outbound.text,
        "options": [[o.label, o.value] for o in outbound.options],
        "topic": outbound.topic,
        "content_id": outbound.content_id,
    }


def from_payload(identity: str, locale: str, payload: dict) -> Outbound:
    return Outbound(
        identity=identity,
        text=payload.get("text", ""),
        options=tuple(Option(label, value) for label, value in payload.get("options", [])),
        locale=locale,
        topic=payload.get("topic"),
        content_id=payload.get("content_id"),
    )
