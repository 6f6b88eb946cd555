"""Gammu adapter, table-driven: receive requests in, stored messages and status codes out; inbox
file names and contents in, messages out; outbox rows in, outbox files out. The real Gammu SMSD
runs in test_gammu_gateway.py and test_gammu_e2e.py."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

import bot.db
from bot.channels.base import Limits, SendError
from bot.channels.gammu import (
    GammuChannel,
    GammuReceiver,
    GammuSettings,
    outbox_file_bytes,
    outbox_file_name,
    outbox_id_of,
)
from bot.channels.render import render_sms
from bot.cli.sms import decode_inbox, group, parse_inbox_name, receive
from bot.i18n import translator
from bot.web import make_app
from handlers.engine import Engine
from handlers.messages import Option, Outbound, Priority
from handlers.outbox.queue import record_report
from handlers.residents.area_import import import_areas_file
from models import Identity, Interaction, OutboxEvent, OutboxMessage, OutboxStatus
from tests.conftest import FROZEN_NOW

SECRET = "gammu-secret-1"


def settings_in(folder: Path, **changes) -> GammuSettings:
    for name in ("inbox", "outbox", "sent", "error"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    values = {name: folder / name for name in ("inbox", "outbox", "sent", "error")}
    return GammuSettings(**{**values, "secret": SECRET, **changes})


# --- POST /sms/gammu/receive ----------------------------------------------------------------


@dataclass
class In:
    label: str
    json: object = None
    form: dict | None = None
    query: str = f"?secret={SECRET}"
    headers: dict = field(default_factory=dict)
    raw: bytes | None = None
    status: int = 200
    text: str | None = None
    identity: str | None = None
    error: str | None = None


def body(**fields) -> dict:
    return {"id": "IN20261124_060000_00_081234560001_00.txt", "sender": "081234560001", "text": "halo",
            "ts": 1764000000, **fields}  # fmt: skip


CASES = [
    In("exact text with double spaces and emoji", body(text="Halo  Bu RT 😀"), text="Halo  Bu RT 😀",
       identity="sms:+6281234560001"),
    In("secret in a header", body(), query="", headers={"X-KabarRT-Secret": SECRET}, text="halo"),
    In("a form instead of JSON", form={k: str(v) for k, v in body(text="tanya dana").items()}, text="tanya dana"),
    In("+62 sender", body(sender="+6281234560002"), identity="sms:+6281234560002"),
    In("no secret", body(), query="", status=403, error="secret"),
    In("wrong secret", body(), query="?secret=nope", status=403, error="secret"),
    In("wrong secret header wins over none", body(), query="", headers={"X-KabarRT-Secret": "x"}, status=403,
       error="secret"),
    In("missing sender", body(sender=""), status=400, error="missing sender"),
    In("missing text", {k: v for k, v in body().items() if k != "text"}, status=400, error="missing message"),
    In("missing id", body(id=""), status=400, error="missing id"),
    In("id too long", body(id="IN" + "1" * 95), status=400, error="longer than 96"),
    In("sender not a number", body(sender="999999999999999999"), status=400, error="not a phone number"),
    In("not JSON", raw=b"{oops", headers={"Content-Type": "application/json"}, status=400, error="not JSON"),
    In("a JSON list", json=[1, 2], status=400, error="JSON object"),
]  # fmt: skip


@pytest.fixture
async def engine(db):
    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    return Engine(translator, default_locale="id", clock=lambda: FROZEN_NOW)


@pytest.fixture
async def web_client(engine, tmp_path):
    client = TestClient(TestServer(make_app(gammu=GammuReceiver(settings_in(tmp_path), engine))))
    await client.start_server()
    yield client
    await client.close()


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
async def test_receive(web_client, case: In):
    if case.raw is not None:
        kwargs = {"data": case.raw}
    elif case.form is not None:
        kwargs = {"data": case.form}
    else:
        kwargs = {"json": case.json}
    response = await web_client.post(f"/sms/gammu/receive{case.query}", headers=case.headers, **kwargs)
    assert response.status == case.status, await response.text()
    stored = await Interaction.filter(direction="in").first()
    if case.error:  # refused with the reason, and nothing processed
        assert case.error in (await response.json())["error"] and stored is None
        return
    assert (stored.channel, stored.external_id) == ("sms", body()["id"])
    assert case.text is None or stored.text == case.text
    assert case.identity is None or await Identity.exists(value=case.identity)
    assert await OutboxMessage.filter(channel="sms").exists()  # and it was answered


async def test_the_same_file_twice_is_processed_once(web_client):
    for _ in range(2):
        assert (await web_client.post(f"/sms/gammu/receive?secret={SECRET}", json=body())).status == 200
    assert await Interaction.filter(direction="in").count() == 1
    assert await OutboxMessage.filter(channel="sms").count() == 1


@pytest.mark.parametrize("sender", ["TELKOMSEL", "3636"])
async def test_automated_senders_are_stored_never_answered(web_client, sender):
    response = await web_client.post(f"/sms/gammu/receive?secret={SECRET}", json=body(sender=sender, text="Pulsa"))
    assert response.status == 200 and (await response.json())["answered"] is False
    [stored] = await Interaction.filter(direction="in")
    assert stored.topic == "automated_sender" and not await OutboxMessage.exists()


async def test_sms_allowed_ips_are_checked(engine, tmp_path):
    receiver = GammuReceiver(settings_in(tmp_path, allowed_ips=("10.0.0.0/8",)), engine)
    async with TestClient(TestServer(make_app(gammu=receiver))) as client:
        response = await client.post(f"/sms/gammu/receive?secret={SECRET}", json=body())
        assert response.status == 403 and "address" in (await response.json())["error"]
    assert not await Interaction.exists()


# --- inbox files: names, grouping, contents -------------------------------------------------

NAMES = [
    ("IN20261124_213000_00_+6281234567009_00.txt", "+6281234567009", 0),
    ("IN20261124_213001_00_+6281234567009_01.txt", "+6281234567009", 1),
    ("IN20261124_120000_03_081234567001_00.txt", "081234567001", 0),
    ("IN20261124_120000_00_INFO_PLN_00.txt", "INFO_PLN", 0),  # an `_` in an alphanumeric sender
    ("IN20261124_120000_00_TELKOMSEL 1_00.txt", "TELKOMSEL 1", 0),
    ("IN20261124_120000_00_+6281234567001_00.bin", "+6281234567001", 0),
    ("OUTA20261124_120000_00_+6281234567001_kabarrt1.txt", None, None),
    ("IN20261124_120000_00_+6281234567001.txt", None, None),
    ("IN2026112_120000_00_+6281234567001_00.txt", None, None),
    ("IN20261124_120000_00_+6281234567001_00.smsbackup", None, None),
]


@pytest.mark.parametrize(("name", "sender", "part"), NAMES, ids=[n for n, *_ in NAMES])
def test_inbox_names(name, sender, part):
    parsed = parse_inbox_name(name)
    assert (parsed.sender, parsed.part) == (sender, part) if sender else parsed is None


A0, A1, A2 = (f"IN20261124_12000{i}_00_+62811_{i:02d}.txt" for i in range(3))
B0 = "IN20261124_120001_00_+62899_00.txt"
A0_again = "IN20261124_120005_01_+62811_00.txt"
GROUPS = [
    ("one file", [A0], [[A0]], 0),
    ("a multipart call", [A0, A1, A2], [[A0, A1, A2]], 0),
    ("another sender between (a sorted --all)", [A0, B0, A1], [[A0, A1], [B0]], 0),
    ("part 00 starts a new message", [A0, A0_again], [[A0], [A0_again]], 0),
    ("a lone later part is its own message", [A1], [[A1]], 0),
    ("a gap starts a new message", [A0, A2], [[A0], [A2]], 0),
    ("a sender with a space, split by the shell", ["IN20261124_120000_00_INFO", "PLN_00.txt", B0],
     [["IN20261124_120000_00_INFO PLN_00.txt"], [B0]], 0),
    ("not an inbox file", ["hello.txt", A0], [[A0]], 1),
]  # fmt: skip


@pytest.mark.parametrize(("label", "args", "messages", "errors"), GROUPS, ids=[g[0] for g in GROUPS])
def test_grouping(label, args, messages, errors, tmp_path):
    found, problems = group(args, tmp_path)
    assert [[p.name for p in m.paths] for m in found] == messages and len(problems) == errors
    assert all(p.parent == tmp_path for m in found for p in m.paths)


def test_paths_are_taken_as_they_are(tmp_path):
    [message], _ = group([f"/elsewhere/{A0}"], tmp_path)
    assert message.paths == [Path(f"/elsewhere/{A0}")] and message.id == A0 and message.sender == "+62811"


CONTENTS = [
    ("unicode: BOM, UTF-16BE, NULs after an emoji", b"\xfe\xff" + "Bu 😀".encode("utf-16-be") + b"\0\0\0\0", "Bu 😀"),
    ("unicode: junk after the NUL", b"\xfe\xff" + "ya".encode("utf-16-be") + b"\0\0\x12\x34", "ya"),
    ("unicode little-endian", b"\xff\xfe" + "halo".encode("utf-16-le"), "halo"),
    ("standard (UTF-8)", "kerja bakti é".encode(), "kerja bakti é"),
    ("empty message", b"\xfe\xff", ""),
]  # fmt: skip


@pytest.mark.parametrize(("label", "data", "text"), CONTENTS, ids=[c[0] for c in CONTENTS])
def test_inbox_contents(label, data, text):
    assert decode_inbox(data) == text


def test_detail_format_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="InboxFormat = unicode"):
        decode_inbox(b"; This file format was designed for Gammu\n[SMSBackup000]\n")


# --- kabarrt sms gammu-receive against the real receiver ------------------------------------


def write_inbox(inbox: Path, name: str, text: str) -> None:
    (inbox / name).write_bytes(b"\xfe\xff" + text.encode("utf-16-be") + b"\0\0")


async def test_the_command_posts_each_message_once(web_client, tmp_path):
    inbox = tmp_path / "inbox"
    write_inbox(inbox, A0, "Mohon info jadwal ")
    write_inbox(inbox, A1, "posyandu 😀")
    write_inbox(inbox, B0, "halo")
    (inbox / "IN20261124_120009_00_+62812_00.bin").write_bytes(b"\x01\x02")  # 8-bit: skipped
    url = str(web_client.make_url("/sms/gammu/receive"))
    assert await asyncio.to_thread(receive, [A0, A1], inbox=inbox, url=url, secret=SECRET) == []
    [stored] = await Interaction.filter(direction="in")
    assert (stored.text, stored.external_id) == ("Mohon info jadwal posyandu 😀", A0)
    names = sorted(p.name for p in inbox.iterdir())
    assert await asyncio.to_thread(receive, names, inbox=inbox, url=url, secret=SECRET) == []
    assert sorted(i.external_id for i in await Interaction.filter(direction="in")) == [A0, B0]


async def test_the_command_says_what_failed(web_client, tmp_path):
    inbox = tmp_path / "inbox"
    write_inbox(inbox, A0, "halo")
    url = str(web_client.make_url("/sms/gammu/receive"))
    failures = await asyncio.to_thread(receive, [A0, "x.txt"], inbox=inbox, url=url, secret="wrong")
    assert failures == [
        "x.txt: not a Gammu inbox file name (IN<date>_<time>_<serial>_<sender>_<part>.txt)",
        f"{A0}: refused (403): wrong or missing secret",
    ]
    failures = await asyncio.to_thread(receive, [A1], inbox=inbox, url=url, secret=SECRET)
    assert failures == [f"{A1}: cannot read it: No such file or directory"]
    failures = await asyncio.to_thread(receive, [A0], inbox=inbox, url="http://127.0.0.1:1/x", secret=SECRET)
    assert len(failures) == 1 and failures[0].startswith(f"{A0}: service unreachable at http://127.0.0.1:1/x")
    assert not await Interaction.exists()


@pytest.mark.parametrize(
    ("args", "secret", "code", "says"),
    [([], SECRET, 2, "name the inbox files"), ([A0], "", 2, "SMS_SECRET is not set"),
     (["--all"], SECRET, 1, "No such file or directory"), ([A0], SECRET, 1, "cannot read it")],
)  # fmt: skip
def test_the_command_line(args, secret, code, says, tmp_path):
    env = {**os.environ, "SMS_SECRET": secret, "GAMMU_INBOX_PATH": str(tmp_path / "missing"), "PORT": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sms", "gammu-receive", *args], env=env, cwd=tmp_path,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == code and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1  # one clear line for Gammu's log


# --- outbox files ---------------------------------------------------------------------------

WIB = timezone(timedelta(hours=7))
FILE_NAMES = [
    ("+6281234560001", 42, Priority.REPLY, datetime(2026, 11, 24, 6, 0, 5, tzinfo=UTC),
     "OUTA20261124_060005_00_+6281234560001_kabarrt42.txt"),
    ("+6281234560001", 7, Priority.BULK, datetime(2026, 11, 24, 13, 0, 0, tzinfo=WIB),
     "OUTB20261124_060000_00_+6281234560001_kabarrt7.txt"),
]  # fmt: skip


@pytest.mark.parametrize(("number", "outbox_id", "priority", "at", "name"), FILE_NAMES)
def test_outbox_file_names(number, outbox_id, priority, at, name):
    assert outbox_file_name(number, outbox_id, priority, at) == name
    assert outbox_id_of(name) == outbox_id
    assert name < outbox_file_name(number, outbox_id + 1, priority, at + timedelta(seconds=1))  # FIFO


@pytest.mark.parametrize("number", ["", "+62_812", "../etc", "+62 812", "KabarRT"])
def test_numbers_gammu_would_misread_are_refused(number):
    with pytest.raises(ValueError):
        outbox_file_name(number, 1, Priority.REPLY, FROZEN_NOW)


@pytest.mark.parametrize("name", ["OUTC20261124_060000_00_+62812_sms0.txt", "OUT+62812.txt", ".kabarrt1.1.tmp"])
def test_other_files_are_not_ours(name):
    assert outbox_id_of(name) is None


OUTBOUNDS = [
    ("GSM-7", Outbound("sms:+6281234560001", "Halo Bu RT {kas} €", outbox_id=1), 1, "gsm7"),
    ("UCS-2", Outbound("sms:+6281234560001", "Sip 😀", outbox_id=2), 1, "ucs2"),
    ("options inside", Outbound("sms:+6281234560001", "Ikut?", options=(Option("Ya", "y"), Option("Tidak", "n")),
                                outbox_id=3), 1, "gsm7"),
    ("long", Outbound("sms:+6281234560001", "x" * 200, outbox_id=4, priority=Priority.BULK), 2, "gsm7"),
]  # fmt: skip


@pytest.mark.parametrize(("label", "outbound", "count", "encoding"), OUTBOUNDS, ids=[o[0] for o in OUTBOUNDS])
async def test_send_writes_one_outbox_file(label, outbound, count, encoding, tmp_path):
    channel = GammuChannel(settings_in(tmp_path), Limits(), clock=lambda: FROZEN_NOW)
    result = await channel.send(outbound)
    [written] = (tmp_path / "outbox").iterdir()
    letter = "B" if outbound.priority is Priority.BULK else "A"
    assert written.name == f"OUT{letter}20261124_060000_00_+6281234560001_kabarrt{outbound.outbox_id}.txt"
    assert (result.channel_message_id, result.segments, result.encoding) == (written.name, count, encoding)
    assert written.read_bytes() == outbox_file_bytes(render_sms(outbound).text)  # options inside
    assert written.read_bytes()[:2] == b"\xfe\xff"


async def test_a_retry_writes_no_second_file(tmp_path):
    settings = settings_in(tmp_path)
    times = iter([FROZEN_NOW, FROZEN_NOW + timedelta(seconds=30), FROZEN_NOW + timedelta(seconds=60)])
    channel = GammuChannel(settings, Limits(), clock=lambda: next(times))
    outbound = Outbound("sms:+6281234560001", "Halo", outbox_id=5)
    first = await channel.send(outbound)
    assert (await channel.send(outbound)).channel_message_id == first.channel_message_id
    os.rename(settings.outbox / first.channel_message_id, settings.sent / first.channel_message_id)
    restarted = GammuChannel(settings, Limits(), clock=lambda: FROZEN_NOW + timedelta(hours=1))
    assert (await restarted.send(outbound)).channel_message_id == first.channel_message_id  # already sent
    assert list(settings.outbox.iterdir()) == []


async def test_disk_errors_are_retryable(tmp_path):
    settings = settings_in(tmp_path)
    settings.outbox.rmdir()
    channel = GammuChannel(settings, Limits())
    with pytest.raises(SendError) as caught:
        await channel.send(Outbound("sms:+6281234560001", "Halo", outbox_id=1))
    assert caught.value.retryable
    settings.outbox.write_bytes(b"")  # a file where the folder should be (fails as root too)
    with pytest.raises(SendError) as caught:
        await channel.send(Outbound("sms:+6281234560001", "Halo", outbox_id=1))
    assert caught.value.retryable and sorted(p.name for p in tmp_path.iterdir()) == ["error", "inbox", "outbox", "sent"]


async def test_a_message_without_outbox_id_is_refused(tmp_path):
    with pytest.raises(SendError) as caught:
        await GammuChannel(settings_in(tmp_path), Limits()).send(Outbound("sms:+6281234560001", "Halo"))
    assert not caught.value.retryable


# --- the sent and error folders as delivery reports -----------------------------------------


async def _rows(*texts: str) -> list[OutboxMessage]:
    return [
        await OutboxMessage.create(identity="sms:+6281234560001", channel="sms", text=t, status=OutboxStatus.SENT,
                                   created_at=FROZEN_NOW)
        for t in texts
    ]  # fmt: skip


async def _watch_until(channel: GammuChannel, done) -> None:
    stop = asyncio.Event()
    watching = asyncio.create_task(channel.watch(stop, record_report, interval=0.05))
    for _ in range(100):
        if await done():
            break
        await asyncio.sleep(0.05)
    stop.set()
    await watching


async def test_files_moved_to_the_sent_or_error_folder_become_reports(db, tmp_path):
    settings = settings_in(tmp_path)
    channel = GammuChannel(settings, Limits(), clock=lambda: FROZEN_NOW)
    rows = await _rows("ok", "bad", "waiting")
    names = [(await channel.send(Outbound("sms:+6281234560001", r.text, outbox_id=r.id))).channel_message_id for r in rows]
    os.rename(settings.outbox / names[0], settings.sent / names[0])
    os.rename(settings.outbox / names[1], settings.error / names[1])

    async def reported() -> bool:
        return await OutboxEvent.filter(detail__startswith="gammu:").count() == 2

    await _watch_until(channel, reported)
    assert [(await OutboxMessage.get(id=r.id)).status for r in rows] == [
        OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.SENT
    ]  # fmt: skip
    assert await OutboxEvent.exists(message_id=rows[0].id, detail="gammu: sent by the phone")
    assert "error folder" in (await OutboxMessage.get(id=rows[1].id)).last_error
    assert channel.pending == {names[2]: rows[2].id}  # still waiting in the outbox


async def test_a_restarted_worker_watches_the_files_still_waiting(db, tmp_path):
    settings = settings_in(tmp_path)
    [row] = await _rows("waiting")
    name = (await GammuChannel(settings, Limits()).send(Outbound("sms:+6281234560001", "x", outbox_id=row.id))).channel_message_id
    (settings.outbox / "OUT+62812.txt").write_bytes(b"")  # not ours: never reported
    restarted = GammuChannel(settings, Limits())

    async def failed() -> bool:
        if restarted.pending and (settings.outbox / name).exists():
            os.rename(settings.outbox / name, settings.error / name)
        return (await OutboxMessage.get(id=row.id)).status is OutboxStatus.FAILED

    await _watch_until(restarted, failed)
    assert (await OutboxMessage.get(id=row.id)).status is OutboxStatus.FAILED and restarted.pending == {}
