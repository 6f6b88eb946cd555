"""One announcement to thousands of recipients: speed against a rate limit, the engine's ceiling,
and what SIGKILL does to delivery (lost and duplicated messages).

    python bench/broadcast.py                       # full: 10,000 recipients, N = 30/s (~8 min)
    python bench/broadcast.py --quick               # 3,000 recipients, N = 300/s, 5 kills: under a minute
    python bench/broadcast.py --channel telegram    # 10,000 Telegram chats, N = 30/s (~7 min)
    python bench/broadcast.py --channel telegram --quick   # 900 chats, N = 30/s, 5 kills: under a minute
    python bench/broadcast.py --channel telegram --blocked 0.10   # 10 % of the chats blocked the bot:
                                                    # the limit phase measures the Telegram → SMS fallback
    python bench/broadcast.py --channel telegram --workers 3 --db postgres [--quick]
                                                    # three workers on PostgreSQL, the sending one killed

Setup: a temporary database created and migrated by `bot.db.open_database`, holding one
announcement to R recipients (one outbox row each, bulk priority): a SQLite file (WAL), or with
`--db postgres` a database on a throwaway PostgreSQL server started as the test suite starts it
(tests/fixtures/postgres.py: fsync and synchronous commit off). Every phase sends a fresh copy of
it (a file copy; `CREATE DATABASE … TEMPLATE`) with `bench/broadcast_worker.py` — separate OS
processes running the real `Dispatcher` (lease 2 s, 50 in flight) until the outbox is empty —
through a gateway in its own process that enforces the limits and keeps its own record of what it
accepted. Every figure is counted there, on the far side, never from our database.

`--workers N` (default 1) runs N workers at once in the limit and crash phases, as a city runs
`kabarrt worker` several times: they share the channel's sending rights (bot/locks.py), so one
sends and the others stand by. A killed worker is replaced at once (systemd's Restart=always).
The worker to kill is the one sending (it logs `sends <channel>`).

`--channel sink` (the default): recipients `sms:+62812…`, the worker's `HttpSinkChannel`, and
`bench/sink.py`, an HTTP gateway that allows N messages a second overall and one a second per
recipient, answers 429 + retry_after beyond that, and logs every message it accepts.

`--channel telegram`: recipients `tg:<id>` (800,000,000 + i), the worker's `TelegramChannel`
(KabarRT's real adapter, PTB + httpx, built by `TelegramChannel.from_settings` with KabarRT's
real Telegram limits: 30/s overall, 1/s per chat), and the Bot API emulator
(`python -m tests.fixtures.telegram_emulator --limits`: Telegram's limits, 30/s overall and 1/s per chat
with a burst of 3; 429 + retry_after beyond them). Before a phase, every recipient sends the
emulator's bot one /start through its control API, so the chats exist (the emulator answers
"chat not found" to a chat that never wrote). The emulator's call log (`/control/calls`, a
monotonic time per Bot API call), its counters (`/control/state`: accepted sends, 429 answers) and
the messages it stored per chat (`/control/sent`) are the record.

`--blocked F` (telegram only): the limit phase sends a different announcement, made by the core
the way `kabarrt broadcast send --area JMB` makes it, to R residents of one kota each known on
both channels (bench/fallback.py); before it starts, a random F of their chats block the bot in
the emulator (which then answers 403), and the worker also has bench/sink.py as its SMS channel
(2,000/s) and the dispatcher's `on_failed=fall_back`, as `kabarrt serve` wires it. Its figures
are counted in the emulator's records and the sink's log; see bench/fallback.py. The 403 answers
pass the emulator's rate limit like accepted sends (Telegram counts every call), so with
`--blocked` limit_share counts both: calls let through ÷ span ÷ N. The ceiling and crash phases
are the same as without `--blocked`.

Phases and figures:

a) limit: the gateway at N/s (sink 30, quick 300; telegram 30 = Telegram's global limit, quick
   too). limit_share = accepted ÷ (last − first accepted time in the gateway's log) ÷ N (goal ≥
   0.95); throttled_share = 429 answers ÷ requests (goal ≤ 0.01). A worker that takes a
   channel starts from an empty bucket (it cannot know what its predecessor sent a moment ago),
   so a perfect sender scores 1.000; the progress line also shows the share without the first
   second. A worker still
   busy after `--limit-cap` seconds (2.5 × R ÷ N) gets SIGTERM and is measured on what the
   gateway accepted until then. With `--workers` above 1 the sending worker is SIGKILLed
   `--limit-kills` times (2), evenly over the send, and replaced: the limit must hold across the
   handover and the rate barely dip. takeover_s = the longest time from a kill until another
   worker logged that it sends the channel (goal: the dispatcher's rights_poll, 0.5 s, and change).
b) ceiling: the null channel, no limits: ceiling_per_s = rows ÷ (worker exit − worker ready),
   i.e. without interpreter start and database open (goal ≥ 1,000/s). A worker still busy after
   `--ceiling-cap` seconds (60; quick 8 — far beyond the goal's 10 s / 3 s) gets SIGTERM and is
   measured on the rows it sent until then. rss_mb = the highest peak RSS any worker reported
   (goal ≤ 200). No gateway: the same for both channels but for the rows' channel name.
c) crash: the gateway at 2,000/s overall (the worker's limit too; still 1/s per recipient, which
   one message each never hits). The sending worker is SIGKILLed at a random time,
   uniform in [0.2 s, 2 × the estimated remaining send time ÷ (kills left + 1)] — so the kills
   spread over the whole send — 20 times (quick: 5), restarted each time; the last one runs to
   the end (with --workers, the others finish it). in_flight_at_kills = rows the killed worker
   held `sending` right after each kill
   (summed); lost = recipients without an accepted message in the gateway's record (sink: its
   log; telegram: the messages the emulator stored per chat); duplicated = accepted messages −
   distinct recipients (goal lost = 0, duplicated ≤ in_flight_at_kills).

With `--blocked`, after the limit phase:
   fallback_share = SMS received by the residents whose Telegram send was answered 403 ÷ those
   residents (goal 1.000); fallback_both = residents who got it on Telegram and by SMS (goal 0);
   fallback_twice = messages beyond the first per resident and channel (goal 0).

The last line printed is `name=value` pairs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# run as a script, bench/ is first on sys.path, and bench/telegram.py would shadow the PTB package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import fallback  # noqa: E402
from bench.sink import fetch_stats, read_log  # noqa: E402
from bench.telegram import EmulatorProcess, chat_of, open_chats, stop_process  # noqa: E402
from bot.db import asyncpg_dsn, close_database, open_database, placeholders  # noqa: E402
from models import OutboxMessage  # noqa: E402

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
TEXT = ("PENGUMUMAN: pembagian beras bantuan untuk RT 03 hari Sabtu pukul 08.00 di balai warga. "
        "Bawa KTP dan kartu keluarga.")
CRASH_RATE = 2_000
TELEGRAM_RATE = 30  # Telegram's (and KabarRT's default) messages a second, all chats
FIRST_CHAT = 800_000_000


def recipient(i: int, channel: str = "sink") -> str:
    return f"tg:{FIRST_CHAT + i}" if channel == "telegram" else f"sms:+62812{i:08d}"


def row_channel(channel: str) -> str:
    """The outbox channel name of the bench's rows: the sink plays an SMS gateway."""
    return "telegram" if channel == "telegram" else "sms"


