"""End to end through a real Kannel: fakesmsc (the phones) → bearerbox → smsbox → `kabarrt serve`
→ outbox → smsbox sendsms → fakesmsc, and the delivery reports back. Inbound enters only through
fakesmsc; replies are read from what fakesmsc received."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from bot.channels.render import segments
from tests.fixtures.serve_process import SMS_SECRET, Phone, query, serve_with_kannel, until

PHONE = "081234567001"


@pytest.fixture
async def sms(tmp_path, process_db):
    async with serve_with_kannel(tmp_path, secret=SMS_SECRET, db=process_db) as (kannel, server):
        yield kannel, server


@pytest.mark.also_postgres
async def test_sms_question_is_answered_and_delivery_reported(sms):
    kannel, server = sms
    await kannel.inject(PHONE, "1234", "apa  itu BKM?")
    [reply] = await kannel.wait_sent(1, timeout=20)
    assert reply.receiver.endswith("81234567001") and "Badan Keswadayaan Masyarakat" in reply.text
    assert query(server.db, "SELECT text FROM interaction WHERE direction = 'in'") == [("apa  itu BKM?",)]
    await until(lambda: query(server.db, "SELECT status FROM outbox") == [("delivered",)], "the DLR: delivered")


async def test_ucs2_inbound_is_decoded_and_the_reply_stays_gsm7(sms):
    kannel, server = sms
    await kannel.inject(PHONE, "1234", "Bu RT, kapan kerja bakti? 😀")
    [reply] = await kannel.wait_sent(1, timeout=20)
    # our own text never forces UCS-2: as many parts as GSM-7 needs, none of them UCS-2
    assert segments(reply.text) == (max(len(reply.parts), 1), "gsm7")
    assert all(part.kind != "ucs-2" for part in reply.parts)
    assert query(server.db, "SELECT text FROM interaction WHERE direction = 'in'") == [("Bu RT, kapan kerja bakti? 😀",)]
    assert query(server.db, "SELECT value FROM identity") == [("sms:+6281234567001",)]


async def test_registration_by_sms_in_one_message(sms):
    kannel, server = sms
    phone = Phone(kannel, PHONE)
    await phone.send("daftar mayang mangurai rt 3 rw 2")
    [notice] = await phone.receive()
    assert "UU PDP" in notice.text and "1. Setuju" in notice.text and len(notice.parts) <= 2
    await phone.send("1")
    [name_q] = await phone.receive()
    assert "nama panggilan" in name_q.text
    await phone.send("Bu Sari")
    [done] = await phone.receive()
    assert "Terima kasih, Bu Sari! Anda terdaftar di RT 003 / RW 02, Mayang Mangurai" in done.text
    assert query(server.db, "SELECT a.code, r.name FROM resident r JOIN area a ON a.id = r.area_id") == [
        ("JMB.ALB.MYM.RW02.RT003", "Bu Sari")
    ]


async def test_a_long_answer_comes_in_parts_with_lanjut(sms):
    kannel, server = sms
    phone = Phone(kannel, PHONE)
    await phone.send("INFO paket")
    [menu] = await phone.receive()
    assert "1. Ringkasan" in menu.text
    await phone.send("1")
    [first] = await phone.receive()
    # three concatenated GSM-7 parts on the phone, ending with the way to get the rest
    assert len(first.parts) == 3 and all(p.kind != "ucs-2" for p in first.parts)
    assert first.text.endswith("(Balas LANJUT untuk sambungannya)") and "Bagian lain" not in first.text
    await phone.send("lanjut")
    [rest] = await phone.receive()
    assert "catatan lama" in rest.text and "1. Bagian lain" in rest.text and "LANJUT" not in rest.text
    await phone.send("1")  # the numbers of the last part work
    [sections] = await phone.receive()
    assert "1. Ringkasan" in sections.text
    # every SMS sent recorded what it cost, as the phone received it
    await until(lambda: all(s is not None for (s,) in query(server.db, "SELECT segments FROM outbox")),
                "segments recorded on every outbox row", within=15)  # fmt: skip
    costs = query(server.db, "SELECT segments, encoding FROM outbox ORDER BY id")
    assert costs == [(max(len(s.parts), 1), "gsm7") for s in (menu, first, rest, sections)]


async def test_stop_cancels_announcements_already_queued(tmp_path):
    # a slow gateway (1 SMS a second) with 30 announcements queued for two residents
    async with serve_with_kannel(tmp_path, secret=SMS_SECRET, env={"SMS_MAX_PER_SECOND": "1"}) as (kannel, server):
        other = "081234567002"
        for phone in (PHONE, other):
            await kannel.inject(phone, "1234", "halo")
        await kannel.wait_sent(2, timeout=20)
        _queue_announcements(server.db, [PHONE, other], 15)
        await until(lambda: sum(s.text.startswith("Pengumuman") for s in kannel.sent()) >= 2,
                    "the first announcements sent")  # fmt: skip
        await kannel.inject(PHONE, "1234", "STOP")
        await until(lambda: query(server.db, "SELECT 1 FROM interaction WHERE direction = 'in' AND text = 'STOP'"),
                    "the STOP stored")  # fmt: skip
        stopped_at = len(kannel.sent())
        # a minute is the promise; the queue empties for the other resident long before
        await until(lambda: query(server.db, "SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')") == [(0,)],
                    "nothing queued any more", within=60)  # fmt: skip
        await Phone(kannel, other).sentinel()  # everything sent before it has arrived
        after = kannel.sent()[stopped_at:]
        to_me = [s for s in after if s.receiver.endswith(PHONE[1:])]
        # at most what was already in flight, then only the STOP confirmation
        assert len([s for s in to_me if s.text.startswith("Pengumuman")]) <= 2
        assert any("tidak akan menerima pengumuman" in s.text for s in kannel.sent())
        got_other = [s for s in kannel.sent() if s.receiver.endswith(other[1:]) and s.text.startswith("Pengumuman")]
        assert len(got_other) == 15  # the other resident still gets every one
        cancelled = query(server.db, "SELECT count(*) FROM outbox WHERE status = 'cancelled'")[0][0]
        mine = [s for s in kannel.sent() if s.receiver.endswith(PHONE[1:]) and s.text.startswith("Pengumuman")]
        assert cancelled >= 10 and cancelled + len(mine) == 15


def _queue_announcements(db: Path, phones: list[str], n: int) -> None:
    """Bulk rows queued the way an announcement queues them."""
    with sqlite3.connect(db) as conn:
        for i in range(n):
            for phone in phones:
                identity = "sms:+62" + phone[1:]
                [(resident,)] = conn.execute("SELECT resident_id FROM identity WHERE value = ?", (identity,))
                conn.execute(
                    "INSERT INTO outbox (resident_id, identity, channel, text, payload, locale, status, priority,"
                    " attempts, created_at, updated_at) VALUES (?, ?, 'sms', ?, '{}', 'id', 'queued', 0, 0,"
                    " datetime('now'), datetime('now'))",
                    (resident, identity, f"Pengumuman {i + 1}: kerja bakti Minggu pagi."),
                )


async def test_the_logs_hold_no_secret_no_number_and_no_message_text(tmp_path):
    """A whole conversation through Kannel at the most talkative log level, delivery reports
    included: what `kabarrt serve` printed (stdout and stderr) names no secret, no phone number
    and no message text, in clear or URL-encoded."""
    name = "Sulastri Wibowo"
    said = ["daftar mayang mangurai rt 3 rw 2", "1", name, "apa itu BKM?"]
    async with serve_with_kannel(tmp_path, secret=SMS_SECRET, env={"LOG_LEVEL": "DEBUG"}) as (kannel, server):
        phone = Phone(kannel, PHONE)
        replies = [await phone.ask(text, expect) for text, expect in zip(
            said, ["1. Setuju", "nama panggilan", "Anda terdaftar", "Badan Keswadayaan Masyarakat"], strict=True
        )]  # fmt: skip
        await until(lambda: {s for (s,) in query(server.db, "SELECT status FROM outbox")} == {"delivered"},
                    "every reply's delivery report stored")  # fmt: skip
        password = kannel.password
    log = server.log
    assert "/sms/kannel/receive" in log and "/sms/kannel/status" in log  # the access log is there
    secrets = [SMS_SECRET, password, PHONE[1:]]
    texts = [text for text in [*said, *replies] if len(text) > 1]
    words = [name, "mayang mangurai", "Badan Keswadayaan", "nama panggilan", "Anda terdaftar"]
    for needle in [*secrets, *texts, *words]:
        for form in {needle, quote(needle), quote_plus(needle)}:
            assert form.lower() not in log.lower(), f"{form!r} is in the log"
