"""Inbound messages per second, end to end through the real engine, on SQLite and (with
`--db postgres`) on PostgreSQL in the same run.

    python bench/engine.py              # full: 8,000 messages over 200 residents, twice (~50 s)
    python bench/engine.py --quick      # ~1,500 messages, well under a minute
    python bench/engine.py --queries    # also count/time SQL statements per message (slower)
    python bench/engine.py --db postgres [--quick] [--queries] [--pg-fsync off]
                                        # the same run on SQLite, then on a throwaway PostgreSQL
                                        # (about twice as long: --quick stays under a minute)

Each message goes through `Engine.handle`: identity resolution (first contact creates the
resident), dedupe by channel message id, keyword / flow / menu / intent dispatch, the inbound
and outbound interaction log, conversation state and one outbox row per reply, all in one
transaction — on a database created and migrated by `bot.db.open_database` (demo areas loaded).

Workload, per resident (half `sms:+62812…`, half `tg:<id>`): a first contact (a greeting, or
free text the bot does not understand), about a third do a full DAFTAR onboarding (consent →
kota → kecamatan → kelurahan → RW → RT → name, some typing the kelurahan name instead of a
number), then a steady loop of MENU, numbered menu replies, BANTUAN, free text, thanks, and
DAFTAR again (declined, or re-registering). About 1% of messages are redeliveries of the
previous message id (the engine must ignore them).

Phases: warm-up (own residents, not measured) → sequential (one message at a time, residents
interleaved round-robin, like the shell) → concurrent (asyncio.gather of ~20 workers, each
owning its own residents; SQLite serialises the transactions, this measures what it costs).
The last line printed is `name=value` pairs.

SQLite: a new file in a temporary folder, tortoise's pragmas (WAL, and SQLite's default
synchronous=FULL: the WAL is synced at every commit).

PostgreSQL (`--db postgres`): a throwaway server started by `tests/fixtures/postgres.py`
(`running_postgres`, the test suite's; `initdb`/`pg_ctl` as the `postgres` user through `runuser`
when root), on loopback TCP, a new database `bench` migrated by the same `open_database` (aerich's
postgres migrations, demo areas), tortoise's default asyncpg pool (at most 5 connections: what a
`DATABASE_URL` without `?maxsize=` gives the bot). Unlike the tests' server it runs with
PostgreSQL's durable defaults — fsync, synchronous_commit and full_page_writes on — so a commit
waits for the disk as it would in production and as SQLite's does here; `--pg-fsync off` runs it
with the tests' settings instead (all three off), to see what the disk costs. The report prints
the settings the server says it ran with, and the last line has `pg_fsync=`.

The PostgreSQL run is a child process (`bench/engine.py --url postgres://…/bench`, same sizes),
not a second database in this one: tortoise builds each model's SQL once per process (an INSERT
keeps SQLite's `?` placeholders after a re-init on asyncpg, and PostgreSQL rejects it), the same
reason the test suite runs one dialect per session. The child's report is relayed; its figures
come back with a `pg_` prefix, plus `pg_ratio` (PostgreSQL ÷ SQLite, sequential) and
`pg_ratio_concurrent`. The SQLite names and figures are those of a plain run. `--url` alone
measures any new, empty database (e.g. a real server; it must be new: the bench writes to it).

`--queries` counts statements per message in the sequential phase: on SQLite at the aiosqlite
thread (time awaited and time inside sqlite3), on PostgreSQL at asyncpg's connection (time
awaited: one round trip each, server time included; BEGIN/SAVEPOINT/COMMIT and the pool's RESET
when a connection goes back are statements of their own), and for each the innermost line in
handlers/ that issued it.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import logging
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = str(ROOT / "handlers") + "/"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.db import close_database, dialect, open_database, sqlite_path  # noqa: E402
from bot.i18n import translator  # noqa: E402
from handlers.engine import Engine  # noqa: E402
from handlers.messages import Inbound  # noqa: E402
from models import Interaction, OutboxMessage, Resident  # noqa: E402

FREE_TEXT = [
    "kapan pembagian beras bulan ini?",
    "pak, jalan di depan rumah saya banjir lagi",
    "posyandu buka jam berapa ya",
    "lampu jalan di gang 3 mati sudah seminggu",
    "apakah ada kerja bakti hari minggu?",
    "saya mau tanya soal bantuan sembako",
    "🙏🙏",
    "ok siap, nanti saya sampaikan ke tetangga",
]
GREETINGS = ["Halo", "halo min", "Assalamualaikum", "selamat pagi", "P", "/start"]
THANKS = ["terima kasih", "makasih", "ok", "sip"]
NAMES = ["Budi", "Siti Aminah", "Pak Rahmat", "Dewi", "lewati", "Yanti", "Agus", "-"]
KELURAHAN = ["Mayang Mangurai", "bagan pete", "rawasari", "Kenali Besar", "Beliung", "satimpo"]


def identity_of(phase: str, i: int) -> str:
    base = {"warm": 1, "seq": 2, "conc": 3}[phase]
    if i % 2 == 0:
        return f"sms:+62812{base}{i:07d}"
    return f"tg:{base * 100_000_000 + i}"


def onboarding(i: int) -> list[str]:
    """DAFTAR to the end: consent, then kota → kecamatan → kelurahan → RW → RT → name."""
    pick = lambda n: str(1 + (i + n) % 2)  # noqa: E731  first or second option: always present
    if i % 3 == 0:  # residents often type their kelurahan at the kota question
        area = [KELURAHAN[i % len(KELURAHAN)], pick(3), pick(4)]
    else:
        area = ["1", pick(1), pick(2), pick(3), pick(4)]
    return ["DAFTAR", "1", *area, NAMES[i % len(NAMES)]]


def script(i: int) -> Iterator[str]:
    """Everything resident `i` sends, forever (the driver stops it)."""
    r = i * 7919  # deterministic variety without a random generator
    if i % 4 == 3:
        yield FREE_TEXT[r % len(FREE_TEXT)]  # first contact: text the bot cannot read → welcome
    else:
        yield GREETINGS[r % len(GREETINGS)]  # first contact: greeting → welcome + menu
    registers = i % 3 == 0
    if registers:
        yield from onboarding(i)
    for loop in itertools.count():
        k = r + loop
        yield "MENU"
        yield "2"  # menu → Bantuan
        yield FREE_TEXT[k % len(FREE_TEXT)]  # not understood
        yield "BANTUAN"
        yield "MENU"
        if registers and loop % 4 == 3:
            yield "1"  # menu → Ubah RT saya → "again" question
            yield "1"  # yes, change RT → area questions
            yield from ["1", str(1 + k % 2), "1", "2", str(1 + k % 3), NAMES[k % len(NAMES)]]
        else:
            yield "1"  # menu → Daftar / Ubah RT: consent or "again" question
            yield "2"  # no thanks
        yield THANKS[k % len(THANKS)]
        yield "9"  # out of range: free text
        yield "daftr"  # a typo of DAFTAR (fuzzy keyword) → consent / again
        yield "BATAL"


class Resident_:
    __slots__ = ("identity", "last_id", "messages", "seq")

    def __init__(self, phase: str, i: int) -> None:
        self.identity = identity_of(phase, i)
        self.messages = script(i)
        self.seq = 0
        self.last_id: str | None = None

    def next_inbound(self, redeliver: bool = False) -> Inbound:
        """The next message, or (`redeliver`) the previous one again (the same id and key)."""
        if redeliver and self.last_id is not None:
            return Inbound(identity=self.identity, text="(redelivery)", id=self.last_id, message_key=self.last_id)
        self.seq += 1
        self.last_id = f"{self.identity}#{self.seq}"
        return Inbound(identity=self.identity, text=next(self.messages), id=self.last_id, message_key=self.last_id)


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.replies = 0
        self.ignored = 0

    def add(self, seconds: float, replies: int) -> None:
        self.latencies.append(seconds)
        self.replies += replies
        self.ignored += replies == 0

    def pct(self, p: float) -> float:
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(p * len(data)))] * 1000 if data else 0.0


async def sequential(engine: Engine, phase: str, residents: int, messages: int) -> tuple[float, Stats]:
    people = [Resident_(phase, i) for i in range(residents)]
    stats = Stats()
    clock = time.perf_counter
    start = clock()
    for n in range(messages):
        # ~1% redeliveries, shifted each round so they do not always hit the same resident
        inbound = people[n % residents].next_inbound((n + n // residents) % 100 == 99)
        t0 = clock()
        replies = await engine.handle(inbound)
        stats.add(clock() - t0, len(replies))
    return clock() - start, stats


async def concurrent(
    engine: Engine, phase: str, residents: int, messages: int, width: int
) -> tuple[float, Stats]:
    """`width` workers at once; each owns residents i ≡ w (mod width) and sends in order."""
    people = [Resident_(phase, i) for i in range(residents)]
    stats = Stats()
    clock = time.perf_counter
    per_worker = [messages // width + (w < messages % width) for w in range(width)]

    async def worker(w: int) -> None:
        mine = people[w::width] or [people[w % residents]]
        for n in range(per_worker[w]):
            redeliver = (n + w + n // len(mine)) % 100 == 99  # ~1%, spread over residents
            inbound = mine[n % len(mine)].next_inbound(redeliver)
            t0 = clock()
            replies = await engine.handle(inbound)
            stats.add(clock() - t0, len(replies))

    start = clock()
    await asyncio.gather(*(worker(w) for w in range(width)))
    return clock() - start, stats


class QueryCounter:
    """Counts and times every statement sent to the database (--queries only): at the aiosqlite
    thread on SQLite, at asyncpg's connection on PostgreSQL."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.sites: Counter[tuple[str, str]] = Counter()  # (statement, where in handlers/ it comes from)
        self.wall: Counter[str] = Counter()  # awaited on the event loop (thread hop / round trip)
        self.inner: Counter[str] = Counter()  # spent inside sqlite3 on the worker thread
        self.enabled = False
        self.dialect = "sqlite"

    @staticmethod
    def kind(name: str, args) -> str:
        if args and isinstance(args[0], str):
            sql = " ".join(args[0].split())
            if "pg_advisory_unlock_all" in sql:
                return "RESET"  # asyncpg's reset query when a connection goes back to the pool
            head = sql.split(" ", 1)[0].upper().rstrip(";")
            if head == "SELECT":
                table = sql.split(' FROM "', 1)[1].split('"', 1)[0] if ' FROM "' in sql else "?"
                return f"SELECT {table}"
            if head in ("INSERT", "UPDATE", "DELETE"):
                table = sql.split('"', 2)[1] if '"' in sql else "?"
                return f"{head} {table}"
            return head.split("_", 1)[0] if head.startswith("SAVEPOINT") else head
        return name.lstrip("_")  # commit, rollback, cursor fetches …

    @staticmethod
    def site() -> str:
        """The innermost frame in handlers/ that (through tortoise) issued this statement: while a
        coroutine runs, its frame's f_back is the coroutine awaiting it."""
        frame = sys._getframe(2)
        while frame is not None:
            name = frame.f_code.co_filename
            if name.startswith(HANDLERS):
                return f"{name[len(str(ROOT)) + 1:]}:{frame.f_lineno} {frame.f_code.co_name}"
            frame = frame.f_back
        return "?"  # asyncpg's pool resets a connection in a task of its own (asyncio.shield)

    def install(self, database: str) -> None:
        self.dialect = database
        if database == "sqlite":
            self._install_sqlite()
        else:
            self._install_asyncpg()

    def _install_sqlite(self) -> None:
        import aiosqlite.core as core

        real = core.Connection._execute
        counter = self

        async def _execute(conn, fn, *args, **kwargs):
            if not counter.enabled:
                return await real(conn, fn, *args, **kwargs)
            kind = counter.kind(getattr(fn, "__name__", str(fn)), args)
            site = counter.site()

            def timed(*a, **kw):
                t = time.perf_counter()
                try:
                    return fn(*a, **kw)
                finally:
                    counter.inner[kind] += time.perf_counter() - t

            t0 = time.perf_counter()
            try:
                return await real(conn, timed, *args, **kwargs)
            finally:
                counter.wall[kind] += time.perf_counter() - t0
                counter.count[kind] += 1
                counter.sites[kind, site] += 1

        core.Connection._execute = _execute

    def _install_asyncpg(self) -> None:
        # every public call is one round trip; transactions and the pool's reset call `execute`
        from asyncpg.connection import Connection

        counter = self

        def timed(name: str, real):
            async def call(conn, *args, **kwargs):
                if not counter.enabled:
                    return await real(conn, *args, **kwargs)
                kind = counter.kind(name, args)
                site = counter.site()
                t0 = time.perf_counter()
                try:
                    return await real(conn, *args, **kwargs)
                finally:
                    counter.wall[kind] += time.perf_counter() - t0
                    counter.count[kind] += 1
                    counter.sites[kind, site] += 1

            return call

        for name in ("execute", "executemany", "fetch", "fetchrow", "fetchval"):
            setattr(Connection, name, timed(name, getattr(Connection, name)))

    def report(self, messages: int) -> None:
        total = sum(self.count.values())
        wall = sum(self.wall.values())
        sqlite = self.dialect == "sqlite"
        inner = f", {sum(self.inner.values()) / messages * 1000:.2f} ms in sqlite" if sqlite else ""
        print(f"\nSQL per message ({messages} messages, sequential): {total / messages:.1f} calls, "
              f"{wall / messages * 1000:.2f} ms awaited{inner}")
        print(f"  {'statement':<38}{'per msg':>8}{'awaited µs':>12}"
              f"{'sqlite µs' if sqlite else '':>11}{'ms/msg':>8}")
        for kind, n in self.count.most_common():
            in_sqlite = f"{self.inner[kind] / n * 1e6:>11.0f}" if sqlite else f"{'':>11}"
            print(f"  {kind:<38}{n / messages:>8.2f}{self.wall[kind] / n * 1e6:>12.0f}"
                  f"{in_sqlite}{self.wall[kind] / messages * 1000:>8.3f}")
        print(f"\n  {'where they come from (innermost frame in handlers/)':<79}{'per msg':>8}")
        for (kind, where), n in self.sites.most_common(25):
            print(f"  {kind:<26} {where:<52}{n / messages:>8.2f}")