async def _fill(url: str, rows: int, channel: str) -> None:
    await open_database(url, load_demo=False)
    try:
        now = datetime.now(UTC)
        await OutboxMessage.bulk_create(
            [
                OutboxMessage(
                    identity=recipient(i, channel), channel=row_channel(channel), text=TEXT, priority=0, created_at=now,
                    cause_type="announcement", cause_id="bench-1",
                )
                for i in range(rows)
            ],
            batch_size=1_000,
        )  # fmt: skip
    finally:
        await close_database()


class SqliteStore:
    """The phases' databases as SQLite files (WAL) in the bench's folder; a copy is a file copy."""

    kind = "SQLite file (WAL)"

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp

    def path(self, name: str) -> Path:
        return self.tmp / f"{name}.sqlite3"

    def url(self, name: str) -> str:
        return str(self.path(name))  # the worker's --db takes a file

    def make_template(self, name: str, rows: int, channel: str) -> str:
        """A migrated database with the announcement queued; phases copy it."""
        asyncio.run(_fill(f"sqlite://{self.path(name)}", rows, channel))
        with contextlib.closing(sqlite3.connect(self.path(name))) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert self.count(name, "status = 'queued'") == rows
        return name

    def adopt(self, name: str, path: Path) -> str:
        """A template some other code made as a file (bench/fallback.py's residents)."""
        shutil.copyfile(path, self.path(name))
        return name

    def copy(self, template: str, name: str) -> str:
        shutil.copyfile(self.path(template), self.path(name))
        return name

    def count(self, name: str, where: str, *params) -> int:
        with contextlib.closing(sqlite3.connect(self.path(name), timeout=30)) as conn:
            return conn.execute(f"SELECT count(*) FROM outbox WHERE {where}", params).fetchone()[0]

    def statuses(self, name: str) -> dict[str, int]:
        with contextlib.closing(sqlite3.connect(self.path(name), timeout=30)) as conn:
            return dict(conn.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())


