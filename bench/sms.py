"""SMS: how fast replies leave through a real Kannel, and how many segments they cost.

    python bench/sms.py                      # full: 10,000 SMS through Kannel (~1.5 min)
    python bench/sms.py --quick              # 1,000 SMS through Kannel (~20 s)
    python bench/sms.py --reports-elsewhere  # Kannel's delivery reports go to a sink, not serve
    python bench/sms.py --profile F          # serve under cProfile, stats to F, top lines shown

Three measurements; the last line printed is `name=value` pairs:

a) segments — `mean_segments`, `max_segments`, `replies`. Scripted SMS conversations go through
   the real `Engine.handle` in this process (a fresh SQLite file made by `bot.db.open_database`
   with the demo areas of content/areas/contoh.csv, no flood limit) and every reply is rendered
   with the SMS channel's own `render_sms`. The flows: halo, BANTUAN, MENU and its Bantuan;
   DAFTAR to the end (consent → kota → kecamatan → kelurahan → RW → RT → name) in Jambi by
   numbers, in Bontang typing the kota, in Pontianak skipping the name, and Bandar Lampung (no
   data below the kota); for every program: INFO → the program → each section by its number and
   back ("Bagian lain"), every indicator group, every lesson with its check question answered
   (right and wrong in turn) — Kampung Bantar as the registered resident of Jambi, so its rewards
   name the RT's category; ISTILAH and the first ten glossary terms; the 40 public dev questions
   (content/sources/faq-dev.jsonl, the copy of ../shared/faq-dev.jsonl) and an unanswerable one;
   STOP / MULAI / BERHENTI; BAHASA to English, a program there, and back. Numbered replies are
   picked by their label from the last menu, so the scripts follow content changes (a label that
   is gone stops the bench). When a reply is cut ("Balas LANJUT …", handlers/outbox/sms.py) the script sends LANJUT and the
   continuation is measured too. The mean is over replies: a reply of 3 segments counts once, as 3.
b) content — `ucs2_items`: content items (bot/cli/sms.py's `content_items`, the list behind
   `kabarrt sms cost`: program screens, sections, indicator groups, lessons, check questions and
   their feedback, glossary entries, FAQ answers) whose SMS would be UCS-2, rendered in both
   interface languages (the content is Indonesian only; the menus and labels around it are
   translated); an item counts once.
c) Kannel — `sms_per_s`, `limit_per_s`, `lost`, `duplicated`, `bare_per_s`. The phones are
   bearerbox + smsbox (Debian's kannel) and fakesmsc, through tests/fixtures/kannel_gateway.py; the message
   is one 1-segment announcement to N different numbers (`sms:+62812…`, rows made like
   bench/broadcast.py's). Every count is taken on the far side, from fakesmsc's own log.
   - bare: our `KannelChannel` alone (no dispatcher, no database), 50 sends at a time, its
     delivery reports (`dlr-url`) answered by a trivial sink in the bench: bare_per_s = N ÷ the
     time until fakesmsc has all N — what Kannel and the adapter allow on this machine.
   - serve: N outbox rows in a fresh SQLite file, sent by a real `kabarrt serve` process
     (`SMS_DRIVER=kannel`: its `Dispatcher` and `KannelChannel`, its web app receiving the
     delivery reports, INFO logging as deployed). `limit_per_s` is its SMS_MAX_PER_SECOND, raised
     (10,000) so our own limiter is not what is measured. The rows are held (a far `not_before`)
     until serve answers /healthz, then released: sms_per_s = N ÷ (time from the release until
     fakesmsc has received all N). Then the bench waits until nothing is queued or sending and
     fakesmsc has been quiet 2 s, and counts `lost` (numbers that got nothing) and `duplicated`
     (messages beyond one per number). The progress lines show the outbox states (`delivered` =
     Kannel's report 1 came back), the delivery reports serve answered by HTTP status, and the
     CPU each process used while sending.

fakesmsc's poll does not cap the rate. In interactive mode fakesmsc waits up to a second on its
stdin, then reads every MT line bearerbox has written to its socket: messages arrive in batches
about once a second, the first up to ~1 s after the start, but a batch holds whatever came
meanwhile (bare: hundreds of messages a batch, e.g. 912 + 88 for 1,000). It costs up to ~1 s of
latency once per run, which lowers N ÷ time more for the quick run's N (and makes it vary).

What limits sms_per_s (measured on this 2-core machine, 10,000 SMS): serve, not Kannel. Kannel
and the adapter alone move ~1,200-1,500 SMS/s (bare). For each SMS serve makes one sendsms call
and receives two delivery reports (dlr-mask=31: 8 = at the SMSC, then 1 = delivered), each an HTTP
request. Written one transaction (one fsync) per report, serve managed ~190/s; reports that arrive
together are now committed together (bot/delivery/receipts.py, each caller still answered after its commit)
and serve sends ~520/s, using ~0.8 of a core. With the reports sent elsewhere (--reports-elsewhere)
serve sent ~630/s before that change: the sendsms calls, the dispatcher and the HTTP handling of
the reports are what is left. (The quick run's 1,000 SMS take ~2 s, so fakesmsc's first-batch
delay of up to a second moves its rate.)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# run as a script, bench/ is first on sys.path, and bench/telegram.py would shadow the PTB package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402

from bench.broadcast import TEXT, copy_db, db_statuses, make_template, recipient  # noqa: E402
from bench.telegram import cpu_seconds, faq_questions, free_port, show_profile, stop_process  # noqa: E402
from bot.channels.base import Limits  # noqa: E402
from bot.channels.kannel import KannelChannel, KannelSettings  # noqa: E402
from bot.channels.render import render_sms, segments  # noqa: E402
from bot.cli.sms import content_items  # noqa: E402
from bot.db import close_database, open_database  # noqa: E402
from bot.i18n import translator  # noqa: E402
from content.library import Library, Program, library  # noqa: E402
from handlers.engine import Engine  # noqa: E402
from handlers.messages import Inbound, Outbound  # noqa: E402
from handlers.outbox.sms import more_hint  # noqa: E402
from handlers.programs.sections import SECTIONS, section_label  # noqa: E402
from tests.fixtures.kannel_gateway import kannel_available, running_kannel  # noqa: E402

PYTHON = sys.executable
SECRET = "bench-sms-secret"
#: a released row's not_before: far in the future, so serve leaves the rows alone until then
HOLD = "9999-12-31 00:00:00+00:00"
#: how many LANJUT in a row a script follows before it gives up (a cut that never ends)
MAX_LANJUT = 10


def say(msg: str) -> None:
    print(msg, flush=True)


# --- a) segments per reply over the main flows ------------------------------------------------


@dataclass(frozen=True)
class Pick:
    """Reply with the number of the option whose label is `label` (exact, else the first that
    starts with it, else the first that contains it; case does not matter) in the last menu."""

    label: str


Step = str | Pick


@dataclass(frozen=True)
class Script:
    flow: str
    resident: int  # scripts with the same number are one resident, in order
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Measured:
    flow: str
    said: str
    text: str
    segments: int
    encoding: str


def pick_number(options: list[str], label: str) -> str:
    want = label.casefold()
    labels = [o.casefold() for o in options]
    for test in (want.__eq__, lambda o: o.startswith(want), lambda o: want in o):
        for i, option in enumerate(labels, start=1):
            if test(option):
                return str(i)
    raise LookupError(f"no option {label!r} in the last menu {options!r}")


def program_tour(program: Program, t, right: itertools.cycle) -> list[Step]:
    """From the program's menu: every section by its number and back, every indicator group,
    every lesson and its question (right and wrong answers in turn)."""
    back = Pick(t._("Bagian lain"))
    steps: list[Step] = []
    for section in SECTIONS:
        if section == "pelajaran" and not program.lessons:
            continue
        steps.append(Pick(section_label(t, section)))
        if section == "indikator":
            steps += [Pick(group.name) for group in program.indicators]
        if section == "pelajaran":
            for lesson in program.lessons:
                answer = lesson.question.answer if next(right) else lesson.question.answer % 3 + 1
                steps += [Pick(lesson.title), str(answer), Pick(t._("Daftar pelajaran"))]
        steps.append(back)
    return steps


def scripts(lib: Library) -> list[Script]:
    t, en = translator("id"), translator("en")
    right = itertools.cycle([True, False])
    out = [
        Script("help", 1, ("halo", "BANTUAN", "MENU", Pick("Bantuan"), "?", "MENU", "BATAL")),
        Script("daftar", 2, ("DAFTAR", Pick("Setuju"), Pick("Kota Jambi"), Pick("Alam Barajo"),
                             Pick("Mayang Mangurai"), Pick("RW 02"), Pick("RT 003"), "Budi", "DAFTAR", Pick("Tidak"))),
        Script("daftar", 3, ("daftar", Pick("Setuju"), "bontang", Pick("Bontang Selatan"), Pick("Berbas Pantai"),
                             Pick("RW 01"), Pick("RT 001"), "Siti Aminah")),
        Script("daftar", 4, ("DAFTAR", Pick("Setuju"), Pick("Kota Pontianak"), Pick("Pontianak Timur"),
                             Pick("Saigon"), Pick("RW 01"), Pick("RT 002"), Pick("Lewati"))),
        Script("daftar", 5, ("DAFTAR", Pick("Setuju"), Pick("Kota Bandar Lampung"))),
    ]  # fmt: skip
    for n, program in enumerate(lib.programs.values()):
        # Kampung Bantar as the registered resident of Jambi (the rewards name the RT's category)
        resident = 2 if program.id == "kampung-bantar" else 10 + n
        out.append(Script("program", resident, ("INFO", Pick(program.name), *program_tour(program, t, right),
                                                 Pick(t._("Program lain")))))  # fmt: skip
    terms = [term.term for term in list(lib.glossary.values())[:10]]
    out.append(Script("istilah", 20, ("ISTILAH", *terms, Pick(t._("Kata lain")), "apa itu KSM?", "swadaya artinya apa")))
    questions = faq_questions()
    out.append(Script("faq", 21, (*questions, "TANYA siapa presiden prancis")))
    out.append(Script("stop", 22, ("STOP", "MULAI", "BERHENTI", "MULAI")))
    bantar = lib.programs.get("kampung-bantar") or next(iter(lib.programs.values()))
    out.append(Script("bahasa", 23, ("BAHASA", "MENU", "HELP", "INFO", Pick(bantar.name),
                                     Pick(section_label(en, "ringkasan")), Pick(en._("Bagian lain")),
                                     Pick(section_label(en, "tujuan")), "BAHASA", "MENU")))  # fmt: skip
    return out


async def run_script(engine: Engine, script: Script, identity: str, state: dict, measured: list[Measured]) -> None:
    """Send the script's steps as `identity`; `state` keeps the resident's last menu between scripts."""

    async def send(text: str) -> list[Outbound]:
        state["n"] = state.get("n", 0) + 1
        replies = await engine.handle(Inbound(identity=identity, text=text, id=f"{identity}#{state['n']}"),
                                      delivered_inline=True)  # fmt: skip
        for reply in replies:
            sms = render_sms(reply)
            measured.append(Measured(script.flow, text, sms.text, sms.segments, sms.encoding))
            if reply.options:
                state["options"] = [o.label for o in reply.options]
        return replies

    for step in script.steps:
        text = pick_number(state.get("options", []), step.label) if isinstance(step, Pick) else step
        replies = await send(text)
        for _ in range(MAX_LANJUT):
            if not any(more_hint(translator(r.locale)) in r.text for r in replies):
                break
            replies = await send("LANJUT")


async def measure_replies(tmp: Path) -> list[Measured]:
    assert await open_database(f"sqlite://{tmp / 'engine.sqlite3'}"), "expected a fresh database"
    try:
        engine = Engine(translator, default_locale="id")
        measured: list[Measured] = []
        states: dict[int, dict] = {}
        for script in scripts(library()):
            identity = f"sms:+6281300{script.resident:06d}"
            await run_script(engine, script, identity, states.setdefault(script.resident, {}), measured)
    finally:
        await close_database()
    return measured


def phase_segments(tmp: Path) -> dict[str, str]:
    t0 = time.perf_counter()
    measured = asyncio.run(measure_replies(tmp))
    by_flow: dict[str, list[int]] = {}
    for m in measured:
        by_flow.setdefault(m.flow, []).append(m.segments)
    counts = Counter(m.segments for m in measured)
    flows = ", ".join(f"{flow} {sum(s) / len(s):.2f} ({len(s)})" for flow, s in by_flow.items())
    say(f"  segments: {len(measured)} replies in {time.perf_counter() - t0:.1f} s; mean by flow (replies): {flows}")
    say("  segments per reply: " + ", ".join(f"{k}: {counts[k]}" for k in sorted(counts)))
    worst = sorted(measured, key=lambda m: -m.segments)[:3]
    for m in worst:
        say(f"    {m.segments} segments ({m.flow}, after {m.said!r}): {m.text[:70]!r}…")
    empty = [m for m in measured if not m.text.strip()]
    if empty:
        say(f"  WARNING: {len(empty)} empty replies, e.g. to {empty[0].said!r} ({empty[0].flow})")
    ucs2 = [m for m in measured if m.encoding == "ucs2"]
    if ucs2:
        say(f"  WARNING: {len(ucs2)} UCS-2 replies, e.g. {ucs2[0].text[:60]!r}")
    return {
        "mean_segments": f"{sum(m.segments for m in measured) / len(measured):.2f}",
        "max_segments": str(max(m.segments for m in measured)),
        "replies": str(len(measured)),
    }


# --- b) content items that would force UCS-2 ---------------------------------------------------


def phase_content() -> dict[str, str]:
    items = {}
    ucs2 = set()
    for locale in ("id", "en"):
        for item in content_items(locale):
            items[item.id] = item
            if item.sms().encoding == "ucs2":
                ucs2.add(item.id)
    say(f"  content: {len(items)} items, {len(ucs2)} would be UCS-2 in id or en"
        + (f": {', '.join(sorted(ucs2)[:10])}" if ucs2 else ""))
    return {"ucs2_items": str(len(ucs2))}


# --- c) SMS per second through Kannel ------------------------------------------------------------


def set_hold(db: Path, until: str | None) -> None:
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as conn, conn:
        conn.execute("UPDATE outbox SET not_before = ? WHERE status = 'queued'", (until,))


def start_serve(tmp: Path, db: Path, port: int, kannel, args: argparse.Namespace, reports: str | None) -> subprocess.Popen:
    """`kabarrt serve` on `db`, wired to `kannel`; `reports`: a PUBLIC_URL that takes the
    delivery reports instead of serve (--reports-elsewhere)."""
    env = {
        **os.environ,
        "SMS_DRIVER": "kannel", "SMS_SECRET": SECRET, "SMS_SENDER": "1234",
        "KANNEL_SENDSMS_URL": kannel.sendsms_url, "KANNEL_USERNAME": kannel.username,
        "KANNEL_PASSWORD": kannel.password, "SMS_MAX_PER_SECOND": str(args.rate),
        "HOST": "127.0.0.1", "PORT": str(port), **({"PUBLIC_URL": reports} if reports else {}),
    }  # fmt: skip
    env.pop("TELEGRAM_BOT_TOKEN", None)  # SMS only
    with (tmp / "serve.out").open("w") as out:
        profile = ["-m", "cProfile", "-o", str(args.profile)] if args.profile else []
        argv = [PYTHON, *profile, "-m", "bot", "serve",
                "--db", str(db)]  # fmt: skip
        return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=0.5) as response:
            return response.status == 200
    except OSError:
        return False


async def wait_healthy(proc: subprocess.Popen, port: int, log: Path, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while not await asyncio.to_thread(healthy, port):
        if proc.poll() is not None or time.monotonic() > deadline:
            tail = await asyncio.to_thread(log.read_text)
            raise RuntimeError(f"kabarrt serve did not start (exit {proc.poll()}): {tail[-2000:]}")
        await asyncio.sleep(0.05)


def digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


@dataclass
class FarSide:
    """What fakesmsc received, counted from the moment sending was allowed to start."""

    rows: int
    elapsed: float = 0.0
    count: int = 0
    arrivals: list[tuple[float, int]] = field(default_factory=list)  # (seconds after t0, parts so far)
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def per_s(self) -> float:
        return self.count / self.elapsed

    def batches(self) -> list[tuple[float, int]]:
        """(when, how many) per fakesmsc read: arrivals less than 0.2 s apart are one batch."""
        out: list[tuple[float, int]] = []
        before, last_at = 0, float("-inf")
        for at, count in self.arrivals:
            if at - last_at < 0.2 and out:
                out[-1] = (out[-1][0], out[-1][1] + count - before)
            else:
                out.append((at, count - before))
            before, last_at = count, at
        return out

    def describe(self, cap: float) -> str:
        batches = self.batches()
        sizes = ", ".join(f"{n}" for _, n in batches[:8]) + (" …" if len(batches) > 8 else "")
        text = f"{len(batches)} batches of {sizes}, the first {batches[0][0]:.2f} s after the start" if batches else ""
        if len(batches) >= 3:
            rate = (self.count - batches[0][1]) / (batches[-1][0] - batches[0][0])
            text += f"; {rate:.0f}/s after the first batch"
        capped = f" — stopped at the {cap:.0f} s cap" if self.count < self.rows else ""
        return f"fakesmsc received {self.count} of {self.rows} in {self.elapsed:.2f} s = {self.per_s:.1f}/s ({text}){capped}"

    def describe_cpu(self) -> str:
        used = ", ".join(f"{name} {secs:.1f} s" for name, secs in sorted(self.cpu.items(), key=lambda kv: -kv[1]))
        return f"CPU while sending ({self.elapsed:.1f} s wall × 2 cores = {2 * self.elapsed:.1f} s): {used}"


async def far_side(kannel, rows: int, cap: float, t0: float, pids: dict[str, int], cpu0: dict[str, float]) -> FarSide:
    """Watch fakesmsc until it has `rows` messages (one part each) or `cap` seconds passed."""
    seen = FarSide(rows)
    while seen.count < rows and time.monotonic() - t0 < cap:
        await asyncio.sleep(0.01)
        now = len(kannel.sent_parts())
        if now != seen.count:
            seen.count = now
            seen.arrivals.append((time.monotonic() - t0, now))
    seen.elapsed = time.monotonic() - t0
    seen.cpu = {name: cpu_seconds(pid) - cpu0[name] for name, pid in pids.items()}
    return seen


def kannel_pids(kannel) -> dict[str, int]:
    """bearerbox, smsbox and fakesmsc of a running gateway, for CPU accounting."""
    pids = {}
    for name in ("bearerbox", "smsbox", "fakesmsc"):
        proc = getattr(kannel, f"_{name}", None)
        if proc is not None:
            pids[name] = proc.pid
    return pids


def tally(kannel, rows: int) -> dict[str, int]:
    """lost, duplicated (beyond one per number), strangers and changed texts, from fakesmsc's log."""
    sent = kannel.sent()
    everyone = {digits(recipient(i)) for i in range(rows)}
    got = Counter(digits(s.receiver) for s in sent)
    return {"lost": len(everyone - set(got)), "duplicated": sum(got.values()) - len(set(got) & everyone),
            "strangers": len(set(got) - everyone), "wrong_text": sum(s.text != TEXT for s in sent)}  # fmt: skip


