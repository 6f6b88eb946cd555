"""A real Kannel gateway on loopback ports, as the phone network for end-to-end SMS tests.

Runs Debian's `bearerbox` + `smsbox` (package `kannel`) with an `smsc = fake` connection, and
Kannel's own test SMSC client `fakesmsc` (package `kannel-extras`) as "the phones":

    MO  inject(sender, to, text) -> fakesmsc -> bearerbox -> smsbox -> GET receive_url?...
    MT  GET sendsms_url?... -> smsbox -> bearerbox -> fake SMSC -> fakesmsc -> sent()/wait_sent()
    DLR the fake SMSC reports status 8 (SMSC ack) and 1 (delivered) -> smsbox -> GET dlr-url

    async with running_kannel(tmp_path, receive_url="http://127.0.0.1:PORT/kannel?secret=x") as k:
        await k.inject("6281234567890", "1234", "Halo  Bu RT")
        ... GET k.sendsms_url with username/password/from/to/text[/dlr-mask/dlr-url] ...
        [sms] = await k.wait_sent(1)

What Kannel 1.4.5 really does (found by running it, see tests/test_kannel_gateway.py and
tests/test_sms_faults_e2e.py):
- get-url parameters (RapidPro courier's set) are appended to receive_url:
  sender=%p&to=%P&message=%b&ts=%T&id=%I&backend=%i&coding=%c&charset=%C.
  `backend` is the smsc-id ("fake"). GSM/plain text arrives with coding=0, charset=UTF-8 and
  `message` the UTF-8 text url-encoded (spaces as '+', double spaces kept). UCS-2 arrives with
  coding=2, charset=UTF-16BE and `message` the *raw UTF-16BE bytes* url-encoded (not UTF-8!):
  decode with `parse_qs(raw_query, encoding="latin-1")[...].encode("latin-1").decode("utf-16-be")`
  — see `decode_kannel_message()`.
- fakesmsc only ever talks a line protocol "sender receiver type data" (one message per line);
  it reads MO lines from stdin (interactive mode, lines < 255 bytes) and logs each MT line the
  fake SMSC writes to it on stderr as `DEBUG: Got message N: <line>`. MT lines are
  `from to text <utf-8 text>`, `from to ucs-2 <url-encoded UTF-16BE>`, `from to data <urlenc>`,
  or, for concatenated parts, `from to udh <url-encoded UDH> data <url-encoded part bytes>`.
- Concatenation: a GSM text over 160 chars is split into 153-char parts (300 chars -> 2 parts,
  330 -> 153/153/24) with UDH 05 00 03 <ref> <total> <seq>; `sent()` reassembles them into one
  SentSMS (text decoded from the joined part bytes), `sent_parts()` lists each part with its UDH.
- An MT text containing '\n' reaches fakesmsc as several lines (its protocol is line based):
  a line that does not look like "from to text|data|ucs-2|udh ..." is joined to the previous
  one with '\n' (heuristic: a continuation line shaped like "a b text c" would be misread).
- post=True writes `post-url` instead of `get-url` (same query string): the text is the body
  (Content-Type: text/plain; charset="UTF-8"), with X-Kannel-From/To/SMSC/Coding/Time headers.
- DLRs: with dlr-mask=31 the fake SMSC yields exactly two DLRs per message (one per message,
  also for concatenated ones): status=8 (SMSC success, %A = "ACK/") as soon as it is written to
  fakesmsc, and status=1 (delivered) right after; their HTTP calls may arrive in either order.
- MT is polled by fakesmsc about once a second (its stdin select() timeout), so `wait_sent`
  typically returns within ~1 s of the sendsms call.
- MO messages injected while smsbox is stopped are queued in bearerbox and delivered to the
  receive_url after `start_smsbox()`; sendsms while smsbox is stopped is "connection refused".
- smsbox takes an MO off bearerbox's queue as soon as it gets it, before its get-url call is
  answered: stopped (SIGTERM) with a call in flight, smsbox exits at once and abandons the call
  (the receive_url still gets and finishes it), which is neither logged nor made again after
  `start_smsbox()`: bearerbox does not deliver that MO a second time.
- A get-url/post-url call is a success only with 200 or 202. Anything else - any other status
  (a wrong secret's 403 too), or no HTTP answer (connection refused or dropped) - fails it, and by
  default (http-request-retry = 0) that MO is gone from Kannel. With `smsbox_extra=
  {"http-request-retry": N, "http-queue-delay": S}` (smsbox group; the guide's default delay is
  10 s) smsbox makes the call again up to N times, S seconds apart, with the very same URL: the
  same %I id and %T. The 403 of a wrong secret is repeated just the same.
- smsbox's access log (`http_results()`) has one line per MO with the final outcome only
  (retried failures are not logged; -1 with url '' = no HTTP answer); it never has the calls to
  a dlr-url. With max-messages = 0 nothing is sent back, not even smsbox's own
  "Could not fetch content, sorry." after a failed call.
- `restart_smsbox(receive_url=...)` rewrites the sms-service and restarts smsbox only (what an
  operator does after fixing the get-url); bearerbox, fakesmsc and `sent()` carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import signal
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote_from_bytes, unquote_to_bytes

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
HOST = "127.0.0.1"
SMSC_ID = "fake"

# RapidPro courier's Kannel receive parameters (its docs' get-url), appended to receive_url.
COURIER_PARAMS = "sender=%p&to=%P&message=%b&ts=%T&id=%I&backend=%i&coding=%c&charset=%C"

# GSM 03.38 default alphabet + extension table (what "text" can carry without UCS-2).
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    "^{}\\[~]|€"
)
_MT_LINE = re.compile(r"^(\S+) (\S+) (text|data|ucs-2|udh) (.*)$", re.DOTALL)
_GOT = re.compile(r"DEBUG: Got message (\d+): <(.*)>$", re.DOTALL)
_SENT_ACK = re.compile(r"fakesmsc: sent message (\d+)")
# smsbox access log: "SMS HTTP-request sender:... request: ... url: '<url>' reply: <status> ..."
_HTTP_RESULT = re.compile(r"SMS HTTP-request .*? url: '(.*?)' reply: (-?\d+) '(.*)'$", re.MULTILINE)
# fakesmsc reads stdin with fgets(buf, 256): a longer line would be cut into two messages.
FAKESMSC_MAX_LINE = 254


def _check_receive_url(receive_url: str) -> None:
    if '"' in receive_url or "%" in receive_url:
        # '"' ends the config string; '%' starts a Kannel escape code (%p, %b, ...).
        raise ValueError("receive_url must not contain '\"' or '%'")


def kannel_available() -> bool:
    """True when bearerbox, smsbox and fakesmsc are installed and executable."""
    return all(os.access(p, os.X_OK) for p in (BEARERBOX, SMSBOX, FAKESMSC))


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A free loopback port, never one this process handed out before: the ports are bound only
    later (by Kannel, `kabarrt serve`, a test server), and binding port 0 does return a port it
    just returned (seen: admin-port == sendsms-port, smsbox then dies "Address already in use")."""
    while True:
        with socket.socket() as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def decode_kannel_message(raw_query: str, name: str = "message") -> str:
    """Decode the `message` parameter of a Kannel get-url call the way courier does.

    `raw_query` must be the undecoded query string (aiohttp: `request.raw_path` after '?'),
    because for coding=2 the value is url-encoded UTF-16BE bytes, which are not valid UTF-8.
    """
    q = parse_qs(raw_query, keep_blank_values=True, encoding="latin-1")
    raw = q[name][0].encode("latin-1")
    coding = q.get("coding", [""])[0]
    charset = q.get("charset", [""])[0].lower()
    if coding == "2" or charset in ("utf-16be", "ucs-2", "ucs-2be"):
        return raw.decode("utf-16-be")
    return raw.decode(charset if charset and charset != "utf-8" else "utf-8", errors="replace")


