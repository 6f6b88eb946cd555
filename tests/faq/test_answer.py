"""FAQ: normalisation tables, answers / close calls / "Maaf" as dialogs, the unanswered list,
`kabarrt faq eval` on a fixture with known output, and no invented figures in any answer."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from bot.cli.content import fact_bullets
from bot.cli.faq import unanswered_lines
from bot.cli.parser import main
from bot.i18n import translator
from content.library import CONTENT_DIR, Language, library
from handlers.faq import answer as faq
from handlers.faq.nlp.normalize import Normalizer, stem, surface
from handlers.faq.nlp.retrieval import Hit
from handlers.programs import glossary
from models import Area, Identity, Resident, UnansweredQuestion
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, verify_both, verify_dialog

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "faq"
FACTS = CONTENT_DIR / "sources" / "FACTS.md"
MAAF = "Maaf, saya belum bisa menjawab pertanyaan itu. Pertanyaan Anda sudah dicatat untuk petugas."

# --- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Brp HADIAH?!", ["brp", "hadiah"]),
        ("Rp10.000.000", ["rp", "10000000"]),
        ("dana 50jt", ["dana", "50", "jt"]),
        ("31,43 %", ["31.43"]),
        ("indikator2nya", ["indikatornya"]),
        ("apa-apa", ["apa"]),
        ("kk-nya", ["kk", "nya"]),
        ("jam 07.00-17.00", ["jam", "07.00", "17.00"]),
        ("RT003", ["rt", "003"]),
        ("“Kampung” — Bantar…", ["kampung", "bantar"]),
    ],
)
def test_surface_tokens(text, tokens):
    assert surface(text) == tokens


TOY = Language(
    slang={"brp": "berapa", "yg": "yang", "gmn": "bagaimana", "jt": "juta", "dipake": "dipakai",
           "nyairin": "cair", "ga": "tidak", "kpn": "kapan", "duit": "uang", "apa aja": "apa saja"},
    synonyms={"dana": "uang", "penghargaan": "hadiah"},
    stopwords=frozenset({"yang", "saja", "di", "untuk", "dong"}),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("brp hadiah yg sedang", ["berapa", "hadiah", "sedang"]),
        ("duit 50jt dipake buat apa aja dong", ["uang", "50000000", "pakai", "buat", "apa"]),
        ("dana 1,5 juta", ["uang", "1500000"]),
        ("kpn dana nyairin", ["kapan", "uang", "cair"]),
        ("penghargaan kampung", ["hadiah", "kampung"]),
        ("kmpung bantar", ["kampung", "bantar"]),  # one typo, corrected to a catalogue word
        ("kampng bntar", ["kampung", "bantar"]),
        ("pemberdayaan kelurahan", ["daya", "lurah"]),  # PySastrawi stems
        ("data", ["data"]),  # a real word is not "corrected" into the catalogue's "daya"
        ("ga ada", ["tidak", "ada"]),
    ],
)
def test_normalizer_with_slang_stopwords_typos_and_stems(text, tokens):
    normalizer = Normalizer(TOY, ["kampung bantar hadiah", "pemberdayaan daya"])
    assert normalizer.tokens(text) == tokens


def test_stems_are_cached_and_leave_numbers_and_abbreviations():
    assert stem("dicairkan") == "cair"
    assert stem("bkm") == "bkm"
    assert stem("10000000") == "10000000"


@pytest.mark.parametrize(
    ("informal", "standard"),
    [("gmn", "bagaimana"), ("brp", "berapa"), ("yg", "yang"), ("utk", "untuk"), ("tdk", "tidak"),
     ("ga", "tidak"), ("gak", "tidak"), ("nggak", "tidak"), ("dpt", "dapat"), ("kpn", "kapan"),
     ("jt", "juta"), ("apaan", "apa"), ("dapet", "dapat"), ("pake", "pakai"), ("nyairin", "cair")],
)  # fmt: skip
def test_the_shipped_slang_file_knows_what_residents_type(informal, standard):
    slang = library().language.slang
    assert informal in slang, f"{informal!r} missing from content/faq/slang.yaml"
    assert standard in slang[informal].split() or stem(standard) in [stem(w) for w in slang[informal].split()]


def test_question_words_are_not_stopwords():
    stop = library().language.stopwords
    assert stop, "content/faq/stopwords.yaml is empty"
    assert not {"berapa", "siapa", "kapan", "bagaimana", "kenapa"} & stop


# --- the catalogue ---------------------------------------------------------------------------


def test_catalogue_size_and_paraphrases():
    entries = library().faq
    assert len(entries) >= 150
    for entry in entries.values():
        assert len(entry.paraphrases) >= 3, entry.id
        assert entry.informal, entry.id


def test_every_fact_bullet_has_an_answer():
    bullets = fact_bullets(FACTS)
    assert len(bullets) == 34  # 12 + 7 + 7 + 7 + 1 top-level bullets in the five program sections
    coverage = library().coverage
    assert {key for key in bullets if not coverage.get(key)} == set()
    assert all(entry in library().faq for ids in coverage.values() for entry in ids)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {n.rstrip(".,") for n in _NUMBER.findall(text)}


def test_no_answer_contains_a_number_that_is_not_in_the_data_or_facts():
    lib, t = library(), translator("id")
    facts = _numbers(FACTS.read_text(encoding="utf-8"))
    # facts about the bot itself come from its docs (the residents' guide above all)
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    readme = set().union(*(_numbers(doc.read_text(encoding="utf-8")) for doc in docs))
    invented = []
    for entry in lib.faq.values():
        program = lib.programs.get(entry.program or "")
        allowed = set(facts)
        if program is None:
            allowed |= readme
        else:
            allowed |= {n for f in program.figures.values() for n in _numbers(f.render(t))}
            allowed |= {n for act in program.legal_basis for n in _numbers(f"{act.number} {act.year}")}
        answer = faq.answer_screen(t, lib, entry.id).text
        invented += [f"{entry.id}: {n}" for n in sorted(_numbers(answer) - allowed)]
    assert invented == []


# --- answering in the conversation ------------------------------------------------------------


async def test_informal_questions_are_answered_with_figures_before_any_welcome(db):
    await verify_both([
        ("brp hadiah kmpung bantar kategori sedang", ("Rp7.000.000", Absent("Halo! Saya KabarRT"), Absent("Maaf"))),
        ("uang 50jt rt di bontang boleh dipake buat apa aja", ("infrastruktur", Absent("Maaf"))),
        ("kepanjangan PJOK apa sih", ("Penanggung Jawab Operasional Kegiatan", Absent("Maaf"))),
        ("gmn cara hapus data sy", ("HAPUS DATA", Absent("Maaf"))),
    ])  # fmt: skip


def _hit(entry: str, score: float, confidence: float = 0.9) -> Hit:
    return Hit(entry, score, confidence)


PROGRAM_OF = {"pkt-pjok": "paket-p2kp", "pnpm-pjok": "pnpm-perkotaan", "kb-a": "kampung-bantar",
              "kb-b": "kampung-bantar", "bot-x": None}.get  # fmt: skip


@pytest.mark.parametrize(
    ("hits", "answer", "choices"),
    [
        ([_hit("kb-a", 10, 0.3)], None, ()),  # below the threshold: "Maaf"
        ([_hit("kb-a", 10), _hit("kb-b", 5)], "kb-a", ()),  # one clear best
        ([_hit("pkt-pjok", 10), _hit("pnpm-pjok", 9.9)], None, ("pkt-pjok", "pnpm-pjok")),  # which program?
        ([_hit("kb-a", 10), _hit("kb-b", 9.9)], "kb-a", ("kb-b",)),  # neighbours: best, then the other
        ([_hit("kb-a", 10), _hit("bot-x", 9.9)], "kb-a", ("bot-x",)),
        ([_hit("term:ksm", 10), _hit("pnpm-pjok", 9.9)], "pnpm-pjok", ()),  # written answer beats glossary
        ([Hit("kb-a", 10, 1.0, exact=True), _hit("kb-b", 10)], "kb-a", ()),  # typed word for word
    ],
)
def test_decide(hits, answer, choices):
    found = faq.decide(tuple(hits), threshold=0.5, margin=0.95, program_of=PROGRAM_OF)
    assert (found.answer, found.choices) == (answer, choices)


CLOSE = ["apa itu fasilitator", "peran lurah apa", "tugas relawan apa", "dasar hukumnya apa"]


async def test_a_question_that_fits_two_programs_offers_numbered_choices(db):
    matches = [(q, faq.matcher().match(q)) for q in CLOSE if glossary.asked_term(library(), q) is None]
    question, found = next((q, m) for q, m in matches if m.answer is None and len(m.choices) >= 2)
    titles = [faq.title(library(), entry) for entry in found.choices]
    await verify_dialog([(question, ("Maksud Anda yang mana?", f"1. {titles[0]}", f"2. {titles[1]}", Absent("Maaf")))])
    picked = faq.answer_screen(translator("id"), library(), found.choices[1]).text
    await verify_dialog([("2", picked.split("\n")[0][:40])])


async def test_neighbouring_answers_come_with_the_others_offered(db):
    lib = library()
    kb = [e for e in lib.faq.values() if e.program == "kampung-bantar"]
    # a question made of two entries' titles: both fit, the best is answered, the other offered
    for first, second in itertools.pairwise(kb):
        found = faq.matcher().match(f"{first.title} {second.title}")
        if found.answer and found.choices:
            break
    else:
        pytest.fail("no pair of neighbouring entries found")
    answer = faq.answer_screen(translator("id"), lib, found.answer).text
    other = faq.title(lib, found.choices[0])
    await verify_both([(f"{first.title} {second.title}", (answer[:40], "Atau maksud Anda:", other, Absent("Maaf")))])


async def test_unknown_questions_get_maaf_are_recorded_and_listed(db, capsys):
    await verify_both([
        ("siapa juara piala dunia 2022", (MAAF, Absent("Rp"))),
        ("Siapa juara piala dunia 2022?", MAAF),
        ("cara bikin ktp elektronik", MAAF),
    ])  # fmt: skip
    rows = await UnansweredQuestion.all()
    assert len(rows) == 6
    lines = await unanswered_lines()
    assert len(lines) == 2
    count, last_seen, area, text = lines[0].split("\t")
    assert (count, area) == ("4", "-")
    assert text.lower().startswith("siapa juara piala dunia 2022")
    assert lines[1].split("\t")[0] == "2"
    assert re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", last_seen)


async def test_unanswered_keeps_the_area_and_hapus_data_erases_it(db):
    import bot.db
    from handlers.residents.area_import import import_areas_file

    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    await verify_dialog([("halo", "KabarRT")], sender=TELEGRAM_SENDER)
    identity = await Identity.get(value=TELEGRAM_SENDER).select_related("resident")
    identity.resident.area_id = (await Area.get(code="JMB.ALB.MYM.RW01.RT003")).id
    await identity.resident.save()
    await verify_dialog([("jadwal posyandu minggu ini kapan", MAAF)], sender=TELEGRAM_SENDER)
    assert (await unanswered_lines())[0].split("\t")[2] == "JMB.ALB.MYM.RW01.RT003"
    await verify_dialog([("HAPUS DATA", "Semua data Anda akan dihapus"), ("1", "dihapus")], sender=TELEGRAM_SENDER)
    assert await UnansweredQuestion.all().count() == 0
    assert await Resident.all().count() == 0


async def test_numbers_and_noise_are_not_recorded(db):
    await verify_dialog([("123", "Maaf"), ("🙏🙏", "Maaf, saya hanya bisa membaca tulisan")], sender=SMS_SENDER)
    assert await UnansweredQuestion.all().count() == 0


async def test_answer_offers_the_programs_section(db):
    entry = next(e for e in library().faq.values() if e.see and e.program == "kampung-bantar")
    screen = faq.answer_screen(translator("id"), library(), entry.id)
    await verify_dialog([(entry.questions[0], ("Baca: ", Absent("Maaf"))), ("1", "Bagian lain")])
    assert screen.options


def test_the_unanswered_command_prints_tab_separated_lines(tmp_path, capsys):
    db = tmp_path / "x.sqlite3"
    from tests.cli.test_shell import shell

    shell(db, ["harga cabai hari ini berapa", "harga cabai hari ini berapa", "siapa nama presiden"])
    assert main(["faq", "unanswered", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["2", "1"]
    assert lines[0].split("\t")[3] == "harga cabai hari ini berapa"


# --- kabarrt faq eval ----------------------------------------------------------------------------


def test_eval_on_a_fixture_prints_each_miss_and_the_ratios(capsys):
    assert main(["faq", "eval", str(FIXTURES / "eval-small.jsonl")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "accuracy=0.667 rejection=0.500 n=5"
    assert len(out) == 3
    assert out[0].startswith('MISS in "apa itu BKM?" => BKM (Badan Keswadayaan Masyarakat): ')
    assert out[1].startswith('MISS out "apa arti KK" => KK (Kepala Keluarga)')
    assert all(len(line.split(" => ", 1)[1]) <= 120 for line in out[:-1])


@pytest.mark.parametrize(
    ("content", "reason"),
    [('{"q": "a"}', "expect"), ("not json", "not JSON"), ('{"q": "", "expect": []}', '"q"'),
     ('{"q": "a", "expect": ["("]}', "bad regular expression")],
)  # fmt: skip
def test_eval_rejects_malformed_files_with_exit_2(tmp_path, capsys, content, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"q": "apa itu KK", "expect": ["kepala"]}\n' + content + "\n", encoding="utf-8")
    assert main(["faq", "eval", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2:" in err and reason in err


def test_eval_prints_nan_for_an_empty_group(tmp_path, capsys):
    path = tmp_path / "only-out.jsonl"
    path.write_text(json.dumps({"q": "resep nasi goreng dong", "expect": []}) + "\n", encoding="utf-8")
    assert main(["faq", "eval", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "accuracy=nan rejection=1.000 n=1"
