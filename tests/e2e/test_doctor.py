"""`kabarrt doctor` as a process against real components: the Bot API emulator (getMe,
getWebhookInfo), a real Kannel smsbox, Gammu's spool folders, a SQLite file behind or at the
migration head, a PostgreSQL database. One line per check, exit 1 when any fails, no secret shown.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from bot.cli.doctor import migration_files
from tests.conftest import need
from tests.e2e.test_backup import create_databases, older_database, with_login
from tests.fixtures.kannel_gateway import free_port, kannel_available, running_kannel
from tests.fixtures.serve_process import ROOT, TOKEN, until
from tests.fixtures.telegram_emulator import EmulatorClient, running_emulator

BOT = "kabarrt_doctor_bot"
WEBHOOK_SECRET = "webhook-secret_123"
SMS_SECRET = "sms-secret-for-doctor"
#: settings that may be set around the tests and would change what doctor sees
OURS = ("DATABASE_", "TELEGRAM_", "SMS_", "KANNEL_", "GAMMU_", "PUBLIC_URL")


async def doctor(database_url: str, **settings: str) -> tuple[int, dict[str, str], str]:
    """Run `kabarrt doctor`; (exit status, {check: its line}, all it printed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "doctor", cwd=ROOT, env={**env, "DATABASE_URL": database_url, **settings},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    text = out.decode() + err.decode()
    lines = {}
    for line in out.decode().splitlines():
        status, _, rest = line.partition(" ")
        name = rest.strip().split(":", 1)[0]
        assert status in ("ok", "FAIL", "skip"), line
        assert line.startswith(f"{status:<4} {name}: "), line
        lines.setdefault(name, line)
    return proc.returncode, lines, text


async def migrated(path: Path) -> str:
    url = f"sqlite://{path}"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "migrate", cwd=ROOT, env={**os.environ, "DATABASE_URL": url},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return url


def gammu_folders(top: Path) -> dict[str, str]:
    folders = {}
    for name in ("inbox", "outbox", "sent", "error"):
        (top / name).mkdir(parents=True, exist_ok=True)
        folders[f"GAMMU_{name.upper()}_PATH"] = str(top / name)
    return folders


async def set_webhook(emu, url: str) -> None:
    async with aiohttp.ClientSession() as http, http.post(
        f"{emu.base_url}{TOKEN}/setWebhook", json={"url": url, "secret_token": WEBHOOK_SECRET}
    ) as response:
        assert response.status == 200, await response.text()


async def test_all_good_exits_0_and_shows_no_secret(tmp_path):
    url = await migrated(tmp_path / "k.sqlite3")
    hook = f"http://127.0.0.1:{free_port()}/telegram/webhook"
    async with running_emulator(token=TOKEN, username=BOT) as emu:
        await set_webhook(emu, hook)
        code, lines, text = await doctor(
            url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emu.base_url, TELEGRAM_BOT_USERNAME=BOT,
            TELEGRAM_WEBHOOK_URL=hook, TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
            SMS_DRIVER="gammu", SMS_SECRET=SMS_SECRET, **gammu_folders(tmp_path / "gammu"),
        )  # fmt: skip
    assert code == 0, text
    assert list(lines) == ["settings", "database", "migrations", "backup", "telegram", "webhook", "sms"]
    assert lines["settings"] == "ok   settings: valid (database sqlite, Telegram webhook, SMS gammu)"
    assert lines["migrations"] == f"ok   migrations: at head ({migration_files('sqlite')[-1]})"
    assert lines["telegram"].startswith(f"ok   telegram: @{BOT} (id 123456)")
    assert lines["webhook"] == f"ok   webhook: set to {hook} (0 updates waiting)"
    assert lines["sms"].startswith("ok   sms: Gammu SMSD folders in place")
    assert lines["backup"].startswith("skip backup:")
    for secret in (TOKEN, TOKEN.split(":", 1)[1], WEBHOOK_SECRET, SMS_SECRET):
        assert secret not in text


async def test_a_wrong_token_fails_with_what_to_do(tmp_path):
    url = await migrated(tmp_path / "k.sqlite3")
    wrong = "123456:WRONG-token"
    async with running_emulator(token=TOKEN, username=BOT) as emu:
        code, lines, text = await doctor(url, TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_API_BASE_URL=emu.base_url)
    assert code == 1, text
    assert lines["telegram"].startswith("FAIL telegram: Telegram refused the token (401 Unauthorized) — "), text
    assert "@BotFather" in lines["telegram"] and "TELEGRAM_BOT_TOKEN" in lines["telegram"]
    assert lines["webhook"] == "skip webhook: the token was refused"
    assert "WRONG-token" not in text
    # the right token with another bot's username: join links would point elsewhere
    async with running_emulator(token=TOKEN, username=BOT) as emu:
        code, lines, text = await doctor(
            url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emu.base_url, TELEGRAM_BOT_USERNAME="other_bot"
        )
    assert code == 1 and f"set TELEGRAM_BOT_USERNAME={BOT}" in lines["telegram"], text
    assert lines["webhook"] == "ok   webhook: none: long polling (0 updates waiting)"
    # no Bot API at all
    code, lines, text = await doctor(
        url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}/bot"
    )
    assert code == 1 and lines["telegram"].startswith("FAIL telegram: cannot reach 127.0.0.1:"), text
    assert "TELEGRAM_API_BASE_URL" in lines["telegram"] and TOKEN not in text


