"""Gammu SMSD adapter (files backend): outbox files out, `/sms/gammu/receive` in, sent/error
folders as delivery reports.

Outbound: one file per outbox row in Gammu's OutboxPath, named the way the files backend parses
(gammu-smsd-files(7)): `OUT<priority><YYYYMMDD>_<HHMMSS>_00_<number>_kabarrt<outbox id>.txt`.
SMSD sends the folder in name order, so replies (priority A) go before bulk messages (B), each
oldest first. The content is UTF-16 with a byte-order mark, so Gammu reads it without guessing a
locale; with `TransmitFormat = auto` Gammu sends GSM-7 when every character has one (the same rule
as `render_sms`: `{`, `€` take two septets) and UCS-2 otherwise. The file is written under a
hidden name (SMSD skips names starting with '.') and renamed, so SMSD never reads half a file; a
row whose file is already in the outbox, sent or error folder is not written again.

After sending, SMSD moves the file to SentSMSPath, or to ErrorSMSPath when it gave up on it:
`watch` turns that into the row's `sent` / `failed` report.

Inbound: SMSD's `RunOnReceive` runs `kabarrt sms gammu-receive` (bot/cli/sms.py), which
reads the inbox files and POSTs `{id, sender, text, ts}` here with the shared secret. `id` is the
inbox file name, unique on this phone: the same file posted twice is processed once (its keyed
hash is the message key: the name holds the sender's number).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from aiohttp import web

from bot.channels.base import Limits, SendError, SendResult, message_key, secret_key
from bot.channels.render import render_sms
from bot.channels.sms_inbound import BadRequest, refused, sms_inbound, take
from bot.settings import Settings
from handlers.messages import Outbound, Priority

log = logging.getLogger(__name__)

#: SMSD sends outbox files in name order: A before B
PRIORITY_LETTER = {Priority.REPLY: "A", Priority.BULK: "B"}
#: what a number may look like in a file name (an `_` would move Gammu's field boundaries)
_NUMBER = re.compile(r"\+?[0-9]{3,20}")
_OURS = re.compile(r"^OUT[A-Z]\d{8}_\d{6}_\d{2}_[^_]+_kabarrt(\d+)\.txt$")
#: Interaction.external_id holds up to 96 characters
MAX_ID = 96

Report = Callable[[int, str, datetime, str], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class GammuSettings:
    inbox: Path
    outbox: Path
    sent: Path
    error: Path
    secret: str
    allowed_ips: tuple[str, ...] = ()


def gammu_settings(settings: Settings) -> GammuSettings:
    return GammuSettings(
        inbox=settings.gammu_inbox_path,
        outbox=settings.gammu_outbox_path,
        sent=settings.gammu_sent_path,
        error=settings.gammu_error_path,
        secret=settings.sms_secret.get_secret_value() if settings.sms_secret else "",
        allowed_ips=settings.sms_allowed_networks,
    )


def outbox_file_name(number: str, outbox_id: int, priority: Priority, at: datetime) -> str:
    """`OUT<priority><date>_<time>_00_<number>_kabarrt<id>.txt`: Gammu's dated outbox name."""
    if not _NUMBER.fullmatch(number):
        raise ValueError(f"not a number Gammu can send to: {number[:24]!r}")
    stamp = at.astimezone(UTC).strftime("%Y%m%d_%H%M%S")
    return f"OUT{PRIORITY_LETTER[priority]}{stamp}_00_{number}_kabarrt{outbox_id}.txt"


def outbox_id_of(name: str) -> int | None:
    """The outbox id in a file name this adapter wrote, else None."""
    match = _OURS.match(name)
    return int(match.group(1)) if match else None


def outbox_file_bytes(text: str) -> bytes:
    """UTF-16 with a byte-order mark: Gammu's files backend reads it as Unicode, whatever the locale."""
    return b"\xfe\xff" + text.encode("utf-16-be")


