"""Inbound Telegram updates per second: `kabarrt serve` against a bare python-telegram-bot echo bot.

    python bench/telegram.py                 # full: 3,000 updates from 1,000 residents (~40 s)
    python bench/telegram.py --quick         # 600 updates from 200 residents (~15 s)
    python bench/telegram.py --profile F     # also run ours under cProfile, stats to F, top lines shown
    python bench/telegram.py --cold          # no warm-up before measuring (see below)

Both bots poll the Bot API emulator (`python -m tests.fixtures.telegram_emulator`, its own OS process,
limits off); each side gets a fresh emulator. One side at a time:

- ours: `python -m bot serve --db <tmp SQLite>` (= `kabarrt serve`) with TELEGRAM_BOT_TOKEN = the
  emulator's token, TELEGRAM_API_BASE_URL = the emulator, KabarRT's own Telegram limits raised out
  of the way (100,000/s overall, 1,000/s per chat) and everything else at its defaults (INFO logging,
  50 sends in flight). An update goes getUpdates → engine (one SQLite transaction: resident,
  interactions, outbox row) → dispatcher → sendMessage.
- bare: bench/ptb_echo.py, PTB's echo bot (`Application` + `MessageHandler` + `run_polling`).

Once the bot has made its first getUpdates call, a resident of its own greets and asks one FAQ
question and the bench waits for both answers (KabarRT loads its content and builds the FAQ index
on first use, ~1–1.5 s once per process; `--cold` skips this and lets the first updates pay it).
Then U updates are injected through the emulator's control API (`POST /control/message`) as fast
as the emulator takes them (`--concurrency` clients; each resident's messages in order):
residents 500,000,000 + i, each first greets ("Halo", "Assalamualaikum", …), then asks FAQ
questions (content/sources/faq-dev.jsonl), types MENU or free text. Both bots answer every update with exactly one message (a chat answered more often
than it wrote shows as "extra replies").

Measured on the far side: the emulator's own call log (`/control/calls`, a monotonic `at` per Bot
API call — the same clock as this process's `time.monotonic()`). The k-th update of a chat counts
as handled when the k-th successful sendMessage to that chat arrived; per_s = U ÷ (last update
handled − first injection started). Progress lines show injection time, latency percentiles and
the calls each bot made, and the CPU time the bot's and the emulator's processes used while
measured (/proc). The last line printed is `ours_per_s=… bare_per_s=… ratio=…`
(ratio = ours ÷ bare, goal ≥ 0.5).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
TOKEN = "123456:TEST-token"  # the emulator's default
USERNAME = "kabarrt_test_bot"
FIRST_USER = 500_000_000
REPLY_METHODS = frozenset({"sendMessage", "sendPhoto"})

GREETINGS = ["Halo", "halo min", "Assalamualaikum", "selamat pagi", "Permisi pak", "hai"]
FREE_TEXT = [
    "menu",
    "MENU",
    "Menu",
    "kapan pembagian beras bulan ini?",
    "pak, jalan di depan rumah saya banjir lagi",
    "posyandu buka jam berapa ya",
    "lampu jalan di gang 3 mati sudah seminggu",
    "apakah ada kerja bakti hari minggu?",
    "saya mau tanya soal bantuan sembako",
    "terima kasih",
]


def say(msg: str) -> None:
    print(msg, flush=True)


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def faq_questions() -> list[str]:
    path = ROOT / "content" / "sources" / "faq-dev.jsonl"
    return [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def workload(updates: int, users: int, seed: int) -> list[list[str]]:
    """Per resident, the texts it sends in order (greeting first); `updates` texts in all."""
    rng = random.Random(seed)
    questions = faq_questions()
    plan: list[list[str]] = [[rng.choice(GREETINGS)] for _ in range(users)]
    for n in range(updates - users):
        pool = questions if rng.random() < 0.6 else FREE_TEXT
        plan[n % users].append(rng.choice(pool))
    return plan


# --- the emulator ----------------------------------------------------------------------------------


class EmulatorProcess:
    """`python -m tests.fixtures.telegram_emulator` in its own process; control API calls are synchronous."""

    def __init__(self, errors: Path, *, limits: bool = False) -> None:
        self._err = errors.open("w")
        argv = [PYTHON, "-m", "tests.fixtures.telegram_emulator", "--port", "0", "--token", TOKEN, "--username", USERNAME]
        self.proc = subprocess.Popen(
            argv + (["--limits"] if limits else []), cwd=ROOT, stdout=subprocess.PIPE, stderr=self._err, text=True
        )
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.stop()
            raise RuntimeError(f"emulator did not start: {line!r} (see {errors})")
        self.url = line.strip().rsplit(" ", 1)[-1]
        self.base_url = self.url + "/bot"
        self.control_url = self.url + "/control"

    def get(self, path: str, timeout: float = 60.0, **query: str) -> dict:
        qs = "&".join(f"{k}={v}" for k, v in query.items())
        with urllib.request.urlopen(f"{self.control_url}/{path}" + (f"?{qs}" if qs else ""), timeout=timeout) as r:
            return json.load(r)

    def post(self, path: str, body: dict, timeout: float = 60.0) -> dict:
        request = urllib.request.Request(
            f"{self.control_url}/{path}", data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return json.load(r)

    def calls(self, method: str | None = None) -> list[dict]:
        return self.get("calls", **({"method": method} if method else {}))["calls"]

    def state(self) -> dict:
        return self.get("state")

    def sent(self) -> list[dict]:
        """Every message the bot sent, as the emulator stored it (chat_id, message_id, text, …)."""
        return self.get("sent")["messages"]

    def set_limits(self, **limits: float | bool) -> dict:
        """POST /control/limits (per_second, per_chat_per_second, chat_burst, enabled); buckets reset."""
        return self.post("limits", limits)

    def stop(self) -> None:
        stop_process(self.proc, 10)
        self._err.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, all its threads (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def chat_of(call: dict) -> int | None:
    try:
        return int(str(call["params"].get("chat_id")))
    except (TypeError, ValueError):
        return None


def replies_by_chat(calls: list[dict]) -> dict[int, list[float]]:
    """Arrival times (emulator monotonic) of the accepted replies, per chat, in order."""
    out: dict[int, list[float]] = defaultdict(list)
    for call in calls:
        if call["method"] in REPLY_METHODS and call["status"] == 200:
            chat = chat_of(call)
            if chat is not None:
                out[chat].append(call["at"])
    for times in out.values():
        times.sort()
    return out


# --- the bots ----------------------------------------------------------------------------------------


def start_ours(emu: EmulatorProcess, tmp: Path, profile: Path | None) -> subprocess.Popen:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emu.base_url,
        "TELEGRAM_BOT_USERNAME": USERNAME,
        "TELEGRAM_WEBHOOK_URL": "",
        "TELEGRAM_MAX_PER_SECOND": "100000",
        "TELEGRAM_MAX_PER_CHAT_PER_SECOND": "1000",
        "TELEGRAM_MAX_PER_GROUP_PER_MINUTE": "100000",
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
    }
    argv = [PYTHON, *(["-m", "cProfile", "-o", str(profile)] if profile else []), "-m", "bot", "serve",
            "--db", str(tmp / "ours.sqlite3")]  # fmt: skip
    with (tmp / "ours.out").open("w") as out, (tmp / "ours.err").open("w") as err:
        return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=err)


def start_bare(emu: EmulatorProcess, tmp: Path, profile: Path | None) -> subprocess.Popen:
    argv = [PYTHON, str(BENCH / "ptb_echo.py"), "--base-url", emu.base_url, "--token", TOKEN]
    with (tmp / "bare.out").open("w") as out, (tmp / "bare.err").open("w") as err:
        return subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err)


def stop_process(proc: subprocess.Popen, timeout: float = 20.0) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def wait_polling(emu: EmulatorProcess, proc: subprocess.Popen, err: Path, timeout: float = 60.0) -> float:
    """Seconds until the bot's first getUpdates call reached the emulator."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if emu.calls("getUpdates"):
            return time.monotonic() - t0
        if proc.poll() is not None:
            raise RuntimeError(f"the bot exited {proc.returncode} before polling: {err.read_text()[-2000:]}")
        time.sleep(0.05)
    raise RuntimeError(f"the bot did not poll within {timeout:.0f} s: {err.read_text()[-2000:]}")


