"""Three `kabarrt worker` processes share one outbox, on PostgreSQL and on a SQLite file: every
message reaches its chat, a kill -9 of the sending worker repeats at most what it had in flight,
another worker takes the channel over, and Telegram's limits hold for the bot as a whole — the Bot
API emulator, enforcing 30/s overall as Telegram does (a token bucket holding one second's worth),
answers no 429.

The emulator (with Telegram's limits) is the far side: what arrived is counted there. The outbox
is filled with the core's `enqueue`, as every announcement and reminder fills it.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from bot.db import close_database, open_database
from bot.settings import sqlite_url
from handlers.outbox.queue import enqueue
from models import OutboxMessage, OutboxStatus
from tests.fixtures.serve_process import ROOT, TOKEN, until
from tests.fixtures.telegram_emulator import EmulatorClient, EmulatorLimits, running_emulator

CHATS = 150  # five seconds at Telegram's 30/s
FIRST = 710_000
TEXT = "Pengumuman: pembagian beras bantuan hari Sabtu pukul 08.00 di balai warga."
SENTINEL = "Rapat warga Sabtu malam di pos ronda."
SENDS = re.compile(r"dispatcher (\S+) sends telegram")
LIMIT = 30  # Telegram's messages a second overall, KabarRT's default and the emulator's
#: what a second may hold beyond what one bucket allows (a full bucket and one second's refill)
#: when sends leave on time but arrive a little bunched (network and scheduling jitter)
JITTER = 3


def _worker(url: str, emu, log: Path) -> subprocess.Popen:
    env = {
        **os.environ, "DATABASE_URL": url, "LOG_LEVEL": "INFO", "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emu.base_url, "DELIVERY_LEASE_SECONDS": "2",
    }  # fmt: skip
    with log.open("w") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err
        )


def _sender(logs: list[Path]) -> list[tuple[int, str]]:
    """(worker index, worker id) of every worker that took the Telegram channel."""
    return [(i, m.group(1)) for i, log in enumerate(logs) for m in SENDS.finditer(log.read_text())]


async def _queue(text: str, chats: range) -> None:
    now = datetime.now(UTC)
    for chat in chats:
        await enqueue(f"tg:{chat}", text, created_at=now)


async def _several_workers(url: str, tmp_path: Path) -> None:
    migrated = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "bot", "migrate"], cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr
    async with running_emulator(token=TOKEN, limits=EmulatorLimits()) as emu, EmulatorClient(emu.control_url) as client:
        await asyncio.gather(*(client.user(FIRST + i).say("/start") for i in range(CHATS)))
        logs = [tmp_path / f"worker-{i}.log" for i in range(3)]
        workers = [_worker(url, emu, log) for log in logs]
        await open_database(url, load_demo=False)
        try:
            await until(lambda: len(_sender(logs)) == 1, "one worker sends Telegram", within=60)
            await until(lambda: all("started" in log.read_text() for log in logs), "three workers started", within=60)
            await _queue(TEXT, range(FIRST, FIRST + CHATS))

            # kill -9 the sending worker a third of the way through
            await until(lambda: emu.accepted >= CHATS // 3, "a third of the messages sent")
            [(index, worker_id)] = _sender(logs)
            workers[index].send_signal(signal.SIGKILL)
            await asyncio.to_thread(workers[index].wait, 10)
            in_flight = await OutboxMessage.filter(
                status=OutboxStatus.SENDING, claimed_by__startswith=worker_id + "#"
            ).count()
            await until(lambda: len(_sender(logs)) == 2, "another worker takes Telegram over")
            assert {i for i, _ in _sender(logs)} - {index}, "the channel moved to another worker"

            async def drained() -> bool:
                return not await OutboxMessage.filter(status__in=[OutboxStatus.QUEUED, OutboxStatus.SENDING]).exists()

            await until(drained, "the outbox drained", within=60)
            # the sentinel goes out after everything else was sent: once it is there, so is anything
            # a worker would repeat
            await _queue(SENTINEL, range(FIRST, FIRST + 1))
            await until(lambda: any(text == SENTINEL for _, text in _received(emu)), "the sentinel")
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.send_signal(signal.SIGTERM)
            for worker in workers:
                if worker.wait(30) not in (0, -signal.SIGKILL):
                    pytest.fail(f"a worker did not stop cleanly: {[log.read_text()[-2000:] for log in logs]}")
            await close_database()

        texts = _received(emu)
        per_chat = [sum(1 for chat, text in texts if chat == FIRST + i and text == TEXT) for i in range(CHATS)]
        lost, duplicated = per_chat.count(0), sum(per_chat) - CHATS + per_chat.count(0)
        stamps = sorted(c["at"] for c in emu.calls if c["method"] == "sendMessage")
        busiest = max(sum(1 for t in stamps[i:] if t < s + 1.0) for i, s in enumerate(stamps))
        print(f"lost={lost} duplicated={duplicated} in_flight_at_kill={in_flight} "
              f"throttled={emu.throttled} busiest_second={busiest}")  # fmt: skip
        assert lost == 0
        assert duplicated <= in_flight
        assert emu.throttled == 0, "the emulator answered 429: the workers together went past Telegram's limit"
        # one bucket for the bot: three workers each with their own would reach 3 × that
        assert busiest <= 2 * LIMIT + JITTER


def _received(emu) -> list[tuple[int, str]]:
    """(chat, text) of every message the emulator accepted."""
    calls = [c for c in emu.calls if c["method"] == "sendMessage" and c["status"] == 200]
    return [(int(c["params"]["chat_id"]), c["params"]["text"]) for c in calls]


@pytest.mark.postgres
async def test_three_workers_share_the_outbox_on_postgres(postgres_url, tmp_path):
    admin = await asyncpg.connect(postgres_url + "postgres")
    await admin.execute("CREATE DATABASE workers")
    await admin.close()
    await _several_workers(postgres_url + "workers", tmp_path)


async def test_three_workers_share_the_outbox_on_a_sqlite_file(tmp_path):
    await _several_workers(sqlite_url(tmp_path / "workers.sqlite3"), tmp_path)