class GammuChannel:
    """The dispatcher's SMS adapter for Gammu SMSD's files backend."""

    name: ClassVar[str] = "sms"

    def __init__(self, settings: GammuSettings, limits: Limits, *, clock: Callable[[], datetime] | None = None) -> None:
        self.settings = settings
        self.limits = limits
        self.clock = clock or (lambda: datetime.now(UTC))
        #: files written by this process and still waiting in the outbox → their outbox ids
        self.pending: dict[str, int] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> GammuChannel:
        return cls(gammu_settings(settings), Limits(per_second=settings.sms_max_per_second))

    def is_group(self, identity: str) -> bool:
        return False

    async def send(self, outbound: Outbound) -> SendResult:
        if outbound.outbox_id is None:
            raise SendError("Gammu outbox files are named by outbox id; this message has none", retryable=False)
        sms = render_sms(outbound)
        try:
            name = outbox_file_name(
                outbound.identity.removeprefix("sms:"), outbound.outbox_id, outbound.priority, self.clock()
            )
        except ValueError as exc:
            raise SendError(str(exc), retryable=False, permanent_identity_failure=True) from exc
        try:
            name = await asyncio.to_thread(self._write, name, outbound.outbox_id, outbox_file_bytes(sms.text))
        except OSError as exc:
            raise SendError(f"Gammu outbox not writable: {exc.strerror or exc}", retryable=True) from exc
        return SendResult(channel_message_id=name, segments=sms.segments, encoding=sms.encoding)

    def existing(self, outbox_id: int) -> str | None:
        """The file already written for this row, in the outbox, sent or error folder."""
        for folder in (self.settings.outbox, self.settings.sent, self.settings.error):
            with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
                for entry in entries:
                    if outbox_id_of(entry.name) == outbox_id:
                        return entry.name
        return None

    def _write(self, name: str, outbox_id: int, data: bytes) -> str:
        """Write the file atomically, once per outbox row; returns the name it has."""
        already = self.existing(outbox_id)
        if already is not None:
            log.info("outbox %s is already in Gammu's folders", outbox_id)  # its name holds the number
            return already
        folder = self.settings.outbox
        hidden = folder / f".kabarrt{outbox_id}.{os.getpid()}.tmp"  # SMSD skips names starting with '.'
        try:
            with open(hidden, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.rename(hidden, folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                hidden.unlink()
            raise
        self.pending[name] = outbox_id
        return name

    def moved(self) -> list[tuple[int, str, datetime, str]]:
        """Reports for pending files SMSD has taken out of the outbox: (outbox id, state, at, detail)."""
        reports = []
        for name, outbox_id in list(self.pending.items()):
            if (self.settings.outbox / name).exists():
                continue
            del self.pending[name]
            failed = self.settings.error / name
            if failed.exists():
                at = datetime.fromtimestamp(failed.stat().st_mtime, UTC)
                reports.append((outbox_id, "failed", at, "gammu: moved to the error folder"))
            else:  # in SentSMSPath, or deleted there (SentSMSPath = OutboxPath)
                reports.append((outbox_id, "sent", self.clock(), "gammu: sent by the phone"))
        return reports

    async def watch(self, stop: asyncio.Event, report: Report, interval: float = 2.0) -> None:
        """Until `stop`: report files SMSD moved to the sent or error folder.

        Files of ours already in the outbox at start (written before a restart) are watched too.
        """
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.settings.outbox):
                outbox_id = outbox_id_of(entry.name)
                if outbox_id is not None:
                    self.pending.setdefault(entry.name, outbox_id)
        while not stop.is_set():
            try:
                for outbox_id, state, at, detail in await asyncio.to_thread(self.moved):
                    await report(outbox_id, state, at, detail)
            except Exception:  # a report is a nicety: never let it stop the worker
                log.exception("checking Gammu's sent and error folders failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)


def _fields(body: object) -> dict[str, str]:
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return {k: v if isinstance(v, str) else str(v) for k, v in body.items() if v is not None}


class GammuReceiver:
    """`POST /sms/gammu/receive`: one message from `kabarrt sms gammu-receive` into the engine."""

    def __init__(self, settings: GammuSettings, engine, *, on_queued=None) -> None:
        self.settings = settings
        self.engine = engine
        self.on_queued = on_queued or (lambda: None)
        self.message_keys = secret_key(settings.secret, "kabarrt-inbound")

    async def receive(self, request: web.Request) -> web.Response:
        denied = refused(request, self.settings.secret, self.settings.allowed_ips)
        if denied is not None:
            return denied
        try:
            if request.content_type == "application/json":
                try:
                    posted = await request.json()
                except ValueError as exc:  # invalid JSON
                    raise BadRequest("the body is not JSON") from exc
                fields = _fields(posted)
            else:
                fields = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
            message_id = (fields.get("id") or "").strip()
            if not message_id:
                raise BadRequest("missing id (the inbox file name)")
            if len(message_id) > MAX_ID:
                raise BadRequest(f"id longer than {MAX_ID} characters")
            ts = (fields.get("ts") or "").strip()
            received = datetime.fromtimestamp(int(ts), UTC) if ts.isdigit() else None
            known_as = message_key(self.message_keys, "gammu", message_id)
            inbound = sms_inbound(fields.get("sender"), fields.get("text"), message_id, received, message_key=known_as)
        except BadRequest as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return await take(self.engine, inbound, self.on_queued)
