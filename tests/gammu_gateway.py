"""A real Gammu SMSD with Gammu's dummy phone, as the phone network for end-to-end SMS tests.

Runs Debian's `gammu-smsd` (package `gammu-smsd`) with `[gammu] model = dummy, connection = none,
device = <workdir>/phone` and the files backend (inbox/, outbox/, sent/, error/ in `workdir`):

    MO  inject(sender, text) -> phone/sms/1/<n> -> SMSD -> inbox/IN…txt -> RunOnReceive IN…txt
    MT  outbox/OUT…txt -> SMSD -> the dummy phone "sends" it -> sent/OUT…txt; sent()/wait_sent()

    async with running_gammu(tmp_path, run_on_receive="/path/kabarrt sms gammu-receive",
                             env={"SMS_SECRET": "…", "PUBLIC_URL": "http://127.0.0.1:PORT"}) as g:
        await g.inject("081234567001", "apa itu BKM?")
        [sms] = await g.wait_sent(1)

What Gammu 1.42 (Debian 12) really does (found by running it, see tests/test_gammu_gateway.py):
- The dummy phone keeps each SMS folder as files: `<device>/sms/<folder>/<location>`, folder 1 the
  inbox, locations 1…9999, each file in Gammu's SMS backup format (`[SMSBackup000]`, `Number`,
  `Text00` = UTF-16BE hex, `Coding`, `UDH`, `DateTime`, `State`, `Folder`). A file put there is a
  received SMS: SMSD reads it on its next poll (ReceiveFrequency), saves it to its inbox folder,
  runs RunOnReceive and deletes it from the phone. `inject` writes such files (renamed into place,
  so SMSD never reads half of one); a long text becomes several parts, one location each, with a
  concatenation UDH, as a phone stores them.
- The inbox file is named after the SMS's own time stamp (`DateTime`), not the arrival:
  `IN<YYYYMMDD>_<HHMMSS>_<serial>_<sender>_<part>.txt`; the serial goes up when part 00 of that
  name already exists (so the inbox files must be kept for names to stay unique). The parts of a
  multipart message are linked (in UDH order, whatever their locations) and given to one
  RunOnReceive call, one file each (`…_00.txt …_01.txt`), each named with its own time stamp.
  A part still alone after MultipartTimeout is processed as a message of its own.
- `InboxFormat = unicode` writes FE FF and the UTF-16BE text, but as many bytes as the text has in
  UTF-8: after an emoji the file has trailing NUL bytes.
- RunOnReceive runs through `sh -c` with the file names appended, in SMSD's working directory and
  environment (plus SMS_MESSAGES, SMS_1_NUMBER, SMS_1_TEXT, DECODED_1_TEXT …). SMSD waits for it
  and logs "Process finished successfully" or "Process failed with exit status N", then
  "Subprocess output: …" (its stdout and stderr) if it wrote any; the message is gone from the
  phone either way, the inbox file stays.
- Outbox: files named `OUT<number>.txt`, `OUT<P>_<number>_<serial>.txt` or
  `OUT<P><date>_<time>_<serial>_<number>_<anything>.txt` (the number is the field after the third
  `_`), read in name order, hidden names (`.…`) skipped. Content with a byte-order mark is
  UTF-16; `TransmitFormat = auto` picks GSM-7 (extension characters such as € { } count two
  septets) or UCS-2 and splits long texts into 153-septet / 67-unit parts with a concatenation
  UDH. Without `OutboxFormat`/`TransmitFormat` in the config Debian's SMSD reports "detail" /
  "7bit". After sending, the file is renamed into SentSMSPath; a file it cannot parse
  (e.g. `OUTC_x.txt`) goes to ErrorSMSPath ("Error in outbox").
- The dummy phone accepts every send (any number, even an empty text) and stores nothing; what
  it "sent" is only in SMSD's debug log (`DebugLevel = 255`): per part "Recipient number",
  the UDH bytes, "7 bit SMS, length <octets>, <septets>" followed by the text, or "Unicode SMS,
  length <units>" followed by a hex dump of the UTF-16BE bytes; then "Transmitted <file>
  (part: k | total: n)". `sent()` reads exactly that: what went to the network, part by part.
- SMSD polls every LoopSleep (1 s) here: a message is received or sent within about a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import signal
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

from bot.channels.render import segments
from tests.kannel_gateway import _terminate as terminate

GAMMU_SMSD = "/usr/bin/gammu-smsd"
SEGMENT = {"gsm7": (160, 153), "ucs2": (70, 67)}  # (one SMS, one part of a concatenated one)

_LINE = re.compile(r"^\w{3} \d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} gammu-smsd\[(\d+)\]: (.*)$")
_RECIPIENT = re.compile(r'^gammu: Recipient number "(.*)"$')
_CODING = re.compile(r"^gammu: (7 bit|Unicode|8 bit) SMS, length (\d+)")
_TRANSMITTED = re.compile(r"^Transmitted (.+) \((part|total): (\d+)\) to (.*), message reference")
_RUN = re.compile(r"^Starting run on receive: (.*)$")
_EXIT = re.compile(r"^Process (?:finished successfully|failed with exit status (\d+))")
_CODINGS = {"7 bit": "gsm7", "Unicode": "ucs2", "8 bit": "8bit"}


def gammu_available() -> bool:
    """True when Debian's gammu-smsd is installed and executable."""
    return os.access(GAMMU_SMSD, os.X_OK)


