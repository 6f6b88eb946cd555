"""`kabarrt serve` as a child process for end-to-end tests, started and stopped without blocking
the test's event loop (the emulator or gateway fixtures run in that loop)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from tests.conftest import need
from tests.kannel_gateway import KannelGateway, free_port, kannel_available, running_kannel

ROOT = Path(__file__).resolve().parent.parent
KABARRT = [sys.executable, "-m", "bot"]


class ServeProcess:
    def __init__(self, db: Path, env: dict[str, str], *, port: int | None = None) -> None:
        self.port = port or free_port()
        self.env = {**os.environ, "PORT": str(self.port), "HOST": "127.0.0.1", "LOG_LEVEL": "INFO", **env}
        self.db = db
        self.proc: asyncio.subprocess.Process | None = None
        self.log = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=0.5) as response:
                return response.status == 200
        except OSError:
            return False

    async def start(self, ready: Callable[[], bool] | None = None) -> ServeProcess:
        """Start and wait until `ready()` (default: /healthz answers 200)."""
        self.proc = await asyncio.create_subprocess_exec(
            *KABARRT, "serve", "--db", str(self.db), cwd=ROOT, env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        check = ready or self._healthy
        deadline = time.monotonic() + 30
        while not check():
            assert self.proc.returncode is None, await self.output()
            assert time.monotonic() < deadline, "serve was not ready in 30 s"
            await asyncio.sleep(0.05)
        return self

    async def output(self) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        try:
            data = await asyncio.wait_for(self.proc.stdout.read(), 10)
        except TimeoutError:
            data = b""
        return data.decode(errors="replace")

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        code = await asyncio.wait_for(self.proc.wait(), 30)
        self.log = await self.output()
        return code


@contextlib.asynccontextmanager
async def serve_with_kannel(
    workdir: Path,
    *,
    secret: str,
    env: dict[str, str] | None = None,
    port: int | None = None,
    receive_url: str | None = None,
    **kannel_options,
) -> AsyncIterator[tuple[KannelGateway, ServeProcess]]:
    """A real Kannel (tests/kannel_gateway.py) and `kabarrt serve` with SMS_DRIVER=kannel wired
    to it; yields (kannel, server). Skips locally, fails under CI=true, when Kannel is missing.

    `receive_url` is Kannel's get-url (default: serve's /sms/kannel/receive with `secret`), e.g.
    a proxy in front of serve; `port` is serve's port (default: a free one); `env` is added to
    serve's environment; `kannel_options` go to `running_kannel` (post=, smsbox_extra=, ...).
    """
    need("kannel", kannel_available(), "install the Debian packages kannel and kannel-extras")
    port = port or free_port()
    receive_url = receive_url or f"http://127.0.0.1:{port}/sms/kannel/receive?secret={secret}"
    async with running_kannel(workdir / "kannel", receive_url, **kannel_options) as kannel:
        serve_env = {
            "SMS_DRIVER": "kannel", "SMS_SECRET": secret, "KANNEL_SENDSMS_URL": kannel.sendsms_url,
            "KANNEL_USERNAME": kannel.username, "KANNEL_PASSWORD": kannel.password, "SMS_SENDER": "1234",
            **(env or {}),
        }  # fmt: skip
        server = await ServeProcess(workdir / "kabarrt.sqlite3", serve_env, port=port).start()
        try:
            yield kannel, server
        finally:
            await server.stop()