async def settle(kannel, db: Path | None, within: float = 60.0) -> None:
    """Let stragglers (and any repeats) arrive: nothing queued or sending, fakesmsc quiet for 2 s."""
    quiet_since, last = time.monotonic(), len(kannel.sent_parts())
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        now = len(kannel.sent_parts())
        if now != last:
            quiet_since, last = time.monotonic(), now
        pending = db_statuses(db) if db is not None else {}
        if time.monotonic() - quiet_since >= 2 and not (pending.get("queued") or pending.get("sending")):
            return


async def serve_run(tmp: Path, db: Path, args: argparse.Namespace):
    rows, cap = args.sms, args.cap
    port = free_port()
    receive = f"http://127.0.0.1:{port}/sms/kannel/receive?secret={SECRET}"
    async with report_sink() as (sink, _), running_kannel(tmp / "kannel", receive) as kannel:
        serve = start_serve(tmp, db, port, kannel, args, sink if args.reports_elsewhere else None)
        try:
            await wait_healthy(serve, port, tmp / "serve.out")
            pids = {"serve": serve.pid, "bench": os.getpid(), **kannel_pids(kannel)}
            cpu0 = {name: cpu_seconds(pid) for name, pid in pids.items()}
            t0 = time.monotonic()
            set_hold(db, None)
            seen = await far_side(kannel, rows, cap, t0, pids, cpu0)
            await settle(kannel, db)
        finally:
            await asyncio.to_thread(stop_process, serve, 30)
        return seen, tally(kannel, rows)