def warm_up(emu: EmulatorProcess, proc: subprocess.Popen, timeout: float = 60.0) -> float:
    """One resident of its own greets and asks an FAQ question; seconds until both are answered.
    (KabarRT loads its content and builds the FAQ index on first use, once per process.)"""
    t0 = time.monotonic()
    user = {"user_id": FIRST_USER - 1, "first_name": "Pemanasan", "language_code": "id"}
    for text in ("Halo", faq_questions()[0]):
        emu.post("message", {**user, "text": text})
    while time.monotonic() - t0 < timeout:
        if len(replies_by_chat(emu.calls("sendMessage")).get(FIRST_USER - 1, ())) >= 2:
            return time.monotonic() - t0
        if proc.poll() is not None:
            raise RuntimeError(f"the bot exited {proc.returncode} during the warm-up")
        time.sleep(0.05)
    raise RuntimeError(f"the warm-up got no answers within {timeout:.0f} s")


# --- injection -----------------------------------------------------------------------------------------


async def inject(control_url: str, plan: list[list[str]], concurrency: int, first_user: int = FIRST_USER
                 ) -> list[list[float]]:  # fmt: skip
    """POST every text to /control/message as resident `first_user + i` (a private chat with the
    bot from its first message on); client j plays residents j, j + K, …, round by round, so each
    resident's messages arrive in order. Returns, per resident, when each message was accepted
    (monotonic)."""
    accepted: list[list[float]] = [[] for _ in plan]
    url = control_url + "/message"

    async def client(session: aiohttp.ClientSession, mine: list[int]) -> None:
        for r in range(max((len(plan[i]) for i in mine), default=0)):
            for i in mine:
                if r < len(plan[i]):
                    body = {"user_id": first_user + i, "first_name": f"Warga{i}", "language_code": "id",
                            "text": plan[i][r]}  # fmt: skip
                    async with session.post(url, json=body) as response:
                        data = await response.json()
                        if response.status != 200 or not data.get("delivered"):
                            raise RuntimeError(f"injection refused: {response.status} {data}")
                    accepted[i].append(time.monotonic())

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        k = min(concurrency, len(plan))
        await asyncio.gather(*(client(session, list(range(j, len(plan), k))) for j in range(k)))
    return accepted