# --------------------------------------------------------------------------------------------
# What the phone sent (MT), read from SMSD's debug log
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentPart:
    """One SMS as the dummy phone handed it to the network."""

    recipient: str
    coding: str  # "gsm7" | "ucs2" | "8bit"
    text: str
    udh: bytes = b""


@dataclass(frozen=True)
class SentSMS:
    """All parts SMSD sent from one outbox file."""

    file: str
    recipient: str
    parts: tuple[SentPart, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)

    @property
    def codings(self) -> set[str]:
        return {p.coding for p in self.parts}


@dataclass(frozen=True)
class ReceiveRun:
    """One RunOnReceive call: the inbox files it was given, its exit status and output."""

    files: tuple[str, ...]
    status: int
    output: str = ""


def log_entries(text: str) -> list[tuple[int, str]]:
    """(pid, message) per SMSD log line; a line without the prefix continues the previous one."""
    entries: list[tuple[int, str]] = []
    for line in text.split("\n"):  # not splitlines(): a '\r' in a logged text is no line end
        match = _LINE.match(line)
        if match:
            entries.append((int(match.group(1)), match.group(2)))
        elif entries:
            pid, message = entries[-1]
            entries[-1] = (pid, f"{message}\n{line}")
    return entries


def _hex_bytes(line: str) -> bytes:
    """The bytes of one Gammu hex dump line: `00 |45E|00 |6Dm|…  .E.m` (byte, char, '|')."""
    out = bytearray()
    for i in range(0, 64, 4):
        pair = line[i : i + 2]
        if not re.fullmatch(r"[0-9A-F]{2}", pair) or (i and line[i - 1] != "|"):
            break
        out.append(int(pair, 16))
    return bytes(out)


class _Part:
    def __init__(self) -> None:
        self.recipient = ""
        self.udh = b""
        self.coding = ""
        self.units = 0
        self.lines: list[str] = []
        self.section = "head"  # head → udh → body

    def feed(self, message: str) -> None:
        coding = _CODING.match(message)
        if coding:
            self.coding, self.units, self.section = _CODINGS[coding.group(1)], int(coding.group(2)), "body"
        elif self.section == "body":
            self.lines.append(message.removeprefix("gammu: ").removeprefix("gammu:"))
        elif message.startswith("gammu: UDH, length"):
            self.section = "udh"
        elif self.section == "udh":
            self.udh += _hex_bytes(message.removeprefix("gammu: "))
        elif recipient := _RECIPIENT.match(message):
            self.recipient = recipient.group(1)

    def done(self) -> SentPart:
        if self.coding != "ucs2":
            return SentPart(self.recipient, self.coding, "\n".join(self.lines), self.udh)
        data = b""  # a blank line, then the hex dump of `units` UTF-16 units, then the text again
        for line in self.lines:
            if len(data) >= 2 * self.units:
                break
            data += _hex_bytes(line)
        return SentPart(self.recipient, self.coding, data[: 2 * self.units].decode("utf-16-be"), self.udh)