class PostgresStore:
    """The phases' databases on a throwaway PostgreSQL server (tests/fixtures/postgres.py, as the
    test suite starts it); a copy is `CREATE DATABASE … TEMPLATE …`."""

    kind = "PostgreSQL (throwaway server, fsync off)"

    def __init__(self, server: str) -> None:
        self.server = server  # postgres://postgres@127.0.0.1:PORT/

    def url(self, name: str) -> str:
        return self.server + name

    def make_template(self, name: str, rows: int, channel: str) -> str:
        self._admin(f'CREATE DATABASE "{name}"')
        asyncio.run(_fill(self.url(name), rows, channel))
        assert self.count(name, "status = 'queued'") == rows
        return name

    def copy(self, template: str, name: str) -> str:
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def count(self, name: str, where: str, *params) -> int:
        return self._fetch(name, f"SELECT count(*) FROM outbox WHERE {where}", *params)[0][0]

    def statuses(self, name: str) -> dict[str, int]:
        return dict(self._fetch(name, "SELECT status, count(*) FROM outbox GROUP BY status"))

    def _admin(self, sql: str) -> None:
        self._fetch("postgres", sql)

    def _fetch(self, name: str, sql: str, *params) -> list:
        import asyncpg

        sql = placeholders(sql, "postgres")

        async def go() -> list:
            conn = await asyncpg.connect(asyncpg_dsn(self.url(name)))
            try:
                return [tuple(r) for r in await conn.fetch(sql, *params)]
            finally:
                await conn.close()

        return asyncio.run(go())


# --- processes -----------------------------------------------------------------------------------


class SinkProcess:
    """bench/sink.py in its own process; stopped with SIGTERM."""

    def __init__(self, rate: float, log: Path, errors: Path) -> None:
        self.log = log
        self._err = errors.open("w")
        self.proc = subprocess.Popen(
            [PYTHON, str(BENCH / "sink.py"), "--port", "0", "--rate", str(rate), "--log", str(log)],
            stdout=subprocess.PIPE, stderr=self._err, text=True,
        )  # fmt: skip
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.stop()
            raise RuntimeError(f"sink did not start: {line!r} (see {errors})")
        self.url = line.strip().rsplit(" ", 1)[-1]

    def stats(self) -> dict[str, int]:
        return fetch_stats(self.url)

    def stop(self) -> None:
        stop_process(self.proc, 10)
        self._err.close()


class SinkGateway:
    """The sink as the phases see it: the worker's arguments, counters, the record of accepted
    messages (its log)."""

    channel = "sink"
    channel_name = "sms"  # the outbox's name for it: the sink plays an SMS gateway

    def __init__(self, tmp: Path, tag: str, rate: float, rows: int) -> None:
        self.rate = rate
        self.sink = SinkProcess(rate, tmp / f"{tag}-sink.log", tmp / f"{tag}-sink.err")

    def worker_argv(self, db: str) -> list[str]:
        return ["--db", str(db), "--sink", self.sink.url, "--rate", str(self.rate)]

    def stats(self) -> dict[str, int]:
        """{"accepted": n, "throttled": n} so far."""
        return self.sink.stats()

    def accepted(self) -> list[tuple[str, float]]:
        """(recipient, time) of every accepted message."""
        return [(r, t) for r, _, t in read_log(self.sink.log)]

    def delivered(self) -> list[str]:
        """The recipient of every message the gateway took (one entry per message)."""
        return [r for r, _, _ in read_log(self.sink.log)]

    def stop(self) -> None:
        self.sink.stop()