async def _database_facts(url: str, folder: Path | None) -> tuple[float, str, dict[str, str]]:
    """Size in MB, a label for the report, and (PostgreSQL) the durability settings in force."""
    if folder is not None:
        size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20  # noqa: ASYNC240 (after the measurement)
        return size, "SQLite file (WAL)", {}
    from tortoise import connections

    conn = connections.get("default")
    settings = {}
    for name in ("server_version", "fsync", "synchronous_commit", "full_page_writes"):
        settings[name] = (await conn.execute_query_dict(f"SHOW {name}"))[0][name]
    size = (await conn.execute_query_dict("SELECT pg_database_size(current_database()) AS n"))[0]["n"]
    label = (f"PostgreSQL {settings['server_version'].split()[0]} (fsync {settings['fsync']}, "
             f"synchronous_commit {settings['synchronous_commit']}, full_page_writes "
             f"{settings['full_page_writes']}; pool ≤ 5)")
    return size / 2**20, label, settings


async def measure(args: argparse.Namespace, url: str) -> dict[str, str]:
    """Warm-up, sequential and concurrent phases on the new database at `url`; prints the report."""
    counter = QueryCounter()
    if args.queries:
        counter.install(dialect(url))
    path = sqlite_path(url)
    t0 = time.perf_counter()
    assert await open_database(url), "expected a fresh database"
    setup_s = time.perf_counter() - t0
    engine = Engine(translator)
    try:
        warm_res = max(4, args.residents // 10)
        await sequential(engine, "warm", warm_res, warm_res * 12)

        gc.collect()
        counter.enabled = args.queries
        seq_s, seq = await sequential(engine, "seq", args.residents, args.messages)
        counter.enabled = False
        conc_msgs = args.concurrent_messages or args.messages
        conc_s, conc = await concurrent(engine, "conc", args.residents, conc_msgs, args.width)

        registered = await Resident.filter(area_id__not_isnull=True).count()
        errors = await Interaction.filter(direction="in", topic="error").count()
        topics = Counter(
            await Interaction.filter(direction="in").values_list("topic", flat=True)
        )
        outbox = await OutboxMessage.all().count()
        db_mb, label, settings = await _database_facts(url, path.parent if path else None)
    finally:
        await close_database()

    rate = args.messages / seq_s
    rate_c = conc_msgs / conc_s
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"KabarRT engine bench — {label}, {args.residents} residents per phase, "
          f"setup (create+migrate+demo areas) {setup_s:.2f}s")
    for name, secs, n, st in (("sequential", seq_s, args.messages, seq),
                              (f"concurrent x{args.width}", conc_s, conc_msgs, conc)):
        print(f"  {name:<15} {n:>7} msgs in {secs:6.2f}s = {n / secs:7.1f} msg/s | latency "
              f"p50 {st.pct(0.5):.2f} ms p95 {st.pct(0.95):.2f} ms p99 {st.pct(0.99):.2f} ms "
              f"max {max(st.latencies) * 1000:.1f} ms | replies {st.replies} "
              f"({st.replies / n:.2f}/msg), redeliveries ignored "
              f"{st.ignored}")
    print(f"  residents registered {registered}, error turns {errors}, outbox rows {outbox}, "
          f"{'db+wal' if path else 'database'} {db_mb:.1f} MB")
    print("  inbound topics: " + ", ".join(f"{k}={v}" for k, v in topics.most_common()))
    if errors:
        print(f"WARNING: {errors} turns ended in the apology (see the log above)", file=sys.stderr)
    if args.queries:
        counter.report(args.messages)
    result = {
        "msgs_per_s": f"{rate:.1f}",
        "msgs_per_s_concurrent": f"{rate_c:.1f}",
        "messages": str(args.messages),
        "messages_concurrent": str(conc_msgs),
        "residents": str(args.residents),
        "p50_ms": f"{seq.pct(0.5):.2f}",
        "p99_ms": f"{seq.pct(0.99):.2f}",
        "errors": str(errors),
        "peak_rss_mb": f"{rss_mb:.1f}",
        "db": "sqlite-wal" if path else f"postgres-{settings['server_version'].split('.')[0]}",
    }
    if settings:
        result["fsync"] = settings["fsync"]
    return result


