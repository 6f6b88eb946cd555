"""Printable QR poster for an RT's Telegram join link.

This module owns the picture only: `render_poster` lays out an A4 portrait page (150 dpi,
1240×1754 px, white background, black text) to be printed and pinned on a pos ronda or a mosque
notice board, and writes it as a PNG. Top to bottom: the "KabarRT" header, the RT's title, the
place (kelurahan, kecamatan, kota), a large QR code of the join link, the link itself in readable
text for people without a QR scanner, two instruction lines and an optional small footer.

It is a pure function of its arguments: no database, no settings and no translation. The caller
builds the link and passes strings that are already translated. Nothing else here is public.

Fonts come from Pillow's `ImageFont.load_default(size=...)`, a scalable font bundled with Pillow
(when built with FreeType, as the PyPI wheels are), so no system font is needed. That font covers
little beyond ASCII, so other characters are drawn without their accents or as a look-alike ("é"
as "e", "—" as "-"). If Pillow ever falls back to its small bitmap font, the poster is still
produced, with text reduced to what that font can draw (Latin-1).

Long text is word-wrapped to the page width; a word wider than the page (a long link, say) is
broken between characters. When the text leaves too little room for a QR code of a comfortable
size, all text is scaled down step by step; only text that still does not fit at the smallest
scale (thousands of characters) is shortened with an ellipsis, so nothing ever runs off the page.
"""

from __future__ import annotations

import argparse
import functools
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont
from qrcode.exceptions import DataOverflowError

from bot.cli.areas import join_target
from bot.i18n import translator

__all__ = ["render_poster"]

#: A4 portrait at 150 dpi
PAGE_WIDTH, PAGE_HEIGHT = 1240, 1754
DPI = 150
#: white space kept free on every side of the page
MARGIN = 90
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

WHITE = 255
BLACK = 0

#: font sizes in px at scale 1.0 (150 dpi: 36 px is about 17 pt)
HEADER_SIZE = 40
TITLE_SIZE = 96
PLACE_SIZE = 46
LINK_SIZE = 36
INSTRUCTION_SIZE = 40
FOOTER_SIZE = 26
#: extra space between lines of one block, as a fraction of the font's line height
LINE_SPACING = 0.2

#: vertical gaps between blocks, in px at scale 1.0
GAP_AFTER_HEADER = 24
GAP_AFTER_TITLE = 28
GAP_AROUND_QR = 8  # the quiet zone already keeps text away
GAP_AFTER_LINK = 44
GAP_BETWEEN_INSTRUCTIONS = 18
GAP_BEFORE_FOOTER = 30

#: the QR code's side, quiet zone included: as large as the text leaves room for, up to QR_MAX;
#: text is scaled down rather than letting it shrink below QR_MIN
QR_MAX = 860
QR_MIN = 520
QR_BORDER = 4  # modules of quiet zone, the minimum the QR standard asks for
#: text scales tried in turn until the QR code gets at least QR_MIN
SCALES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.42)

ELLIPSIS = "…"

#: stand-ins for typographic characters a font may lack (the bundled font has no dashes, the
#: bitmap fallback font no curly quotes)
_STANDINS = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "…": "...",
    "•": "·",
    "€": "EUR",
}
#: a noncharacter no font has a glyph for: fonts draw their "missing glyph" box for it
_NO_GLYPH = "\uffff"
Font: TypeAlias = ImageFont.FreeTypeFont | ImageFont.ImageFont


def render_poster(
    out: Path,
    *,
    link: str,
    title: str,
    place: str,
    instructions: tuple[str, str],
    footer: str = "",
) -> None:
    """Write the join poster for one RT as a PNG to `out`.

    `link` is encoded in the QR code and printed under it; `title` (e.g. "RT 003 / RW 01"),
    `place` (kelurahan, kecamatan, kota), the two `instructions` and the optional `footer` are
    already translated. Raises ValueError for an empty link or one too long for a QR code, and
    OSError when `out` cannot be written (its directory is never created here).
    """
    link = link.strip()
    if not link:
        raise ValueError("render_poster: the link to encode in the QR code is empty")
    matrix = _qr_matrix(link)
    modules = len(matrix)

    first, second = instructions
    for scale in SCALES:
        layout = _Layout.build(
            scale,
            title=title,
            place=place,
            link=link,
            instructions=(first, second),
            footer=footer,
        )
        if layout.qr_room >= QR_MIN or scale == SCALES[-1]:
            break
    layout.shorten_to_fit(max(QR_MIN, 2 * modules))

    box = max(1, min(QR_MAX, layout.qr_room) // modules)
    page = Image.new("L", (PAGE_WIDTH, PAGE_HEIGHT), WHITE)
    draw = ImageDraw.Draw(page)
    layout.draw(draw, page, _qr_image(matrix, box))
    page.save(out, format="PNG", dpi=(DPI, DPI))


def _qr_matrix(link: str) -> list[list[bool]]:
    """The QR code of `link` as rows of modules (True is dark), quiet zone included."""
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=1, border=QR_BORDER
    )
    qr.add_data(link)
    try:
        qr.make(fit=True)
    except (DataOverflowError, ValueError) as exc:  # qrcode raises either past version 40
        raise ValueError(f"render_poster: the link is too long for a QR code: {link!r}") from exc
    return qr.get_matrix()