def open_chats(emu: EmulatorProcess, first_user: int, count: int, concurrency: int = 32) -> float:
    """Residents `first_user` … `first_user + count - 1` each send /start, so the emulator knows
    their private chats (it answers 400 "chat not found" / 403 to chats that never wrote). Their
    updates stay pending: no bot polls. Returns the seconds it took."""
    t0 = time.monotonic()
    asyncio.run(inject(emu.control_url, [["/start"]] * count, concurrency, first_user))
    return time.monotonic() - t0


# --- one side ----------------------------------------------------------------------------------------


def run_side(name: str, start, tmp: Path, plan: list[list[str]], args: argparse.Namespace,
             profile: Path | None = None) -> dict:  # fmt: skip
    total = sum(len(texts) for texts in plan)
    emu = EmulatorProcess(tmp / f"{name}-emulator.err")
    proc = None
    try:
        proc = start(emu, tmp, profile)
        err = tmp / f"{name}.err"
        startup = wait_polling(emu, proc, err)
        warm = None if args.cold else warm_up(emu, proc)
        baseline = emu.calls()  # startup calls (getMe, setMyCommands, …): not part of the run
        cpu0 = cpu_seconds(proc.pid), cpu_seconds(emu.proc.pid)
        t0 = time.monotonic()
        accepted = asyncio.run(inject(emu.control_url, plan, args.concurrency))
        injected = time.monotonic() - t0
        say(f"  {name}: polling {startup:.2f} s after start"
            + (f", warm-up (greeting + FAQ question) answered in {warm:.2f} s" if warm is not None else ", cold")
            + f"; {total} updates from {len(plan)} residents "
            f"injected in {injected:.2f} s ({total / injected:.0f}/s)")
        deadline = time.monotonic() + args.timeout
        chats = {FIRST_USER + i: len(texts) for i, texts in enumerate(plan)}
        done = False
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited {proc.returncode} mid-run: {err.read_text()[-2000:]}")
            if emu.state()["accepted"] >= total:
                got = replies_by_chat(emu.calls())
                if all(len(got.get(chat, ())) >= n for chat, n in chats.items()):
                    done = True
                    break
            time.sleep(0.1)
        cpu = cpu_seconds(proc.pid) - cpu0[0], cpu_seconds(emu.proc.pid) - cpu0[1]
        time.sleep(0.3)  # a bot answering twice would show it now
        calls = emu.calls()
    finally:
        if proc is not None:
            code = stop_process(proc)
            if code not in (0, -signal.SIGTERM):
                say(f"  {name}: exited {code} on SIGTERM: {(tmp / f'{name}.err').read_text()[-1000:]}")
        emu.stop()
    got = replies_by_chat(calls[len(baseline):])
    handled_at, latencies = [], []
    for i, sent_at in enumerate(accepted):
        replies = got.get(FIRST_USER + i, [])
        for k, at in enumerate(sent_at):
            if k < len(replies):
                handled_at.append(replies[k])
                latencies.append(replies[k] - at)
    extra = sum(max(0, len(got.get(chat, ())) - n) for chat, n in chats.items())
    methods = Counter(c["method"] for c in calls[len(baseline):])
    errors = Counter(c["status"] for c in calls[len(baseline):] if c["status"] not in (200, None))  # None: pending
    if not done:
        say(f"  {name}: only {len(handled_at)} of {total} updates answered within {args.timeout:.0f} s!")
    span = max(handled_at) - t0 if handled_at else float("nan")
    per_s = len(handled_at) / span if handled_at else 0.0
    latencies = sorted(latencies) or [float("nan")]
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    say(f"  {name}: {len(handled_at)}/{total} answered in {span:.2f} s = {per_s:.0f} updates/s; "
        f"latency p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
        f"calls {dict(methods)}" + (f", errors {dict(errors)}" if errors else "")
        + (f", {extra} extra replies" if extra else ""))
    say(f"  {name}: CPU while measured (injection to last answer, polling included): bot {cpu[0]:.2f} s "
        f"= {cpu[0] / total * 1000:.1f} ms/update, emulator {cpu[1]:.2f} s = {cpu[1] / total * 1000:.1f} ms/update")
    return {"per_s": per_s, "handled": len(handled_at), "total": total}


