"""`kabarrt serve` as a child process for end-to-end tests, started and stopped without blocking
the test's event loop (the emulator or gateway fixtures run in that loop), wired to a real Kannel
and/or the Bot API emulator; and what those tests share: reading serve's database, waiting for a
condition, running a `kabarrt` command against serve's database, a resident's basic phone."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from tests.conftest import need
from tests.kannel_gateway import KannelGateway, SentSMS, free_port, kannel_available, running_kannel
from tests.telegram_emulator import BotApiEmulator, EmulatorClient, running_emulator

ROOT = Path(__file__).resolve().parent.parent
KABARRT = [sys.executable, "-m", "bot"]
#: the bot the emulator plays, and the SMS secret serve and Kannel share, in the e2e tests
TOKEN, BOT_USERNAME, SMS_SECRET = "123456:TEST-token", "kabarrt_test_bot", "sms-secret-123"


def query(db: Path, sql: str, *params) -> list[tuple]:
    """Read serve's database (its own connection: serve keeps writing)."""
    with contextlib.closing(sqlite3.connect(db, timeout=10)) as conn:
        return conn.execute(sql, params).fetchall()


async def until(check, what: str, within: float = 20.0):
    """Wait until `check()` (a function, or a coroutine function) is true; returns its result."""
    deadline = time.monotonic() + within
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        assert time.monotonic() < deadline, f"not reached within {within:.0f} s: {what}"
        await asyncio.sleep(0.1)


async def run_kabarrt(db: Path, *args: str) -> str:
    """`kabarrt …` against serve's database, as the operator runs it (without blocking the loop the
    emulator and the gateways run in); asserts it succeeded and returns what it printed."""
    proc = await asyncio.create_subprocess_exec(
        *KABARRT, *args, "--db", str(db), cwd=ROOT, env=dict(os.environ),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()
    return out.decode()


class Phone:
    """A resident's basic phone on fakesmsc: it sends through Kannel, and reads the SMS sent to its
    own number that the test has not read yet."""

    def __init__(self, kannel: KannelGateway, number: str, shortcode: str = "1234") -> None:
        self.kannel, self.number, self.shortcode, self.read = kannel, number, shortcode, 0

    def received(self) -> list[SentSMS]:
        return [sms for sms in self.kannel.sent() if sms.receiver.endswith(self.number[1:])]

    def inbox(self) -> list[str]:
        return [sms.text for sms in self.received()]

    async def send(self, text: str) -> None:
        await self.kannel.inject(self.number, self.shortcode, text)

    async def receive(self, n: int = 1, what: str | None = None) -> list[SentSMS]:
        """The next `n` SMS to this number (waits for them)."""
        await until(lambda: len(self.received()) >= self.read + n, what or f"{n} SMS to {self.number}")
        new = self.received()[self.read : self.read + n]
        self.read += n
        return new

    async def ask(self, text: str, expect: str) -> str:
        """Send `text`; the reply's text, which must contain `expect`."""
        await self.send(text)
        [reply] = await self.receive(what=f"an SMS reply to {text!r}")
        assert expect in reply.text, reply.text
        return reply.text


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


@contextlib.asynccontextmanager
async def serve_with_telegram_and_kannel(
    workdir: Path,
) -> AsyncIterator[tuple[BotApiEmulator, EmulatorClient, KannelGateway, ServeProcess]]:
    """`kabarrt serve` talking to the Bot API emulator (long polling) and to a real Kannel; yields
    (emulator, its control client, kannel, server)."""
    async with (
        running_emulator(token=TOKEN, username=BOT_USERNAME) as emu,
        EmulatorClient(emu.control_url) as client,
    ):
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.base_url, "TELEGRAM_POLL_TIMEOUT": "1"}
        async with serve_with_kannel(workdir, secret=SMS_SECRET, env=env) as (kannel, server):
            yield emu, client, kannel, server
