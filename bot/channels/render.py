"""Pure rendering of an Outbound for a channel: plain text with numbered options, SMS segments.

GSM 03.38 rules: a single SMS holds 160 septets (extension characters such as `{` or `€`
take two), a concatenated one 153 per segment; anything outside GSM-7 makes the whole
message UCS-2: 70 UTF-16 units, 67 per segment when concatenated.
"""

from __future__ import annotations

from dataclasses import dataclass

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)
from babel.lists import format_list

from bot.i18n import translator
from handlers.messages import Outbound


@dataclass(frozen=True, slots=True)
class SmsText:
    text: str
    segments: int
    encoding: str  # "gsm7" or "ucs2"


def numbered(outbound: Outbound) -> list[str]:
    return [f"{i}. {option.label}" for i, option in enumerate(outbound.options, start=1)]


def telegram_lines(outbound: Outbound) -> list[str]:
    """The text (and its longer detail), then each option as `N. label` (a Telegram keyboard)."""
    detail = [outbound.detail] if outbound.detail else []
    return [outbound.text, *detail, *numbered(outbound)]


def sms_text(outbound: Outbound) -> str:
    """Options go inside the SMS, followed by "Balas 1, 2 atau 3." in the resident's language.

    The Telegram-only `detail` is left out: an SMS carries the short core only.
    """
    if not outbound.options:
        return outbound.text
    t = translator(outbound.locale)
    count = len(outbound.options)
    if count > 3:  # "Balas 1, 2, 3, 4, 5, 6, atau 7." costs a line of a 2-segment menu
        hint = t._("Balas {first} sampai {last}.", first=1, last=count)
    else:
        numbers = [str(i) for i in range(1, count + 1)]
        hint = t._("Balas {choices}.", choices=format_list(numbers, style="or", locale=t.locale))
    return "\n".join([outbound.text, *numbered(outbound), hint])


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


def render_sms(outbound: Outbound) -> SmsText:
    text = sms_text(outbound)
    count, encoding = segments(text)
    return SmsText(text, count, encoding)
