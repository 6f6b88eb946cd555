"""`kabarrt complaints list | show | status`: complaints from the command line, for the operator.

Everything goes through `handlers.complaints.service` with the operator's view (every complaint,
who sent it masked, never who sent an anonymous one); `status --by IDENTITY` acts as that
officer instead, with their rights. A ticket the actor may not see, a move the lifecycle refuses
and a bad argument are a one-line error and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from bot import app as wiring
from bot.cli.common import settings_of
from bot.i18n import translator, zone_abbreviation
from handlers.complaints import access, levels, service
from handlers.complaints.calendar import zone
from handlers.complaints.card import due_text
from handlers.complaints.lifecycle import Refused
from handlers.complaints.tickets import shown
from handlers.residents.identity import BadIdentity, parse_identity
from models import Area, ComplaintStatus, Identity


class Usage(Exception):
    """A command-line mistake; the message says what."""


def age(delta: timedelta) -> str:
    """`3d`, `5h`, `12m`: how long ago, roughly."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes >= 24 * 60:
        return f"{minutes // (24 * 60)}d"
    if minutes >= 60:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def _status(text: str) -> ComplaintStatus:
    try:
        return ComplaintStatus(text.strip().lower())
    except ValueError:
        raise Usage(f"unknown status {text!r}; one of {', '.join(s.value for s in ComplaintStatus)}") from None


async def list_lines(area: str | None, status: str | None, now: datetime, overdue: bool = False) -> list[str]:
    """`#TICKET  status  category  place  age`, one line per complaint, overdue ones first (their
    line ends with a sixth column, `overdue 2d`: how long past the deadline), then oldest first."""
    views = await service.listing(
        access.OPERATOR_VIEWER, area=area, status=_status(status) if status else None, overdue_only=overdue, now=now
    )
    lines = []
    for v in views:
        line = f"{shown(v.ticket)}\t{v.status.value}\t{v.category}\t{v.place}\t{age(now - v.created_at)}"
        if v.overdue and v.due is not None:
            line += f"\toverdue {age(now - v.due.at)}"
        lines.append(line)
    return lines


async def show_lines(ticket: str) -> list[str]:
    view = await service.lookup(access.OPERATOR_VIEWER, ticket)
    if view is None:
        raise service.NotFound(ticket)
    who = "anonim" if view.visibility.value == "anonim" else (
        f"{view.reporter.name or '-'} {view.reporter.masked}" if view.reporter else "-"
    )  # fmt: skip
    lines = [
        f"Status: {view.status.value}",
        f"Ticket: {shown(view.ticket)}",
        f"Category: {view.category} ({view.category_label})",
        f"Place: {view.place} ({view.place_name})" + (f", {view.landmark}" if view.landmark else ""),
        f"Handled by: {view.handler or '-'}",
        f"Visibility: {view.visibility.value}",
        f"Reporter: {who}",
        f"Supporters: {view.supporters}",
        f"Channel: {view.channel}",
        f"Filed: {view.created_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC",
        await _due_line(view),
    ]
    if view.latitude is not None and view.longitude is not None:
        lines.append(f"Location: {view.latitude:.5f},{view.longitude:.5f}")
    if view.has_photo:
        lines.append("Photo: yes")
    if view.duplicate_of:
        lines.append(f"Duplicate of: {shown(view.duplicate_of)}")
    lines.append("Description" + (" (cut at the limit)" if view.description_cut else "") + ":")
    lines += ["  " + line for line in view.description.splitlines() or [""]]
    if view.reopened:
        lines.append(f"Reopened: {view.reopened}")
    lines.append("History:")
    for event in view.history:
        move = f"{event.from_status.value if event.from_status else '-'} -> {event.to_status.value}" if event.to_status else "reply"
        if levels.is_escalation(event.actor, event.to_status, event.public):
            move = "escalated"
        note = f"  {event.note}" if event.note else ""
        scope = "" if event.public else " (internal)"
        lines.append(f"  {event.at.astimezone(UTC):%Y-%m-%d %H:%M}  {move}  {event.actor}{scope}{note}")
    if view.feedback:  # the answers to "Sudah beres?"
        lines.append("Feedback:")
    for answer in view.feedback:
        rating = f"  rating {answer.rating}/5" if answer.rating is not None else ""
        comment = f"  {answer.comment}" if answer.comment else ""
        lines.append(f"  {answer.at.astimezone(UTC):%Y-%m-%d %H:%M}  {answer.answer.value}{rating}{comment}")
    return lines


async def _due_line(view: service.ComplaintView) -> str:
    """`Due: verifikasi by 2026-03-25 23:59 WIB - Diperiksa petugas paling lambat Rabu, 25 Maret 2026.`
    (local time of the place, then what the reporter reads), or `Due: -` once closed."""
    if view.due is None:
        return "Due: -"
    tz = (await Area.get(code=view.place)).timezone
    local = view.due.at.astimezone(zone(tz))
    return (f"Due: {view.due.stage} by {local:%Y-%m-%d %H:%M} {zone_abbreviation(tz, local)}"
            f" - {due_text(translator('id'), view.due, tz)}")  # fmt: skip


async def _by(identity: str | None) -> access.Viewer:
    if identity is None:
        return access.OPERATOR_VIEWER
    try:
        value = parse_identity(identity, "sms" if identity.lstrip("+").isdigit() else "telegram")
    except BadIdentity as exc:
        raise Usage(str(exc)) from None
    row = await Identity.get_or_none(value=value)
    if row is None:
        raise Usage(f"unknown identity {identity!r}")
    return await access.viewer(row.resident_id)


async def change(ticket: str, status: str, note: str | None, by: str | None, duplicate_of: str | None,
                 forward_to: str | None, now: datetime) -> str:  # fmt: skip
    viewer = await _by(by)
    complaint = await service.change_status(
        viewer, ticket, _status(status), now=now, translate=translator, note=note,
        duplicate_of=duplicate_of, forward_to=forward_to,
    )  # fmt: skip
    return f"{shown(complaint.ticket)}: {complaint.status.value}"


async def complaints_command(args: argparse.Namespace) -> int:
    await wiring.start(settings_of(args))
    now = datetime.now(UTC)
    t = translator("id")
    try:
        if args.complaints_command == "list":
            lines = await list_lines(args.area, args.status, now, args.overdue)
        elif args.complaints_command == "show":
            lines = await show_lines(args.ticket)
        else:
            lines = [await change(args.ticket, args.status, args.note, args.by, args.duplicate_of, args.forward_to, now)]
    except Usage as exc:
        print(f"kabarrt complaints: {exc}", file=sys.stderr)
        return 2
    except (service.NotFound, Refused) as exc:
        print(f"kabarrt complaints: {exc.text(t)}", file=sys.stderr)
        return 2
    finally:
        await wiring.stop()
    if lines:
        print("\n".join(lines))
    return 0
