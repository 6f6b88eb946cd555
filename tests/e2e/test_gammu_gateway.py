"""What the real Gammu SMSD (dummy phone, files backend) does: the facts tests/fixtures/gammu_gateway.py
documents and bot/channels/gammu.py and bot/cli/sms.py rely on. No KabarRT here."""

from __future__ import annotations

import asyncio
import json
import stat
import sys
from pathlib import Path

import pytest

from bot.channels.render import segments
from bot.cli.sms import decode_inbox, parse_inbox_name
from tests.conftest import need
from tests.fixtures.gammu_gateway import gammu_available, running_gammu

# RunOnReceive for these tests: appends {args, cwd, env} as one JSON line, exits with $EXIT_WITH
RECORDER = f"""#!{sys.executable}
import json, os, sys
with open(os.environ["RECORD_TO"], "a", encoding="utf-8") as out:
    env = {{k: v for k, v in os.environ.items() if k.startswith(("SMS_", "DECODED_", "MYVAR"))}}
    out.write(json.dumps({{"args": sys.argv[1:], "cwd": os.getcwd(), "env": env}}) + "\\n")
print("recorder says hello", file=sys.stderr)
sys.exit(int(os.environ.get("EXIT_WITH", "0")))
"""


@pytest.fixture
def recorder(tmp_path):
    need("gammu", gammu_available(), "install the Debian packages gammu and gammu-smsd")
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def calls(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


async def test_a_received_sms_is_an_inbox_file_and_one_run_on_receive(tmp_path, recorder):
    record = tmp_path / "calls.jsonl"
    env = {"RECORD_TO": str(record), "MYVAR": "inherited"}
    async with running_gammu(tmp_path / "gammu", f"{recorder} first-arg", env=env) as gammu:
        [phone_file] = gammu.inject("081234567001", "apa  itu BKM?")
        [run] = await gammu.wait_runs(1)
        [name] = gammu.received()
        assert run.files == (name,) and run.status == 0 and run.output == "recorder says hello"
        assert not phone_file.exists()  # SMSD deleted it from the phone
        parsed = parse_inbox_name(name)
        assert parsed is not None and parsed.sender == "081234567001" and parsed.part == 0
        assert name.endswith("_00_081234567001_00.txt")
        data = (gammu.inbox / name).read_bytes()
        assert data[:2] == b"\xfe\xff" and decode_inbox(data) == "apa  itu BKM?"
        [call] = calls(record)
        assert call["args"] == ["first-arg", name]  # the file name, appended, not a path
        assert call["cwd"] == str(gammu.workdir)  # SMSD's working directory and environment
        assert call["env"]["MYVAR"] == "inherited"
        assert call["env"]["SMS_1_NUMBER"] == "081234567001" and call["env"]["SMS_1_TEXT"] == "apa  itu BKM?"
        assert call["env"]["SMS_MESSAGES"] == "1"


async def test_ucs2_inbox_file_has_nul_bytes_after_the_text(tmp_path, recorder):
    env = {"RECORD_TO": str(tmp_path / "calls.jsonl")}
    async with running_gammu(tmp_path / "gammu", str(recorder), env=env) as gammu:
        gammu.inject("+6281234567002", "Bu RT 😀 kapan?")
        [run] = await gammu.wait_runs(1)
        data = (gammu.inbox / run.files[0]).read_bytes()
        text = "Bu RT 😀 kapan?"
        # as many bytes as the UTF-8 text has: 4 for the emoji, which is 2 UTF-16 units (4 bytes)
        assert len(data) == 2 + 2 * len(text.encode("utf-8"))
        assert data[2 : 2 + len(text.encode("utf-16-be"))] == text.encode("utf-16-be")
        assert data.endswith(b"\x00\x00") and decode_inbox(data) == text


async def test_a_multipart_sms_is_one_call_with_a_file_per_part(tmp_path, recorder):
    record = tmp_path / "calls.jsonl"
    text = "Mohon info jadwal posyandu bulan depan di RT kami. " * 5  # 255 characters: 2 parts
    async with running_gammu(tmp_path / "gammu", str(recorder), env={"RECORD_TO": str(record)}) as gammu:
        _first, second = gammu.inject("081234567003", text)
        second.rename(second.with_name("9000"))  # the phone's order does not matter: UDH does
        [run] = await gammu.wait_runs(1)
        assert [parse_inbox_name(f).part for f in run.files] == [0, 1]
        assert "".join(decode_inbox((gammu.inbox / f).read_bytes()) for f in run.files) == text
        [call] = calls(record)
        assert call["env"]["DECODED_1_TEXT"] == text and call["env"]["SMS_MESSAGES"] == "2"


async def test_a_lone_part_is_processed_alone_after_the_multipart_timeout(tmp_path, recorder):
    env = {"RECORD_TO": str(tmp_path / "calls.jsonl")}
    async with running_gammu(tmp_path / "gammu", str(recorder), env=env, multipart_timeout=1) as gammu:
        _first, second = gammu.inject("081234567004", "x" * 200)
        second.unlink()  # part 2 never arrives
        [run] = await gammu.wait_runs(1)
        assert len(run.files) == 1 and run.files[0].endswith("_00.txt")


async def test_a_failing_run_on_receive_is_logged_and_the_file_stays(tmp_path, recorder):
    env = {"RECORD_TO": str(tmp_path / "calls.jsonl"), "EXIT_WITH": "3"}
    async with running_gammu(tmp_path / "gammu", str(recorder), env=env) as gammu:
        [phone_file] = gammu.inject("081234567005", "halo")
        [run] = await gammu.wait_runs(1)
        assert run.status == 3 and run.output == "recorder says hello"
        assert (gammu.inbox / run.files[0]).exists() and not phone_file.exists()


def _outbox(outbox: Path, name: str, text: str) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / name).write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))


