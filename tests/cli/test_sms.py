"""`kabarrt sms cost`'s data: every content item as the SMS channel would send it."""

from __future__ import annotations

import itertools
import re
import shutil

import pytest

from bot.channels.render import segments, sms_text
from bot.cli import content
from bot.cli.sms import OVER, CostRow, content_items, cost_lines, cost_rows, sort_key
from content.library import CONTENT_DIR, library, load_library


@pytest.fixture(scope="module")
def rows() -> list[CostRow]:
    return cost_rows()


def copy_with(tmp_path, relative: str, old: str, new: str):
    """The shipped content in tmp_path with one text replaced, loaded."""
    content_dir = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content_dir, ignore=shutil.ignore_patterns("__pycache__", "*.py", "locale"))
    path = content_dir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    lib = load_library(content_dir)
    assert lib.problems == []
    return lib


def summary_of(lines: list[str]) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in lines[-1].split())


def test_a_ucs2_character_in_a_temporary_item_is_reported_as_ucs2(tmp_path):
    # a character outside GSM-7 (one the renderer cannot replace) makes the whole SMS UCS-2: 70 a
    # segment. A curly quote would not: it is sent as a plain one (handlers/outbox/sms.py `plain`)
    lib = copy_with(tmp_path, "glossary.yaml", "BKM adalah lembaga warga", "BKM adalah \u2713 lembaga warga")
    rows = cost_rows(lib=lib)
    ucs2 = [r for r in rows if r.encoding == "ucs2"]
    assert [r.id for r in ucs2] == ["term:bkm"]
    before = next(r for r in cost_rows() if r.id == "term:bkm")
    assert ucs2[0].segments > before.segments  # the same text costs more as UCS-2
    assert summary_of(cost_lines(rows, 350))["ucs2"] == "1"


def test_a_long_temporary_item_is_listed_among_the_over_2_segment_items(tmp_path):
    long = "BKM adalah lembaga warga " + "yang bekerja untuk kelurahan " * 20
    lib = copy_with(tmp_path, "glossary.yaml", "BKM adalah lembaga warga", long)
    rows = cost_rows(lib=lib)
    row = next(r for r in rows if r.id == "term:bkm")
    assert row.segments > OVER
    position = rows.index(row)
    assert all(r.segments > OVER for r in rows[: position + 1])


def test_rows_are_sorted_over_2_segments_first_then_by_segments_then_id(rows):
    assert rows == sorted(rows, key=sort_key)
    over = [r.segments > OVER for r in rows]
    assert over == sorted(over, reverse=True)
    for a, b in itertools.pairwise(rows):
        assert a.segments > b.segments or (a.segments == b.segments and a.id < b.id), (a, b)


def test_sort_key_on_made_up_rows():
    made = [CostRow("b", "faq", "", 3, "gsm7"), CostRow("a", "faq", "", 1, "gsm7"),
            CostRow("c", "faq", "", 5, "ucs2"), CostRow("a3", "faq", "", 3, "gsm7"),
            CostRow("z", "faq", "", 2, "gsm7")]  # fmt: skip
    assert [r.id for r in sorted(made, key=sort_key)] == ["c", "a3", "b", "z", "a"]


def test_totals_match_a_direct_segment_count_over_the_same_items(rows):
    direct = []
    for item in content_items():
        count, encoding = segments(sms_text(content.outbound(item.screen, item.locale)))
        direct.append((item.id, count, encoding))
    assert sorted((r.id, r.segments, r.encoding) for r in rows) == sorted(direct)
    summary = summary_of(cost_lines(rows, 350))
    assert int(summary["items"]) == len(direct)
    assert int(summary["over_2_segments"]) == sum(count > 2 for _, count, _ in direct)
    assert int(summary["ucs2"]) == sum(encoding == "ucs2" for _, _, encoding in direct)
    assert float(summary["mean_segments"]) == pytest.approx(sum(c for _, c, _ in direct) / len(direct), abs=0.005)