async def test_webhook_problems_fail(tmp_path):
    url = await migrated(tmp_path / "k.sqlite3")
    hook = f"http://127.0.0.1:{free_port()}/telegram/webhook"  # nothing listens there
    async with running_emulator(token=TOKEN, username=BOT) as emu, EmulatorClient(emu.control_url) as client:
        settings = {
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.base_url,
            "TELEGRAM_WEBHOOK_URL": hook, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        }  # fmt: skip
        code, lines, text = await doctor(url, **settings)
        assert code == 1 and lines["webhook"].startswith("FAIL webhook: Telegram has no webhook set — "), text

        await set_webhook(emu, hook.replace("/telegram/", "/old/"))
        code, lines, text = await doctor(url, **settings)
        assert code == 1 and "posts updates to" in lines["webhook"] and "restart kabarrt serve" in lines["webhook"]

        # the right URL, but Telegram cannot deliver there: a resident's message waits
        await set_webhook(emu, hook)
        await client.user(4242).say("halo")
        await until(lambda: emu._webhook.last_error_date is not None, "the emulator's failed delivery")
        code, lines, text = await doctor(url, **settings)
        assert code == 1, text
        assert lines["webhook"].startswith(f"FAIL webhook: Telegram cannot deliver to {hook}: Connection refused ("), text
        assert "1 updates waiting" in lines["webhook"] and "/telegram/webhook" in lines["webhook"].split(" — ")[1]
        # polling configured while Telegram holds a webhook: polling would get nothing
        polling = {k: v for k, v in settings.items() if "WEBHOOK" not in k}
        code, lines, text = await doctor(url, **polling)
        assert code == 1 and "TELEGRAM_WEBHOOK_URL is unset" in lines["webhook"], text


async def test_a_database_behind_the_head_fails_until_migrated(tmp_path):
    path = tmp_path / "old.sqlite3"
    missing = await older_database(path, tmp_path, keep=len(migration_files("sqlite")) - 1)
    code, lines, text = await doctor(f"sqlite://{path}")
    assert code == 1, text
    assert lines["migrations"] == f"FAIL migrations: 1 pending ({missing[0]}) — run kabarrt migrate (the release step)"
    assert lines["database"].startswith(f"ok   database: {path} (SQLite ")
    await migrated(path)
    code, lines, text = await doctor(f"sqlite://{path}")
    assert code == 0 and lines["migrations"].startswith("ok   migrations: at head"), text
    # a database this code never made, and none at all
    code, lines, _ = await doctor(f"sqlite://{tmp_path / 'none.sqlite3'}")
    assert code == 1 and "does not exist — run kabarrt migrate" in lines["database"]
    assert lines["migrations"] == "skip migrations: no database"
    assert not (tmp_path / "none.sqlite3").exists()  # doctor creates nothing


async def test_an_unreachable_sms_gateway_fails(tmp_path):
    url = await migrated(tmp_path / "k.sqlite3")
    code, lines, text = await doctor(
        url, SMS_DRIVER="kannel", SMS_SECRET=SMS_SECRET, KANNEL_PASSWORD="kannel-pw-123",
        KANNEL_SENDSMS_URL=f"http://127.0.0.1:{free_port()}/cgi-bin/sendsms",
    )  # fmt: skip
    assert code == 1, text
    assert lines["sms"].startswith("FAIL sms: Kannel's smsbox at 127.0.0.1:") and "is smsbox running" in lines["sms"]
    assert "kannel-pw-123" not in text and SMS_SECRET not in text