def parse_sent(entries: list[tuple[int, str]], pid: int) -> list[SentSMS]:
    """Whole messages SMSD (process `pid`) sent, in order: one per outbox file."""
    sent: list[SentSMS] = []
    by_file: dict[str, list[SentPart]] = {}
    part: _Part | None = None
    finished: SentPart | None = None
    for entry_pid, message in entries:
        if entry_pid != pid:
            continue  # RunOnReceive / RunOnSent children log too
        if message == "gammu: Entering GSM_SendSMS":
            part = _Part()
        elif part is not None and message.startswith("SMS sent on device:"):
            finished, part = part.done(), None
        elif part is not None:
            part.feed(message)
        elif (transmitted := _TRANSMITTED.match(message)) and finished is not None:
            name, kind = transmitted.group(1), transmitted.group(2)
            by_file.setdefault(name, []).append(finished)
            finished = None
            if kind == "total":
                parts = tuple(by_file.pop(name))
                sent.append(SentSMS(name, parts[0].recipient, parts))
    return sent


def parse_runs(entries: list[tuple[int, str]], pid: int) -> list[ReceiveRun]:
    """RunOnReceive calls that have ended, in order."""
    runs: list[ReceiveRun] = []
    files: tuple[str, ...] | None = None
    for entry_pid, message in entries:
        if run := _RUN.match(message):
            files = tuple(re.findall(r"IN\d{8}_\d{6}_\d{2}_\S+?_\d{2}\.(?:txt|bin)", run.group(1)))
        elif entry_pid == pid and files is not None and (end := _EXIT.match(message)):
            runs.append(ReceiveRun(files, int(end.group(1) or 0)))
        elif entry_pid == pid and message.startswith("Subprocess output:") and runs:
            last = runs[-1]
            runs[-1] = ReceiveRun(last.files, last.status, message.removeprefix("Subprocess output:").strip())
    return runs


# --------------------------------------------------------------------------------------------
# What the phone receives (MO): SMS backup files in the dummy phone's inbox folder
# --------------------------------------------------------------------------------------------


def split_parts(text: str, coding: str) -> list[str]:
    """The texts of the SMS a phone network delivers for `text` (one, or 153-septet / 67-unit parts)."""

    def size(c: str) -> int:
        return len(c.encode("gsm03.38")) if coding == "gsm7" else len(c.encode("utf-16-be")) // 2

    single, per_part = SEGMENT[coding]
    if sum(size(c) for c in text) <= single:
        return [text]
    parts, current, used = [], "", 0
    for c in text:
        if used + size(c) > per_part:
            parts.append(current)
            current, used = "", 0
        current, used = current + c, used + size(c)
    return [*parts, current]


