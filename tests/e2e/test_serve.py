"""`kabarrt serve` starts, creates its database and answers /healthz on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_healthz_and_prints_how_to_talk(tmp_path):
    port = _free_port()
    db = tmp_path / "serve.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(PORT=str(port), HOST="127.0.0.1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--db", str(db)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    body = json.load(r)
                break
            except OSError:
                time.sleep(0.1)
        assert body == {"status": "ok"}
        assert db.exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "kabarrt shell" in out
    assert f"127.0.0.1:{port}" in out
    assert "Telegram: off (set TELEGRAM_BOT_TOKEN to turn it on)" in out  # and the rest runs


def test_webhook_without_secret_is_a_configuration_error(tmp_path):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://example.org/telegram/webhook"}
    env.pop("TELEGRAM_WEBHOOK_SECRET", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--db", str(tmp_path / "x.sqlite3")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "configuration error" in done.stderr and "TELEGRAM_WEBHOOK_SECRET" in done.stderr
    assert "Traceback" not in done.stderr