# --------------------------------------------------------------------------------------------
# What the phones received (MT)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentPart:
    """One MT line as fakesmsc received it from the fake SMSC."""

    sender: str
    receiver: str
    kind: str  # "text" | "data" | "ucs-2" | "udh"
    data: bytes  # message bytes: UTF-8 for "text", UTF-16BE for "ucs-2", raw for data/udh
    udh: bytes = b""
    line: str = ""

    @property
    def concat(self) -> tuple[int, int, int] | None:
        """(reference, total, sequence) from a concatenation UDH, else None."""
        u = self.udh
        i = 1
        while i + 1 < len(u):
            iei, ln = u[i], u[i + 1]
            body = u[i + 2 : i + 2 + ln]
            if iei == 0x00 and ln == 3:
                return body[0], body[1], body[2]
            if iei == 0x08 and ln == 4:
                return (body[0] << 8) | body[1], body[2], body[3]
            i += 2 + ln
        return None

    @property
    def text(self) -> str:
        return _decode_part_bytes(self.kind, self.data)


def _decode_part_bytes(kind: str, data: bytes) -> str:
    if kind == "ucs-2":
        return data.decode("utf-16-be")
    if kind == "udh" and b"\x00" in data and len(data) % 2 == 0:
        # fakesmsc's udh lines do not say the coding: NUL bytes mean UTF-16BE (UCS-2 parts).
        return data.decode("utf-16-be", errors="replace")
    return data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class SentSMS:
    """One logical MT message: a single part, or all parts of a concatenated one, reassembled."""

    sender: str
    receiver: str
    text: str
    coding: str  # "text" | "ucs-2" | "data" | "udh" (kind of the first part)
    parts: tuple[SentPart, ...] = field(default=())


