"""`kabarrt outbox stats` and `kabarrt outbox show ID`: what is being sent, for operators.

Identities are masked and texts are cut short: these lines end up in terminals and tickets.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from tortoise.functions import Count, Min

from bot import app as wiring
from bot.cli.common import settings_of
from handlers.residents.identity import mask
from models import OutboxEvent, OutboxMessage, OutboxStatus

TEXT_SHOWN = 60


async def stats_lines(now: datetime | None = None, cost_per_segment: int = 0) -> list[str]:
    """`channel<TAB>status<TAB>count` lines, then `total=… oldest_queued_age_s=…` (or `-`), then
    what the SMS sent so far cost: `sms_sent=… sms_segments=… sms_ucs2=… sms_cost_rp=…`."""
    now = now or datetime.now(UTC)
    groups = (
        await OutboxMessage.annotate(count=Count("id"))
        .group_by("channel", "status")
        .order_by("channel", "status")
        .values("channel", "status", "count")
    )
    lines = [f"{g['channel']}\t{OutboxStatus(g['status']).value}\t{g['count']}" for g in groups]
    oldest = await OutboxMessage.filter(status=OutboxStatus.QUEUED).annotate(first=Min("created_at")).values("first")
    first = oldest[0]["first"] if oldest else None
    age = f"{(now - first).total_seconds():.0f}" if first else "-"
    total = sum(g["count"] for g in groups)
    lines.append(f"total={total} oldest_queued_age_s={age}")
    costed = await OutboxMessage.filter(channel="sms", segments__isnull=False).values_list("segments", "encoding")
    segments = sum(count for count, _ in costed)
    ucs2 = sum(1 for _, encoding in costed if encoding == "ucs2")
    lines.append(
        f"sms_sent={len(costed)} sms_segments={segments} sms_ucs2={ucs2} sms_cost_rp={segments * cost_per_segment}"
    )
    return lines


async def show_lines(message_id: int) -> list[str] | None:
    """One message's fields, then its history `at<TAB>status<TAB>attempt<TAB>detail`."""
    row = await OutboxMessage.get_or_none(id=message_id)
    if row is None:
        return None
    text = row.text if len(row.text) <= TEXT_SHOWN else row.text[: TEXT_SHOWN - 1] + "…"
    lines = [
        f"id={row.id} channel={row.channel} to={mask(row.identity) if row.identity else '-'}",
        f"status={row.status.value} priority={row.priority} attempts={row.attempts}",
        f"created_at={row.created_at.isoformat()} not_before={_iso(row.not_before)} "
        f"expires_at={_iso(row.expires_at)} sent_at={_iso(row.sent_at)}",
        f"cause={row.cause_type or '-'}:{row.cause_id or '-'} channel_message_id={row.channel_message_id or '-'}",
        f"last_error={row.last_error or '-'}",
        *([f"segments={row.segments} encoding={row.encoding}"] if row.segments else []),
        f"text={text!r}",
        "history:",
    ]
    events = await OutboxEvent.filter(message_id=row.id).order_by("at", "id")
    lines += [f"{e.at.isoformat()}\t{e.status.value}\t{e.attempt}\t{e.detail or ''}" for e in events]
    if not events:
        lines.append("(no delivery attempt yet)")
    return lines


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else "-"


async def outbox_command(args: argparse.Namespace) -> int:
    await wiring.start(settings_of(args))
    try:
        if args.outbox_command == "stats":
            lines = await stats_lines(cost_per_segment=settings_of(args).sms_cost_per_segment)
        else:
            lines = await show_lines(args.id)
            if lines is None:
                print(f"kabarrt outbox show: no message {args.id}", file=sys.stderr)
                return 1
    finally:
        await wiring.stop()
    print("\n".join(lines))
    return 0