def _qr_image(matrix: list[list[bool]], box: int) -> Image.Image:
    """The QR code drawn with `box` px per module: integer scaling, sharp edges, no smoothing."""
    modules = len(matrix)
    small = Image.new("L", (modules, modules), WHITE)
    small.putdata([BLACK if dark else WHITE for row in matrix for dark in row])
    return small.resize((modules * box, modules * box), Image.Resampling.NEAREST)


# --- text -----------------------------------------------------------------------------------------


def _font(size: float) -> Font:
    return ImageFont.load_default(size=size)


def _is_scalable(font: Font) -> bool:
    return isinstance(font, ImageFont.FreeTypeFont)


def _clean(text: str, font: Font) -> str:
    """`text` on one line, without control characters, in characters `font` can draw.

    The bundled font covers little beyond ASCII (no accented letters, for one), and the bitmap
    fallback font only Latin-1: other characters lose their accents ("é" becomes "e") or are
    replaced by a look-alike, or by "?" when there is none.
    """
    words = (
        "".join(ch for ch in word if not unicodedata.category(ch).startswith("C"))
        for word in text.split()
    )
    text = unicodedata.normalize("NFC", " ".join(w for w in words if w))
    scalable = _is_scalable(font)
    return "".join(ch if _drawable(ch, scalable) else _substitute(ch, scalable) for ch in text)


def _substitute(ch: str, scalable: bool) -> str:
    for candidate in (
        _STANDINS.get(ch, ""),
        "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)),
    ):
        if candidate and all(_drawable(c, scalable) for c in candidate):
            return candidate
    return "?"


@functools.cache
def _drawable(ch: str, scalable: bool) -> bool:
    """Whether the default font (scalable or bitmap) has a glyph for `ch`."""
    if " " <= ch <= "~":
        return True
    if not scalable:  # the bitmap font encodes text as Latin-1 and raises on anything else
        return ord(ch) < 256
    font = _font(32)
    if not _is_scalable(font):
        return ord(ch) < 256
    return bytes(font.getmask(ch)) != bytes(font.getmask(_NO_GLYPH))


def _line_height(font: Font) -> int:
    if isinstance(font, ImageFont.FreeTypeFont):
        ascent, descent = font.getmetrics()
        return ascent + descent
    return int(font.getbbox("Ag")[3])


def _width(text: str, font: Font, stroke: int = 0) -> float:
    return font.getlength(text) + 2 * stroke


def _break_word(word: str, font: Font, width: int, stroke: int) -> list[str]:
    """`word` cut between characters into pieces no wider than `width`."""
    pieces, current = [], ""
    for ch in word:
        if current and _width(current + ch, font, stroke) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current] if current else pieces


