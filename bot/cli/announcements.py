"""`kabarrt broadcast send | cancel | status | list`: the operator's announcements.

The operator is trusted (`OPERATOR`, which only this module passes: any area, any program);
everything else goes through the same core as the chat flow (handlers/announcements/service.py):
compose, then send now or schedule. The
functions return the lines to print and raise `BroadcastError` with the exit code; bot/cli/parser.py
only prints.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import app as wiring
from bot.cli.common import settings_of
from bot.i18n import translator
from content.library import library
from handlers.announcements import service as announcements
from handlers.announcements.audience import OPERATOR
from handlers.announcements.service import Invalid, NotAllowed, Progress, Target
from models import Announcement, AnnouncementStatus, Area

DEFAULT_TZ = "Asia/Jakarta"
#: Telegram's limit for a photo sent by upload (sendPhoto)
PHOTO_MAX_BYTES = 10 * 1024 * 1024
TEXT_SHOWN = 40


class BroadcastError(Exception):
    """A refused command: the message is the one line for stderr, `code` the exit status."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _now() -> datetime:
    return datetime.now(UTC)


async def _target(area: str | None, program: str | None) -> tuple[Target, str]:
    """The target and the time zone a time without offset is read in."""
    if area is not None:
        code = area.strip().upper()
        row = await Area.get_or_none(code=code)
        if row is None:
            raise BroadcastError(f"no area with code {code!r} (see `kabarrt areas import`)", 2)
        return Target(area=code), row.timezone or DEFAULT_TZ
    programs = library().programs
    found = programs.get((program or "").strip())
    if found is None:
        raise BroadcastError(f"no program {program!r}; known: {', '.join(sorted(programs))}", 2)
    return Target(program=found.id, program_areas=tuple(found.areas)), await _program_tz(found.areas)


async def _program_tz(codes: tuple[str, ...]) -> str:
    """The time zone of the program's first area we know, else of that area's kota."""
    for code in codes:
        for candidate in (code, code.split(".")[0]):
            tz = await Area.filter(code=candidate).first().values_list("timezone", flat=True)
            if tz:
                return tz
    return DEFAULT_TZ


def parse_at(text: str, tz: str, now: datetime) -> datetime:
    """ISO-8601; without an offset it is wall-clock time in `tz`. Must lie in the future."""
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BroadcastError(f"--at {text!r} is not an ISO-8601 time (e.g. 2026-11-28T07:00)", 2) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo(tz))
    if at <= now:
        raise BroadcastError(f"--at {at.isoformat()} has already passed (now {now.astimezone(at.tzinfo).isoformat(timespec='seconds')})", 2)
    return at


def _photo(path: str | None) -> dict | None:
    """`{"kind": "photo", "ref": <absolute path>}`; the worker uploads the file when it sends."""
    if path is None:
        return None
    file = Path(path).expanduser().resolve()
    if not file.is_file():
        raise BroadcastError(f"--photo {path}: no such file", 2)
    if file.stat().st_size > PHOTO_MAX_BYTES:
        raise BroadcastError(f"--photo {path}: larger than Telegram's 10 MB for photos", 2)
    return {"kind": "photo", "ref": str(file)}


def _counts_line(announcement_id: int, telegram: int, sms: int, groups: int, segments: int) -> str:
    return (
        f"broadcast_id={announcement_id} recipients={telegram + sms} telegram={telegram} sms={sms} "
        f"groups={groups} segments={segments}"
    )


async def send(
    *, area: str | None, program: str | None, text: str, photo: str | None = None, at: str | None = None,
    now: datetime | None = None,
) -> list[str]:  # fmt: skip
    """Send now (outbox rows at once) or schedule; the counts line, then for a schedule when."""
    now = now or _now()
    target, tz = await _target(area, program)
    if not (text or "").strip():
        raise BroadcastError("--text is empty", 2)
    media = _photo(photo)
    send_at = parse_at(at, tz, now) if at is not None else None
    try:
        announcement = await announcements.compose(grants=OPERATOR, target=target, text=text, now=now, media=media)
        if send_at is None:
            await announcements.send_now(announcement, now, translator, OPERATOR)
            done = await Announcement.get(id=announcement.id)
            return [_counts_line(done.id, done.telegram, done.sms, done.groups, done.segments)]
        await announcements.schedule(announcement, send_at, now, OPERATOR)
        seen = await announcements.preview(announcement, translator)
    except (Invalid, NotAllowed) as exc:
        raise BroadcastError(str(exc), 2) from exc
    return [_counts_line(announcement.id, seen.telegram, seen.sms, seen.groups, seen.segments)]