def sms_backup(sender: str, text: str, coding: str, at: datetime, udh: bytes = b"") -> str:
    """One received SMS in Gammu's backup format, as the dummy phone stores it."""
    hexed = text.encode("utf-16-be").hex().upper()
    lines = [
        "[SMSBackup000]",
        "PDU = Deliver",
        f"DateTime = {at.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        "State = UnRead",
        f'Number = "{sender}"',
        *([f"UDH = {udh.hex().upper()}"] if udh else []),
        *(f"Text{i // 200:02d} = {hexed[i : i + 200]}" for i in range(0, len(hexed), 200)),
        f"Coding = {'Unicode_No_Compression' if coding == 'ucs2' else 'Default_No_Compression'}",
        "Folder = 1",
        f"Length = {len(text.encode('utf-16-be')) // 2}",
        "Class = -1",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# The gateway
# --------------------------------------------------------------------------------------------


class GammuGateway:
    """gammu-smsd with the dummy phone and the files backend, everything below `workdir`."""

    def __init__(
        self,
        workdir: Path,
        run_on_receive: str | None = None,
        *,
        env: dict[str, str] | None = None,
        multipart_timeout: int = 2,
    ) -> None:
        self.workdir = Path(workdir)
        self.run_on_receive = run_on_receive
        self.env = env or {}
        self.multipart_timeout = multipart_timeout
        self.phone = self.workdir / "phone"
        self.inbox = self.workdir / "inbox"
        self.outbox = self.workdir / "outbox"
        self.sent_dir = self.workdir / "sent"
        self.error_dir = self.workdir / "error"
        self.log_path = self.workdir / "smsd.log"
        self.config_path = self.workdir / "smsdrc"
        self._proc: asyncio.subprocess.Process | None = None
        self._location = 0

    def config_text(self) -> str:
        run = f"runonreceive = {self.run_on_receive}\n" if self.run_on_receive else ""
        return f"""\
# generated by tests/gammu_gateway.py
[gammu]
model = dummy
connection = none
device = {self.phone}

[smsd]
service = files
logfile = {self.log_path}
debuglevel = 255
inboxpath = {self.inbox}/
outboxpath = {self.outbox}/
sentsmspath = {self.sent_dir}/
errorsmspath = {self.error_dir}/
inboxformat = unicode
outboxformat = unicode
transmitformat = auto
{run}multiparttimeout = {self.multipart_timeout}
commtimeout = 1
receivefrequency = 1
loopsleep = 1
statusfrequency = 0
checksecurity = 0
checkbattery = 0
checksignal = 0
"""

    # ---- lifecycle ---------------------------------------------------------------------
    async def start(self, timeout: float = 15.0) -> None:  # noqa: ASYNC109 - startup budget
        for folder in (self.phone / "sms" / "1", self.inbox, self.outbox, self.sent_dir, self.error_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(self.config_text())
        with open(self.workdir / "smsd.out", "wb") as out:  # noqa: ASYNC230 - a local file, once
            self._proc = await asyncio.create_subprocess_exec(
                GAMMU_SMSD, "--config", str(self.config_path), "--pid", "",
                cwd=self.workdir, env={**os.environ, **self.env}, stdout=out, stderr=out,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while "Starting phone communication" not in self.log():
            if self._proc.returncode is not None or time.monotonic() > deadline:
                await self.stop()
                raise RuntimeError(f"gammu-smsd did not start: {self.log()[-2000:]}")
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        """SIGTERM: SMSD shuts down cleanly (and frees its shared memory); SIGKILL if it hangs."""
        proc, self._proc = self._proc, None
        await terminate(proc, signal.SIGTERM)

    @property
    def pid(self) -> int:
        assert self._proc is not None, "gammu-smsd is not running"
        return self._proc.pid

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    # ---- MO: a phone sends us an SMS ---------------------------------------------------
    def inject(self, sender: str, text: str, *, coding: str | None = None, at: datetime | None = None) -> list[Path]:
        """Make the dummy phone receive `text` from `sender`: one SMS, or the parts of a long one.

        coding: "gsm7" or "ucs2"; default GSM-7 when every character has one. Returns the phone
        files written (SMSD deletes them once it has read them).
        """
        coding = coding or segments(text)[1]
        at = at or datetime.now(UTC)
        parts = split_parts(text, coding)
        reference = secrets.randbelow(256)
        written = []
        for seq, part in enumerate(parts, start=1):
            udh = bytes([5, 0, 3, reference, len(parts), seq]) if len(parts) > 1 else b""
            self._location += 1
            hidden = self.phone / f".inject{self._location}"
            hidden.write_text(sms_backup(sender, part, coding, at, udh), encoding="utf-8")
            target = self.phone / "sms" / "1" / str(self._location)
            os.rename(hidden, target)
            written.append(target)
        return written

    def received(self) -> list[str]:
        """Inbox file names SMSD has written, in order."""
        return [m.removeprefix("Received ") for pid, m in log_entries(self.log()) if m.startswith("Received IN")]

    def runs(self) -> list[ReceiveRun]:
        return parse_runs(log_entries(self.log()), self.pid)

    async def wait_runs(self, count: int, timeout: float = 15.0) -> list[ReceiveRun]:  # noqa: ASYNC109
        """Wait until `count` RunOnReceive calls have ended."""
        return await self._wait(self.runs, count, timeout, "RunOnReceive calls")

    # ---- MT: what the phone sent ----------------------------------------------------------
    def sent(self) -> list[SentSMS]:
        return parse_sent(log_entries(self.log()), self.pid)

    async def wait_sent(self, count: int, timeout: float = 15.0) -> list[SentSMS]:  # noqa: ASYNC109
        """Wait until SMSD has sent at least `count` whole messages; returns sent()."""
        return await self._wait(self.sent, count, timeout, "sent messages")

    async def _wait(self, read, count: int, limit: float, what: str) -> list:
        deadline = time.monotonic() + limit
        while len(found := read()) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(found)} of {count} {what} after {limit}s: {found!r}")
            await asyncio.sleep(0.1)
        return found


@contextlib.asynccontextmanager
async def running_gammu(
    workdir: Path, run_on_receive: str | None = None, **options
) -> AsyncIterator[GammuGateway]:
    """Start a GammuGateway in `workdir` (a tmp_path) and stop it afterwards."""
    gateway = GammuGateway(workdir, run_on_receive, **options)
    await gateway.start()
    try:
        yield gateway
    finally:
        await gateway.stop()


__all__ = [
    "GammuGateway",
    "ReceiveRun",
    "SentPart",
    "SentSMS",
    "gammu_available",
    "running_gammu",
    "sms_backup",
    "split_parts",
]