# (text, coding Gammu picks with TransmitFormat = auto, parts): the same as render's segments()
CODINGS = [
    ("Halo Bu RT\n1. Ya\n2. Tidak", "gsm7", 1),
    ("Iuran Rp5.000 {kas} € è é Ñ ß", "gsm7", 1),  # extension characters and Latin-1 in GSM-7
    ("Terima kasih ç", "ucs2", 1),  # only Ç (capital) is in GSM-7
    ("`kode`", "ucs2", 1),
    ("Sip 😀", "ucs2", 1),
    ("x" * 200, "gsm7", 2),
    ("😀 " * 40, "ucs2", 2),  # 120 units: 66 + 54, a surrogate pair is never split
]


async def test_outbox_files_are_sent_in_name_order_with_the_coding_render_counts(tmp_path):
    need("gammu", gammu_available(), "install the Debian packages gammu and gammu-smsd")
    outbox = tmp_path / "gammu" / "outbox"  # all waiting before SMSD starts: its order, not ours
    (outbox.parent / "outbox").mkdir(parents=True)
    (outbox / ".hidden.tmp").write_bytes(b"\xfe\xff\x00x")  # SMSD skips hidden names
    for i, (text, _coding, _parts) in reversed(list(enumerate(CODINGS))):
        _outbox(outbox, f"OUTA20261124_1200{i:02d}_00_+62812345670{i:02d}_kabarrt{i}.txt", text)
    async with running_gammu(tmp_path / "gammu") as gammu:
        sent = await gammu.wait_sent(len(CODINGS), timeout=30)
        for i, ((text, coding, parts), sms) in enumerate(zip(CODINGS, sent, strict=True)):
            assert sms.file.endswith(f"_kabarrt{i}.txt") and sms.recipient == f"+62812345670{i:02d}"
            assert sms.text == text and sms.codings == {coding} and len(sms.parts) == parts
            assert segments(text) == (parts, coding)
            if parts > 1:
                assert [p.udh[-2:] for p in sms.parts] == [bytes([parts, n]) for n in range(1, parts + 1)]
            assert (gammu.sent_dir / sms.file).exists()
        assert (outbox / ".hidden.tmp").exists() and not list(gammu.error_dir.iterdir())


async def test_an_outbox_name_gammu_cannot_parse_goes_to_the_error_folder(tmp_path):
    need("gammu", gammu_available(), "install the Debian packages gammu and gammu-smsd")
    async with running_gammu(tmp_path / "gammu") as gammu:
        _outbox(gammu.outbox, "OUTC_x.txt", "rusak")
        _outbox(gammu.outbox, "OUT+6281234567009.txt", "nama pendek")  # the simplest name works
        [sms] = await gammu.wait_sent(1)
        assert sms.recipient == "+6281234567009" and sms.text == "nama pendek"
        for _ in range(50):
            if "Error in outbox on 'OUTC_x.txt'" in gammu.log():
                break
            await asyncio.sleep(0.1)
        assert [p.name for p in gammu.error_dir.iterdir()] == ["OUTC_x.txt"]