def parse_mt_line(line: str) -> SentPart | None:
    m = _MT_LINE.match(line)
    if not m:
        return None
    sender, receiver, kind, rest = m.groups()
    if kind == "text":
        return SentPart(sender, receiver, kind, rest.encode("utf-8"), line=line)
    if kind in ("data", "ucs-2"):
        return SentPart(sender, receiver, kind, unquote_to_bytes(rest.replace("+", " ")), line=line)
    udh, _, tail = rest.partition(" data ")
    return SentPart(
        sender,
        receiver,
        kind,
        unquote_to_bytes(tail.replace("+", " ")),
        udh=unquote_to_bytes(udh.replace("+", " ")),
        line=line,
    )


def reassemble(parts: list[SentPart]) -> list[SentSMS]:
    """Group concatenated parts (same sender/receiver/reference) into whole messages, in order of
    their first part; an incomplete concatenation is not returned yet."""
    out: list[tuple[int, SentSMS]] = []
    groups: dict[tuple[str, str, int, int], dict[int, tuple[int, SentPart]]] = {}
    for idx, p in enumerate(parts):
        c = p.concat
        if c is None:
            out.append((idx, SentSMS(p.sender, p.receiver, p.text, p.kind, (p,))))
            continue
        ref, total, seq = c
        groups.setdefault((p.sender, p.receiver, ref, total), {})[seq] = (idx, p)
    for (sender, receiver, _ref, total), got in groups.items():
        if len(got) < total:
            continue
        ordered = [got[s][1] for s in sorted(got)]
        data = b"".join(p.data for p in ordered)
        text = _decode_part_bytes(ordered[0].kind, data)
        first = min(i for i, _ in got.values())
        out.append((first, SentSMS(sender, receiver, text, ordered[0].kind, tuple(ordered))))
    return [s for _, s in sorted(out, key=lambda t: t[0])]


# --------------------------------------------------------------------------------------------
# The gateway
# --------------------------------------------------------------------------------------------


