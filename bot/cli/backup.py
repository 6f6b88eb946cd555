"""`kabarrt backup` and `kabarrt restore`: a consistent copy of the whole database, taken while the
bot runs, and that copy put back into a new database.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) in one step, i.e. inside one read
transaction: in WAL mode readers do not block writers, so the web process, workers and clock go
on writing while the copy is made, and the copy is the database as of one instant. The copy is
switched to a rollback journal so that it is a single self-contained file.

PostgreSQL: `pg_dump --format=custom`. The dump is taken in a snapshot exported by a transaction of
our own (`pg_export_snapshot()`, `pg_dump --snapshot`), so the counts printed are those of the
dump itself. `pg_restore --single-transaction --no-owner --no-privileges` puts it back: all or
nothing, owned by whoever restores. pg_dump must be at least as new as the server; Debian keeps
each major version in /usr/lib/postgresql/<version>/bin and we take the newest installed.

Both kinds carry aerich's table, so a restore of an older backup is followed by the migrations
this code has, and the restored database is at the migration head.

The password of DATABASE_URL reaches pg_dump / pg_restore through PGPASSWORD (the child's
environment, which other users cannot read, unlike its command line) and is never printed; a
backup file is created readable by its owner only.

Exit codes: 0 done; 2 refused (a file that exists, a target that holds data, a file that is no
backup, a backup of the other database kind); 1 the database or the PostgreSQL tools failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.cli.common import settings_of
from bot.db import asyncpg_dsn, dialect, sqlite_path

#: what a backup's and a restore's line reports: residents, their roles, and the outbox (all rows,
#: and those still to be sent: a restore must bring back every queued message)
COUNTS = {
    "residents": "SELECT count(*) FROM resident",
    "roles": "SELECT count(*) FROM role",
    "outbox": "SELECT count(*) FROM outbox",
    "pending": "SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')",
}
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"  # the custom format's first bytes (pg_backup_archiver.c)
#: Debian's layout: one folder per installed PostgreSQL major version
DEBIAN_PG = Path("/usr/lib/postgresql")
CONNECT_TIMEOUT = 10.0


class Refused(Exception):
    """The command cannot go on: the message is its one line on stderr, `code` its exit status."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------------------------
# What both databases need: how a URL is shown, counted, connected to
# --------------------------------------------------------------------------------------------


def shown_url(database_url: str) -> str:
    """The database as it may be printed: a SQLite path, or a PostgreSQL URL without password."""
    path = sqlite_path(database_url)
    if path is not None:
        return str(path)
    parts = urlsplit(database_url)
    if dialect(database_url) != "postgres":
        return parts.scheme + "://…"
    user = f"{unquote(parts.username)}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"postgres://{user}{parts.hostname or ''}{port}{parts.path}"


def human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def counts_text(counts: Mapping[str, int]) -> str:
    return " ".join(f"{name}={value}" for name, value in counts.items())


def sqlite_counts(path: Path) -> dict[str, int]:
    with contextlib.closing(
        sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    ) as conn:
        return {name: conn.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}


async def pg_connect(database_url: str):
    """An asyncpg connection, or Refused with what went wrong and what to do (no password)."""
    import asyncpg

    try:
        return await asyncpg.connect(asyncpg_dsn(database_url), timeout=CONNECT_TIMEOUT)
    except Exception as exc:
        raise Refused(f"cannot connect to {shown_url(database_url)}: {pg_problem(exc)}", 1) from exc


def pg_problem(exc: BaseException) -> str:
    """One line on a failed PostgreSQL connection, with what to do. PostgreSQL's own messages name
    users and databases, never passwords."""
    import asyncpg

    if isinstance(
        exc, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError
    ):
        return f"{exc} — check the user and password in DATABASE_URL"
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return f"{exc} — create it (createdb) and run kabarrt migrate"
    if isinstance(exc, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT:.0f} s — is the host right and the port open?"
    if isinstance(exc, OSError):
        return f"{exc.strerror or type(exc).__name__} — is PostgreSQL running, and the host and port right?"
    if isinstance(exc, asyncpg.PostgresError):
        return str(exc)
    return type(exc).__name__