def _wrap(text: str, font: Font, width: int, stroke: int = 0) -> list[str]:
    """`text` word-wrapped into lines no wider than `width` px (words too wide are broken)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if _width(candidate, font, stroke) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if _width(word, font, stroke) <= width:
            current = word
        else:
            *full, current = _break_word(word, font, width, stroke)
            lines += full
    if current:
        lines.append(current)
    return lines


@dataclass
class _Block:
    """Centred lines of text in one font, followed by `gap` px of space."""

    lines: list[str]
    font: Font
    gap: int
    stroke: int = 0

    @property
    def step(self) -> int:
        height = _line_height(self.font)
        return height + round(height * LINE_SPACING) + 2 * self.stroke

    @property
    def height(self) -> int:
        return len(self.lines) * self.step + self.gap if self.lines else 0

    def shorten(self) -> bool:
        """Drop the last line, marking the cut with an ellipsis; False if there was none."""
        if len(self.lines) <= 1:
            dropped = bool(self.lines)
            self.lines = []
            return dropped
        self.lines.pop()
        last = self.lines[-1]
        while last and _width(last + ELLIPSIS, self.font, self.stroke) > CONTENT_WIDTH:
            last = last[:-1]
        self.lines[-1] = last.rstrip() + ELLIPSIS
        return True

    def draw(self, draw: ImageDraw.ImageDraw, top: int) -> int:
        """Draw the lines from `top`; return the top of whatever follows."""
        if not self.lines:
            return top
        for line in self.lines:
            x = (PAGE_WIDTH - _width(line, self.font, self.stroke)) / 2 + self.stroke
            y = top + self.stroke
            if self.stroke and not _is_scalable(self.font):
                draw.text((x + 1, y), line, font=self.font, fill=BLACK)
            draw.text(
                (x, y),
                line,
                font=self.font,
                fill=BLACK,
                stroke_width=self.stroke if _is_scalable(self.font) else 0,
                stroke_fill=BLACK,
            )
            top += self.step
        return top + self.gap


@dataclass
class _Layout:
    """The text blocks above and below the QR code at one text scale."""

    above: list[_Block]
    below: list[_Block]
    footer: _Block
    qr_gap: int
    footer_gap: int

    @classmethod
    def build(
        cls,
        scale: float,
        *,
        title: str,
        place: str,
        link: str,
        instructions: tuple[str, str],
        footer: str,
    ) -> _Layout:
        def block(text: str, size: int, gap: int, *, bold: bool = False, link: bool = False):
            font = _font(round(size * scale))
            stroke = max(1, round(2 * scale)) if bold else 0
            text = _clean(text, font)
            if link:  # a URL is one word: break it between characters, never at spaces
                lines = _break_word(text, font, CONTENT_WIDTH, stroke)
            else:
                lines = _wrap(text, font, CONTENT_WIDTH, stroke)
            return _Block(lines, font, round(gap * scale), stroke)

        first, second = instructions
        return cls(
            above=[
                block("KabarRT", HEADER_SIZE, GAP_AFTER_HEADER, bold=True),
                block(title, TITLE_SIZE, GAP_AFTER_TITLE, bold=True),
                block(place, PLACE_SIZE, 0),
            ],
            below=[
                block(link, LINK_SIZE, GAP_AFTER_LINK, link=True),
                block(first, INSTRUCTION_SIZE, GAP_BETWEEN_INSTRUCTIONS),
                block(second, INSTRUCTION_SIZE, 0),
            ],
            footer=block(footer, FOOTER_SIZE, 0),
            qr_gap=round(GAP_AROUND_QR * scale),
            footer_gap=round(GAP_BEFORE_FOOTER * scale),
        )

    @property
    def text_height(self) -> int:
        blocks = [*self.above, *self.below]
        footer = self.footer.height + self.footer_gap if self.footer.lines else 0
        return sum(b.height for b in blocks) + 2 * self.qr_gap + footer

    @property
    def qr_room(self) -> int:
        """The side available to the QR code: the height the text leaves, at most the width."""
        return min(CONTENT_WIDTH, PAGE_HEIGHT - 2 * MARGIN - self.text_height)

    def shorten_to_fit(self, qr_side: int) -> None:
        """Cut the longest blocks, last lines first, until a QR code of `qr_side` px fits."""
        candidates = [*self.above[1:], *self.below[1:], self.footer]
        while self.qr_room < qr_side:
            longest = max(candidates, key=lambda b: b.height)
            if not longest.shorten():
                break

    def draw(self, draw: ImageDraw.ImageDraw, page: Image.Image, qr: Image.Image) -> None:
        # the QR code and the text under it sit in the middle of the room the blocks leave
        room = PAGE_HEIGHT - 2 * MARGIN - self.text_height - qr.height
        top = MARGIN
        for block in self.above:
            top = block.draw(draw, top)
        top += self.qr_gap + max(0, room) // 2
        page.paste(qr, ((PAGE_WIDTH - qr.width) // 2, top))
        top += qr.height + self.qr_gap
        for block in self.below:
            top = block.draw(draw, top)
        if self.footer.lines:
            self.footer.draw(draw, PAGE_HEIGHT - MARGIN - self.footer.height)


async def poster_command(args: argparse.Namespace) -> int:
    target = await join_target(args)
    if isinstance(target, int):
        return target
    link, title, place, code = target
    t = translator(args.locale)
    try:
        render_poster(
            Path(args.out), link=link, title=title, place=place,
            instructions=(
                t._("1. Pindai kode QR ini dengan kamera HP, atau buka tautan di atas di Telegram."),
                t._("2. Tekan MULAI, baca dan setujui pemberitahuan privasi: Anda terdaftar di RT ini."),
            ),
            footer=t._(
                "KabarRT: info program, pengumuman RT dan tanya-jawab. "
                "Ketik STOP untuk berhenti, HAPUS DATA untuk menghapus data Anda."
            ),
        )  # fmt: skip
    except OSError as exc:
        print(f"kabarrt poster: {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} for {code}: {link}")
    return 0