#: figures the PostgreSQL child reports that the SQLite run already names (same sizes)
SHARED = ("messages", "messages_concurrent", "residents")


def on_postgres(args: argparse.Namespace, sqlite: dict[str, str]) -> dict[str, str]:
    """The same run in a child process on a throwaway PostgreSQL server; its figures, `pg_`-named."""
    import asyncpg

    from tests.fixtures.postgres import postgres_available, running_postgres

    if not postgres_available():
        sys.exit("error: PostgreSQL is not installed (Debian package postgresql; as root also runuser "
                 "and the postgres user)")
    with running_postgres(durable=args.pg_fsync == "on") as server:

        async def create() -> None:
            admin = await asyncpg.connect(server + "postgres")
            try:
                await admin.execute("CREATE DATABASE bench")
            finally:
                await admin.close()

        asyncio.run(create())
        argv = [sys.executable, str(Path(__file__).resolve()), "--url", server + "bench",
                "--messages", str(args.messages), "--residents", str(args.residents),
                "--width", str(args.width)]  # fmt: skip
        if args.concurrent_messages:
            argv += ["--concurrent-messages", str(args.concurrent_messages)]
        if args.queries:
            argv.append("--queries")
        child = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=False)
    lines = child.stdout.rstrip("\n").split("\n")
    print("\n".join(lines[:-1]))
    if child.returncode != 0:
        print(lines[-1])
        sys.exit(f"error: the PostgreSQL run failed (exit {child.returncode})")
    figures = dict(pair.split("=", 1) for pair in lines[-1].split())
    pg = {f"pg_{k}": v for k, v in figures.items() if k not in SHARED}
    pg["pg_ratio"] = f"{float(figures['msgs_per_s']) / float(sqlite['msgs_per_s']):.2f}"
    pg["pg_ratio_concurrent"] = (
        f"{float(figures['msgs_per_s_concurrent']) / float(sqlite['msgs_per_s_concurrent']):.2f}"
    )
    return pg