async def test_kannel_credentials_are_checked_against_a_real_smsbox(tmp_path):
    need("kannel", kannel_available(), "install the Debian packages kannel and kannel-extras")
    url = await migrated(tmp_path / "k.sqlite3")
    async with running_kannel(tmp_path / "kannel", "http://127.0.0.1:9/unused") as kannel:
        settings = {"SMS_DRIVER": "kannel", "SMS_SECRET": SMS_SECRET, "KANNEL_SENDSMS_URL": kannel.sendsms_url,
                    "KANNEL_USERNAME": kannel.username}  # fmt: skip
        code, lines, text = await doctor(url, **settings, KANNEL_PASSWORD=kannel.password)
        assert code == 0, text
        assert lines["sms"] == f"ok   sms: Kannel's smsbox at 127.0.0.1:{kannel.sendsms_port} accepts user {kannel.username}"
        code, lines, text = await doctor(url, **settings, KANNEL_PASSWORD="not-the-password")
        assert code == 1 and "refused the credentials" in lines["sms"] and "kannel.conf" in lines["sms"], text
        assert kannel.password not in text and "not-the-password" not in text
        assert kannel.sent() == []  # doctor never sends an SMS


async def test_gammu_folders_missing_unwritable_or_stale_fail(tmp_path):
    url = await migrated(tmp_path / "k.sqlite3")
    folders = gammu_folders(tmp_path / "gammu")
    base = {"SMS_DRIVER": "gammu", "SMS_SECRET": SMS_SECRET}
    code, lines, text = await doctor(url, **base, **{**folders, "GAMMU_SENT_PATH": str(tmp_path / "nope")})
    assert code == 1 and lines["sms"].startswith(f"FAIL sms: GAMMU_SENT_PATH {tmp_path / 'nope'} is not a folder"), text
    # an SMS nobody took for an hour: SMSD does not run
    waiting = Path(folders["GAMMU_OUTBOX_PATH"]) / "OUTB20261124_060000_00_+6281234567001_kabarrt1.txt"
    waiting.write_bytes(b"")
    an_hour_ago = time.time() - 3600
    os.utime(waiting, (an_hour_ago, an_hour_ago))
    code, lines, text = await doctor(url, **base, **folders)
    assert code == 1 and "1 SMS wait in" in lines["sms"] and "gammu-smsd" in lines["sms"], text
    os.utime(waiting)  # just written: SMSD has not had its turn yet
    code, lines, text = await doctor(url, **base, **folders)
    assert code == 0 and lines["sms"].endswith("(1 SMS waiting)"), text
    assert os.listdir(folders["GAMMU_OUTBOX_PATH"]) == [waiting.name]  # no probe left behind


async def test_invalid_settings_are_a_failed_check_not_a_crash(tmp_path):
    url = await migrated(tmp_path / "k.sqlite3")
    code, lines, text = await doctor(url, SMS_DRIVER="kannel")
    assert code == 1, text
    assert lines["settings"].startswith("FAIL settings: ") and "SMS_SECRET" in lines["settings"]
    assert "fix it in the environment or .env" in lines["settings"]
    assert lines["database"] == "skip database: the settings are invalid"


@pytest.mark.postgres
async def test_postgres_database_migrations_and_pg_dump(postgres_url):
    name = f"doctor_{secrets.token_hex(4)}"
    role, password = await create_databases(postgres_url, name)
    url = with_login(postgres_url, role, password, name)
    code, lines, text = await doctor(url)
    assert code == 1, text
    assert lines["database"].startswith(f"ok   database: postgres://{role}@127.0.0.1:") and "(PostgreSQL " in lines["database"]
    assert lines["migrations"] == "FAIL migrations: the database has no schema yet — run kabarrt migrate"
    assert lines["backup"].startswith("ok   backup: pg_dump ")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "migrate", cwd=ROOT, env={**os.environ, "DATABASE_URL": url},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    assert await proc.wait() == 0
    code, lines, text = await doctor(url)
    assert code == 0 and lines["migrations"] == f"ok   migrations: at head ({migration_files('postgres')[-1]})", text
    assert password not in text
    # a database that is not there, and a server that is not there
    code, lines, text = await doctor(with_login(postgres_url, role, password, "missing_db"))
    assert code == 1 and '"missing_db" does not exist — create it' in lines["database"], text
    code, lines, text = await doctor(f"postgres://{role}:{password}@127.0.0.1:{free_port()}/{name}")
    assert code == 1 and "is PostgreSQL running" in lines["database"] and password not in text, text