async def cancel(announcement_id: int) -> list[str]:
    if await announcements.cancel(announcement_id, OPERATOR):
        return [f"cancelled={announcement_id}"]
    row = await Announcement.get_or_none(id=announcement_id)
    if row is None:
        raise BroadcastError(f"no announcement {announcement_id}", 1)
    reason = {
        AnnouncementStatus.SENDING: "it is being sent",
        AnnouncementStatus.SENT: "it was already sent",
        AnnouncementStatus.CANCELLED: "it was already cancelled",
    }.get(row.status, f"it is {row.status.value}")
    raise BroadcastError(f"cannot cancel announcement {announcement_id}: {reason}", 1)


async def status(announcement_id: int) -> list[str]:
    """What it is, a progress bar, and `sent=… delivered=… failed=… pending=… cancelled=…`.

    Before sending starts its recipients are all pending (the outbox has no rows for it yet)."""
    row = await Announcement.get_or_none(id=announcement_id)
    if row is None:
        raise BroadcastError(f"no announcement {announcement_id}", 1)
    if row.status in (AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED):
        seen = await announcements.preview(row, translator)
        progress = Progress(pending=seen.recipients + seen.groups)
    else:
        progress = await announcements.progress(row.id)
    tz = await _tz_of(row)
    head = f"announcement {row.id}: {row.status.value}, to {await _target_name(row)}"
    if row.status is AnnouncementStatus.SCHEDULED and row.send_at:
        head += f", at {_local(row.send_at, tz)}"
    elif row.started_at:
        head += f", started {_local(row.started_at, tz)}"
    return [head, bar(progress), progress_line(progress)]


async def list_lines() -> list[str]:
    """One line per announcement, newest first:
    `id<TAB>status<TAB>target<TAB>time<TAB>recipients<TAB>text` (time: send_at when scheduled,
    else created; recipients: counted when sending started, `-` before)."""
    lines = []
    for row in await Announcement.all().order_by("-created_at", "-id"):
        tz = await _tz_of(row)
        when = row.send_at if row.status is AnnouncementStatus.SCHEDULED and row.send_at else row.created_at
        counts = (
            f"recipients={row.telegram + row.sms} telegram={row.telegram} sms={row.sms} groups={row.groups}"
            if row.started_at else "recipients=-"
        )  # fmt: skip
        text = " ".join(row.text.split())
        text = text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…"
        lines.append(
            f"{row.id}\t{row.status.value}\t{await _target_name(row)}\t{_local(when, tz)}\t{counts}\t{text}"
        )
    return lines


async def _target_name(row: Announcement) -> str:
    if row.program_id:
        return f"program:{row.program_id}"
    code = await Area.filter(id=row.area_id).first().values_list("code", flat=True) if row.area_id else None
    return code or "-"


async def _tz_of(row: Announcement) -> str:
    if row.area_id is not None:
        return await Area.filter(id=row.area_id).first().values_list("timezone", flat=True) or DEFAULT_TZ
    program = library().programs.get(row.program_id or "")
    return await _program_tz(tuple(program.areas)) if program else DEFAULT_TZ


def _local(at: datetime, tz: str) -> str:
    return at.astimezone(ZoneInfo(tz)).isoformat(timespec="minutes")


async def broadcast_command(args: argparse.Namespace) -> int:
    await wiring.start(settings_of(args))
    try:
        if args.broadcast_command == "send":
            lines = await send(area=args.area, program=args.program, text=args.text, photo=args.photo, at=args.at)
        elif args.broadcast_command == "list":
            lines = await list_lines()
        else:
            lines = await {"cancel": cancel, "status": status}[args.broadcast_command](args.id)
    except BroadcastError as exc:
        print(f"kabarrt broadcast {args.broadcast_command}: {exc}", file=sys.stderr)
        return exc.code
    finally:
        await wiring.stop()
    print("\n".join(lines))
    return 0


def progress_line(progress: Progress) -> str:
    return (
        f"sent={progress.sent} delivered={progress.delivered} failed={progress.failed} "
        f"pending={progress.pending} cancelled={progress.cancelled}"
    )


def bar(progress: Progress, width: int = 30) -> str:
    """`[##########..........]  50% done` — done: no longer pending."""
    total = progress.total
    done = total - progress.pending
    filled = round(width * done / total) if total else width
    share = 100 * done // total if total else 100
    return f"[{'#' * filled}{'.' * (width - filled)}] {share:3d}% done"