class KannelGateway:
    """bearerbox + smsbox + fakesmsc, all on free loopback ports, config and logs in `workdir`."""

    def __init__(
        self,
        workdir: Path,
        receive_url: str,
        *,
        post: bool = False,
        username: str = "kabarrt",
        password: str | None = None,
        smsbox_extra: dict[str, str | int] | None = None,
    ) -> None:
        _check_receive_url(receive_url)
        self.workdir = Path(workdir)
        self.receive_url = receive_url
        self.post = post
        # more `group = smsbox` settings, e.g. {"http-request-retry": 2, "http-queue-delay": 1}
        self.smsbox_extra = dict(smsbox_extra or {})
        self.username = username
        self.password = password or secrets.token_hex(8)
        self.admin_password = secrets.token_hex(8)
        self.host = HOST
        self.admin_port = free_port()
        self.smsbox_port = free_port()  # bearerbox's port for smsbox connections
        self.fake_port = free_port()  # the fake SMSC listener fakesmsc connects to
        self.sendsms_port = free_port()
        self.config_path = self.workdir / "kannel.conf"
        self._bearerbox: asyncio.subprocess.Process | None = None
        self._smsbox: asyncio.subprocess.Process | None = None
        self._fakesmsc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task | None = None
        self._parts: list[SentPart] = []
        self._acks = 0
        self._injected = 0
        self._changed = asyncio.Condition()
        self._inject_lock = asyncio.Lock()

    # ---- addresses ---------------------------------------------------------------------
    @property
    def sendsms_url(self) -> str:
        return f"http://{HOST}:{self.sendsms_port}/cgi-bin/sendsms"

    @property
    def admin_url(self) -> str:
        return f"http://{HOST}:{self.admin_port}"

    @property
    def status_url(self) -> str:
        return f"{self.admin_url}/status.txt?password={self.admin_password}"

    @property
    def service_url(self) -> str:
        """The get-url/post-url written into the sms-service group."""
        sep = "&" if "?" in self.receive_url else "?"
        return f"{self.receive_url}{sep}{COURIER_PARAMS}"

    def sendsms_params(self, to: str, text: str, sender: str = "1234", **extra: str) -> dict:
        """Query parameters for a sendsms GET (credentials included)."""
        return {
            "username": self.username,
            "password": self.password,
            "from": sender,
            "to": to,
            "text": text,
            **extra,
        }

    # ---- config ------------------------------------------------------------------------
    def config_text(self) -> str:
        w = self.workdir
        url_key = "post-url" if self.post else "get-url"
        extra = "".join(f"{key} = {value}\n" for key, value in self.smsbox_extra.items())
        return f"""\
# generated by tests/kannel_gateway.py
group = core
admin-port = {self.admin_port}
admin-interface = {HOST}
admin-password = {self.admin_password}
admin-allow-ip = "{HOST}"
smsbox-port = {self.smsbox_port}
smsbox-interface = {HOST}
box-allow-ip = "{HOST}"
log-file = "{w / "bearerbox.log"}"
log-level = 0
access-log = "{w / "access.log"}"
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = {SMSC_ID}
port = {self.fake_port}
our-host = {HOST}
connect-allow-ip = "{HOST}"

group = smsbox
bearerbox-host = {HOST}
bearerbox-port = {self.smsbox_port}
sendsms-port = {self.sendsms_port}
sendsms-interface = {HOST}
log-file = "{w / "smsbox.log"}"
log-level = 0
access-log = "{w / "smsbox-access.log"}"
{extra}
group = sendsms-user
username = {self.username}
password = {self.password}
concatenation = true
max-messages = 10

group = sms-service
keyword = default
catch-all = yes
max-messages = 0
send-sender = true
{url_key} = "{self.service_url}"
"""

    # ---- lifecycle ---------------------------------------------------------------------
    async def start(self, timeout: float = 15.0) -> None:  # noqa: ASYNC109 - startup budget
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(self.config_text())
        try:
            self._bearerbox = await self._spawn(
                "bearerbox", BEARERBOX, "-v", "2", str(self.config_path)
            )
            await _wait_port(self.admin_port, timeout, self._bearerbox, "bearerbox admin")
            await _wait_port(self.fake_port, timeout, self._bearerbox, "fake SMSC listener")
            await self._start_fakesmsc(timeout)
            await self.start_smsbox(timeout)
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Terminate smsbox and fakesmsc, then bearerbox; kill whatever does not exit in time."""
        await asyncio.gather(
            _terminate(self._smsbox, signal.SIGTERM),
            _terminate(self._fakesmsc, signal.SIGINT),
        )
        self._smsbox = self._fakesmsc = None
        await _terminate(self._bearerbox, signal.SIGTERM)
        self._bearerbox = None
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
            self._reader = None

    async def stop_smsbox(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Stop smsbox (SIGTERM, graceful) and wait until bearerbox has seen it go."""
        await _terminate(self._smsbox, signal.SIGTERM)
        self._smsbox = None
        await self._wait_status(lambda s: _smsbox_connections(s) == 0, timeout, "smsbox gone")

    async def start_smsbox(self, timeout: float = 15.0) -> None:  # noqa: ASYNC109
        """Start smsbox and wait until its sendsms port is open and bearerbox lists it."""
        if self._smsbox is not None and self._smsbox.returncode is None:
            return
        self._smsbox = await self._spawn("smsbox", SMSBOX, "-v", "2", str(self.config_path))
        await _wait_port(self.sendsms_port, timeout, self._smsbox, "smsbox sendsms")
        await self._wait_status(lambda s: _smsbox_connections(s) >= 1, timeout, "smsbox connected")

    async def restart_smsbox(self, receive_url: str | None = None) -> None:
        """Stop smsbox, rewrite the config (a new get-url/post-url if given) and start it again:
        what an operator does after fixing the sms-service (bearerbox keeps running)."""
        await self.stop_smsbox()
        if receive_url is not None:
            _check_receive_url(receive_url)
            self.receive_url = receive_url
        self.config_path.write_text(self.config_text())
        await self.start_smsbox()

    def http_results(self) -> list[tuple[str, int, str]]:
        """(url, HTTP status, body) of each MO's get-url/post-url call as smsbox finally logged
        it (its access log): one line per MO after any retries; 200 has the body
        '<< successful >>'; -1 = no HTTP answer (connection refused or dropped; url '').
        DLR calls to a dlr-url are not in smsbox's access log."""
        path = self.workdir / "smsbox-access.log"
        if not path.exists():
            return []
        text = path.read_text(encoding="utf-8", errors="replace")
        return [(m[1], int(m[2]), m[3]) for m in _HTTP_RESULT.finditer(text)]

    @property
    def smsbox_running(self) -> bool:
        return self._smsbox is not None and self._smsbox.returncode is None

    async def _start_fakesmsc(self, limit: float) -> None:
        log = (self.workdir / "fakesmsc.log").open("ab")
        # No messages on the command line = interactive mode: MO lines come from stdin, and the
        # process stays connected receiving MT until SIGINT. stdin must stay open (EOF crashes it).
        self._fakesmsc = await asyncio.create_subprocess_exec(
            FAKESMSC,
            "-H",
            HOST,
            "-r",
            str(self.fake_port),
            "-i",
            "0",
            stdin=asyncio.subprocess.PIPE,
            stdout=log,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
        log.close()
        self._reader = asyncio.create_task(self._read_fakesmsc(self._fakesmsc))
        await self._wait_status(
            lambda s: re.search(rf"{SMSC_ID}\[{SMSC_ID}\]\s+FAKE:\d+ \(online", s) is not None,
            limit,
            "fake SMSC online",
        )

    async def _read_fakesmsc(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stderr is not None
        with (self.workdir / "fakesmsc.log").open("a", encoding="utf-8") as log:
            while True:
                raw = await proc.stderr.readline()
                if not raw:
                    break
                text = raw.decode("utf-8", errors="replace").rstrip("\n")
                log.write(text + "\n")
                log.flush()
                async with self._changed:
                    if m := _SENT_ACK.search(text):
                        self._acks = int(m.group(1))
                    elif m := _GOT.search(text):
                        line = m.group(2)
                        part = parse_mt_line(line)
                        if part is None and self._parts:
                            # An MT text containing '\n' reaches fakesmsc as several lines:
                            # a line that is not "from to type ..." continues the previous one.
                            prev = self._parts[-1]
                            joined = f"{prev.line}\n{line}"
                            self._parts[-1] = parse_mt_line(joined) or prev
                        elif part is not None:
                            self._parts.append(part)
                    self._changed.notify_all()

    async def _spawn(self, name: str, *argv: str) -> asyncio.subprocess.Process:
        out = (self.workdir / f"{name}.out").open("ab")
        try:
            return await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
                cwd=self.workdir,
                start_new_session=True,
            )
        finally:
            out.close()

    async def status(self) -> str:
        """bearerbox's /status.txt (plain text), '' when unreachable."""
        try:
            return await asyncio.to_thread(_http_get, HOST, self.admin_port, self._status_path())
        except OSError:
            return ""

    def _status_path(self) -> str:
        return f"/status.txt?password={self.admin_password}"

    async def _wait_status(self, ok, limit: float, what: str) -> None:
        deadline = time.monotonic() + limit
        last = ""
        while time.monotonic() < deadline:
            last = await self.status()
            if ok(last):
                return
            await asyncio.sleep(0.05)
        raise TimeoutError(f"Kannel: {what} not reached within {limit}s; status:\n{last}")

    # ---- MO: the phones send -----------------------------------------------------------
    async def inject(
        self,
        sender: str,
        to: str,
        text: str,
        coding: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - wait for fakesmsc's acknowledgement
    ) -> None:
        """Make fakesmsc deliver one MO SMS from `sender` to `to`.

        coding: "text" (GSM 7-bit; arrives coding=0 charset=UTF-8), "ucs2" (arrives coding=2
        charset=UTF-16BE), or None = "text" if every character is in the GSM alphabet and there
        is no line break, else "ucs2". Returns once fakesmsc has written it to Kannel.
        """
        if coding is None:
            coding = "text" if all(c in _GSM7 and c not in "\r\n" for c in text) else "ucs2"
        if coding == "text":
            if "\n" in text or "\r" in text:
                raise ValueError("a 'text' MO cannot carry line breaks; use coding='ucs2'")
            line = f"{sender} {to} text {text}\n"
        elif coding == "ucs2":
            line = f"{sender} {to} ucs2 {quote_from_bytes(text.encode('utf-16-be'), safe='')}\n"
        else:
            raise ValueError(f"unknown coding {coding!r}")
        if " " in sender or " " in to or not sender or not to:
            raise ValueError("sender and to must be non-empty and without spaces")
        data = line.encode("utf-8")
        if len(data) > FAKESMSC_MAX_LINE:
            raise ValueError(
                f"MO line is {len(data)} bytes; fakesmsc reads at most {FAKESMSC_MAX_LINE}"
            )
        proc = self._fakesmsc
        if proc is None or proc.stdin is None or proc.returncode is not None:
            raise RuntimeError("fakesmsc is not running")
        async with self._inject_lock:
            # One line at a time, each acknowledged ("sent message N") before the next: two
            # lines in one stdin read would leave the second in fakesmsc's stdio buffer.
            self._injected += 1
            want = self._injected
            proc.stdin.write(data)
            await proc.stdin.drain()
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(lambda: self._acks >= want), timeout)

    # ---- MT: what the phones received --------------------------------------------------
    def sent_parts(self) -> list[SentPart]:
        """Every MT line fakesmsc received, concatenated parts individually (with their UDH)."""
        return list(self._parts)

    def sent(self) -> list[SentSMS]:
        """MT messages, concatenated parts reassembled into one SentSMS (incomplete ones left out)."""
        return reassemble(self._parts)

    async def wait_sent(self, count: int, timeout: float = 10.0) -> list[SentSMS]:  # noqa: ASYNC109
        """Wait until at least `count` whole MT messages arrived; returns sent()."""
        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(self.sent()) >= count), timeout
                )
            except TimeoutError:
                raise TimeoutError(
                    f"{len(self.sent())} of {count} MT messages after {timeout}s: {self._parts!r}"
                ) from None
        # fakesmsc logs an MT text with '\n' as several lines written right after each other:
        # give continuation lines a moment so the last message is not returned cut.
        await asyncio.sleep(0.05)
        return self.sent()