class EmulatorGateway:
    """The Bot API emulator with Telegram's limits (`--limits`), every recipient's chat opened."""

    channel = "telegram"
    channel_name = "telegram"

    def __init__(self, tmp: Path, tag: str, rate: float, rows: int) -> None:
        self.rate = rate
        self.emu = EmulatorProcess(tmp / f"{tag}-emulator.err", limits=True)
        try:
            if rate != TELEGRAM_RATE:
                self.emu.set_limits(per_second=rate)
            secs = open_chats(self.emu, FIRST_CHAT, rows)
        except BaseException:
            self.emu.stop()
            raise
        say(f"  {tag}: emulator at {rate:g}/s overall, 1/s per chat (burst 3); {rows} chats opened in {secs:.1f} s")

    def worker_argv(self, db: str) -> list[str]:
        return ["--db", str(db), "--telegram", self.emu.base_url, "--rate", str(self.rate)]

    def stats(self) -> dict[str, int]:
        state = self.emu.state()
        if state["internal_errors"]:
            say(f"  emulator internal errors: {state['internal_errors'][:3]}")
        return {"accepted": state["accepted"], "throttled": state["throttled"]}

    def accepted(self) -> list[tuple[str, float]]:
        return [(f"tg:{chat_of(c)}", c["at"]) for c in self.emu.calls("sendMessage") if c["status"] == 200]

    def delivered(self) -> list[str]:
        return [f"tg:{m['chat_id']}" for m in self.emu.sent()]

    def stop(self) -> None:
        self.emu.stop()


class FallbackGateway(EmulatorGateway):
    """The emulator with a share of the chats blocked, and the sink as the SMS channel the
    dispatcher falls back to; the residents are bench/fallback.py's (FIRST_CHAT + i)."""

    def __init__(self, tmp: Path, tag: str, rate: float, rows: int, *, blocked: float, rng: random.Random) -> None:
        super().__init__(tmp, tag, rate, rows)
        try:
            chats = sorted(rng.sample(range(rows), round(rows * blocked)))
            t = time.monotonic()
            for i in chats:
                self.emu.post("block", {"user_id": fallback.FIRST_CHAT + i})
            self.sms = SinkProcess(CRASH_RATE, tmp / f"{tag}-sms.log", tmp / f"{tag}-sms.err")
        except BaseException:
            self.emu.stop()
            raise
        say(f"  {tag}: {len(chats)} of {rows} chats ({blocked:.0%}) blocked the bot in {time.monotonic() - t:.1f} s; "
            f"SMS fallback through the sink at {CRASH_RATE}/s")

    def worker_argv(self, db: str) -> list[str]:
        return [*super().worker_argv(db), "--fallback-sink", self.sms.url, "--sms-rate", str(CRASH_RATE)]

    def stats(self) -> dict[str, int]:
        calls = self.emu.calls("sendMessage")
        return {**super().stats(), "refused": sum(1 for c in calls if c["status"] == 403)}

    def passed(self) -> list[tuple[str, float]]:
        """Every call the rate limit let through: accepted, or answered 403 by a blocked chat."""
        return [(f"tg:{chat_of(c)}", c["at"]) for c in self.emu.calls("sendMessage") if c["status"] in (200, 403)]

    def fallback(self, rows: int) -> dict[str, float]:
        refused = [f"tg:{chat_of(c)}" for c in self.emu.calls("sendMessage") if c["status"] == 403]
        sms = [r for r, _, _ in read_log(self.sms.log)]
        return fallback.figures(rows, refused, self.delivered(), sms)

    def stop(self) -> None:
        super().stop()
        self.sms.stop()


GATEWAYS = {"sink": SinkGateway, "telegram": EmulatorGateway}


@dataclass
class WorkerProcess:
    """bench/broadcast_worker.py; its stdout and stderr go to files the bench reads."""

    argv: list[str]
    out: Path
    err: Path
    proc: subprocess.Popen = field(init=False)
    ready_at: float | None = None
    worker_id: str | None = None
    exited_at: float | None = None

    def __post_init__(self) -> None:
        with self.out.open("w") as out, self.err.open("w") as err:
            self.proc = subprocess.Popen([PYTHON, str(BENCH / "broadcast_worker.py"), *self.argv], stdout=out, stderr=err)

    def _lines(self) -> list[str]:
        return self.out.read_text().splitlines()

    def wait_ready(self, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self._lines():
                if line.startswith("ready "):
                    fields = dict(kv.split("=", 1) for kv in line.split()[1:])
                    self.ready_at = float(fields["ready_at"])
                    self.worker_id = fields["worker_id"]
                    return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.01)
        return False

    def sends(self, channel: str) -> bool:
        """Whether this worker took the channel's sending rights (it logs so)."""
        return f"sends {channel}" in self.err.read_text()

    def wait(self, timeout: float) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self.exited_at = self.exited_at or time.time()
        return code

    def poll_exit(self) -> bool:
        if self.proc.poll() is not None:
            self.exited_at = self.exited_at or time.time()
            return True
        return False

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def result(self) -> dict[str, str]:
        for line in reversed(self._lines()):
            if line.startswith("sent="):
                return dict(kv.split("=", 1) for kv in line.split())
        raise RuntimeError(f"worker gave no result (exit {self.proc.returncode}); stderr: {self.err.read_text()[-2000:]}")