def main(args: argparse.Namespace) -> dict[str, str]:
    if args.url:  # one database only (the child of --db postgres, or a database of your own)
        return asyncio.run(measure(args, args.url))
    with tempfile.TemporaryDirectory(prefix="kabarrt-bench-") as tmp:
        result = asyncio.run(measure(args, f"sqlite://{Path(tmp) / 'bench.sqlite3'}"))
    if args.db == "postgres":
        print(flush=True)
        result |= on_postgres(args, result)
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small run: 1,500 messages, 60 residents")
    parser.add_argument("--messages", type=int, help="messages in the sequential phase")
    parser.add_argument("--concurrent-messages", type=int, help="messages in the concurrent phase "
                        "(default: same as --messages)")
    parser.add_argument("--residents", type=int, help="residents per phase")
    parser.add_argument("--width", type=int, default=20, help="concurrent residents (default 20)")
    parser.add_argument("--queries", action="store_true",
                        help="count and time SQL statements per message in the sequential phase")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite",
                        help="sqlite (default): SQLite only; postgres: SQLite, then the same run on "
                        "a throwaway PostgreSQL server")
    parser.add_argument("--pg-fsync", choices=("on", "off"),
                        help="with --db postgres: on (default) = PostgreSQL's durable defaults; "
                        "off = the test server's (fsync, synchronous_commit, full_page_writes off)")
    parser.add_argument("--url", metavar="DATABASE_URL",
                        help="measure only this new, empty database (what --db postgres runs in its "
                        "child process)")
    args = parser.parse_args(argv)
    args.messages = args.messages or (1_500 if args.quick else 8_000)
    args.residents = args.residents or (60 if args.quick else 200)
    if args.messages < 1 or args.residents < 1 or args.width < 1:
        parser.error("--messages, --residents and --width must be positive")
    if args.pg_fsync and args.db != "postgres":
        parser.error("--pg-fsync sets up the server of --db postgres")
    args.pg_fsync = args.pg_fsync or "on"
    if args.url and args.db != "sqlite":
        parser.error("--url measures one database; it does not combine with --db")
    if args.url and dialect(args.url) not in ("sqlite", "postgres"):
        parser.error("--url must be a sqlite:// or postgres:// URL")
    return args


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("tortoise", "aiosqlite", "aerich"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    result = main(parse_args())
    print(" ".join(f"{k}={v}" for k, v in result.items()))
