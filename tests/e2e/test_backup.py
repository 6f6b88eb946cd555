"""`kabarrt backup` during a broadcast and `kabarrt restore` into a fresh database, as processes:
a real `python -m bot worker` sends an announcement through the Bot API emulator while
`python -m bot backup` runs; the restored database has every resident, identity and role, and
every outbox row of the moment, each in the state it had then (a state the live row has passed
through), on SQLite and on PostgreSQL. Also: what both commands refuse, and a backup older than
the code migrated on restore.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.doctor import migration_files
from bot.db import MIGRATIONS, asyncpg_dsn, close_database, open_database
from tests.fixtures.serve_process import ROOT, TOKEN, until
from tests.fixtures.telegram_emulator import EmulatorClient, running_emulator

RT = "JMB.ALB.MYM.RW01.RT003"
FIRST_CHAT = 810_000_000
RESIDENTS = 120
#: slow enough that the backup lands in the middle of the broadcast (120 rows take 24 s at 5/s;
#: the backup comes about 2 s after the first rows went, and the worker stops right after it)
RATE = "5"
TEXT = "Kerja bakti Minggu pukul 07.00 di pos ronda, bawa cangkul."
#: the order an outbox row moves in while it is sent (Telegram has no delivery report)
LIFECYCLE = ["queued", "sending", "sent"]


@dataclass
class Database:
    """A database the test reads beside the processes that write it."""

    url: str
    kind: str

    async def rows(self, sql: str) -> list[tuple]:
        if self.kind == "sqlite":
            path = self.url.removeprefix("sqlite://")

            def read() -> list[tuple]:
                with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
                    return conn.execute(sql).fetchall()

            return await asyncio.to_thread(read)
        import asyncpg

        conn = await asyncpg.connect(asyncpg_dsn(self.url))
        try:
            return [tuple(r) for r in await conn.fetch(sql)]
        finally:
            await conn.close()


async def kabarrt(db: Database, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db.url, **(env or {})},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode, out.decode(), err.decode()


async def seed(db: Database) -> None:
    """A migrated database with RESIDENTS residents of one RT on Telegram and three roles."""
    from bot.cli.roles import grant
    from models import Area, Identity, Resident

    await open_database(db.url)
    try:
        area = await Area.get(code=RT)
        now = datetime.now(UTC)
        await Resident.bulk_create(
            [Resident(name=f"Warga {i}", area_id=area.id, registered_at=now) for i in range(RESIDENTS)]
        )
        ids = [r for r in await Resident.all().order_by("id").values_list("id", flat=True)]
        await Identity.bulk_create(
            [Identity(value=f"tg:{FIRST_CHAT + i}", channel="telegram", resident_id=rid) for i, rid in enumerate(ids)]
        )
        await grant(f"tg:{FIRST_CHAT}", "ketua_rt", RT)
        await grant(f"tg:{FIRST_CHAT + 1}", "admin", "JMB.ALB")
        await grant("sms:081234567001", "admin", "JMB")  # a resident known only by a role
    finally:
        await close_database()


RESIDENT_ROWS = "SELECT id, name, area_id, opted_out, registered_at FROM resident ORDER BY id"
IDENTITY_ROWS = "SELECT value, channel, resident_id, active FROM identity ORDER BY value"
ROLE_ROWS = "SELECT resident_id, kind, area_id FROM role ORDER BY resident_id, kind"
OUTBOX_ROWS = "SELECT id, identity, status FROM outbox ORDER BY id"


async def backup_during_a_broadcast(live: Database, fresh: Database, tmp_path: Path) -> None:
    await seed(live)
    async with running_emulator(token=TOKEN) as emu, EmulatorClient(emu.control_url) as client:
        for start in range(0, RESIDENTS, 40):  # each chat wrote /start, so the bot may write to it
            await asyncio.gather(*(client.user(FIRST_CHAT + i).say("/start") for i in range(start, min(start + 40, RESIDENTS))))
        code, out, err = await kabarrt(live, "broadcast", "send", "--area", RT, "--text", TEXT)
        assert code == 0, err
        assert f"recipients={RESIDENTS} " in out, out

        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.base_url, "TELEGRAM_MAX_PER_SECOND": RATE}
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "worker", cwd=ROOT,
            env={**os.environ, "DATABASE_URL": live.url, **env},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:

            async def some_sent() -> bool:
                return (await live.rows("SELECT count(*) FROM outbox WHERE status = 'sent'"))[0][0] >= 5

            await until(some_sent, "the worker sending the announcement", within=60)
            out_file = tmp_path / "kabarrt.backup"
            code, out, err = await kabarrt(live, "backup", "--out", str(out_file))
            assert code == 0, err
            assert out.startswith(f"wrote {out_file} (") and f"residents={RESIDENTS + 1} roles=3 " in out, out
        finally:
            worker.send_signal(signal.SIGTERM)
            _, worker_err = await asyncio.wait_for(worker.communicate(), 60)
        assert worker.returncode == 0, worker_err.decode()[-2000:]

    code, out, err = await kabarrt(fresh, "restore", str(out_file))
    assert code == 0, err
    assert "restored" in out and "migrations at head" in out, out

    # residents, their identities and roles: the same rows (nothing changed them during the send)
    for sql in (RESIDENT_ROWS, IDENTITY_ROWS, ROLE_ROWS):
        assert await fresh.rows(sql) == await live.rows(sql), sql
    assert len(await fresh.rows(ROLE_ROWS)) == 3
    # every outbox row, each in a state the live row went through: the copy is one moment
    restored, now = await fresh.rows(OUTBOX_ROWS), await live.rows(OUTBOX_ROWS)
    assert [r[:2] for r in restored] == [r[:2] for r in now] and len(restored) == RESIDENTS
    for (row_id, _, then), (_, _, later) in zip(restored, now, strict=True):
        assert LIFECYCLE.index(then) <= LIFECYCLE.index(later), (row_id, then, later)
    states = {r[2] for r in restored}
    assert {"sent", "queued"} <= states, states  # the backup was taken in the middle of the send
    # the restored database is at the migration head
    versions = sorted(r[0] for r in await fresh.rows("SELECT version FROM aerich"))
    assert versions == sorted(migration_files(fresh.kind))


async def test_backup_during_a_broadcast_and_restore_sqlite(tmp_path):
    live = Database(f"sqlite://{tmp_path / 'live.sqlite3'}", "sqlite")
    fresh = Database(f"sqlite://{tmp_path / 'restored' / 'kabarrt.sqlite3'}", "sqlite")
    await backup_during_a_broadcast(live, fresh, tmp_path)


async def create_databases(postgres_url: str, *names: str) -> tuple[str, str]:
    """A login role with a password, owning new databases; returns (role, password)."""
    import asyncpg

    role, password = f"kab_{secrets.token_hex(4)}", f"pw-{secrets.token_hex(8)}"
    admin = await asyncpg.connect(postgres_url + "postgres")
    try:
        await admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        for name in names:
            await admin.execute(f"CREATE DATABASE {name} OWNER {role}")
    finally:
        await admin.close()
    return role, password


def with_login(postgres_url: str, role: str, password: str, name: str) -> str:
    return postgres_url.replace("postgres@", f"{role}:{password}@", 1) + name


@pytest.mark.postgres
async def test_backup_during_a_broadcast_and_restore_postgres(postgres_url, tmp_path):
    suffix = secrets.token_hex(4)
    role, password = await create_databases(postgres_url, f"live_{suffix}", f"fresh_{suffix}")
    live = Database(with_login(postgres_url, role, password, f"live_{suffix}"), "postgres")
    fresh = Database(with_login(postgres_url, role, password, f"fresh_{suffix}"), "postgres")
    await backup_during_a_broadcast(live, fresh, tmp_path)


# --------------------------------------------------------------------------------------------
# What the commands refuse, and what they never print
# --------------------------------------------------------------------------------------------


async def test_backup_and_restore_refusals_sqlite(tmp_path):
    live = Database(f"sqlite://{tmp_path / 'live.sqlite3'}", "sqlite")
    code, _, err = await kabarrt(live, "backup", "--out", str(tmp_path / "b.backup"))
    assert code == 2 and "no database at" in err, err  # never creates the database it backs up
    assert not (tmp_path / "live.sqlite3").exists()
    await seed(live)
    out_file = tmp_path / "b.backup"
    assert (await kabarrt(live, "backup", "--out", str(out_file)))[0] == 0
    assert out_file.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only

    code, _, err = await kabarrt(live, "backup", "--out", str(out_file))
    assert code == 2 and "exists" in err and "--force" in err, err
    code, out, err = await kabarrt(live, "backup", "--out", str(out_file), "--force")
    assert code == 0 and out.startswith(f"wrote {out_file}"), err
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []

    # into a database that holds data: refused, and why; with --force it is replaced
    code, _, err = await kabarrt(live, "restore", str(out_file))
    assert code == 2 and f"already holds a database ({RESIDENTS + 1} residents)" in err and "--force" in err, err
    code, out, err = await kabarrt(live, "restore", str(out_file), "--force")
    assert code == 0 and "migrations at head" in out, err

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("halo")
    fresh = Database(f"sqlite://{tmp_path / 'fresh.sqlite3'}", "sqlite")
    code, _, err = await kabarrt(fresh, "restore", str(not_a_backup))
    assert code == 2 and "is not a KabarRT backup" in err, err
    code, _, err = await kabarrt(fresh, "restore", str(tmp_path / "missing.backup"))
    assert code == 2 and "no such file" in err, err
    assert not (tmp_path / "fresh.sqlite3").exists()


@pytest.mark.postgres
async def test_postgres_backup_never_prints_the_password_and_refuses_a_full_database(postgres_url, tmp_path):
    suffix = secrets.token_hex(4)
    role, password = await create_databases(postgres_url, f"a_{suffix}", f"b_{suffix}")
    live = Database(with_login(postgres_url, role, password, f"a_{suffix}"), "postgres")
    await seed(live)
    out_file = tmp_path / "a.dump"
    code, out, err = await kabarrt(live, "backup", "--out", str(out_file))
    assert code == 0, err
    assert "postgres, pg_dump" in out and password not in out + err
    # into a database that holds data (the live one): refused, the password not shown
    code, out, err = await kabarrt(live, "restore", str(out_file))
    assert code == 2 and "already holds a database" in err and password not in out + err, err
    assert f"postgres://{role}@127.0.0.1:" in err
    # a SQLite backup into PostgreSQL: refused with the reason
    (tmp_path / "s.sqlite3").write_bytes(b"SQLite format 3\x00" + bytes(84))
    other = Database(with_login(postgres_url, role, password, f"b_{suffix}"), "postgres")
    code, _, err = await kabarrt(other, "restore", str(tmp_path / "s.sqlite3"))
    assert code == 2 and "is a sqlite backup and the target is postgres" in err, err


# --------------------------------------------------------------------------------------------
# A backup older than the code: the restore brings it to the migration head
# --------------------------------------------------------------------------------------------


async def older_database(path: Path, tmp_path: Path, keep: int) -> list[str]:
    """A SQLite database migrated by this code's first `keep` migrations only (as an older
    release left it); returns the migrations it lacks."""
    from aerich import Command
    from tortoise import Tortoise

    from bot.db import tortoise_config

    files = migration_files("sqlite")
    old = tmp_path / "old-migrations"
    (old / "models").mkdir(parents=True)
    for name in files[:keep]:
        shutil.copy(MIGRATIONS / "sqlite" / "models" / name, old / "models" / name)
    config = tortoise_config(f"sqlite://{path}")
    await Tortoise.init(config=config)
    try:
        command = Command(tortoise_config=config, app="models", location=str(old))
        await command.init()
        await command.upgrade(run_in_transaction=True)
    finally:
        await close_database()
    return files[keep:]


async def test_restore_of_an_older_backup_applies_the_newer_migrations(tmp_path):
    old = Database(f"sqlite://{tmp_path / 'old.sqlite3'}", "sqlite")
    missing = await older_database(tmp_path / "old.sqlite3", tmp_path, keep=len(migration_files("sqlite")) - 1)
    assert missing
    with contextlib.closing(sqlite3.connect(tmp_path / "old.sqlite3")) as conn, conn:
        conn.execute("INSERT INTO resident (locale, opted_out, welcomed, created_at) "
                     "VALUES ('id', 0, 0, '2026-11-24 06:00:00')")  # fmt: skip
    out_file = tmp_path / "old.backup"
    code, out, err = await kabarrt(old, "backup", "--out", str(out_file))
    assert code == 0 and "residents=1 " in out, err

    fresh = Database(f"sqlite://{tmp_path / 'fresh.sqlite3'}", "sqlite")
    code, out, err = await kabarrt(fresh, "restore", str(out_file))
    assert code == 0, err
    assert f"applied migrations {', '.join(missing)}" in out and "residents=1 " in out, out
    versions = sorted(r[0] for r in await fresh.rows("SELECT version FROM aerich"))
    assert versions == sorted(migration_files("sqlite"))
    code, out, _ = await kabarrt(fresh, "doctor")
    assert "ok   migrations: at head" in out, out
