"""`kabarrt sms gammu-receive`: Gammu SMSD's RunOnReceive. Reads the inbox files it is given and
POSTs each message to the running service's `/sms/gammu/receive`.

What Gammu gives (gammu-smsd-files(7), gammu-smsd-run(7), checked against gammu-smsd 1.42):
- the inbox file names (not paths) as the last arguments, one call per message; a multipart
  message is one call with one file per part: `IN<date>_<time>_<serial>_<sender>_<part>.txt`,
  part 00, 01, … Each part's name carries that part's own SMSC time stamp, so the parts of one
  message may differ in date and time; serial and sender are the same.
- with `InboxFormat = unicode` a .txt file is a byte-order mark and UTF-16 text. Gammu writes as
  many bytes as the text has in UTF-8, so after non-ASCII text there are NULs (or junk) past the
  end: the text ends at the first NUL. Without a byte-order mark (`standard`) it is UTF-8.
- 8-bit (binary) messages are `.bin` files: not text, skipped.
- SMSD logs the exit status and what the program wrote ("Subprocess output: …"): on failure, one
  line per message that did not get through, and a non-zero exit. The files stay in the inbox;
  running this again with the same files (or `--all`) is safe: a message already processed is
  recognised by its file name and not answered twice.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

#: IN<YYYYMMDD>_<HHMMSS>_<serial>_<sender>_<part>.<ext>; the sender may itself contain `_`
INBOX_NAME = re.compile(r"^IN(\d{8})_(\d{6})_(\d{2})_(.+)_(\d{2})\.(txt|bin)$")
TIMEOUT = 30  # seconds; SMSD waits at most two minutes for RunOnReceive


@dataclass(frozen=True, slots=True)
class InboxName:
    name: str
    sender: str
    part: int


def parse_inbox_name(name: str) -> InboxName | None:
    """The fields of a files-backend inbox name, None for any other name."""
    match = INBOX_NAME.match(name)
    if match is None:
        return None
    _date, _time, _serial, sender, part, _ext = match.groups()
    return InboxName(name, sender, int(part))


@dataclass
class Message:
    """One SMS as it reached the inbox: its files in part order."""

    paths: list[Path] = field(default_factory=list)
    sender: str = ""

    @property
    def id(self) -> str:
        return self.paths[0].name


def rejoin(args: list[str]) -> list[str]:
    """SMSD appends file names to a shell command unquoted: a sender with a space arrives split."""
    names: list[str] = []
    pending: list[str] = []
    for arg in args:
        pending.append(arg)
        if parse_inbox_name(Path(" ".join(pending)).name) is not None:
            names.append(" ".join(pending))
            pending = []
    return names + pending


def group(args: list[str], inbox: Path) -> tuple[list[Message], list[str]]:
    """Messages from file names or paths, and an error line for each argument that is no inbox
    file name. Part 00 starts a message; part n joins the same sender's message that ends with
    part n-1 (other messages may come between, as in a sorted `--all` listing)."""
    messages: list[Message] = []
    errors: list[str] = []
    open_parts: dict[str, tuple[Message, int]] = {}  # sender → (its latest message, its last part)
    for arg in rejoin(args):
        path = Path(arg) if "/" in arg else inbox / arg
        parsed = parse_inbox_name(path.name)
        if parsed is None:
            errors.append(f"{arg}: not a Gammu inbox file name (IN<date>_<time>_<serial>_<sender>_<part>.txt)")
            continue
        message, last_part = open_parts.get(parsed.sender, (None, -1))
        if message is None or parsed.part == 0 or parsed.part != last_part + 1:
            message = Message(sender=parsed.sender)
            messages.append(message)
        message.paths.append(path)
        open_parts[parsed.sender] = (message, parsed.part)
    return messages, errors


def decode_inbox(data: bytes) -> str:
    """The text of one inbox file (`unicode` format: BOM + UTF-16, NUL-ended; else UTF-8)."""
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        text = data[2:].decode("utf-16-be" if data[:2] == b"\xfe\xff" else "utf-16-le", errors="replace")
        return text.split("\x00", 1)[0]
    if data.lstrip().startswith((b"[SMSBackup", b"; This file format was designed for Gammu")):
        raise ValueError("InboxFormat = detail is not supported: set InboxFormat = unicode")
    return data.decode("utf-8", errors="replace").split("\x00", 1)[0]


def read_message(message: Message) -> dict[str, str | int]:
    """The JSON body for one message; OSError / ValueError when its files cannot be read."""
    text = "".join(decode_inbox(path.read_bytes()) for path in message.paths)
    received = int(message.paths[0].stat().st_mtime)
    return {"id": message.id, "sender": message.sender, "text": text, "ts": received}


def post(url: str, secret: str, body: dict) -> str | None:
    """POST one message; None when the service took it, else why not."""
    if not url.startswith(("http://", "https://")):
        return f"PUBLIC_URL must be an http(s) URL, not {url[:40]!r}"
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-KabarRT-Secret": secret},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT):  # noqa: S310 - http(s) only
            return None
    except urllib.error.HTTPError as exc:
        try:
            reason = json.loads(exc.read() or b"{}").get("error", "")
        except ValueError:
            reason = ""
        return f"refused ({exc.code}): {reason or exc.reason}"
    except (urllib.error.URLError, OSError) as exc:
        return f"service unreachable at {url}: {getattr(exc, 'reason', exc)}"


def receive(args: list[str], *, inbox: Path, url: str, secret: str) -> list[str]:
    """Post every message the arguments name; returns one line per failure (empty: all taken)."""
    messages, failures = group(args, inbox)
    for message in messages:
        if any(path.suffix == ".bin" for path in message.paths):
            continue  # 8-bit data (WAP push, OTA settings): not a resident's text
        try:
            body = read_message(message)
        except (OSError, ValueError) as exc:
            failures.append(f"{message.id}: cannot read it: {getattr(exc, 'strerror', None) or exc}")
            continue
        problem = post(url, secret, body)
        if problem is not None:
            failures.append(f"{message.id}: {problem}")
    return failures


def inbox_files(inbox: Path) -> list[str]:
    """Every inbox file name, oldest first (`--all`)."""
    return sorted(p.name for p in inbox.iterdir() if parse_inbox_name(p.name) is not None)
