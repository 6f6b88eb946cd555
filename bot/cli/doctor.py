"""`kabarrt doctor`: is this deployment able to run? One line per check, in the order a problem
would get in the way:

    ok   <check>: what was found
    FAIL <check>: what is wrong — what to do
    skip <check>: why it does not apply

Checks: settings (bot/settings.py's validation), database (reachable; a SQLite file that exists
and is writable), migrations (aerich's table against the migration files: none pending, none
unknown), backup (PostgreSQL: a pg_dump for the server's version), telegram (getMe with the
token; the username it answers against TELEGRAM_BOT_USERNAME), webhook (getWebhookInfo: the URL
Telegram posts to against TELEGRAM_WEBHOOK_URL, or none when polling; the last delivery error),
sms (Kannel: smsbox's sendsms answers and accepts the credentials; Gammu: the spool folders are
there, the outbox writable, and SMSD takes what is put in it).

Doctor only reads: it never creates or migrates a database, never sends a message (a sendsms
call without a receiver is refused by smsbox before anything is queued) and never changes the
webhook. Exit status 1 when any check fails, otherwise 0. No secret is printed: details never
carry a URL with a token or a password, and every line is scrubbed of the configured secrets as
a last guard.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from bot.settings import Settings

HTTP_TIMEOUT = 10.0
#: a delivery error this recent, with updates still waiting, means Telegram cannot reach us now
WEBHOOK_ERROR_RECENT = timedelta(minutes=15)
#: an outbox file older than this means Gammu SMSD is not taking what we write
GAMMU_STALE = timedelta(minutes=10)


@dataclass(frozen=True)
class Check:
    status: str  # ok, FAIL or skip
    name: str
    detail: str

    def line(self) -> str:
        return f"{self.status:<4} {self.name}: {self.detail}"


def ok(name: str, detail: str) -> Check:
    return Check("ok", name, detail)


def fail(name: str, what: str, todo: str) -> Check:
    return Check("FAIL", name, f"{what} — {todo}")


def skip(name: str, why: str) -> Check:
    return Check("skip", name, why)


async def doctor_command(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from bot.cli.common import settings_of

    try:
        settings = settings_of(args)
    except ValidationError as exc:
        checks = settings_failures(exc)
        checks += [skip(name, "the settings are invalid") for name in CHECK_NAMES[1:]]
        settings = None
    else:
        checks = await run_checks(settings)
    secrets = _secrets(settings)
    for check in checks:
        line = check.line()
        for secret in secrets:
            line = line.replace(secret, "***")
        print(line)
    return 1 if any(c.status == "FAIL" for c in checks) else 0


CHECK_NAMES = ("settings", "database", "migrations", "backup", "telegram", "webhook", "sms")


def settings_failures(exc) -> list[Check]:
    from bot.cli.parser import setting_name

    return [
        fail(
            "settings",
            f"{setting_name(error)}: {error['msg']}",
            "fix it in the environment or .env",
        )
        for error in exc.errors()
    ]


def _secrets(settings: Settings | None) -> list[str]:
    if settings is None:
        return []
    values = [
        settings.telegram_bot_token,
        settings.telegram_webhook_secret,
        settings.sms_secret,
        settings.kannel_password,
    ]
    found = [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]
    password = urlsplit(settings.database_url).password if "://" in settings.database_url else None
    return [*found, *([password] if password else [])]


async def run_checks(settings: Settings) -> list[Check]:
    import aiohttp

    checks = [ok("settings", _settings_summary(settings))]
    database, migrations, backup = await _database_checks(settings.database_url)
    checks += [database, migrations, backup]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT)) as http:
        telegram, webhook = await _telegram_checks(settings, http)
        checks += [telegram, webhook, await _sms_check(settings, http)]
    return checks


def _settings_summary(settings: Settings) -> str:
    from bot.db import dialect

    telegram = "off"
    if settings.telegram_bot_token is not None:
        telegram = "webhook" if settings.telegram_webhook_url else "long polling"
    return f"valid (database {dialect(settings.database_url)}, Telegram {telegram}, SMS {settings.sms_driver})"


# --------------------------------------------------------------------------------------------
# database, migrations, backup
# --------------------------------------------------------------------------------------------


def migration_files(kind: str) -> list[str]:
    """This code's migrations for a dialect, in order (aerich's version names)."""
    from bot.db import MIGRATIONS

    names = [p.name for p in (MIGRATIONS / kind / "models").glob("*.py") if p.name[:1].isdigit()]
    return sorted(names, key=lambda n: int(n.split("_", 1)[0]))


def migrations_check(kind: str, applied: list[str] | None) -> Check:
    """`applied` is what aerich's table lists, None when the table is missing."""
    if applied is None:
        return fail("migrations", "the database has no schema yet", "run kabarrt migrate")
    files = migration_files(kind)
    pending = [name for name in files if name not in applied]
    unknown = sorted(set(applied) - set(files))
    if unknown:
        return fail(
            "migrations", f"the database has migrations this code does not know ({', '.join(unknown)})",
            "it was upgraded by a newer release: deploy that release (or restore a backup made for this one)",
        )  # fmt: skip
    if pending:
        return fail("migrations", f"{len(pending)} pending ({', '.join(pending)})",
                    "run kabarrt migrate (the release step)")  # fmt: skip
    return ok("migrations", f"at head ({files[-1] if files else 'none'})")


