"""The worker and clock as OS processes, SIGTERM shutdown, and the outbox commands."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.outbox import show_lines, stats_lines
from bot.cli.parser import main
from bot.db import close_database, open_database
from handlers.outbox.queue import enqueue
from models import OutboxEvent, OutboxMessage, OutboxStatus

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def _queue(db: Path, *identities: str) -> None:
    async def go() -> None:
        await open_database(f"sqlite://{db}")
        try:
            for number, identity in enumerate(identities):
                await enqueue(identity, f"Kerja bakti Minggu {number}", created_at=datetime.now(UTC))
        finally:
            await close_database()

    asyncio.run(go())


def _rows(db: Path) -> list[tuple[str, str]]:
    async def go() -> list[tuple[str, str]]:
        await open_database(f"sqlite://{db}")
        try:
            return [(r.identity or "", r.status.value) for r in await OutboxMessage.all().order_by("id")]
        finally:
            await close_database()

    return asyncio.run(go())


def _kabarrt(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env={**os.environ, "LOG_LEVEL": "INFO"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _lines_until(proc: subprocess.Popen, prefix: str) -> list[str]:
    """Read the process's stdout up to the first line starting with `prefix` (pytest-timeout
    ends the test if it never comes); returns the lines read."""
    lines = []
    while not (lines and lines[-1].startswith(prefix)):
        line = proc.stdout.readline()
        assert line, f"the process ended before printing {prefix!r}: {lines}"
        lines.append(line.rstrip("\n"))
    return lines


def test_worker_process_sends_the_queue_and_stops_cleanly_on_sigterm(tmp_path):
    db = tmp_path / "w.sqlite3"
    _queue(db, "shell:7", "shell:8")
    proc = _kabarrt("worker", "--db", str(db))
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(s != "sent" for _, s in _rows(db)):
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert [s for _, s in _rows(db)] == ["sent", "sent"]
    assert "[to shell:7]" in out and "Kerja bakti Minggu 0" in out
    assert "dispatcher" in err and "stopped" in err


def test_serve_web_only_runs_no_worker(tmp_path):
    db = tmp_path / "s.sqlite3"
    _queue(db, "shell:9")
    from tests.e2e.test_serve import _free_port

    env = {**os.environ, "PORT": str(_free_port())}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--web-only", "--db", str(db)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        started = _lines_until(proc, "Roles:")  # printed once the process has chosen its roles
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert started[-1] == "Roles: web"
    assert "dispatcher" not in err
    assert _rows(db) == [("shell:9", "queued")]


@pytest.mark.parametrize("role", ["worker", "clock"])
def test_roles_exit_zero_on_sigterm(tmp_path, role):
    proc = _kabarrt(role, "--db", str(tmp_path / "r.sqlite3"))
    _lines_until(proc, f"KabarRT {role}:")  # running, with its signal handlers in place
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err


async def test_outbox_stats_and_show(db):
    await enqueue("sms:+6281234560001", "Rapat RT malam ini pukul 19.30 di pos ronda, bawa KTP dan usulan kegiatan", created_at=T0)
    sent = await enqueue("tg:42", "Halo", created_at=T0)
    await OutboxMessage.filter(id=sent.id).update(status=OutboxStatus.SENT, attempts=1)
    await OutboxEvent.create(message_id=sent.id, at=T0, status=OutboxStatus.SENT, attempt=1, detail="m1")
    costed = await enqueue("sms:+6281234560002", "Halo 😀", created_at=T0)
    await OutboxMessage.filter(id=costed.id).update(status=OutboxStatus.DELIVERED, segments=3, encoding="ucs2")
    lines = await stats_lines(now=T0 + timedelta(minutes=5), cost_per_segment=350)
    assert lines[:-2] == ["sms\tdelivered\t1", "sms\tqueued\t1", "telegram\tsent\t1"]
    assert lines[-2] == "total=3 oldest_queued_age_s=300"
    assert lines[-1] == "sms_sent=1 sms_segments=3 sms_ucs2=1 sms_cost_rp=1050"
    shown = await show_lines(sent.id)
    assert shown[0] == f"id={sent.id} channel=telegram to=tg:**"
    assert shown[-1].endswith("\tsent\t1\tm1")
    queued = await show_lines(sent.id - 1)  # the first row
    assert "to=sms:+628******0001" in queued[0] and queued[-1] == "(no delivery attempt yet)"
    assert "text='Rapat RT malam ini pukul 19.30 di pos ronda, bawa KTP dan u…'" in queued
    assert not any(line.startswith("segments=") for line in queued)  # not sent yet
    await OutboxMessage.filter(id=sent.id - 1).update(status=OutboxStatus.SENT, segments=2, encoding="ucs2")
    assert "segments=2 encoding=ucs2" in await show_lines(sent.id - 1)
    assert await show_lines(999) is None


def test_outbox_commands(tmp_path, capsys):
    db = tmp_path / "o.sqlite3"
    _queue(db, "sms:+6281234560001")
    assert main(["outbox", "stats", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "sms\tqueued\t1"
    assert main(["outbox", "show", "1", "--db", str(db)]) == 0
    assert "status=queued" in capsys.readouterr().out
    assert main(["outbox", "show", "77", "--db", str(db)]) == 1
    assert "no message 77" in capsys.readouterr().err


def test_shell_replies_are_recorded_as_sent_so_no_worker_sends_them_again(tmp_path):
    db = tmp_path / "sh.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--db", str(db)], input="halo\nMENU\n",
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert {status for _, status in _rows(db)} == {"sent"}
