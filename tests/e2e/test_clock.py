"""Exactly one clock on PostgreSQL: two `kabarrt clock` processes, one active and one standby;
after kill -9 of the active one the standby takes over within 30 s."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import pytest

from tests.fixtures.serve_process import ROOT, until

pytestmark = pytest.mark.postgres
ACTIVE, STANDBY = "clock: active", "clock: standby"


def _clock(url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "INFO"}
    with log.open("w") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "clock"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err
        )


async def test_one_clock_is_active_and_a_standby_takes_over_after_kill_9(postgres_url, tmp_path):
    admin = await asyncpg.connect(postgres_url + "postgres")
    await admin.execute("CREATE DATABASE clocks")
    await admin.close()
    url = postgres_url + "clocks"
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "bot", "migrate"], cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr

    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    first = _clock(url, logs[0])
    try:
        await until(lambda: ACTIVE in logs[0].read_text(), "the first clock active", within=30)
        second = _clock(url, logs[1])
        try:
            await until(lambda: STANDBY in logs[1].read_text(), "the second clock on standby", within=30)
            assert ACTIVE not in logs[1].read_text()
            first.send_signal(signal.SIGKILL)
            killed = time.monotonic()
            await asyncio.to_thread(first.wait, 10)
            await until(lambda: ACTIVE in logs[1].read_text(), "the standby takes over", within=30)
            takeover = time.monotonic() - killed
            print(f"clock_takeover_s={takeover:.1f}")
            assert takeover <= 30
        finally:
            second.send_signal(signal.SIGTERM)
            assert await asyncio.to_thread(second.wait, 20) == 0, logs[1].read_text()
    finally:
        if first.poll() is None:
            first.kill()
