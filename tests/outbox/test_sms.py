"""Long SMS replies are cut at the segment limit and continued with LANJUT; STOP cancels what
was queued in bulk. The cut itself (handlers/outbox/sms.py) is tested as a pure function first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.i18n import translator
from content.library import CONTENT_DIR
from handlers.engine import Engine
from handlers.messages import Option, Outbound, Priority
from handlers.outbox import queue as outbox
from handlers.outbox.sms import fit, render, segments
from models import Identity, OutboxMessage, OutboxStatus
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, verify_dialog

T = translator("id")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
OPTIONS = (Option("Bagian lain", "a"), Option("Program lain", "b"))
PARAGRAPHS = "\n\n".join(f"Paragraf {i}: " + "kata " * 40 for i in range(1, 6))  # about 1 100 chars


def _sms(text: str, options=()) -> Outbound:
    return Outbound(identity=SMS_SENDER, text=text, options=tuple(options))


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
@pytest.mark.parametrize(
    "text",
    [PARAGRAPHS, "satu dua tiga " * 80, "x" * 700, "Bu RT 😀 " * 60, "Pertama.\nKedua.\n" * 40],
    ids=["paragraphs", "words", "one-long-word", "ucs2", "lines"],
)
def test_fit_cuts_within_the_limit_and_loses_nothing(text, limit):
    parts, message = [], _sms(text, OPTIONS)
    while message is not None:
        head, message = fit(message, T, limit)
        parts.append(head)
        assert render(head, T).segments <= limit
        assert len(parts) < 60, "the cut must make progress"
    *cut, last = parts
    assert all("(Balas LANJUT untuk sambungannya)" in p.text and not p.options for p in cut)
    assert last.options == OPTIONS  # the options come where the resident answers
    body = "".join(p.text.replace("(Balas LANJUT untuk sambungannya)", "") for p in parts)
    body = body.removesuffix("Pilih salah satu:")  # when only the options were left over
    assert "".join(body.split()) == "".join(text.split())  # every word, in order, once


def test_fit_leaves_short_replies_alone_and_prefers_paragraph_breaks():
    short = _sms("Halo", OPTIONS)
    assert fit(short, T, 3) == (short, None)
    head, rest = fit(_sms(PARAGRAPHS), T, 3)
    assert head.text.split("\n")[-2].startswith("kata") or head.text.count("Paragraf") >= 1
    assert rest.text.startswith("Paragraf ")  # cut between paragraphs, not mid-sentence
    assert segments(head.text)[0] <= 3


def test_options_that_do_not_fit_come_alone():
    text = "a" * 420  # fits three segments with the LANJUT hint, not with the options
    head, rest = fit(_sms(text, OPTIONS), T, 3)
    assert head.text.startswith(text) and not head.options
    assert rest.text == "Pilih salah satu:" and rest.options == OPTIONS


# --------------------------------------------------------------------------- through the engine


async def _program_section_table() -> list:
    from tests.programs.test_flow import PROGRAM_FILES

    position = [p.stem for p in PROGRAM_FILES].index("paket-p2kp") + 1
    return [("PROGRAM", "Info program"), (str(position), "1. Ringkasan")]


async def test_lanjut_continues_a_cut_reply_and_its_options_then_work(db):
    assert (CONTENT_DIR / "programs" / "paket-p2kp.yaml").exists()
    table = await _program_section_table()
    answers = await verify_dialog(
        [
            *table,
            ("1", ("PAKET adalah bagian dari P2KP", "(Balas LANJUT untuk sambungannya)", Absent("Bagian lain"))),
            ("lanjut", ("catatan lama", "1. Bagian lain", "Balas 1 atau 2.")),
            ("1", "Pilih:"),  # the numbers belong to the options of the last part
            ("LANJUT", "Tidak ada lanjutan pesan."),
        ],
        channel="sms", sender=SMS_SENDER, follow_more=False,
    )  # fmt: skip
    assert "[sms segments=3 encoding=gsm7]" in answers[2]
    # Telegram gets the whole section at once
    await verify_dialog(
        [*table, ("1", ("PAKET adalah bagian dari P2KP", "catatan lama", "Bagian lain", Absent("LANJUT")))],
        channel="telegram", sender=TELEGRAM_SENDER, follow_more=False,
    )  # fmt: skip


async def test_lanjut_keeps_the_flow_and_a_new_reply_replaces_what_waited(db):
    table = await _program_section_table()
    await verify_dialog(
        [
            *table,
            ("1", "(Balas LANJUT untuk sambungannya)"),
            ("BANTUAN", "Kirim: MENU"),  # a new reply: the rest of the section is dropped
            ("LANJUT", "Tidak ada lanjutan pesan."),
        ],
        channel="sms", sender=SMS_SENDER, follow_more=False,
    )  # fmt: skip


async def test_the_segment_limit_is_a_setting(db):
    engine = Engine(translator, default_locale="id", max_sms_segments=2)
    table = await _program_section_table()
    await verify_dialog(table, channel="sms", sender=SMS_SENDER, engine=engine)
    answers = await verify_dialog(
        [("1", "(Balas LANJUT"), ("LANJUT", "(Balas LANJUT")],
        channel="sms", sender=SMS_SENDER, engine=engine, follow_more=False,
    )  # fmt: skip
    assert all(answer.endswith("[sms segments=2 encoding=gsm7]") for answer in answers)


# --------------------------------------------------------------------------- STOP and bulk messages


async def test_stop_cancels_queued_bulk_messages_but_not_replies(db):
    await verify_dialog([("halo", "KabarRT")], channel="sms", sender=SMS_SENDER)
    resident_id = (await Identity.get(value=SMS_SENDER)).resident_id
    bulk = [
        await outbox.enqueue(SMS_SENDER, f"Pengumuman {i}", created_at=NOW, resident_id=resident_id)
        for i in range(3)
    ]
    reply = await outbox.enqueue(SMS_SENDER, "Jawaban", created_at=NOW, priority=Priority.REPLY, resident_id=resident_id)
    other = await outbox.enqueue("sms:+6281200000099", "Pengumuman", created_at=NOW)
    await verify_dialog([("STOP", "tidak akan menerima pengumuman")], channel="sms", sender=SMS_SENDER)

    statuses = {row.id: row.status for row in await OutboxMessage.all()}
    assert [statuses[row.id] for row in bulk] == [OutboxStatus.CANCELLED] * 3
    assert statuses[reply.id] is OutboxStatus.QUEUED and statuses[other.id] is OutboxStatus.QUEUED
    events = await OutboxMessage.get(id=bulk[0].id).prefetch_related("events")
    assert [e.detail for e in events.events] == ["resident sent STOP"]
    # later announcements are not even queued, by resident or by number; replies still are
    assert await outbox.enqueue(SMS_SENDER, "Lagi", created_at=NOW, resident_id=resident_id) is None
    assert await outbox.enqueue(SMS_SENDER, "Lagi", created_at=NOW) is None
    assert await outbox.enqueue(SMS_SENDER, "Balasan", created_at=NOW, priority=Priority.REPLY) is not None
    await verify_dialog([("MULAI", "akan menerima pengumuman")], channel="sms", sender=SMS_SENDER)
    assert await outbox.enqueue(SMS_SENDER, "Lagi", created_at=NOW) is not None


def test_a_menu_too_long_for_the_limit_is_sent_whole_not_looped():
    menu = _sms("Pilih program:", [Option(f"Program nomor {i} yang panjang", str(i)) for i in range(12)])
    head, rest = fit(menu, T, 1)
    assert (head, rest) == (menu, None)


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("Rapat “penting” jam 19.00 – jangan telat…", 'Rapat "penting" jam 19.00 - jangan telat...'),
        ("Jum’at\u00a0pagi • bawa cangkul", "Jum'at pagi - bawa cangkul"),
    ],
)
def test_typography_never_forces_ucs2_but_emoji_still_do(typed, sent):
    rendered = render(_sms(typed), T)
    assert (rendered.text, rendered.encoding, rendered.segments) == (sent, "gsm7", 1)
    emoji = render(_sms("Terima kasih, Bu Ratna 🙏 “sip”"), T)
    assert emoji.encoding == "ucs2" and emoji.text == 'Terima kasih, Bu Ratna 🙏 "sip"'