def show_profile(path: Path, lines: int = 25) -> None:
    import io
    import pstats

    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(str(path), stream=out).sort_stats(key).print_stats(lines)
        text = out.getvalue()
        say(f"  profile of ours by {key} (top {lines}):")
        start = text.find("   ncalls")
        for line in text[start:].splitlines():
            if line.strip():
                say("    " + line.rstrip())


def main(args: argparse.Namespace) -> dict[str, str]:
    plan = workload(args.updates, args.users, args.seed)
    say(f"KabarRT Telegram inbound bench — {args.updates} updates from {args.users} residents, "
        f"emulator limits off, {args.concurrency} injecting clients")
    with tempfile.TemporaryDirectory(prefix="kabarrt-telegram-") as name:
        tmp = Path(name)
        t = time.perf_counter()
        ours = run_side("ours", start_ours, tmp, plan, args, args.profile)
        say(f"  (ours {time.perf_counter() - t:.1f} s)")
        t = time.perf_counter()
        bare = run_side("bare", start_bare, tmp, plan, args)
        say(f"  (bare {time.perf_counter() - t:.1f} s)")
    if args.profile:
        show_profile(args.profile)
    ratio = ours["per_s"] / bare["per_s"] if bare["per_s"] else float("nan")
    return {"ours_per_s": f"{ours['per_s']:.0f}", "bare_per_s": f"{bare['per_s']:.0f}", "ratio": f"{ratio:.2f}"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="600 updates from 200 residents (under a minute)")
    parser.add_argument("--updates", type=int, help="updates injected per side (3,000; quick 600)")
    parser.add_argument("--users", type=int, help="distinct residents (default updates ÷ 3)")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent injecting clients (32)")
    parser.add_argument("--timeout", type=float, help="seconds a side may take to answer everything "
                        "after the injection (120; quick 40)")  # fmt: skip
    parser.add_argument("--cold", action="store_true", help="no warm-up: the first updates pay for loading "
                        "content and building the FAQ index")
    parser.add_argument("--profile", type=Path, help="run ours under cProfile, write the stats here")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the texts")
    args = parser.parse_args(argv)
    args.updates = args.updates or (600 if args.quick else 3_000)
    args.users = args.users or max(1, args.updates // 3)
    args.timeout = args.timeout or (40.0 if args.quick else 120.0)
    if args.updates < args.users or args.users < 1 or args.concurrency < 1:
        parser.error("need 1 ≤ --users ≤ --updates and --concurrency ≥ 1")
    return args


if __name__ == "__main__":
    result = main(parse_args())
    print(" ".join(f"{k}={v}" for k, v in result.items()))
