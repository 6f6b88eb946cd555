"""The printable join poster: A4 page, a QR code that decodes to the link, text kept on the page."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageFont

from bot.cli import poster
from bot.cli.poster import render_poster

LINK = "https://t.me/kabarrt_bot?start=rt-AbC_12-xyz9"
TITLE = "RT 003 / RW 01"
PLACE = "Kel. Mayang Mangurai, Kec. Alam Barajo, Kota Jambi"
INSTRUCTIONS = (
    "Pindai kode QR ini dengan kamera ponsel, lalu tekan “Mulai” di Telegram.",
    "Tidak punya pemindai? Ketik alamat di atas di Telegram atau peramban.",
)
LONG_PLACE = (
    "Kelurahan Mayang Mangurai, Kecamatan Alam Barajo, Kota Jambi, Provinsi Jambi, "
    "dekat Masjid Al-Ikhlas dan pos ronda di ujung Jalan Kapten Pattimura Lorong Karya Bersama"
)
BORDER = 20


def render(tmp_path: Path, **overrides) -> Image.Image:
    args = {
        "link": LINK,
        "title": TITLE,
        "place": PLACE,
        "instructions": INSTRUCTIONS,
        "footer": "Dikelola oleh pengurus RT 003 · KabarRT",
    }
    args.update(overrides)
    out = tmp_path / "poster.png"
    render_poster(out, **args)
    image = Image.open(out)
    image.load()
    return image


def decoded(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def assert_margin_blank(image: Image.Image) -> None:
    gray = image.convert("L")
    width, height = gray.size
    for box in (
        (0, 0, width, BORDER),
        (0, height - BORDER, width, height),
        (0, 0, BORDER, height),
        (width - BORDER, 0, width, height),
    ):
        assert gray.crop(box).getextrema() == (255, 255), f"ink in the page margin {box}"


def test_a4_png_mostly_white(tmp_path):
    image = render(tmp_path)
    assert image.format == "PNG"
    assert image.size == (1240, 1754)
    histogram = image.convert("L").histogram()
    assert histogram[255] / (1240 * 1754) > 0.6
    assert histogram[0] > 0, "no black at all"
    assert_margin_blank(image)


def test_qr_decodes_to_the_link(tmp_path):
    image = render(tmp_path)
    assert decoded(image) == [LINK]


def test_qr_is_crisp(tmp_path):
    """The QR code is scaled by whole pixels per module: only pure black and white, no blur."""
    image = render(tmp_path).convert("L")
    (result,) = zxingcpp.read_barcodes(image)
    position = result.position
    xs = [p.x for p in (position.top_left, position.top_right, position.bottom_left)]
    ys = [p.y for p in (position.top_left, position.top_right, position.bottom_left)]
    symbol = image.crop((min(xs), min(ys), max(xs), max(ys)))
    assert symbol.width > 400
    histogram = symbol.histogram()
    assert histogram[0] and histogram[255]
    assert sum(histogram[1:255]) == 0, "grey pixels in the QR code"


def test_long_place_is_wrapped_and_qr_still_decodes(tmp_path):
    image = render(tmp_path, place=LONG_PLACE)
    assert decoded(image) == [LINK]
    assert_margin_blank(image)


def test_very_long_texts_stay_on_the_page(tmp_path):
    image = render(
        tmp_path,
        title="RT 003 / RW 01 " * 8,
        place=LONG_PLACE * 12,
        instructions=(INSTRUCTIONS[0] * 15, "Panjang" * 300),
        footer="Dikelola oleh pengurus RT 003 " * 20,
    )
    assert image.size == (1240, 1754)
    assert decoded(image) == [LINK]
    assert_margin_blank(image)


def test_non_ascii_text(tmp_path):
    image = render(
        tmp_path,
        title="RT 003 — Café ’Ngopi’",
        place="Kel. Sémpaja Selatan, Kec. Samarinda Utara — « Kota » 漢字 😀",
        instructions=("Tekan ‘Mulai’…", "Ketik\talamat\ndi atas\x00"),
    )
    assert decoded(image) == [LINK]


def test_bitmap_font_fallback(tmp_path, monkeypatch):
    """Without FreeType Pillow only has its bitmap font: the poster is still made and readable."""
    monkeypatch.setattr(poster, "_font", lambda size: ImageFont.load_default_imagefont())
    image = render(tmp_path, place=LONG_PLACE * 3, title="RT 003 — Café ’Ngopi’ 漢字")
    assert image.size == (1240, 1754)
    assert decoded(image) == [LINK]
    assert_margin_blank(image)


def test_clean_replaces_characters_the_font_lacks():
    font = ImageFont.load_default(size=40)
    assert poster._clean("Café — ’kopi’\n", font) == "Cafe - ’kopi’"
    bitmap = ImageFont.load_default_imagefont()
    assert poster._clean("Café — ’kopi’ 漢", bitmap) == "Café - 'kopi' ?"


def test_wrap_keeps_every_word_within_the_width():
    font = ImageFont.load_default(size=46)
    lines = poster._wrap(LONG_PLACE, font, poster.CONTENT_WIDTH)
    assert len(lines) > 1
    assert " ".join(lines) == LONG_PLACE
    assert all(font.getlength(line) <= poster.CONTENT_WIDTH for line in lines)


def test_long_link_is_broken_and_printed_whole(tmp_path):
    link = "https://t.me/kabarrt_bot?start=" + "x" * 150
    image = render(tmp_path, link=link)
    assert decoded(image) == [link]
    assert_margin_blank(image)


def test_empty_link_is_refused(tmp_path):
    for link in ("", "   "):
        with pytest.raises(ValueError, match="link"):
            render(tmp_path, link=link)
    assert not (tmp_path / "poster.png").exists()


def test_link_too_long_for_a_qr_code_is_refused(tmp_path):
    with pytest.raises(ValueError, match="too long"):
        render(tmp_path, link="https://t.me/kabarrt_bot?start=" + "x" * 5000)


def test_missing_output_directory_is_an_oserror(tmp_path):
    out = tmp_path / "missing" / "poster.png"
    with pytest.raises(OSError):
        render_poster(out, link=LINK, title=TITLE, place=PLACE, instructions=INSTRUCTIONS)
    assert not (tmp_path / "missing").exists()