class Crew:
    """N workers on one database, kept at N: a killed worker is replaced at once, as systemd's
    Restart=always would. They share each channel's sending rights, so one of them sends."""

    def __init__(self, tmp: Path, tag: str, argv: list[str], size: int, channel: str) -> None:
        self.tmp, self.tag, self.argv, self.channel = tmp, tag, argv, channel
        self.started = 0
        self.live: list[WorkerProcess] = []
        self.done: list[WorkerProcess] = []
        self.start(size)  # all at once: the first is sending before the last is up
        self.ready_at = min(w.ready_at for w in self.live)

    def start(self, count: int = 1) -> None:
        new = []
        for _ in range(count):
            n, self.started = self.started, self.started + 1
            new.append(WorkerProcess(self.argv, self.tmp / f"{self.tag}-{n}.out", self.tmp / f"{self.tag}-{n}.err"))
        for worker in new:
            if not worker.wait_ready():
                worker.kill()
                raise RuntimeError(f"{self.tag} worker did not start: " + worker.err.read_text()[-2000:])
        self.live.extend(new)

    def sender(self, within: float = 10.0) -> WorkerProcess | None:
        """The live worker that sends the channel (after a kill another takes it over within the
        dispatcher's rights_poll); None once every worker has finished."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            self.reap()
            if not self.live:
                return None
            for worker in self.live:
                if worker.sends(self.channel):
                    return worker
            time.sleep(0.01)
        raise RuntimeError(f"no {self.tag} worker took {self.channel} within {within:.0f} s")

    def kill(self, worker: WorkerProcess) -> None:
        """SIGKILL; the caller starts its replacement (after timing the takeover, if it likes)."""
        worker.kill()
        self.live.remove(worker)

    def reap(self) -> None:
        for worker in [w for w in self.live if w.poll_exit()]:
            self.live.remove(worker)
            self.done.append(worker)

    def finished(self) -> bool:
        self.reap()
        return not self.live

    def stop(self) -> float:
        """SIGTERM every live worker (their drain records what they sent); returns when."""
        end = time.time()
        for worker in self.live:
            worker.proc.send_signal(signal.SIGTERM)
        for worker in self.live:
            worker.wait(timeout=60)
        self.reap()
        return end

    def results(self) -> list[dict[str, str]]:
        for worker in self.done:
            if worker.proc.returncode != 0:
                raise RuntimeError(f"{self.tag} worker exited {worker.proc.returncode}: {worker.err.read_text()[-2000:]}")
        return [w.result() for w in self.done]


# --- phases --------------------------------------------------------------------------------------


def say(msg: str) -> None:
    print(msg, flush=True)


def phase_limit(tmp: Path, store, template: str, rows: int, rate: int, cap: float, gateway_type: type,
                workers: int = 1, kills: int = 0) -> dict:  # fmt: skip
    """Rate and 429s against the gateway at N/s, sent by `workers` workers; the sending one is
    killed `kills` times, evenly over the send, and replaced. Workers still busy after `cap`
    seconds get SIGTERM and are measured on what the gateway accepted until then."""
    db = store.copy(template, "limit")
    gateway = gateway_type(tmp, "limit", rate, rows)
    taken_over = []
    try:
        crew = Crew(tmp, "limit", gateway.worker_argv(store.url(db)), workers, gateway.channel_name)
        say(f"  limit: sending {rows} at {rate}/s with {workers} worker{'s' * (workers > 1)} "
            f"(~{rows / rate:.0f} s, at most {cap:.0f} s)"
            + (f", killing the sending worker {kills} times" if kills else "") + " …")
        kill_at = [crew.ready_at + (k + 1) * (rows / rate) / (kills + 1) for k in range(kills)]
        capped = False
        while not crew.finished():
            if kill_at and time.time() >= kill_at[0]:
                kill_at.pop(0)
                sender = crew.sender()
                if sender is not None:
                    killed = time.monotonic()
                    crew.kill(sender)
                    crew.sender()  # one of the others took the channel over
                    taken_over.append(time.monotonic() - killed)
                    crew.start()
            if time.time() > crew.ready_at + cap:
                crew.stop()
                capped = True
                break
            time.sleep(0.01)
        results = crew.results()
        stats = gateway.stats()
        log = gateway.accepted()
        # with blocked chats, the 403 answers went through the limit too
        passed = gateway.passed() if hasattr(gateway, "passed") else log
        fell_back = gateway.fallback(rows) if hasattr(gateway, "fallback") else None
    finally:
        gateway.stop()
    stamps = sorted(t for _, t in passed)
    span = stamps[-1] - stamps[0] if len(stamps) > 1 else float("nan")
    achieved = len(passed) / span
    # what the limit allows in `span` from a full bucket is N·span + N: the share without that burst
    steady = (len(passed) - rate) / span
    refused = stats.get("refused", 0)
    requests = stats["accepted"] + stats["throttled"] + refused
    distinct = len({r for r, _ in log})
    rss = max(float(r["rss_mb"]) for r in results)
    say(f"  limit: {stats['accepted']} accepted ({distinct} recipients)"
        + (f" + {refused} answered 403 = {len(passed)} through the limit" if refused else "")
        + f" in {span:.2f} s = {achieved:.1f}/s "
        f"(steady after the first second's burst {steady:.1f}/s = {steady / rate:.3f} of N), "
        f"{stats['throttled']} answered 429 (of {requests} requests), db {store.statuses(db)}, worker rss {rss} MB"
        + (f"; the channel taken over {', '.join(f'{t:.2f}' for t in taken_over)} s after each kill" if taken_over else "")
        + (f" — stopped (SIGTERM) after the {cap:.0f} s cap" if capped else ""))
    figures = {
        "limit_share": achieved / rate,
        "throttled_share": stats["throttled"] / requests if requests else 0.0,
        "rss_mb": rss,
    }
    if taken_over:
        figures["takeover_s"] = max(taken_over)
    if fell_back is not None:
        say(f"  fallback: {fell_back['refused']} residents' Telegram sends answered 403, "
            f"{fell_back['fallback_share'] * fell_back['refused']:.0f} of them got the SMS "
            f"(share {fell_back['fallback_share']:.3f}); on both channels {fell_back['both']}, "
            f"twice {fell_back['twice']}, SMS to others {fell_back['stray']}, reached nowhere {fell_back['lost']}")
        figures["fallback"] = fell_back
    return figures


def phase_ceiling(tmp: Path, store, template: str, rows: int, cap: float, channel: str) -> dict:
    """The null channel without limits; a worker still busy after `cap` seconds gets SIGTERM (its
    drain records what it sent) and the rate is what it sent until then — the goal was missed."""
    db = store.copy(template, "ceiling")
    crew = Crew(tmp, "ceiling", ["--db", store.url(db), "--null", row_channel(channel)], 1, row_channel(channel))
    while not crew.finished() and time.time() < crew.ready_at + cap:
        time.sleep(0.005)
    stopped = bool(crew.live)
    end = crew.stop() if stopped else crew.done[0].exited_at
    [result] = crew.results()
    secs = end - crew.ready_at
    sent = int(result["sent"])
    say(f"  ceiling: {sent} rows through the null channel in {secs:.2f} s = {sent / secs:.0f}/s "
        f"(dispatcher run {result['run_s']} s), worker rss {result['rss_mb']} MB"
        + (f" — stopped (SIGTERM) after the {cap:.0f} s cap with {rows - sent} rows unsent" if stopped else ""))
    if sent != rows and not stopped:
        raise RuntimeError(f"ceiling worker sent {sent} of {rows}")
    return {"ceiling_per_s": sent / secs, "rss_mb": float(result["rss_mb"])}


def phase_crash(tmp: Path, store, template: str, rows: int, kills: int, rate_guess: float, rng: random.Random,
                gateway_type: type, workers: int = 1) -> dict:  # fmt: skip
    """The sending worker of `workers` is SIGKILLed `kills` times at random moments and replaced at
    once; the record on the far side says what was lost or repeated."""
    db = store.copy(template, "crash")
    sink = gateway_type(tmp, "crash", CRASH_RATE, rows)
    crashes = in_flight = 0
    rate = rate_guess  # rows a second while a worker sends; re-estimated after each kill
    try:
        crew = Crew(tmp, "crash", sink.worker_argv(store.url(db)), workers, sink.channel_name)
        for k in range(kills):
            sender = crew.sender()
            if sender is None:
                say(f"  crash {k + 1}: the workers finished before this kill — stopping the kills")
                break
            pending = store.count(db, "status IN ('queued', 'sending')")
            if not pending:
                say(f"  crash {k + 1}: everything was sent before this kill — stopping the kills")
                break
            left = kills - k
            window = max(0.3, 2 * (pending / rate) / (left + 1))
            delay = rng.uniform(0.2, window)
            before = sink.stats()["accepted"]
            started = time.time()
            while time.time() < started + delay and not crew.finished():
                time.sleep(0.005)
            sender = crew.sender()
            if sender is None:
                say(f"  crash {k + 1}: the workers finished before the kill at {delay:.2f} s — stopping the kills")
                break
            crew.kill(sender)
            killed_at = time.time()
            crashes += 1
            # the killed worker's claims (rows an earlier worker left are counted at its own
            # kill), counted before its lease can run out and the others' sweep requeue them
            held = store.count(db, "status = 'sending' AND substr(claimed_by, 1, ?) = ?",
                               len(sender.worker_id) + 1, sender.worker_id + "#")  # fmt: skip
            in_flight += held
            crew.start()
            sent_now = sink.stats()["accepted"] - before
            if sent_now > 0:
                rate = max(50.0, sent_now / max(killed_at - started, 0.05))
            say(f"  crash {k + 1}/{kills}: SIGKILL of the sending worker {delay:.2f} s in (window {window:.2f} s), "
                f"{sent_now} accepted meanwhile, {held} rows in flight, {pending} were pending")
        deadline = time.time() + rows / 100 + 120
        while not crew.finished():
            if time.time() > deadline:
                crew.stop()
                raise RuntimeError("the crash workers did not finish")
            time.sleep(0.02)
        rss = max(float(r["rss_mb"]) for r in crew.results())
        stats = sink.stats()
        log = sink.delivered()
    finally:
        sink.stop()
    seen = set(log)
    everyone = {recipient(i, sink.channel) for i in range(rows)}
    lost = len(everyone - seen)
    duplicated = len(log) - len(seen & everyone)
    strangers = len(seen - everyone)
    say(f"  crash: {crashes} kills, {in_flight} rows in flight at the kills, {sink.channel} accepted {len(log)} "
        f"({stats['throttled']} answered 429), lost {lost}, duplicated {duplicated}"
        + (f", {strangers} unknown recipients!" if strangers else "")
        + f"; db {store.statuses(db)}")
    return {"crashes": crashes, "in_flight_at_kills": in_flight, "lost": lost, "duplicated": duplicated, "rss_mb": rss}


def main(args: argparse.Namespace) -> dict[str, str]:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kabarrt-broadcast-") as name, contextlib.ExitStack() as stack:
        tmp = Path(name)
        t0 = time.perf_counter()
        if args.db == "postgres":
            from tests.fixtures.postgres import running_postgres

            store = PostgresStore(stack.enter_context(running_postgres()))
        else:
            store = SqliteStore(tmp)
        template = store.make_template("template", args.recipients, args.channel)
        gateway_type = limit_gateway = GATEWAYS[args.channel]
        limit_template = template
        if args.blocked is not None:
            fallback.make_resident_template(tmp / "residents.sqlite3", args.recipients)
            limit_template = store.adopt("residents", tmp / "residents.sqlite3")
            limit_gateway = partial(FallbackGateway, blocked=args.blocked, rng=random.Random(args.seed))
        say(f"KabarRT broadcast bench — channel {args.channel}, {store.kind}, {args.workers} worker"
            f"{'s' * (args.workers > 1)}, one announcement to {args.recipients} recipients"
            + (f" (limit phase: residents on Telegram and SMS, {args.blocked:.0%} blocked the bot)"
               if args.blocked is not None else "")
            + f" (setup {time.perf_counter() - t0:.2f} s)")
        t = time.perf_counter()
        limit = phase_limit(tmp, store, limit_template, args.recipients, args.rate, args.limit_cap, limit_gateway,
                            args.workers, args.limit_kills)  # fmt: skip
        say(f"  (limit phase {time.perf_counter() - t:.1f} s)")
        t = time.perf_counter()
        ceiling = phase_ceiling(tmp, store, template, args.recipients, args.ceiling_cap, args.channel)
        say(f"  (ceiling phase {time.perf_counter() - t:.1f} s)")
        t = time.perf_counter()
        guess = min(CRASH_RATE, ceiling["ceiling_per_s"]) / 2  # HTTP costs more than the null channel
        crash = phase_crash(tmp, store, template, args.recipients, args.kills, guess, rng, gateway_type, args.workers)
        say(f"  (crash phase {time.perf_counter() - t:.1f} s; total {time.perf_counter() - t0:.1f} s)")
    rss = max(limit["rss_mb"], ceiling["rss_mb"], crash["rss_mb"])
    fell_back = limit.get("fallback")
    return {
        "limit_share": f"{limit['limit_share']:.3f}",
        "throttled_share": f"{limit['throttled_share']:.4f}",
        **({"takeover_s": f"{limit['takeover_s']:.2f}"} if "takeover_s" in limit else {}),
        **({"fallback_share": f"{fell_back['fallback_share']:.3f}", "fallback_both": str(fell_back["both"]),
            "fallback_twice": str(fell_back["twice"])} if fell_back else {}),
        "ceiling_per_s": f"{ceiling['ceiling_per_s']:.0f}",
        "rss_mb": f"{rss:.1f}",
        "crashes": str(crash["crashes"]),
        "in_flight_at_kills": str(crash["in_flight_at_kills"]),
        "lost": str(crash["lost"]),
        "duplicated": str(crash["duplicated"]),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="3,000 recipients (telegram 900), N = 300/s "
                        "(telegram 30/s), 5 kills (under a minute)")
    parser.add_argument("--channel", choices=sorted(GATEWAYS), default="sink",
                        help="what the worker sends through: bench/sink.py, or the Telegram adapter and "
                        "the Bot API emulator")
    parser.add_argument("--recipients", type=int, help="recipients of the announcement (10,000; quick 3,000, "
                        "telegram quick 900)")
    parser.add_argument("--rate", type=int, help="the gateway's limit N in the limit phase (sink 30, quick 300; "
                      "telegram 30)")
    parser.add_argument("--kills", type=int, help="SIGKILLs in the crash phase (20; quick 5)")
    parser.add_argument("--ceiling-cap", type=float, help="seconds the ceiling phase may take (60; quick 8): "
                        "a slower worker is stopped and measured on what it sent")
    parser.add_argument("--limit-cap", type=float, help="seconds the limit phase may take (default 2.5 × "
                        "recipients ÷ rate): a slower worker is stopped and measured on what it sent")
    parser.add_argument("--workers", type=int, default=1, help="worker processes in the limit and crash "
                        "phases (default 1); they share the channel's sending rights as `kabarrt worker` does")
    parser.add_argument("--limit-kills", type=int, help="SIGKILLs of the sending worker in the limit phase, "
                        "each replaced at once (default 2 with --workers above 1, else 0)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite",
                        help="the database: a SQLite file, or a throwaway PostgreSQL server")
    parser.add_argument("--seed", type=int, help="random seed for the kill times and the blocked chats")
    parser.add_argument("--blocked", type=float, metavar="FRACTION",
                        help="telegram: this share of the chats blocked the bot; the limit phase sends a "
                        "core-made announcement to residents on both channels and measures the SMS fallback")
    args = parser.parse_args(argv)
    telegram = args.channel == "telegram"
    args.recipients = args.recipients or ((900 if telegram else 3_000) if args.quick else 10_000)
    args.rate = args.rate or (300 if args.quick and not telegram else 30)
    args.ceiling_cap = args.ceiling_cap or (8.0 if args.quick else 60.0)
    args.limit_cap = args.limit_cap or 2.5 * args.recipients / args.rate
    args.kills = args.kills if args.kills is not None else (5 if args.quick else 20)
    if args.limit_kills is None:
        args.limit_kills = 2 if args.workers > 1 else 0
    if args.recipients < 1 or args.rate < 1 or args.kills < 0 or args.limit_kills < 0:
        parser.error("--recipients and --rate must be positive, --kills and --limit-kills not negative")
    if args.workers < 1 or (args.limit_kills and args.workers < 2):
        parser.error("--workers must be positive, and killing in the limit phase needs a second worker")
    if args.blocked is not None and (not telegram or not 0 < args.blocked < 1 or args.db != "sqlite"):
        parser.error("--blocked goes with --channel telegram on --db sqlite and is a fraction between 0 and 1")
    return args


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    result = main(parse_args())
    print(" ".join(f"{k}={v}" for k, v in result.items()))
