"""Channel rendering: numbered options for Telegram/shell, inline options and segment counts for SMS."""

from __future__ import annotations

import pytest

from bot.channels.render import render_sms, segments, sms_text, telegram_lines
from handlers.messages import Option, Outbound


def outbound(text: str, n_options: int = 0, locale: str = "id") -> Outbound:
    options = tuple(Option(f"Pilihan {i}", f"v:{i}") for i in range(1, n_options + 1))
    return Outbound(identity="sms:+6281200000001", text=text, options=options, locale=locale)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (1, "gsm7")),
        ("a" * 160, (1, "gsm7")),
        ("a" * 161, (2, "gsm7")),
        ("a" * 306, (2, "gsm7")),
        ("a" * 307, (3, "gsm7")),
        ("a" * 459, (3, "gsm7")),
        ("a" * 460, (4, "gsm7")),
        # extension characters take two septets
        ("a" * 158 + "€", (1, "gsm7")),
        ("a" * 159 + "€", (2, "gsm7")),
        ("a" * 159 + "{", (2, "gsm7")),
        ("{}" * 80, (3, "gsm7")),  # 320 septets, 76 pairs per segment
        ("[" * 80, (1, "gsm7")),
        # an escape pair is never split across segments: 152 + (2) | 152 → three segments
        ("a" * 152 + "€" + "a" * 152, (3, "gsm7")),
        ("a" * 151 + "€" + "a" * 153, (2, "gsm7")),
        # é, ñ, ü, Ä and newlines are in the GSM-7 basic set
        ("é" * 160, (1, "gsm7")),
        ("ñü\nÄ" * 40, (1, "gsm7")),
        # anything else makes the whole message UCS-2
        ("ă" * 70, (1, "ucs2")),
        ("ă" * 71, (2, "ucs2")),
        ("ă" * 134, (2, "ucs2")),
        ("ă" * 135, (3, "ucs2")),
        ("a" * 69 + "ă", (1, "ucs2")),
        ("a" * 100 + "ă", (2, "ucs2")),
        ("مرحبا", (1, "ucs2")),
        # emoji are two UTF-16 units and a surrogate pair is never split
        ("😀" * 35, (1, "ucs2")),
        ("😀" * 36, (2, "ucs2")),
        ("a" + "😀" * 34, (1, "ucs2")),  # 69 units
        ("a" * 66 + "😀" + "a" * 66, (3, "ucs2")),  # 66 | (2) + 66 > 67 | 1: the pair moves whole
    ],
    ids=lambda v: repr(v)[:30] if isinstance(v, str) else None,
)
def test_sms_segments(text, expected):
    assert segments(text) == expected


@pytest.mark.parametrize(
    ("locale", "n", "hint"),
    [
        ("id", 1, "Balas 1."),
        ("id", 2, "Balas 1 atau 2."),
        ("id", 3, "Balas 1, 2, atau 3."),
        ("id", 4, "Balas 1 sampai 4."),
        ("id", 10, "Balas 1 sampai 10."),
        ("en", 1, "Reply 1."),
        ("en", 2, "Reply 1 or 2."),
        ("en", 3, "Reply 1, 2, or 3."),
    ],
)
def test_sms_options_inline_with_hint_in_the_residents_language(locale, n, hint):
    text = sms_text(outbound("Pilih:", n, locale))
    lines = text.split("\n")
    assert lines[0] == "Pilih:"
    assert lines[1 : n + 1] == [f"{i}. Pilihan {i}" for i in range(1, n + 1)]
    assert lines[-1] == hint
    assert len(lines) == n + 2


def test_sms_without_options_is_the_text():
    assert sms_text(outbound("Halo")) == "Halo"
    rendered = render_sms(outbound("Halo"))
    assert (rendered.text, rendered.segments, rendered.encoding) == ("Halo", 1, "gsm7")


def test_render_sms_counts_the_whole_rendered_text():
    rendered = render_sms(outbound("a" * 140, 3))
    assert rendered.text.endswith("Balas 1, 2, atau 3.")
    assert (rendered.segments, rendered.encoding) == (2, "gsm7")  # options pushed it past 160
    rendered = render_sms(Outbound(identity="sms:+62812", text="Pilih 😀", options=(Option("ă", "x"),)))
    assert rendered.encoding == "ucs2"


def test_telegram_lines_number_the_options():
    assert telegram_lines(outbound("Pilih:", 2)) == ["Pilih:", "1. Pilihan 1", "2. Pilihan 2"]
    assert telegram_lines(outbound("Halo")) == ["Halo"]