@contextlib.asynccontextmanager
async def report_sink():
    """A trivial delivery-report receiver in this process: yields (its base URL, reports so far)."""
    reports = Counter()

    async def report(request: web.Request) -> web.Response:
        reports["n"] += 1
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/sms/kannel/status", report)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}", reports
    finally:
        await runner.cleanup()


async def bare_run(tmp: Path, rows: int, cap: float, in_flight: int) -> tuple[FarSide, dict[str, int]]:
    """Our KannelChannel alone (no dispatcher, no database), `in_flight` sends at a time, its
    delivery reports answered by a trivial in-process sink: what Kannel and the adapter allow."""
    async with report_sink() as (url, reports), running_kannel(tmp / "kannel-bare", f"{url}/receive") as kannel:
        settings = KannelSettings(sendsms_url=kannel.sendsms_url, username=kannel.username, password=kannel.password,
                                  sender="1234", secret=SECRET, public_url=url)  # fmt: skip
        channel = KannelChannel(settings, Limits())
        todo = iter(range(rows))

        async def sender() -> None:
            for i in todo:
                await channel.send(Outbound(identity=recipient(i), text=TEXT, outbox_id=i + 1))

        pids = {"bench (adapter + reports)": os.getpid(), **kannel_pids(kannel)}
        cpu0 = {name: cpu_seconds(pid) for name, pid in pids.items()}
        t0 = time.monotonic()
        senders = [asyncio.create_task(sender()) for _ in range(in_flight)]
        try:
            seen = await far_side(kannel, rows, cap, t0, pids, cpu0)
            await asyncio.gather(*senders)
        finally:
            for task in senders:
                task.cancel()
            await channel.close()
        await settle(kannel, None)
        return seen, {**tally(kannel, rows), "reports": reports["n"]}