async def _database_checks(database_url: str) -> tuple[Check, Check, Check]:
    from bot.db import dialect

    kind = dialect(database_url)
    if kind == "sqlite":
        return await asyncio.to_thread(_sqlite_checks, database_url)
    if kind == "postgres":
        return await _postgres_checks(database_url)
    unknown = fail(
        "database", f"DATABASE_URL names a {kind} database", "use sqlite://PATH or postgres://…"
    )
    return unknown, skip("migrations", "no database"), skip("backup", "no database")


def _sqlite_checks(database_url: str) -> tuple[Check, Check, Check]:
    from bot.db import sqlite_path

    backup = skip("backup", "SQLite: kabarrt backup needs no other tool")
    path = sqlite_path(database_url)
    if path is None:
        return (
            fail("database", "DATABASE_URL is an in-memory database (nothing is kept)",
                 "set DATABASE_URL to a file (sqlite://data/kabarrt.sqlite3) or PostgreSQL"),
            skip("migrations", "no database"), backup,
        )  # fmt: skip
    if not path.is_file():
        return (
            fail("database", f"{path} does not exist", "run kabarrt migrate to create it (or check --db / DATABASE_URL)"),
            skip("migrations", "no database"), backup,
        )  # fmt: skip
    # the web process, workers and clock write the file and its -wal / -shm beside it
    if not (os.access(path, os.R_OK | os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
        return (
            fail("database", f"{path} (or its folder) is not writable by this user",
                 "run kabarrt as the user that owns it, or fix the owner (chown)"),
            skip("migrations", "the database is not writable"), backup,
        )  # fmt: skip
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            has_table = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'aerich'"
            ).fetchone()[0]
            applied = None
            if has_table:
                applied = [
                    r[0] for r in conn.execute("SELECT version FROM aerich WHERE app = 'models'")
                ]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return (
            fail("database", f"{path} cannot be read ({exc})", "restore the last backup (kabarrt restore)"),
            skip("migrations", "the database cannot be read"), backup,
        )  # fmt: skip
    size = path.stat().st_size
    from bot.cli.backup import human_size

    database = ok("database", f"{path} (SQLite {sqlite3.sqlite_version}, {human_size(size)})")
    return database, migrations_check("sqlite", applied), backup


async def _postgres_checks(database_url: str) -> tuple[Check, Check, Check]:
    from bot.cli.backup import Refused, pg_connect, pg_tools, shown_url

    try:
        conn = await pg_connect(database_url)
    except Refused as exc:
        return (
            Check("FAIL", "database", str(exc)),
            skip("migrations", "the database is unreachable"), skip("backup", "the database is unreachable"),
        )  # fmt: skip
    try:
        server = conn.get_server_version()
        version = (await conn.fetchval("SHOW server_version")).split()[0]
        applied = None
        if await conn.fetchval("SELECT to_regclass('aerich') IS NOT NULL"):
            applied = [
                r["version"]
                for r in await conn.fetch("SELECT version FROM aerich WHERE app = 'models'")
            ]
    finally:
        await conn.close()
    database = ok(
        "database", f"{shown_url(database_url)} (PostgreSQL {version})"
    )
    try:
        tools = await asyncio.to_thread(pg_tools, server.major)
    except Refused as exc:
        backup = Check("FAIL", "backup", f"{exc} (kabarrt backup needs it)")
    else:
        backup = ok("backup", f"pg_dump {tools.version} at {tools.pg_dump}")
    return database, migrations_check("postgres", applied), backup


# --------------------------------------------------------------------------------------------
# Telegram: the token, the webhook
# --------------------------------------------------------------------------------------------


async def _bot_api(http, settings: Settings, method: str) -> tuple[int, dict]:
    """(HTTP status, Telegram's answer) of a Bot API call; raises OSError-like errors."""
    token = settings.telegram_bot_token.get_secret_value()
    async with http.get(f"{settings.telegram_api_base_url}{token}/{method}") as response:
        try:
            body = await response.json(content_type=None)
        except ValueError:
            body = {}
        return response.status, body if isinstance(body, dict) else {}


def _unreachable(exc: BaseException) -> str:
    """Why an HTTP call got no answer, without the URL (a Bot API URL holds the token)."""
    if isinstance(exc, TimeoutError):
        return f"no answer within {HTTP_TIMEOUT:.0f} s"
    os_error = getattr(exc, "os_error", None)
    if isinstance(os_error, OSError) and os_error.strerror:
        return os_error.strerror
    return type(exc).__name__


async def _telegram_checks(settings: Settings, http) -> tuple[Check, Check]:
    import aiohttp

    if settings.telegram_bot_token is None:
        return skip("telegram", "TELEGRAM_BOT_TOKEN is unset (Telegram is off)"), skip(
            "webhook", "Telegram is off"
        )
    host = urlsplit(settings.telegram_api_base_url).netloc or "the Bot API"
    try:
        status, me = await _bot_api(http, settings, "getMe")
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        return (
            fail("telegram", f"cannot reach {host}: {_unreachable(exc)}",
                 "check the network, DNS or proxy, and TELEGRAM_API_BASE_URL"),
            skip("webhook", "the Bot API is unreachable"),
        )  # fmt: skip
    if status in (401, 404):
        return (
            fail("telegram", f"Telegram refused the token ({status} {me.get('description', 'Unauthorized')})",
                 "copy the token from @BotFather (/mybots, API Token) into TELEGRAM_BOT_TOKEN"),
            skip("webhook", "the token was refused"),
        )  # fmt: skip
    result = me.get("result") if me.get("ok") else None
    if status != 200 or not isinstance(result, dict):
        return (
            fail("telegram", f"{host} answered {status} {me.get('description', '')}".rstrip(),
                 "try again later; check TELEGRAM_API_BASE_URL"),
            skip("webhook", "getMe failed"),
        )  # fmt: skip
    username = result.get("username") or ""
    expected = settings.telegram_bot_username
    if expected and expected.lower() != username.lower():
        telegram = fail(
            "telegram", f"the token is @{username}'s but TELEGRAM_BOT_USERNAME is {expected}",
            f"set TELEGRAM_BOT_USERNAME={username} (join links and posters use it)",
        )  # fmt: skip
    else:
        telegram = ok("telegram", f"@{username} (id {result.get('id')}) at {host}")
    return telegram, await _webhook_check(settings, http)


async def _webhook_check(settings: Settings, http) -> Check:
    import aiohttp

    try:
        status, body = await _bot_api(http, settings, "getWebhookInfo")
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        return fail(
            "webhook", f"getWebhookInfo got no answer: {_unreachable(exc)}", "try again later"
        )
    info = body.get("result") if body.get("ok") else None
    if status != 200 or not isinstance(info, dict):
        return fail("webhook", f"getWebhookInfo answered {status}", "try again later")
    url, waiting = info.get("url") or "", int(info.get("pending_update_count") or 0)
    expected = settings.telegram_webhook_url
    error = _last_error(info)
    if not expected:
        if url:
            return fail(
                "webhook", f"Telegram posts updates to {url}, but TELEGRAM_WEBHOOK_URL is unset (long polling gets none)",
                "restart kabarrt serve (it removes the webhook when it starts polling), or set TELEGRAM_WEBHOOK_URL",
            )  # fmt: skip
        return ok("webhook", f"none: long polling ({waiting} updates waiting)")
    if not url:
        return fail(
            "webhook",
            "Telegram has no webhook set",
            "start kabarrt serve: it registers TELEGRAM_WEBHOOK_URL",
        )
    if url != expected:
        return fail(
            "webhook", f"Telegram posts updates to {url}, not to TELEGRAM_WEBHOOK_URL ({expected})",
            "restart kabarrt serve to register it; is another deployment using this token?",
        )  # fmt: skip
    if error is not None and waiting and error[0] <= WEBHOOK_ERROR_RECENT:
        return fail(
            "webhook", f"Telegram cannot deliver to {url}: {error[1]} ({_ago(error[0])}; {waiting} updates waiting)",
            "check that the proxy passes /telegram/webhook to the web processes and that they run",
        )  # fmt: skip
    last = f"; last error {_ago(error[0])}: {error[1]}" if error is not None else ""
    return ok("webhook", f"set to {url} ({waiting} updates waiting){last}")


def _last_error(info: dict) -> tuple[timedelta, str] | None:
    stamp = info.get("last_error_date")
    if not stamp:
        return None
    age = datetime.now(UTC) - datetime.fromtimestamp(int(stamp), UTC)
    return max(age, timedelta(0)), str(info.get("last_error_message") or "unknown error")


def _ago(age: timedelta) -> str:
    seconds = int(age.total_seconds())
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


# --------------------------------------------------------------------------------------------
# SMS gateway
# --------------------------------------------------------------------------------------------


async def _sms_check(settings: Settings, http) -> Check:
    if settings.sms_driver == "kannel":
        return await _kannel_check(settings, http)
    if settings.sms_driver == "gammu":
        return await asyncio.to_thread(_gammu_check, settings, datetime.now(UTC))
    return skip("sms", "SMS_DRIVER is none (SMS is off)")


async def _kannel_check(settings: Settings, http) -> Check:
    """A sendsms call with the credentials and no receiver: smsbox checks the credentials first
    (403 "Authorization failed for sendsms"), then refuses the call for the missing receiver (400
    "Missing receiver number, rejected"), so nothing is sent (Kannel 1.4)."""
    import aiohttp

    where = urlsplit(settings.kannel_sendsms_url).netloc or settings.kannel_sendsms_url
    password = settings.kannel_password.get_secret_value() if settings.kannel_password else ""
    try:
        async with http.get(
            settings.kannel_sendsms_url,
            params={"username": settings.kannel_username, "password": password},
        ) as response:
            status, text = response.status, (await response.text(errors="replace")).strip()
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        return fail("sms", f"Kannel's smsbox at {where} is unreachable: {_unreachable(exc)}",
                    "is smsbox running (systemctl status kannel)? check KANNEL_SENDSMS_URL")  # fmt: skip
    if status == 403:
        return fail("sms", f"smsbox at {where} refused the credentials ({text[:80]})",
                    "make KANNEL_USERNAME / KANNEL_PASSWORD match the sendsms-user group in kannel.conf")  # fmt: skip
    if status == 400 and "receiver" in text.lower():
        return ok("sms", f"Kannel's smsbox at {where} accepts user {settings.kannel_username}")
    return fail("sms", f"{where} answered {status} {text[:80]}".rstrip(),
                "is KANNEL_SENDSMS_URL smsbox's sendsms (http://HOST:13013/cgi-bin/sendsms)?")  # fmt: skip


def _gammu_check(settings: Settings, now: datetime) -> Check:
    folders = {
        "GAMMU_INBOX_PATH": settings.gammu_inbox_path,
        "GAMMU_OUTBOX_PATH": settings.gammu_outbox_path,
        "GAMMU_SENT_PATH": settings.gammu_sent_path,
        "GAMMU_ERROR_PATH": settings.gammu_error_path,
    }
    for name, folder in folders.items():
        if not folder.is_dir():
            return fail("sms", f"{name} {folder} is not a folder",
                        "create it, or make it match Gammu SMSD's smsdrc (files backend)")  # fmt: skip
        if not os.access(folder, os.R_OK | os.X_OK):
            return fail("sms", f"{name} {folder} is not readable by this user",
                        "add this user to the folder's group (gammu), or fix its permissions")  # fmt: skip
    outbox = settings.gammu_outbox_path
    try:  # writing is what sending is: a hidden file (SMSD skips names starting with '.')
        with tempfile.NamedTemporaryFile(dir=outbox, prefix=".kabarrt-doctor-"):
            pass
    except OSError as exc:
        return fail("sms", f"GAMMU_OUTBOX_PATH {outbox} is not writable by this user ({exc.strerror})",
                    "add this user to the folder's group (gammu), or fix its permissions")  # fmt: skip
    waiting = [p for p in outbox.iterdir() if p.name.startswith("OUT")]
    if waiting:
        oldest = min(p.stat().st_mtime for p in waiting)
        age = now - datetime.fromtimestamp(oldest, UTC)
        if age > GAMMU_STALE:
            return fail("sms", f"{len(waiting)} SMS wait in {outbox}, the oldest for {int(age.total_seconds() // 60)} min",
                        "is gammu-smsd running and its phone connected? (systemctl status gammu-smsd, its log)")  # fmt: skip
    return ok("sms", f"Gammu SMSD folders in place, outbox writable ({len(waiting)} SMS waiting)")
