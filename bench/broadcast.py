"""One announcement to thousands of recipients: speed against a rate limit, the engine's ceiling,
and what SIGKILL does to delivery (lost and duplicated messages).

    python bench/broadcast.py                       # full: 10,000 recipients, N = 30/s (~8 min)
    python bench/broadcast.py --quick               # 3,000 recipients, N = 300/s, 5 kills: under a minute
    python bench/broadcast.py --channel telegram    # 10,000 Telegram chats, N = 30/s (~7 min)
    python bench/broadcast.py --channel telegram --quick   # 900 chats, N = 30/s, 5 kills: under a minute
    python bench/broadcast.py --channel telegram --blocked 0.10   # 10 % of the chats blocked the bot:
                                                    # the limit phase measures the Telegram → SMS fallback

Setup: a temporary SQLite file created and migrated by `bot.db.open_database`, holding one
announcement to R recipients (one outbox row each, bulk priority). Every phase sends a fresh copy
of it with `bench/broadcast_worker.py` — a separate OS process running the real `Dispatcher`
(lease 2 s, 50 in flight) until the outbox is empty — through a gateway in its own process that
enforces the limits and keeps its own record of what it accepted. Every figure is counted there,
on the far side, never from our database.

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
   0.95); throttled_share = 429 answers ÷ requests (goal ≤ 0.01). The first second's burst (the
   bucket starts full) counts, so a perfect sender scores R ÷ (R − N): 1.003 full, 1.11 quick
   (telegram quick 1.034); the progress line also shows the share without it. A worker still
   busy after `--limit-cap` seconds (2.5 × R ÷ N) gets SIGTERM and is measured on what the
   gateway accepted until then.
b) ceiling: the null channel, no limits: ceiling_per_s = rows ÷ (worker exit − worker ready),
   i.e. without interpreter start and database open (goal ≥ 1,000/s). A worker still busy after
   `--ceiling-cap` seconds (60; quick 8 — far beyond the goal's 10 s / 3 s) gets SIGTERM and is
   measured on the rows it sent until then. rss_mb = the highest peak RSS any worker reported
   (goal ≤ 200). No gateway: the same for both channels but for the rows' channel name.
c) crash: the gateway at 2,000/s overall (the worker's limit too; still 1/s per recipient, which
   one message each never hits). The worker is SIGKILLed at a random time after it is ready,
   uniform in [0.2 s, 2 × the estimated remaining send time ÷ (kills left + 1)] — so the kills
   spread over the whole send — 20 times (quick: 5), restarted each time; the last one runs to
   the end. in_flight_at_kills = rows the killed worker held `sending` right after each kill
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
from bot.db import close_database, open_database  # noqa: E402
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


async def _create(path: Path, rows: int, channel: str) -> None:
    await open_database(f"sqlite://{path}", load_demo=False)
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


def make_template(path: Path, rows: int, channel: str = "sink") -> None:
    """A migrated database with the announcement queued; phases copy it."""
    asyncio.run(_create(path, rows, channel))
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        count = conn.execute("SELECT count(*) FROM outbox WHERE status = 'queued'").fetchone()[0]
    assert count == rows, (count, rows)


def copy_db(template: Path, dest: Path) -> Path:
    shutil.copyfile(template, dest)
    return dest


def db_count(path: Path, where: str, *params) -> int:
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        return conn.execute(f"SELECT count(*) FROM outbox WHERE {where}", params).fetchone()[0]


def db_statuses(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        return dict(conn.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())


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

    def __init__(self, tmp: Path, tag: str, rate: float, rows: int) -> None:
        self.rate = rate
        self.sink = SinkProcess(rate, tmp / f"{tag}-sink.log", tmp / f"{tag}-sink.err")

    def worker_argv(self, db: Path) -> list[str]:
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

    def worker_argv(self, db: Path) -> list[str]:
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

    def worker_argv(self, db: Path) -> list[str]:
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

    def wait(self, timeout: float) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self.exited_at = self.exited_at or time.time()
        return code

    def run_capped(self, cap: float) -> tuple[int, float, bool]:
        """Wait for the exit until `cap` s after ready, then SIGTERM it (the dispatcher drains and
        records what it sent). Returns (exit code, end of sending as unix time, capped)."""
        try:
            code = self.proc.wait(max(0.0, self.ready_at + cap - time.time()))
            self.exited_at = time.time()
            return code, self.exited_at, False
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGTERM)
            end = time.time()
            return self.wait(timeout=60), end, True

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


# --- phases --------------------------------------------------------------------------------------


def say(msg: str) -> None:
    print(msg, flush=True)


def phase_limit(tmp: Path, template: Path, rows: int, rate: int, cap: float, gateway_type: type) -> dict:
    """Rate and 429s against the gateway at N/s; a worker still busy after `cap` seconds gets
    SIGTERM and is measured on what the gateway accepted until then."""
    db = copy_db(template, tmp / "limit.sqlite3")
    gateway = gateway_type(tmp, "limit", rate, rows)
    try:
        worker = WorkerProcess(gateway.worker_argv(db), tmp / "limit-worker.out", tmp / "limit-worker.err")
        if not worker.wait_ready():
            raise RuntimeError("limit worker did not start: " + worker.err.read_text()[-2000:])
        say(f"  limit: sending {rows} at {rate}/s (~{rows / rate:.0f} s, at most {cap:.0f} s) …")
        code, _, capped = worker.run_capped(cap)
        stats = gateway.stats()
        log = gateway.accepted()
        # with blocked chats, the 403 answers went through the limit too
        passed = gateway.passed() if hasattr(gateway, "passed") else log
        fell_back = gateway.fallback(rows) if hasattr(gateway, "fallback") else None
    finally:
        gateway.stop()
    result = worker.result()
    if code != 0:
        raise RuntimeError(f"limit worker exited {code}")
    stamps = sorted(t for _, t in passed)
    span = stamps[-1] - stamps[0] if len(stamps) > 1 else float("nan")
    achieved = len(passed) / span
    # what the limit allows in `span` from a full bucket is N·span + N: the share without that burst
    steady = (len(passed) - rate) / span
    refused = stats.get("refused", 0)
    requests = stats["accepted"] + stats["throttled"] + refused
    distinct = len({r for r, _ in log})
    say(f"  limit: {stats['accepted']} accepted ({distinct} recipients)"
        + (f" + {refused} answered 403 = {len(passed)} through the limit" if refused else "")
        + f" in {span:.2f} s = {achieved:.1f}/s "
        f"(steady after the first second's burst {steady:.1f}/s = {steady / rate:.3f} of N), "
        f"{stats['throttled']} answered 429 (of {requests} requests), db {db_statuses(db)}, worker rss {result['rss_mb']} MB"
        + (f" — stopped (SIGTERM) after the {cap:.0f} s cap" if capped else ""))
    figures = {
        "limit_share": achieved / rate,
        "throttled_share": stats["throttled"] / requests if requests else 0.0,
        "rss_mb": float(result["rss_mb"]),
    }
    if fell_back is not None:
        say(f"  fallback: {fell_back['refused']} residents' Telegram sends answered 403, "
            f"{fell_back['fallback_share'] * fell_back['refused']:.0f} of them got the SMS "
            f"(share {fell_back['fallback_share']:.3f}); on both channels {fell_back['both']}, "
            f"twice {fell_back['twice']}, SMS to others {fell_back['stray']}, reached nowhere {fell_back['lost']}")
        figures["fallback"] = fell_back
    return figures


def phase_ceiling(tmp: Path, template: Path, rows: int, cap: float, channel: str) -> dict:
    """The null channel without limits; a worker still busy after `cap` seconds gets SIGTERM (its
    drain records what it sent) and the rate is what it sent until then — the goal was missed."""
    db = copy_db(template, tmp / "ceiling.sqlite3")
    argv = ["--db", str(db), "--null", row_channel(channel)]
    worker = WorkerProcess(argv, tmp / "ceiling-worker.out", tmp / "ceiling-worker.err")
    if not worker.wait_ready():
        raise RuntimeError("ceiling worker did not start: " + worker.err.read_text()[-2000:])
    code, end, stopped_at = worker.run_capped(cap)
    result = worker.result()
    if code != 0:
        raise RuntimeError(f"ceiling worker exited {code}")
    secs = end - worker.ready_at
    sent = int(result["sent"])
    say(f"  ceiling: {sent} rows through the null channel in {secs:.2f} s = {sent / secs:.0f}/s "
        f"(dispatcher run {result['run_s']} s), worker rss {result['rss_mb']} MB"
        + (f" — stopped (SIGTERM) after the {cap:.0f} s cap with {rows - sent} rows unsent" if stopped_at else ""))
    if sent != rows and not stopped_at:
        raise RuntimeError(f"ceiling worker sent {sent} of {rows}")
    return {"ceiling_per_s": sent / secs, "rss_mb": float(result["rss_mb"])}


def phase_crash(tmp: Path, template: Path, rows: int, kills: int, rate_guess: float, rng: random.Random,
                gateway_type: type) -> dict:  # fmt: skip
    db = copy_db(template, tmp / "crash.sqlite3")
    sink = gateway_type(tmp, "crash", CRASH_RATE, rows)
    crashes = in_flight = 0
    rss = 0.0
    rate = rate_guess  # rows a second while a worker is up; re-estimated after each kill
    try:
        for k in range(kills):
            worker = WorkerProcess(sink.worker_argv(db), tmp / f"crash-{k}.out", tmp / f"crash-{k}.err")
            if not worker.wait_ready():
                worker.kill()
                raise RuntimeError(f"crash worker {k} did not start: " + worker.err.read_text()[-2000:])
            pending = db_count(db, "status IN ('queued', 'sending')")
            left = kills - k
            window = max(0.3, 2 * (pending / rate) / (left + 1))
            delay = rng.uniform(0.2, window)
            before = sink.stats()["accepted"]
            deadline = worker.ready_at + delay
            while time.time() < deadline and not worker.poll_exit():
                time.sleep(0.005)
            if worker.poll_exit():
                say(f"  crash {k + 1}: the worker finished before its kill at {delay:.2f} s — stopping the kills")
                rss = max(rss, float(worker.result()["rss_mb"]))
                break
            worker.kill()
            killed_at = time.time()
            crashes += 1
            # the killed worker's claims (rows an earlier worker left are counted at its own kill)
            held = db_count(db, "status = 'sending' AND substr(claimed_by, 1, ?) = ?",
                            len(worker.worker_id) + 1, worker.worker_id + "#")
            in_flight += held
            sent_now = sink.stats()["accepted"] - before
            if sent_now > 0:
                rate = max(50.0, sent_now / max(killed_at - worker.ready_at, 0.05))
            say(f"  crash {k + 1}/{kills}: SIGKILL {delay:.2f} s after ready (window {window:.2f} s), "
                f"{sent_now} accepted meanwhile, {held} rows in flight, {pending} were pending at start")
        worker = WorkerProcess(sink.worker_argv(db), tmp / "crash-last.out", tmp / "crash-last.err")
        code = worker.wait(timeout=rows / 100 + 120)
        if code != 0:
            raise RuntimeError(f"last crash worker exited {code}: " + worker.err.read_text()[-2000:])
        result = worker.result()
        rss = max(rss, float(result["rss_mb"]))
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
        + f"; db {db_statuses(db)}")
    return {"crashes": crashes, "in_flight_at_kills": in_flight, "lost": lost, "duplicated": duplicated, "rss_mb": rss}


def main(args: argparse.Namespace) -> dict[str, str]:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kabarrt-broadcast-") as name:
        tmp = Path(name)
        t0 = time.perf_counter()
        template = tmp / "template.sqlite3"
        make_template(template, args.recipients, args.channel)
        gateway_type = limit_gateway = GATEWAYS[args.channel]
        limit_template = template
        if args.blocked is not None:
            limit_template = tmp / "residents.sqlite3"
            fallback.make_resident_template(limit_template, args.recipients)
            limit_gateway = partial(FallbackGateway, blocked=args.blocked, rng=random.Random(args.seed))
        say(f"KabarRT broadcast bench — channel {args.channel}, SQLite file (WAL), one announcement to "
            f"{args.recipients} recipients"
            + (f" (limit phase: residents on Telegram and SMS, {args.blocked:.0%} blocked the bot)"
               if args.blocked is not None else "")
            + f" (setup {time.perf_counter() - t0:.2f} s)")
        t = time.perf_counter()
        limit = phase_limit(tmp, limit_template, args.recipients, args.rate, args.limit_cap, limit_gateway)
        say(f"  (limit phase {time.perf_counter() - t:.1f} s)")
        t = time.perf_counter()
        ceiling = phase_ceiling(tmp, template, args.recipients, args.ceiling_cap, args.channel)
        say(f"  (ceiling phase {time.perf_counter() - t:.1f} s)")
        t = time.perf_counter()
        guess = min(CRASH_RATE, ceiling["ceiling_per_s"]) / 2  # HTTP costs more than the null channel
        crash = phase_crash(tmp, template, args.recipients, args.kills, guess, rng, gateway_type)
        say(f"  (crash phase {time.perf_counter() - t:.1f} s; total {time.perf_counter() - t0:.1f} s)")
    rss = max(limit["rss_mb"], ceiling["rss_mb"], crash["rss_mb"])
    fell_back = limit.get("fallback")
    return {
        "limit_share": f"{limit['limit_share']:.3f}",
        "throttled_share": f"{limit['throttled_share']:.4f}",
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
    if args.recipients < 1 or args.rate < 1 or args.kills < 0:
        parser.error("--recipients and --rate must be positive, --kills not negative")
    if args.blocked is not None and (not telegram or not 0 < args.blocked < 1):
        parser.error("--blocked goes with --channel telegram and is a fraction between 0 and 1")
    return args


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    result = main(parse_args())
    print(" ".join(f"{k}={v}" for k, v in result.items()))