def phase_kannel(tmp: Path, args: argparse.Namespace) -> dict[str, str]:
    rows, rate, cap = args.sms, args.rate, args.cap
    t = time.perf_counter()
    seen, bare = asyncio.run(bare_run(tmp, rows, cap, args.in_flight))
    say(f"  bare: KannelChannel alone, {args.in_flight} in flight: {seen.describe(cap)}")
    say(f"  bare: {seen.describe_cpu()}")
    say(f"  bare: lost {bare['lost']}, duplicated {bare['duplicated']}, {bare['reports']} delivery reports "
        f"(phase {time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    template = tmp / "template.sqlite3"
    make_template(template, rows, "sink")  # `sms:+62812…` rows of channel sms, like the broadcast bench
    assert segments(TEXT) == (1, "gsm7"), "the bench's message should be one GSM-7 segment"
    db = copy_db(template, tmp / "kannel.sqlite3")
    set_hold(db, HOLD)
    where = "a sink in the bench (--reports-elsewhere)" if args.reports_elsewhere else "serve"
    say(f"  serve: {rows} rows queued; SMS_MAX_PER_SECOND={rate:g}, DELIVERY_IN_FLIGHT "
        f"{os.environ.get('DELIVERY_IN_FLIGHT', 'default')}, delivery reports to {where} …")
    ours, counts = asyncio.run(serve_run(tmp, db, args))
    log = (tmp / "serve.out").read_text(errors="replace")
    dlr = Counter(m.group(1) for m in re.finditer(r'"GET /sms/kannel/status\S* HTTP/1\.\d" (\d{3}) ', log))
    say(f"  serve: {ours.describe(cap)}")
    say(f"  serve: {ours.describe_cpu()}")
    say(f"  serve: lost {counts['lost']}, duplicated {counts['duplicated']}, other numbers {counts['strangers']}, "
        f"text changed {counts['wrong_text']}; outbox {db_statuses(db)}; delivery reports by HTTP status "
        f"{dict(dlr)} (phase {time.perf_counter() - t:.1f} s)")
    return {"sms_per_s": f"{ours.per_s:.1f}", "limit_per_s": f"{rate:g}", "lost": str(counts["lost"]),
            "duplicated": str(counts["duplicated"]), "bare_per_s": f"{seen.per_s:.1f}"}  # fmt: skip


def main(args: argparse.Namespace) -> dict[str, str]:
    if not kannel_available():
        raise SystemExit("bench/sms.py needs Kannel: apt-get install kannel kannel-extras")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kabarrt-sms-") as name:
        tmp = Path(name)
        say(f"KabarRT SMS bench — {args.sms} SMS through Kannel, segments over the main flows")
        segs = phase_segments(tmp)
        content = phase_content()
        kannel = phase_kannel(tmp, args)
    if args.profile:
        show_profile(args.profile)
    say(f"  (total {time.perf_counter() - t0:.1f} s)")
    return {"sms_per_s": kannel.pop("sms_per_s"), **segs, **content, **kannel}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="1,000 SMS through Kannel (under a minute)")
    parser.add_argument("--sms", type=int, help="SMS to send through Kannel, each way (10,000; quick 1,000)")
    parser.add_argument("--rate", type=float, default=10_000.0,
                        help="SMS_MAX_PER_SECOND for serve (default 10,000: out of the way)")
    parser.add_argument("--reports-elsewhere", action="store_true",
                        help="serve's PUBLIC_URL points at a trivial sink, so Kannel's delivery reports "
                        "do not reach serve (what they cost)")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="run serve under cProfile, stats to FILE (see bench/telegram.py --profile)")
    parser.add_argument("--in-flight", type=int, default=50,
                        help="concurrent sends of the bare adapter (default 50, the dispatcher's default)")
    parser.add_argument("--cap", type=float, help="seconds the Kannel phase may send (120; quick 30)")
    args = parser.parse_args(argv)
    args.sms = args.sms or (1_000 if args.quick else 10_000)
    args.cap = args.cap or (30.0 if args.quick else 120.0)
    if args.sms < 1 or args.rate <= 0:
        parser.error("--sms and --rate must be positive")
    return args


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("tortoise", "aiosqlite", "aerich"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    result = main(parse_args())
    print(" ".join(f"{k}={v}" for k, v in result.items()))