def _smsbox_connections(status: str) -> int:
    m = re.search(r"Box connections:\n(.*?)\n\n", status + "\n\n", re.DOTALL)
    if not m:
        return 0
    return len(re.findall(r"^\s+smsbox:", m.group(1), re.MULTILINE))


def _http_get(host: str, port: int, path: str) -> str:
    with socket.create_connection((host, port), timeout=2) as s:
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.") or b" 200 " not in head.split(b"\r\n", 1)[0] + b" ":
        raise OSError(f"HTTP status {head[:40]!r}")
    return body.decode("utf-8", errors="replace")


async def _wait_port(port: int, limit: float, proc, what: str) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc is not None and proc.returncode is not None:
            raise RuntimeError(f"Kannel: process died (rc={proc.returncode}) before {what}")
        try:
            _r, w = await asyncio.open_connection(HOST, port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        w.close()
        with contextlib.suppress(OSError):
            await w.wait_closed()
        return
    raise TimeoutError(f"Kannel: {what} port {port} not open within {limit}s")


async def _terminate(proc: asyncio.subprocess.Process | None, sig: int, grace: float = 8.0) -> None:
    if proc is None or proc.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(sig)
    try:
        await asyncio.wait_for(proc.wait(), grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        await proc.wait()
    if proc.stdin is not None:
        proc.stdin.close()


@contextlib.asynccontextmanager
async def running_kannel(workdir: Path, receive_url: str, **options) -> AsyncIterator[KannelGateway]:
    """Start a KannelGateway in `workdir` (a tmp_path) and stop it afterwards; `options` are
    KannelGateway's (post=, username=, password=, smsbox_extra=)."""
    gw = KannelGateway(workdir, receive_url, **options)
    await gw.start()
    try:
        yield gw
    finally:
        await gw.stop()


__all__ = [
    "COURIER_PARAMS",
    "KannelGateway",
    "SentPart",
    "SentSMS",
    "decode_kannel_message",
    "kannel_available",
    "parse_mt_line",
    "running_kannel",
]
