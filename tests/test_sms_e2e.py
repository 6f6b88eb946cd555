"""End to end through a real Kannel: fakesmsc (the phones) → bearerbox → smsbox → `kabarrt serve`
→ outbox → smsbox sendsms → fakesmsc, and the delivery reports back. Inbound enters only through
fakesmsc; replies are read from what fakesmsc received."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from bot.channels.render import segments
from tests.serve_process import serve_with_kannel

SECRET = "sms-secret-123"
PHONE = "081234567001"


def _query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
async def sms(tmp_path):
    async with serve_with_kannel(tmp_path, secret=SECRET) as (kannel, server):
        yield kannel, server


async def test_sms_question_is_answered_and_delivery_reported(sms):
    kannel, server = sms
    await kannel.inject(PHONE, "1234", "apa  itu BKM?")
    [reply] = await kannel.wait_sent(1, timeout=20)
    assert reply.receiver.endswith("81234567001") and "Badan Keswadayaan Masyarakat" in reply.text
    assert _query(server.db, "SELECT text FROM interaction WHERE direction = 'in'") == [("apa  itu BKM?",)]
    deadline = time.monotonic() + 15
    while _query(server.db, "SELECT status FROM outbox") != [("delivered",)]:
        if time.monotonic() > deadline:
            await server.stop()
            raise AssertionError(server.log[-3000:])
        await asyncio.sleep(0.2)


async def test_ucs2_inbound_is_decoded_and_the_reply_stays_gsm7(sms):
    kannel, server = sms
    await kannel.inject(PHONE, "1234", "Bu RT, kapan kerja bakti? 😀")
    [reply] = await kannel.wait_sent(1, timeout=20)
    # our own text never forces UCS-2: as many parts as GSM-7 needs, none of them UCS-2
    assert segments(reply.text) == (max(len(reply.parts), 1), "gsm7")
    assert all(part.kind != "ucs-2" for part in reply.parts)
    assert _query(server.db, "SELECT text FROM interaction WHERE direction = 'in'") == [("Bu RT, kapan kerja bakti? 😀",)]
    assert _query(server.db, "SELECT value FROM identity") == [("sms:+6281234567001",)]