@dataclass(frozen=True)
class Libpq:
    """How pg_dump / pg_restore reach the database of a URL: options and environment."""

    options: list[str]
    env: dict[str, str]


def libpq(database_url: str) -> Libpq:
    parts = urlsplit(database_url)
    options = []
    if parts.hostname:
        options += ["--host", parts.hostname]
    if parts.port:
        options += ["--port", str(parts.port)]
    if parts.username:
        options += ["--username", unquote(parts.username)]
    options += ["--dbname", unquote(parts.path.lstrip("/")), "--no-password"]
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
    for param in parts.query.split("&"):
        if param.startswith("sslmode="):
            env["PGSSLMODE"] = param.split("=", 1)[1]
    return Libpq(options, env)


# --------------------------------------------------------------------------------------------
# The PostgreSQL tools
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PgTools:
    pg_dump: Path
    pg_restore: Path
    version: int


def _tool_version(binary: Path) -> int | None:
    import subprocess

    try:
        done = subprocess.run(  # noqa: S603 - a path we found, no shell
            [str(binary), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    match = re.search(r"\)\s*(\d+)", done.stdout)
    return int(match.group(1)) if done.returncode == 0 and match else None


def pg_tools(server_version: int) -> PgTools:
    """The newest pg_dump / pg_restore installed (Debian's versioned folders, then PATH), which
    must be at least the server's major version: an older pg_dump refuses a newer server."""
    candidates = sorted(DEBIAN_PG.glob("*/bin/pg_dump"))
    on_path = shutil.which("pg_dump")
    if on_path:
        candidates.append(Path(on_path))
    found = [
        (v, c) for c in candidates if (c.parent / "pg_restore").exists() and (v := _tool_version(c))
    ]
    if not found:
        raise Refused(
            "pg_dump not found: install the PostgreSQL client tools "
            f"(Debian: apt install postgresql-client-{server_version})", 1
        )  # fmt: skip
    version, pg_dump = max(found)
    if version < server_version:
        raise Refused(
            f"pg_dump {version} is older than the server ({server_version}) and cannot dump it: "
            f"install postgresql-client-{server_version}", 1
        )  # fmt: skip
    return PgTools(pg_dump, pg_dump.parent / "pg_restore", version)


async def _run_tool(argv: list[str], env: dict[str, str], what: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        *argv, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await proc.communicate()
    if proc.returncode != 0:
        lines = [line for line in err.decode(errors="replace").splitlines() if line.strip()]
        raise Refused(
            f"{what} failed: {lines[-1] if lines else f'exit status {proc.returncode}'}", 1
        )
    return out.decode(errors="replace")


# --------------------------------------------------------------------------------------------
# kabarrt backup --out FILE [--force]
# --------------------------------------------------------------------------------------------


async def backup_command(args: argparse.Namespace) -> int:
    url = settings_of(args).database_url
    out = Path(args.out)
    try:
        line = await backup(url, out, force=args.force)
    except Refused as exc:
        print(f"kabarrt backup: {exc}", file=sys.stderr)
        return exc.code
    print(line)
    return 0


async def backup(database_url: str, out: Path, *, force: bool = False) -> str:
    """Write a backup of the database to `out`; returns the line to print."""
    kind = dialect(database_url)
    if kind not in ("sqlite", "postgres"):
        raise Refused(f"cannot back up a {kind} database", 2)
    partial = _partial_beside(out, force)
    try:
        if kind == "sqlite":
            counts = await asyncio.to_thread(_backup_sqlite, database_url, partial)
            how = "sqlite"
        else:
            counts, version = await _backup_postgres(database_url, partial)
            how = f"postgres, pg_dump {version}"
        size = _put_in_place(partial, out)
    finally:
        _remove(partial)
    return f"wrote {out} ({human_size(size)}, {how}): {counts_text(counts)}"


def _partial_beside(out: Path, force: bool) -> Path:
    """A new empty file beside `out`, readable by its owner only (mkstemp): the backup is written
    there and renamed, so one that fails half way never has the name of a good one."""
    if out.is_dir():
        raise Refused(f"{out} is a folder; name the backup file", 2)
    if out.exists() and not force:
        raise Refused(f"{out} exists; choose a new name, or add --force to replace it", 2)
    if not out.parent.is_dir():
        raise Refused(f"{out.parent}: no such folder", 2)
    handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    os.close(handle)
    return Path(name)


def _put_in_place(partial: Path, out: Path) -> int:
    partial.replace(out)
    return out.stat().st_size


def _remove(partial: Path) -> None:
    partial.unlink(missing_ok=True)


def _backup_sqlite(database_url: str, dest: Path) -> dict[str, int]:
    source = sqlite_path(database_url)
    if source is None:
        raise Refused("DATABASE_URL is an in-memory database: there is nothing to back up", 2)
    if not source.is_file():
        raise Refused(f"no database at {source} (check --db or DATABASE_URL)", 2)
    # mode=rw: never create a database that is not there
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
    dst = sqlite3.connect(dest)
    with contextlib.closing(src), contextlib.closing(dst):
        try:
            ours = src.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'aerich'"
            ).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise Refused(f"{source} cannot be read ({exc})", 1) from exc
        if not ours:
            raise Refused(f"{source} holds no KabarRT database (run kabarrt migrate first)", 2)
        src.backup(dst)  # pages=-1: the whole database in one step, one read transaction
        dst.execute("PRAGMA journal_mode=DELETE")  # the copy is one file, no -wal beside it
    return sqlite_counts(dest)


async def _backup_postgres(database_url: str, dest: Path) -> tuple[dict[str, int], int]:
    conn = await pg_connect(database_url)
    try:
        if not await conn.fetchval("SELECT to_regclass('aerich') IS NOT NULL"):
            raise Refused(
                f"{shown_url(database_url)} holds no KabarRT database (run kabarrt migrate first)",
                2,
            )
        tools = await asyncio.to_thread(pg_tools, conn.get_server_version().major)
        how = libpq(database_url)
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
            counts = {name: await conn.fetchval(sql) for name, sql in COUNTS.items()}
            # the snapshot stays valid while this transaction is open, so the dump sees exactly
            # what was counted
            await _run_tool(
                [str(tools.pg_dump), "--format=custom", f"--snapshot={snapshot}", f"--file={dest}", *how.options],
                how.env, "pg_dump",
            )  # fmt: skip
    finally:
        await conn.close()
    return counts, tools.version


# --------------------------------------------------------------------------------------------
# kabarrt restore FILE [--force]
# --------------------------------------------------------------------------------------------


async def restore_command(args: argparse.Namespace) -> int:
    url = settings_of(args).database_url
    try:
        line = await restore(Path(args.file), url, force=args.force)
    except Refused as exc:
        print(f"kabarrt restore: {exc}", file=sys.stderr)
        return exc.code
    print(line)
    return 0


def backup_kind(path: Path) -> str | None:
    """sqlite or postgres by the file's first bytes; None for anything else."""
    if not path.is_file():
        raise Refused(f"{path}: no such file", 2)
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgres"
    return None


async def restore(source: Path, database_url: str, *, force: bool = False) -> str:
    """Restore the backup `source` into the (empty) database; returns the line to print."""
    kind, target = backup_kind(source), dialect(database_url)
    if kind is None:
        raise Refused(
            f"{source} is not a KabarRT backup (neither a SQLite database nor a pg_dump archive)", 2
        )
    if kind != target:
        where = "--db PATH" if kind == "sqlite" else "DATABASE_URL=postgres://…"
        raise Refused(
            f"{source} is a {kind} backup and the target is {target}: restore it into a {kind} database ({where})",
            2,
        )
    if kind == "sqlite":
        await asyncio.to_thread(_restore_sqlite, source, database_url, force)
    else:
        await _restore_postgres(source, database_url, force)
    applied = await _migrate(database_url)
    counts = await _counts(database_url)
    migrations = f"applied migrations {', '.join(applied)}" if applied else "migrations at head"
    return f"restored {source} into {shown_url(database_url)}: {counts_text(counts)}; {migrations}"


def _restore_sqlite(source: Path, database_url: str, force: bool) -> None:
    target = sqlite_path(database_url)
    if target is None:
        raise Refused("DATABASE_URL is an in-memory database: restore into a file (--db PATH)", 2)
    with contextlib.closing(
        sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    ) as src:
        try:
            ok = src.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            ours = src.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'aerich'"
            ).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise Refused(f"{source} is damaged ({exc})", 2) from exc
        if not ok:
            raise Refused(f"{source} is damaged (PRAGMA quick_check failed)", 2)
        if not ours:
            raise Refused(
                f"{source} is a SQLite database but not a KabarRT backup (no aerich table)", 2
            )
        if target.exists() and not force:
            _refuse_if_sqlite_holds_data(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(target, timeout=30)) as dst:
            src.backup(dst)  # replaces every page of the target


def _refuse_if_sqlite_holds_data(target: Path) -> None:
    with contextlib.closing(
        sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
    ) as conn:
        try:
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise Refused(
                f"{target} exists and is not an empty database; add --force to replace it", 2
            ) from exc
        residents = _sqlite_residents(conn) if tables else 0
    if tables:
        raise Refused(_holds_data(str(target), residents), 2)


def _sqlite_residents(conn: sqlite3.Connection) -> int | None:
    try:
        return conn.execute("SELECT count(*) FROM resident").fetchone()[0]
    except sqlite3.DatabaseError:
        return None


def _holds_data(where: str, residents: int | None) -> str:
    what = f"{residents} residents" if residents is not None else "tables"
    return (
        f"{where} already holds a database ({what}); restore into a new, empty one, or add --force "
        "to replace what it holds (stop every kabarrt process on it first)"
    )


async def _restore_postgres(source: Path, database_url: str, force: bool) -> None:
    conn = await pg_connect(database_url)
    try:
        tools = await asyncio.to_thread(pg_tools, conn.get_server_version().major)
        tables = await conn.fetchval(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        if tables and not force:
            residents = None
            if await conn.fetchval("SELECT to_regclass('resident') IS NOT NULL"):
                residents = await conn.fetchval("SELECT count(*) FROM resident")
            raise Refused(_holds_data(shown_url(database_url), residents), 2)
    finally:
        await conn.close()
    listing = await _run_tool(
        [str(tools.pg_restore), "--list", str(source)], dict(os.environ), "pg_restore --list"
    )
    if not re.search(r"\bTABLE \S+ aerich\b", listing):
        raise Refused(
            f"{source} is a pg_dump archive but not a KabarRT backup (no aerich table)", 2
        )
    how = libpq(database_url)
    # --clean --if-exists with --force: drop what the backup holds before creating it again (in
    # the same transaction, so a failed restore leaves the database as it was)
    replace = ["--clean", "--if-exists"] if force else []
    await _run_tool(
        [str(tools.pg_restore), "--single-transaction", "--no-owner", "--no-privileges", *replace,
         *how.options, str(source)],
        how.env, "pg_restore",
    )  # fmt: skip


async def _migrate(database_url: str) -> list[str]:
    """Apply the migrations newer than the backup (it carries aerich's table)."""
    from tortoise import Tortoise

    from bot.db import close_database, migrate, tortoise_config

    config = tortoise_config(database_url)
    await Tortoise.init(config=config)
    try:
        return await migrate(config)
    finally:
        await close_database()


async def _counts(database_url: str) -> dict[str, int]:
    path = sqlite_path(database_url)
    if path is not None:
        return await asyncio.to_thread(sqlite_counts, path)
    conn = await pg_connect(database_url)
    try:
        return {name: await conn.fetchval(sql) for name, sql in COUNTS.items()}
    finally:
        await conn.close()
