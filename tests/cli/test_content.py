"""The shipped content is valid and complete; `kabarrt content check` finds each kind of problem."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.cli.content import check, numbers_in, parse_number, screens
from bot.cli.parser import main
from content.library import CONTENT_DIR, library

ROOT = Path(__file__).resolve().parents[2]
#: the team's fact sheet, copied into the repo so CI has it; kept equal to the shared one (test below)
FACTS = CONTENT_DIR / "sources" / "FACTS.md"
SHARED_FACTS = ROOT.parent / "shared" / "FACTS.md"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "ok"
PROGRAM_IDS = ["kampung-bantar", "bontang-fasilitasi", "paket-p2kp", "pnpm-perkotaan", "kemitraan-bangunrejo"]
LINE = re.compile(r"^(?P<path>[^:]+):(?P<id>[^:]+): (?P<problem>.+)$")


def test_shipped_content_has_no_problems():
    assert [str(p) for p in check(CONTENT_DIR)] == []


def test_check_command_prints_nothing_and_exits_0_on_good_content(capsys):
    assert main(["content", "check"]) == 0
    assert capsys.readouterr().out == ""


def test_every_program_of_facts_exists_with_5_to_8_lessons():
    programs = library().programs
    assert sorted(programs) == sorted(PROGRAM_IDS)
    for program in programs.values():
        assert 5 <= len(program.lessons) <= 8, program.id
        for lesson in program.lessons:
            assert len(lesson.question.options) == 3
            assert 1 <= lesson.question.answer <= 3


def test_kampung_bantar_has_21_indicators_in_stage_order():
    program = library().programs["kampung-bantar"]
    assert [g.name for g in program.indicators] == ["Bersih", "Aman", "Pintar"]
    assert [len(g.items) for g in program.indicators] == [7, 7, 7]


def test_kampung_bantar_rewards_leave_the_sources_gaps_open():
    program = library().programs["kampung-bantar"]
    amounts = {r.category: program.figures[r.amount].value for r in program.rewards}
    assert amounts == {"besar": 10_000_000, "sedang": 7_000_000, "kecil": 5_000_000}
    assert program.reward_for(101).category == "besar"
    assert program.reward_for(99).category == "sedang"
    assert program.reward_for(60).category == "sedang"
    assert program.reward_for(59).category == "kecil"
    assert program.reward_for(30).category == "kecil"
    assert program.reward_for(100) is None
    assert program.reward_for(29) is None


# --- every figure of FACTS.md appears in its program's content ---------------------------

_FACT_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def facts_numbers() -> dict[str, set[str]]:
    """Program id → the numbers written in its FACTS.md section (list markers '(1)' excluded)."""
    sections = re.split(r"^## Program (\d) .*$", FACTS.read_text(encoding="utf-8"), flags=re.M)
    found = {}
    for number, body in zip(sections[1::2], sections[2::2], strict=True):
        body = body.split("\n## ", 1)[0]
        body = re.sub(r"\(\d\)", " ", body)
        found[PROGRAM_IDS[int(number) - 1]] = set(_FACT_NUMBER.findall(body))
    return found


def rendered_numbers(program_id: str) -> set[str]:
    lines = []
    for section in (None, *screens_sections()):
        for screen in screens(program_id, section):
            lines += [screen.text, screen.detail or "", *(o.label for o in screen.options)]
    return set(_FACT_NUMBER.findall("\n".join(lines)))


def screens_sections():
    from handlers.programs.flow import SECTIONS

    return SECTIONS


@pytest.mark.skipif(not SHARED_FACTS.exists(), reason=f"{SHARED_FACTS} is not beside this checkout")
def test_the_copied_fact_sheet_is_the_shared_one():
    assert FACTS.read_text(encoding="utf-8") == SHARED_FACTS.read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED_FACTS.exists(), reason=f"{SHARED_FACTS.parent} is not beside this checkout")
def test_the_copied_dev_questions_are_the_shared_ones():
    copy = CONTENT_DIR / "sources" / "faq-dev.jsonl"
    assert copy.read_text(encoding="utf-8") == (SHARED_FACTS.parent / "faq-dev.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("program_id", PROGRAM_IDS)
def test_every_number_in_facts_appears_in_the_programs_content(program_id):
    expected = facts_numbers()[program_id]
    if program_id != "kemitraan-bangunrejo":
        assert expected, "FACTS.md parsing found no numbers"
    missing = sorted(expected - rendered_numbers(program_id))
    assert missing == [], f"{program_id}: numbers of FACTS.md not in the content: {missing}"


# --- numbers typed as text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "scale", "value"),
    [("1.635", None, 1635), ("31,43", None, 31.43), ("10.000.000", None, 1e7), ("50", "juta", 5e7),
     ("50", "jt", 5e7), ("07.00", None, 7), ("879.651", None, 879651), ("0,87", None, 0.87)],
)  # fmt: skip
def test_numbers_are_read_the_indonesian_way(token, scale, value):
    assert parse_number(token, scale) == pytest.approx(value)


def test_numbers_in_text_skip_placeholders_and_words():
    found = [value for _, value in numbers_in("Ada {rt_kota} RT, 158 diusulkan, P2KP, Rp 5 juta, 07.00")]
    assert found == [158, 5e6, 7.0]


# --- content check on deliberately broken fixtures ---------------------------------------

BROKEN = [
    ("complaints: bad level", "complaints/categories.yaml", "level: kecamatan", "level: provinsi",
     "sampah", "level 'provinsi' must be one of rw, kelurahan, kecamatan, kota"),
    ("complaints: no fallback", "complaints/categories.yaml", "  - code: lainnya", "  - code: lain-lain",
     "complaints", "needs the fallback category 'lainnya'"),
    ("complaints: shared keyword", "complaints/categories.yaml", "keywords: [sampah]", "keywords: [sampah, aspal]",
     "sampah", "keyword 'aspal' is also a keyword of 'jalan'"),
    ("complaints: duplicate code", "complaints/categories.yaml", "code: sampah", "code: jalan",
     "jalan", "duplicate code"),
    ("complaints: not GSM-7", "complaints/categories.yaml", "label: Sampah", "label: \"Sampah \u2013 kotor\"",
     "sampah", "outside GSM-7: U+2013"),
    ("complaints: unknown deadline stage", "complaints/categories.yaml", "{verifikasi: 2, selesai: 7}",
     "{verifikasi: 2, beres: 7}", "sampah", "deadlines: unknown stage 'beres' (one of verifikasi, tindakan, selesai)"),
    ("complaints: deadline not a number", "complaints/categories.yaml", "{verifikasi: 2, selesai: 7}",
     "{verifikasi: 2, selesai: tujuh}", "sampah", "deadlines.selesai: 'tujuh' must be a whole number of working days"),
    ("complaints: deadline of 0 days", "complaints/categories.yaml", "{verifikasi: 2, selesai: 7}",
     "{verifikasi: 0, selesai: 7}", "sampah", "deadlines.verifikasi: 0 must be a whole number of working days from 1"),
    ("complaints: deadlines decrease", "complaints/categories.yaml", "{verifikasi: 2, selesai: 7}",
     "{verifikasi: 2, selesai: 4}", "sampah", "deadlines must not decrease: verifikasi <= tindakan <= selesai"),
    ("calendar: impossible date", "calendar/libur.yaml", "{date: 2026-12-28,", "{date: 2026-02-30,",
     "calendar", "2026.add[0].date: '2026-02-30' is not a date (YYYY-MM-DD)"),
    ("calendar: date of another year", "calendar/libur.yaml", "{date: 2026-12-28,", "{date: 2027-12-28,",
     "calendar", "2026.add[0].date: 2027-12-28 is not in 2026"),
    ("calendar: cancels a working day", "calendar/libur.yaml", "{date: 2026-12-24,", "{date: 2026-12-23,",
     "calendar", "2026.cancel: 2026-12-23 is not a holiday in the holidays package: nothing to cancel"),
    ("calendar: moves a working day", "calendar/libur.yaml", "{from: 2026-05-15,", "{from: 2026-05-12,",
     "calendar", "2026.move: 2026-05-12 is not a holiday in the holidays package: nothing to move"),
    ("calendar: no note", "calendar/libur.yaml", ", note: Cuti bersama tambahan}", "}",
     "calendar", "missing required field '2026.add[0].note'"),
    ("calendar: unknown area", "calendar/libur.yaml", "area: KTC.SAT\n", "area: KTC.SATU\n",
     "calendar", "regional: unknown area code 'KTC.SATU'"),
    ("calendar: area not a code", "calendar/libur.yaml", "area: KTC.SAT\n", "area: Kota Contoh\n",
     "calendar", "regional[1].area: 'Kota Contoh' is not an area code"),
    ("calendar: bad month-day", "calendar/libur.yaml", 'every: "10-28"', 'every: "13-28"',
     "calendar", "regional[0].every: '13-28' is not a month and day"),
    ("calendar: date and every", "calendar/libur.yaml", "    date: 2026-07-01\n", '    date: 2026-07-01\n    every: "07-01"\n',
     "calendar", "regional[1]: needs either 'date' (YYYY-MM-DD) or 'every'"),
    ("calendar: not a year", "calendar/libur.yaml", "  2026:\n", "  dua-ribu:\n",
     "calendar", "years: 'dua-ribu' is not a year"),
    ("calendar: not YAML", "calendar/libur.yaml", "years:\n", "years: [\n",
     "calendar", "YAML error"),
    ("missing field", "programs/contoh.yaml", "summary: Program contoh.", "sumary: Program contoh.",
     "contoh", "missing required field 'summary'"),
    ("unknown area", "programs/contoh.yaml", "areas: [KTC]", "areas: [XXX.YYY]",
     "contoh", "unknown area code 'XXX.YYY'"),
    ("unknown term", "programs/contoh.yaml", "terms: [rt, swadaya]", "terms: [rt, swadaya, bkm]",
     "contoh", "unknown glossary term 'bkm'"),
    ("unknown lesson", "glossary.yaml", "lesson: contoh-1", "lesson: contoh-9",
     "swadaya", "unknown lesson 'contoh-9'"),
    ("unknown see", "glossary.yaml", "see: [swadaya]", "see: [swadaya, lkm]",
     "rt", "unknown glossary term 'lkm' in see"),
    ("unknown figure", "programs/contoh.yaml", "Sebanyak {rt_ikut} RT", "Sebanyak {rt_ikutt} RT",
     "contoh", "unknown figure '{rt_ikutt}'"),
    ("duplicate lesson id", "programs/contoh.yaml", "id: contoh-2", "id: contoh-1",
     "contoh-1", "duplicate id"),
    ("duplicate term id", "glossary.yaml", "id: swadaya", "id: rt",
     "rt", "duplicate id"),
    ("duplicate key", "programs/contoh.yaml", "name: Program Contoh", "name: Program Contoh\nname: Lagi",
     "contoh", "duplicate key 'name'"),
    ("number as text", "programs/contoh.yaml", "Sebanyak {rt_ikut} RT", "Sebanyak 1.635 RT",
     "contoh", "number written as text: '1.635' (use {rt_ikut})"),
    ("amount as text", "programs/contoh.yaml", "Dana kerja dari", "Hadiah 5 juta. Dana kerja dari",
     "contoh", "number written as text: '5 juta' (use {hadiah})"),
    ("figure typed as text", "programs/contoh.yaml", "value: 5000000}", "value: \"5 juta\"}",
     "hadiah", "figure value '5 juta' must be a number, not text"),
    ("not GSM-7", "programs/contoh.yaml", "goals: [Lingkungan bersih.]", "goals: [\"Lingkungan bersih \u2013 sehat.\"]",
     "contoh", "SMS-safe text has characters outside GSM-7: U+2013"),
    ("glossary not GSM-7", "glossary.yaml", "Usaha warga sendiri", "Usaha warga \u201csendiri\u201d",
     "swadaya", "outside GSM-7: U+201C U+201D"),
    ("long lesson core", "programs/contoh.yaml", "core: Inti pelajaran. Hadiahnya {hadiah}.\n    terms: [rt]\n    question:\n      text: Berapa hadiahnya?\n      options: [\"{hadiah}\", Tidak ada, Tidak tahu]\n      answer: 1\n      explain: Hadiahnya {hadiah}.\n  - id: contoh-5",
     "core: " + "Inti pelajaran yang terlalu panjang. " * 4 + "Hadiahnya {hadiah}.\n    terms: [rt]\n    question:\n      text: Berapa hadiahnya?\n      options: [\"{hadiah}\", Tidak ada, Tidak tahu]\n      answer: 1\n      explain: Hadiahnya {hadiah}.\n  - id: contoh-5",
     "contoh-4", "lesson core is 2 SMS segments (gsm7); it must fit one"),
    ("two options", "programs/contoh.yaml", "options: [\"{hadiah}\", Tidak ada, Tidak tahu]\n      answer: 1\n      explain: Hadiahnya {hadiah}.\n  - id: contoh-2",
     "options: [\"{hadiah}\", Tidak ada]\n      answer: 1\n      explain: Hadiahnya {hadiah}.\n  - id: contoh-2",
     "contoh-1", "question needs exactly 3 options, has 2"),
    ("bad status", "programs/contoh.yaml", "status: berjalan", "status: jalan",
     "contoh", "period.status 'jalan' is not one of berjalan, selesai, diganti"),
    ("id not file name", "programs/contoh.yaml", "id: contoh\n", "id: lain\n",
     "lain", "id differs from the file name 'contoh'"),
    ("faq: two paraphrases", "faq/contoh.yaml", "      - Besar hadiah untuk RT kecil?\n", "",
     "contoh-hadiah", "needs at least 3 paraphrases, has 2"),
    ("faq: nothing informal", "faq/contoh.yaml", "    informal:\n      - duit kerjanya dr mana\n",
     "", "contoh-dana", "needs at least one informal paraphrase"),
    ("faq: unknown program", "faq/contoh.yaml", "    program: contoh\n    title: Dana", "    program: kontoh\n    title: Dana",
     "contoh-dana", "unknown program 'kontoh'"),
    ("faq: figure typed", "faq/contoh.yaml", "mendapat {hadiah}.", "mendapat Rp5.000.000.",
     "contoh-hadiah", "number written as text: '5.000.000' (use {hadiah})"),
    ("faq: unknown figure", "faq/contoh.yaml", "mendapat {hadiah}.", "mendapat {hadiahh}.",
     "contoh-hadiah", "unknown figure '{hadiahh}'"),
    ("faq: bad section", "faq/contoh.yaml", "    see: hadiah", "    see: gosip",
     "contoh-hadiah", "see: 'gosip' is not a section"),
    ("faq: duplicate id", "faq/contoh.yaml", "  - id: contoh-dana", "  - id: contoh-hadiah",
     "contoh-hadiah", "duplicate id"),
    ("faq: copies the dev set", "faq/contoh.yaml", "      - Besar hadiah untuk RT kecil?", "      - berapa hadiah PROGRAM contoh",
     "contoh-hadiah", "copies a dev-set question: 'Berapa hadiah Program Contoh?'"),
    ("faq: fact bullet unanswered", "faq/coverage.yaml", "program1.2: [contoh-dana]\n", "",
     "program1.2", "fact bullet answered by no FAQ entry"),
    ("faq: coverage names an unknown entry", "faq/coverage.yaml", "[contoh-dana]", "[contoh-dana, contoh-x]",
     "program1.2", "unknown FAQ id 'contoh-x'"),
    ("faq: coverage names no bullet", "faq/coverage.yaml", "program1.2:", "program1.2: [contoh-dana]\nprogram1.3:",
     "program1.3", "no such fact bullet in FACTS.md"),
    ("faq: answer not GSM-7", "faq/contoh.yaml", "dibiayai swadaya warga.", "dibiayai swadaya warga \u2014 semua.",
     "contoh-dana", "outside GSM-7: U+2014"),
]  # fmt: skip


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    path = target / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_the_good_fixture_is_clean():
    assert [str(p) for p in check(FIXTURE)] == []


def test_the_fixture_calendar_and_deadlines_are_read():
    from datetime import date

    from content.library import load_library

    loaded = load_library(FIXTURE)
    sampah, jalan = loaded.complaints["sampah"], loaded.complaints["jalan"]
    assert [sampah.deadline(s) for s in ("verifikasi", "tindakan", "selesai")] == [2, 5, 7]
    assert [jalan.deadline(s) for s in ("verifikasi", "tindakan", "selesai")] == [3, 5, 10]
    fix = loaded.calendar.years[2026]
    assert [(d.day, d.note) for d in fix.cancel] == [(date(2026, 12, 24), "Cuti bersama Natal dibatalkan")]
    assert [(m.old, m.new) for m in fix.move] == [(date(2026, 5, 15), date(2026, 5, 13))]
    assert [(r.area, r.on(2027)) for r in loaded.calendar.regional] == [("KTC", date(2027, 10, 28)), ("KTC.SAT", None)]


@pytest.mark.parametrize(("label", "file", "old", "new", "owner", "problem"), BROKEN, ids=[b[0] for b in BROKEN])
def test_check_reports_each_broken_fixture(tmp_path, capsys, label, file, old, new, owner, problem):
    content_dir = broken_copy(tmp_path, file, old, new)
    assert main(["content", "check", "--content-dir", str(content_dir)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines, label
    for line in lines:
        assert LINE.match(line), f"not `<path>:<id>: <problem>`: {line!r}"
    wanted = [line for line in lines if LINE.match(line)["id"] == owner and problem in line]
    assert wanted, f"{label}: expected `{owner}: …{problem}` in:\n" + "\n".join(lines)
    assert wanted[0].startswith(str(content_dir / file) + ":")


def test_duplicate_program_id_across_files(tmp_path, capsys):
    content_dir = broken_copy(tmp_path, "programs/contoh.yaml", "x", "x")
    shutil.copy(content_dir / "programs" / "contoh.yaml", content_dir / "programs" / "kopi.yaml")
    assert main(["content", "check", "--content-dir", str(content_dir)]) == 1
    out = capsys.readouterr().out
    assert f"{content_dir / 'programs' / 'kopi.yaml'}:contoh: duplicate id" in out


def test_telegram_only_text_may_use_any_character(tmp_path):
    content_dir = broken_copy(tmp_path, "programs/contoh.yaml", "summary: Program contoh.",
                              "summary_more: \"Lebih lengkap \u2013 dengan \u201ctanda kutip\u201d.\"\nsummary: Program contoh.")  # fmt: skip
    assert [str(p) for p in check(content_dir)] == []


# --- kabarrt content show -------------------------------------------------------------------


def test_show_unknown_program_exits_2_with_the_list(capsys):
    assert main(["content", "show", "tidak-ada"]) == 2
    err = capsys.readouterr().err
    for program_id in PROGRAM_IDS:
        assert program_id in err


def test_show_unknown_section_exits_2_with_the_list(capsys):
    assert main(["content", "show", "kampung-bantar", "gosip"]) == 2
    err = capsys.readouterr().err
    assert "ringkasan" in err and "pelajaran" in err


def test_show_sms_prints_segments_and_leaves_telegram_detail_out(capsys):
    assert main(["content", "show", "kampung-bantar", "pelajaran", "--channel", "sms"]) == 0
    sms = capsys.readouterr().out
    assert main(["content", "show", "kampung-bantar", "pelajaran"]) == 0
    telegram = capsys.readouterr().out
    lessons = library().programs["kampung-bantar"].lessons
    assert sms.count("[sms segments=") == telegram.count("\n--") == 1 + 3 * len(lessons)
    assert "[sms segments=" not in telegram
    with_more = [lesson for lesson in lessons if lesson.more]
    assert with_more, "no lesson has a Telegram-only part to compare"
    for lesson in with_more:
        start = lesson.more.split("{")[0][:30]
        assert start in telegram and start not in sms, lesson.id
    for lesson in lessons:
        assert f"({lesson.number}/{len(lessons)}) " in sms


# --- our own sentences ------------------------------------------------------------------------

SEEDS = ROOT.parent / "shared" / "seeds"
#: a run of this many words shared with a paper is a pasted sentence, not a shared name
RUN = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _content_texts(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        # a regulation's title is quoted on purpose
        return [t for k, v in data.items() if k != "about" for t in _content_texts(v)]
    if isinstance(data, list):
        return [t for v in data for t in _content_texts(v)]
    return []


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is not part of this checkout")
def test_no_sentence_is_pasted_from_the_papers():
    import yaml

    seed_words = _words(" ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    runs = {tuple(seed_words[i : i + RUN]) for i in range(len(seed_words) - RUN + 1)}
    area_names = {line.split(",")[2].lower() for line in (CONTENT_DIR / "areas" / "contoh.csv").read_text().splitlines()
                  if line and not line.startswith(("#", "kota,")) and line.split(",")[2]}  # fmt: skip
    pasted = []
    for path in [*sorted((CONTENT_DIR / "programs").glob("*.yaml")), CONTENT_DIR / "glossary.yaml"]:
        for text in _content_texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for name in area_names:  # lists of kelurahan names are facts, not prose
                text = re.sub(re.escape(name), " ", text, flags=re.I)
            words = _words(text)
            pasted += [
                f"{path.name}: {' '.join(words[i : i + RUN])}"
                for i in range(len(words) - RUN + 1)
                if tuple(words[i : i + RUN]) in runs
            ]
    assert pasted == []