def test_every_content_item_is_listed_once():
    lib = library()
    ids = [item.id for item in content_items()]
    assert len(ids) == len(set(ids))
    listed = set(ids)
    for program in lib.programs.values():
        assert program.id in listed
        assert {f"{program.id}/{s}" for s in ("ringkasan", "tujuan", "hadiah", "fakta", "pelajaran")} <= listed
        for i in range(len(program.indicators)):
            assert f"{program.id}/indikator/{i}" in listed
        for lesson in program.lessons:
            base = f"{program.id}/pelajaran/{lesson.number}"
            assert {base, f"{base}/pertanyaan", f"{base}/benar", f"{base}/salah"} <= listed
        assert f"faq:program:{program.id}" in listed
    assert {f"term:{t}" for t in lib.glossary} <= listed
    assert {f"faq:{f}" for f in lib.faq} <= listed


def test_items_are_what_the_conversation_shows():
    items = {item.id: item for item in content_items()}
    program = library().programs["kampung-bantar"]
    lesson = program.lessons[1]
    assert items[f"kampung-bantar/pelajaran/{lesson.number}"].screen.text.startswith(f"({lesson.number}/")
    assert items[f"kampung-bantar/pelajaran/{lesson.number}/benar"].screen.text.startswith("Benar!")
    assert items[f"kampung-bantar/pelajaran/{lesson.number}/salah"].screen.text.startswith("Kurang tepat.")
    assert "RT Anda tercatat" in items["kampung-bantar/hadiah/rt"].screen.text
    assert "RT Anda tercatat" not in items["kampung-bantar/hadiah"].screen.text
    # the Telegram-only part of the summary is not in the SMS
    ringkasan = items["kampung-bantar/ringkasan"]
    assert ringkasan.screen.detail and ringkasan.screen.detail not in ringkasan.sms().text


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_real_content_item_is_gsm7(locale):
    rows = cost_rows(locale)
    assert rows
    assert [r.id for r in rows if r.encoding != "gsm7"] == []


def test_cost_lines_are_an_aligned_table_with_the_cost_per_recipient():
    made = [CostRow("kampung-bantar/fakta", "section", "Fakta", 21, "gsm7"),
            CostRow("term:bkm", "glossary", "BKM", 1, "ucs2")]  # fmt: skip
    lines = cost_lines(made, 350)
    assert len(lines) == 4
    header, first, second, last = lines
    assert header.split()[:4] == ["id", "segments", "encoding", "cost"]
    assert first.split()[:4] == ["kampung-bantar/fakta", "21", "gsm7", "Rp7.350"]
    assert second.split()[:4] == ["term:bkm", "1", "ucs2", "Rp350"]
    # columns line up: id and encoding start, segments and cost end, at one place on every line
    spans = [[m.span() for m in re.finditer(r"\S+", line)][:4] for line in (header, first, second)]
    assert len({s[2][0] for s in spans}) == 1  # encoding: left-aligned
    assert len({s[1][1] for s in spans}) == 1  # segments: right-aligned
    assert len({s[3][1] for s in spans}) == 1  # cost: right-aligned
    assert last == "items=2 over_2_segments=1 ucs2=1 mean_segments=11.00"


def test_cost_lines_of_nothing():
    assert cost_lines([], 350)[-1] == "items=0 over_2_segments=0 ucs2=0 mean_segments=0.00"


def test_the_command_prints_the_table_with_the_configured_price(capsys, monkeypatch):
    from bot.cli.parser import main
    from bot.settings import get_settings

    monkeypatch.setenv("SMS_COST_PER_SEGMENT", "500")
    get_settings.cache_clear()
    try:
        assert main(["sms", "cost"]) == 0
    finally:
        get_settings.cache_clear()
    lines = capsys.readouterr().out.splitlines()
    rows = cost_rows()
    assert lines[0].split()[:4] == ["id", "segments", "encoding", "cost"]
    first = lines[1].split()
    assert first[0] == rows[0].id and int(first[1]) == rows[0].segments
    assert first[3] == f"Rp{rows[0].segments * 500:,}".replace(",", ".")
    assert lines[-1].startswith(f"items={len(rows)} ")
