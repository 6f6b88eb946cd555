"""`kabarrt broadcast send | cancel | status | list` through `bot.cli.parser.main`, on real SQLite files."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.parser import main
from bot.db import close_database, open_database
from models import (
    Announcement,
    AnnouncementStatus,
    Area,
    GroupChat,
    Identity,
    JobStatus,
    OutboxMessage,
    OutboxStatus,
    Resident,
    ScheduledJob,
)

RT = "JMB.ALB.MYM.RW01.RT003"
OTHER_RT = "JMB.ALB.MYM.RW02.RT001"
BONTANG_RT = "BTG.BTS.BTL.RW01.RT001"


def _with_db(db: Path, work: Callable[[], Awaitable]):
    async def go():
        await open_database(f"sqlite://{db}")
        try:
            return await work()
        finally:
            await close_database()

    return asyncio.run(go())


def _residents(db: Path, *people: tuple[str, tuple[str, ...], bool]) -> None:
    """(area code, identities, opted out) per resident; a group `tg:-…` identity links a group."""

    async def work() -> None:
        for code, identities, opted_out in people:
            area = await Area.get(code=code)
            if identities and identities[0].startswith("tg:-"):
                await GroupChat.create(identity=identities[0], area=area, linked_at=datetime.now(UTC))
                continue
            resident = await Resident.create(area=area, opted_out=opted_out, registered_at=datetime.now(UTC))
            for value in identities:
                channel = "telegram" if value.startswith("tg:") else "sms"
                await Identity.create(value=value, channel=channel, resident=resident)

    _with_db(db, work)


def _outbox(db: Path) -> list[tuple[str, str, dict]]:
    async def work():
        rows = await OutboxMessage.filter(cause_type="announcement").order_by("id")
        return [(r.identity, r.channel, r.payload) for r in rows]

    return _with_db(db, work)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _fields(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split())


@pytest.fixture
def db(tmp_path) -> Path:
    """A database with one RT of residents: two on Telegram (one also known by SMS), two SMS-only,
    one who sent STOP, a linked group, and a resident of another RT."""
    path = tmp_path / "kabarrt.sqlite3"
    _residents(
        path,
        (RT, ("tg:1001",), False),
        (RT, ("tg:1002", "sms:+6281200001002"), False),
        (RT, ("sms:+6281200002001",), False),
        (RT, ("sms:+6281200002002",), False),
        (RT, ("sms:+6281200009999",), True),  # STOP
        (RT, ("tg:-100777",), False),  # the RT's Telegram group
        (OTHER_RT, ("tg:2001",), False),
    )
    return path


def test_send_now_reaches_each_resident_once_on_their_channel(db, capsys):
    code, out, err = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT,
                          "--text", "Kerja bakti hari Minggu pukul 07.00 di balai warga.")  # fmt: skip
    assert code == 0, err
    [line] = out.splitlines()
    assert line.startswith("broadcast_id=")
    assert list(_fields(line)) == ["broadcast_id", "recipients", "telegram", "sms", "groups", "segments"]
    assert {k: v for k, v in _fields(line).items() if k != "broadcast_id"} == {
        "recipients": "4", "telegram": "2", "sms": "2", "groups": "1", "segments": "1",
    }  # fmt: skip
    rows = _outbox(db)
    assert sorted((identity, channel) for identity, channel, _ in rows) == [
        ("sms:+6281200002001", "sms"), ("sms:+6281200002002", "sms"),
        ("tg:-100777", "telegram"), ("tg:1001", "telegram"), ("tg:1002", "telegram"),
    ]  # fmt: skip  (Telegram first for the resident known on both; nothing for STOP or another RT)


def test_a_time_without_offset_is_the_areas_time_zone(db, capsys):
    _residents(db, (BONTANG_RT, ("sms:+6281300000001",), False))
    code, out, err = _run(capsys, "broadcast", "send", "--db", str(db), "--area", BONTANG_RT,
                          "--text", "Rapat warga", "--at", "2031-03-02T19:00")  # fmt: skip
    assert code == 0, err
    assert _fields(out)["sms"] == "1"
    assert _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat",
                "--at", "2031-03-02T19:00")[0] == 0  # fmt: skip
    code, out, _ = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat",
                        "--at", "2031-03-02T19:00+00:00")  # fmt: skip
    assert code == 0

    async def work():
        return [(a.send_at, a.status) for a in await Announcement.all().order_by("id")]

    assert _with_db(db, work) == [
        (datetime(2031, 3, 2, 11, 0, tzinfo=UTC), AnnouncementStatus.SCHEDULED),  # WITA = UTC+8
        (datetime(2031, 3, 2, 12, 0, tzinfo=UTC), AnnouncementStatus.SCHEDULED),  # WIB = UTC+7
        (datetime(2031, 3, 2, 19, 0, tzinfo=UTC), AnnouncementStatus.SCHEDULED),  # the offset given wins
    ]
    assert _outbox(db) == []  # nothing is queued before its time
    _, out, _ = _run(capsys, "broadcast", "list", "--db", str(db))
    assert "\t2031-03-02T19:00+08:00\t" in out.splitlines()[-1]  # shown in the area's own time


def test_a_past_time_exits_2_with_one_line(db, capsys):
    code, out, err = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat",
                          "--at", "2020-01-01T07:00")  # fmt: skip
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "already passed" in err
    assert _with_db(db, lambda: Announcement.all().count()) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "JMB.XXX"], "no area with code 'JMB.XXX'"),
        (["--program", "tidak-ada"], "no program 'tidak-ada'; known: bontang-fasilitasi"),
        (["--area", RT, "--text", "   "], "--text is empty"),
        (["--area", RT, "--at", "besok pagi"], "not an ISO-8601 time"),
        (["--area", RT, "--photo", "/nonexistent/foto.jpg"], "no such file"),
    ],
)
def test_bad_targets_and_texts_exit_2(db, capsys, args, message):
    argv = ["broadcast", "send", "--db", str(db), *args]
    if "--text" not in args:
        argv += ["--text", "Rapat"]
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == "" and message in err, err
    assert _with_db(db, lambda: Announcement.all().count()) == 0


def test_schedule_then_cancel_sends_nothing(db, capsys):
    at = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    code, out, _ = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat", "--at", at)
    assert code == 0 and _fields(out)["recipients"] == "4"
    ann = _fields(out)["broadcast_id"]
    _, out, _ = _run(capsys, "broadcast", "status", ann, "--db", str(db))
    assert out.splitlines()[0].startswith(f"announcement {ann}: scheduled, to {RT}, at ")
    assert out.splitlines()[-1] == "sent=0 delivered=0 failed=0 pending=5 cancelled=0"  # 4 residents + group
    assert _run(capsys, "broadcast", "cancel", ann, "--db", str(db))[:2] == (0, f"cancelled={ann}\n")
    code, _, err = _run(capsys, "broadcast", "cancel", ann, "--db", str(db))
    assert code == 1 and "already cancelled" in err

    async def work():
        from bot.clock.scheduler import run_due

        await run_due(datetime.now(UTC) + timedelta(hours=3))  # the clock, after the time
        return await ScheduledJob.get(key=f"announcement:{ann}")

    assert _with_db(db, work).status is JobStatus.CANCELLED
    assert _outbox(db) == []


def test_a_scheduled_announcement_is_sent_by_the_clock(db, capsys):
    at = datetime.now(UTC) + timedelta(minutes=30)
    code, out, _ = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat",
                        "--at", at.isoformat())  # fmt: skip
    ann = _fields(out)["broadcast_id"]

    async def work():
        from bot.clock.scheduler import run_due

        return await run_due(at + timedelta(seconds=1))

    assert _with_db(db, work) == 5
    code, _, err = _run(capsys, "broadcast", "cancel", ann, "--db", str(db))
    assert code == 1 and "already sent" in err
    _, out, _ = _run(capsys, "broadcast", "status", ann, "--db", str(db))
    assert out.splitlines()[-1] == "sent=0 delivered=0 failed=0 pending=5 cancelled=0"


def test_cancel_after_sending_and_unknown_ids_are_refused(db, capsys):
    _, out, _ = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat")
    ann = _fields(out)["broadcast_id"]
    code, out, err = _run(capsys, "broadcast", "cancel", ann, "--db", str(db))
    assert (code, out) == (1, "") and f"cannot cancel announcement {ann}: it was already sent" in err
    code, _, err = _run(capsys, "broadcast", "cancel", "999", "--db", str(db))
    assert code == 1 and "no announcement 999" in err
    code, out, err = _run(capsys, "broadcast", "status", "999", "--db", str(db))
    assert (code, out) == (1, "") and "no announcement 999" in err


def test_status_shows_a_bar_and_the_counts(db, capsys):
    _, out, _ = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat")
    ann = _fields(out)["broadcast_id"]

    async def work():
        rows = await OutboxMessage.filter(cause_id=ann).order_by("id")
        for row, status in zip(rows, (OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.FAILED), strict=False):
            row.status = status
            await row.save()

    _with_db(db, work)
    code, out, _ = _run(capsys, "broadcast", "status", ann, "--db", str(db))
    head, bar, counts = out.splitlines()
    assert code == 0 and head.startswith(f"announcement {ann}: sent, to {RT}, started ")
    assert bar == "[##################............]  60% done"
    assert counts == "sent=1 delivered=1 failed=1 pending=2 cancelled=0"


def test_list_is_newest_first_with_target_counts_and_text(db, capsys):
    _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat pertama")
    long = "Pembagian beras bantuan untuk seluruh warga RT hari Sabtu pukul 08.00"
    _run(capsys, "broadcast", "send", "--db", str(db), "--program", "kampung-bantar", "--text", long,
         "--at", "2031-01-01T08:00")  # fmt: skip
    code, out, _ = _run(capsys, "broadcast", "list", "--db", str(db))
    assert code == 0
    newer, older = out.splitlines()
    assert newer.split("\t") == ["2", "scheduled", "program:kampung-bantar", "2031-01-01T08:00+07:00",
                                 "recipients=-", long[:39] + "…"]  # fmt: skip
    number, status, target, when, counts, text = older.split("\t")
    assert (number, status, target, text) == ("1", "sent", RT, "Rapat pertama")
    assert counts == "recipients=4 telegram=2 sms=2 groups=1"
    assert datetime.fromisoformat(when).utcoffset() == timedelta(hours=7)


def test_program_target_reaches_the_areas_where_it_runs(db, capsys):
    _residents(db, (BONTANG_RT, ("sms:+6281300000001",), False))
    code, out, err = _run(capsys, "broadcast", "send", "--db", str(db), "--program", "kampung-bantar",
                          "--text", "Penilaian Kampung Bantar mulai bulan depan.")  # fmt: skip
    assert code == 0, err
    # Jambi: both RTs' residents (the other RT's too), the group; not Bontang's
    assert {k: _fields(out)[k] for k in ("recipients", "telegram", "sms", "groups")} == {
        "recipients": "5", "telegram": "3", "sms": "2", "groups": "1",
    }  # fmt: skip
    assert "sms:+6281300000001" not in [identity for identity, _, _ in _outbox(db)]
    code, out, _ = _run(capsys, "broadcast", "send", "--db", str(db), "--program", "bontang-fasilitasi",
                        "--text", "Musyawarah dana RT.")  # fmt: skip
    assert _fields(out)["recipients"] == "1" and _fields(out)["sms"] == "1"


def test_photo_goes_to_telegram_and_sms_gets_the_text(db, capsys, tmp_path, monkeypatch):
    photo = tmp_path / "poster kerja bakti.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    monkeypatch.chdir(tmp_path)  # a relative path is stored absolute: the worker runs elsewhere
    code, out, err = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Lihat poster",
                          "--photo", photo.name)  # fmt: skip
    assert code == 0, err
    rows = _outbox(db)
    media = {identity: payload.get("media") for identity, channel, payload in rows}
    expected = [{"kind": "photo", "ref": str(photo.resolve()), "caption": None, "mime_type": None}]
    assert media["tg:1001"] == media["tg:1002"] == media["tg:-100777"] == expected
    assert media["sms:+6281200002001"] is None and media["sms:+6281200002002"] is None

    async def work():
        return (await Announcement.get(id=int(_fields(out)["broadcast_id"]))).media

    assert _with_db(db, work) == {"kind": "photo", "ref": str(photo.resolve())}


def test_a_job_scheduled_before_jobs_named_the_operator_is_still_sent(db, capsys):
    """An operator's `--at` job written by an older version has no "operator" in its payload; an
    announcement without any author is the operator's, and goes out."""
    at = datetime.now(UTC) + timedelta(minutes=30)
    _, out, _ = _run(capsys, "broadcast", "send", "--db", str(db), "--area", RT, "--text", "Rapat",
                     "--at", at.isoformat())  # fmt: skip
    ann = _fields(out)["broadcast_id"]

    async def work():
        from bot.clock.scheduler import run_due

        job = await ScheduledJob.get(key=f"announcement:{ann}")
        assert job.payload == {"announcement": int(ann), "operator": True}
        job.payload = {"announcement": int(ann)}  # as the older version wrote it
        await job.save(update_fields=["payload"])
        return await run_due(at + timedelta(seconds=1))

    assert _with_db(db, work) == 5
    _, out, _ = _run(capsys, "broadcast", "status", ann, "--db", str(db))
    assert out.splitlines()[0].startswith(f"announcement {ann}: sent")
