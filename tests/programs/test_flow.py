"""Program-info menu: dialog tables browsing every section of every program on both renderings.

Expectations are taken from the raw YAML (not from the screen functions under test), so a
screen that drops or mangles a section fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import bot.db
from bot.channels.render import render_sms
from bot.i18n import translator
from content.library import CONTENT_DIR, library
from handlers import menu
from handlers.messages import Outbound
from handlers.programs import flow as programs
from handlers.residents.area_import import import_areas_file
from models import Area, ConversationState, Identity, Interaction
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, verify_both, verify_dialog

PROGRAM_FILES = sorted((CONTENT_DIR / "programs").glob("*.yaml"))
FALLBACK = "Maaf, saya belum bisa menjawab"
NEVER = (Absent("{"), Absent("}"), Absent("Maaf, terjadi gangguan"))


def raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def start(text: str) -> str:
    """The first words of a content text, before any placeholder, as the bot prints it."""
    return " ".join(text.split()).split("{")[0][:25].strip()


def browse_table(path: Path) -> list:
    data = raw(path)
    position = PROGRAM_FILES.index(path) + 1
    groups = data["indicators"].get("groups") or [] if data.get("indicators") else []
    acts = data["legal_basis"]
    expected = {
        "ringkasan": (data["title"], start(data["summary"])),
        "tujuan": start(data["goals"][0]),
        "indikator": f"1. {groups[0]['name']} (" if groups else start(data["indicators"]["intro"]),
        "hadiah": start(data["funding"]["text"]),
        "langkah": "1. " + start(data["procedures"][0]),
        "peran": f"- {data['roles'][0]['who']}: ",
        "dasar-hukum": f"{acts[0]['kind']} Nomor {acts[0]['number']} Tahun {acts[0]['year']}" if acts
        else "tidak menyebut dasar hukum",
        "fakta": start(data["facts"][0]["text"]) if data.get("facts") else "Belum ada catatan",
        "pelajaran": "1. " + data["lessons"][0]["title"],
    }  # fmt: skip
    back = {"indikator": len(groups) + 1, "pelajaran": len(data["lessons"]) + 1}
    table = [
        ("PROGRAM", ("Info program. Pilih program:", f"{position}. {data['name']}\n", "Kamus istilah", *NEVER)),
        (str(position), (f"{data['name']} (", "1. Ringkasan", "9. Pelajaran", "10. Program lain", *NEVER)),
    ]
    for number, section in enumerate(programs.SECTIONS, start=1):
        table.append((str(number), (*([expected[section]] if isinstance(expected[section], str)
                                       else expected[section]), "Bagian lain", *NEVER)))  # fmt: skip
        table.append((str(back.get(section, 1)), (f"{data['name']} (", "1. Ringkasan", *NEVER)))
    return table


@pytest.mark.parametrize("path", PROGRAM_FILES, ids=[p.stem for p in PROGRAM_FILES])
async def test_browse_every_section_of_every_program_on_both_channels(db, path):
    await verify_both(browse_table(path))


async def test_lessons_check_questions_and_record_answers(db):
    program = library().programs["kampung-bantar"]
    first, second = program.lessons[0], program.lessons[1]
    right = first.question.answer
    wrong = next(i for i in (1, 2, 3) if i != right)
    position = [p.stem for p in PROGRAM_FILES].index("kampung-bantar") + 1
    table = [
        ("PROGRAM", "Info program"),
        (str(position), "9. Pelajaran"),
        ("9", ("Pelajaran Kampung Bantar", f"1. {first.title}")),
        ("1", (f"(1/{len(program.lessons)}) ", "Pertanyaan:", "3. ")),
        (str(right), ("Benar!", "1. Pelajaran berikutnya")),
        ("1", (f"(2/{len(program.lessons)}) ",)),
        (str(next(i for i in (1, 2, 3) if i != second.question.answer)), "Kurang tepat. Jawabannya:"),
        ("2", "1. " + first.title),  # Daftar pelajaran
        ("1", "Pertanyaan:"),
        (str(wrong), "Kurang tepat."),
    ]
    answers = await verify_dialog(table, channel="telegram", sender=TELEGRAM_SENDER)
    if first.more:
        assert start(first.more) in answers[3]
    answers = await verify_dialog(table, channel="sms", sender=SMS_SENDER)
    if first.more:
        assert start(first.more) not in answers[3]  # SMS carries the core only
    sms_core = answers[3].split("\n[sms segments=")[0]
    assert render_sms(Outbound(identity=SMS_SENDER, text=sms_core)).segments == 1

    for sender in (TELEGRAM_SENDER, SMS_SENDER):
        resident = (await Identity.get(value=sender)).resident_id
        rows = await Interaction.filter(resident_id=resident, direction="out", topic__startswith="lesson.")
        assert [(r.topic, r.content_id) for r in sorted(rows, key=lambda r: r.id)] == [
            ("lesson.correct", first.id), ("lesson.wrong", second.id), ("lesson.wrong", first.id)
        ]  # fmt: skip


@pytest.fixture
async def areas(db):
    report = await import_areas_file(bot.db.DEMO_AREAS)
    assert report.ok


async def place(sender: str, code: str) -> None:
    identity = await Identity.get(value=sender).select_related("resident")
    identity.resident.area_id = (await Area.get(code=code)).id
    await identity.resident.save()


@pytest.mark.parametrize(
    ("rt", "kk", "said"),
    [
        ("JMB.ALB.MYM.RW01.RT001", 100, "tidak masuk kategori mana pun"),
        ("JMB.ALB.MYM.RW01.RT002", 28, "tidak masuk kategori mana pun"),
        ("JMB.ALB.MYM.RW01.RT003", 131, "kategori besar"),
        ("JMB.ALB.MYM.RW02.RT001", 64, "kategori sedang"),
        ("JMB.ALB.MYM.RW02.RT002", 45, "kategori kecil"),
    ],
)
async def test_rewards_speak_about_the_residents_own_rt(areas, rt, kk, said):
    await verify_dialog([("halo", "KabarRT")], sender=TELEGRAM_SENDER)
    await place(TELEGRAM_SENDER, rt)
    assert (await Area.get(code=rt)).kk_count == kk
    table = [
        ("PROGRAM", ("Program di wilayah Anda ada di urutan teratas", "1. Kampung Bantar")),
        ("1", "Kampung Bantar ("),
        ("4", (f"RT Anda tercatat {kk} KK: {said}", "Rp10.000.000", "Rp7.000.000", "Rp5.000.000",
               "Aturan tidak menyebut kategori untuk RT dengan kurang dari 30 KK atau tepat 100 KK")),
    ]  # fmt: skip
    await verify_dialog(table, sender=TELEGRAM_SENDER)


async def test_rewards_without_a_registered_rt_still_state_the_gap(db):
    position = [p.stem for p in PROGRAM_FILES].index("kampung-bantar") + 1
    await verify_both([
        ("PROGRAM", "Info program"),
        (str(position), "Kampung Bantar"),
        ("4", ("besar (lebih dari 100 KK): Rp10.000.000", "sedang (60-99 KK): Rp7.000.000",
               "kecil (30-59 KK): Rp5.000.000", "tepat 100 KK", "Tanyakan ke kantor kelurahan",
               Absent("RT Anda tercatat"))),
    ])  # fmt: skip


@pytest.mark.parametrize("program_id", ["pnpm-perkotaan", "paket-p2kp"])
async def test_ended_programs_say_the_information_is_historical(db, program_id):
    data = raw(CONTENT_DIR / "programs" / f"{program_id}.yaml")
    assert data["period"]["status"] in ("selesai", "diganti")
    position = [p.stem for p in PROGRAM_FILES].index(program_id) + 1
    await verify_both([
        ("PROGRAM", "Info program"),
        (str(position), ("Info lama", f"tahun {data['period']['as_of']}")),
        ("1", ("Info di sini catatan lama", "Program ini sudah")),
    ])  # fmt: skip


async def test_typed_names_navigate_and_other_text_leaves_the_menu(db):
    await verify_both([
        ("halo", "Halo! Saya KabarRT"),
        ("info program", "Info program. Pilih program:"),
        ("kampung bantar", ("Kampung Bantar (Kota Jambi)", "1. Ringkasan")),
        ("hadiah", "Rp10.000.000"),
        ("bagaimana caranya ikut kerja bakti minggu depan", FALLBACK),
        ("1", (FALLBACK, Absent("Rp"))),  # the flow is over: "1" no longer means a section
    ])  # fmt: skip
    for sender in (TELEGRAM_SENDER, SMS_SENDER):
        resident = (await Identity.get(value=sender)).resident_id
        state = await ConversationState.get(resident_id=resident)
        assert state.flow is None


async def test_menu_and_batal_work_inside_the_program_menu(db):
    await verify_both([
        ("PROGRAM", "Info program"),
        ("2", "Pilih:"),
        ("BATAL", "Dibatalkan."),
        ("PROGRAM", "Info program"),
        ("MENU", ("Menu KabarRT", "1. Info program")),
        ("1", "Info program. Pilih program:"),
    ])  # fmt: skip


async def test_glossary_answers_before_any_welcome_and_in_its_own_menu(db):
    await verify_both([
        ("apa itu BKM?", ("BKM (Badan Keswadayaan Masyarakat):", Absent("Halo! Saya KabarRT"))),
        ("swadaya artinya apa", "swadaya: "),
        ("ISTILAH", "Kamus istilah. Ketik kata"),
        ("swadya", "swadaya: "),  # one typo
        ("kk", "KK (Kepala Keluarga)"),
        ("zzzqqq", "belum ada di kamus kami"),
        ("siapa juara liga sepak bola inggris musim lalu", (FALLBACK, "dicatat untuk petugas", Absent("kamus"))),
        ("kapan dana PAKET cair", (Absent("kamus"), Absent(FALLBACK))),  # a question, not a word: answered
    ])  # fmt: skip


async def test_english_residents_get_english_menus(db):
    await verify_dialog([("BAHASA", "English"), ("PROGRAM", ("Program info", "Glossary"))])


# --- SMS size of every menu screen ---------------------------------------------------------


def sms_segments(screen) -> int:
    out = Outbound(identity=SMS_SENDER, text=screen.text, options=screen.options, detail=screen.detail)
    return render_sms(out).segments


def menu_screens():
    t, lib = translator("id"), library()
    yield "programs", programs.list_screen(t, lib)
    yield "programs in Jambi", programs.list_screen(t, lib, "JMB.ALB.MYM.RW01.RT001")
    for program in lib.programs.values():
        yield program.id, programs.program_screen(t, program, 2026)
        yield f"{program.id}/indikator", programs.section_screen(t, program, "indikator")
        yield f"{program.id}/pelajaran", programs.section_screen(t, program, "pelajaran")
        for lesson in program.lessons:
            _, question = programs.lesson_screens(t, program, lesson.id)
            yield f"{lesson.id} question", question
            for picked in (1, 2, 3):
                yield f"{lesson.id} answer {picked}", programs.answer_screen(t, program, lesson.id, picked)[0]


def test_every_menu_screen_fits_two_sms_segments():
    too_long = {name: n for name, screen in menu_screens() if (n := sms_segments(screen)) > 2}
    assert too_long == {}


def test_every_lesson_fits_one_sms_with_its_number():
    t, lib = translator("id"), library()
    for program in lib.programs.values():
        for lesson in program.lessons:
            lesson_screen, _ = programs.lesson_screens(t, program, lesson.id)
            assert sms_segments(lesson_screen) == 1, lesson.id


def test_main_menu_fits_two_sms_segments():
    class Resident:
        area_id, opted_out = None, False

    class Inbound:
        channel = "sms"

    class FakeTurn:
        t, resident, inbound = translator("id"), Resident(), Inbound()

    options = menu.main_menu_options(FakeTurn())
    text = translator("id")._("Menu KabarRT. Pilih salah satu:")
    assert render_sms(Outbound(identity=SMS_SENDER, text=text, options=tuple(options))).segments <= 2


def test_uncovered_reward_ranges_come_from_the_data():
    program = library().programs["kampung-bantar"]
    assert programs.uncovered(program.rewards) == [(1, 29), (100, 100)]
