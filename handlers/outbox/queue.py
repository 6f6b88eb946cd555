"""Putting messages into the outbox, and reading them back: the row ⇄ Outbound mapping.

Everything that leaves KabarRT — replies, announcements, reminders, lessons — is an outbox row;
the dispatcher (bot/delivery/dispatcher.py) sends it. `enqueue` is how code outside a conversation turn adds
one: with a `dedupe_key` it is idempotent, so a scheduled job that runs twice enqueues once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet, UpdateQuery
from tortoise.transactions import in_transaction

from handlers.messages import Media, Option, Outbound, Priority, channel_of
from handlers.texts import Translate
from models import Identity, OutboxEvent, OutboxMessage, OutboxStatus, Resident

#: the cause of an apology: a message to the resident (cause_id) that the channel refused
APOLOGY = "apology"


async def enqueue(
    identity: str,
    text: str,
    *,
    created_at: datetime,
    options: Sequence[Option] = (),
    priority: Priority = Priority.BULK,
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
    cause_type: str | None = None,
    cause_id: str | None = None,
    dedupe_key: str | None = None,
    resident_id: int | None = None,
    locale: str = "id",
) -> OutboxMessage | None:
    """Queue one message; None when `dedupe_key` was already used (nothing new is queued), or
    when it is a bulk message (announcement, lesson) to a resident who sent STOP."""
    if dedupe_key is not None and await OutboxMessage.exists(dedupe_key=dedupe_key):
        return None
    if priority is Priority.BULK and await _stopped(identity, resident_id):
        return None
    payload = payload_of(Outbound(identity=identity, text=text, options=tuple(options)))
    try:
        async with in_transaction():  # a savepoint: a lost race must not spoil the caller's transaction
            return await OutboxMessage.create(
                identity=identity,
                channel=channel_of(identity),
                text=text,
                payload=payload,
                locale=locale,
                priority=row_priority(priority),
                not_before=not_before,
                expires_at=expires_at,
                cause_type=cause_type,
                cause_id=cause_id,
                dedupe_key=dedupe_key,
                resident_id=resident_id,
                created_at=created_at,
            )
    except IntegrityError:
        if dedupe_key is not None and await OutboxMessage.exists(dedupe_key=dedupe_key):
            return None  # the same job ran concurrently and won
        raise


async def apologise(failed: Sequence[int], at: datetime, translate: Translate) -> int:
    """Queue a short apology to the recipient of each of these failed messages, once per message:
    never for an apology (that one failing too must not start a loop) nor to an erased resident.
    Returns how many were queued."""
    rows = await OutboxMessage.filter(id__in=failed, identity__isnull=False).values(
        "id", "identity", "resident_id", "locale", "cause_type"
    )
    queued = 0
    for row in rows:
        if row["cause_type"] == APOLOGY:
            continue
        t = translate(row["locale"])
        text = t._("Maaf, ada pesan untuk Anda yang gagal terkirim karena gangguan teknis. Ketik MENU untuk melanjutkan.")
        made = await enqueue(
            row["identity"], text, created_at=at, priority=Priority.REPLY, cause_type=APOLOGY,
            cause_id=str(row["id"]), dedupe_key=f"{APOLOGY}:{row['id']}", resident_id=row["resident_id"],
            locale=row["locale"],
        )  # fmt: skip
        queued += made is not None
    return queued


async def _stopped(identity: str, resident_id: int | None) -> bool:
    if resident_id is not None:
        return await Resident.exists(id=resident_id, opted_out=True)
    return await Identity.exists(value=identity, resident__opted_out=True)


async def cancel_bulk(resident_id: int, at: datetime, reason: str) -> int:
    """Cancel the resident's queued announcements and lessons (STOP); replies still go out.

    A message a worker is sending at this moment is past recall; anything still queued is not.
    """
    bulk = OutboxMessage.filter(
        resident_id=resident_id, status=OutboxStatus.QUEUED, priority=row_priority(Priority.BULK)
    )
    return len(await transition(bulk, OutboxStatus.CANCELLED, at=at, detail=reason, last_error=reason))


async def transition(
    rows: QuerySet[OutboxMessage], status: OutboxStatus, *, at: datetime, detail: str, **changes
) -> list[int]:
    """Move the rows `rows` selects to `status` (and `changes`), with an event for each row that
    really changed, in one transaction; returns their ids.

    The filter is part of the UPDATE itself and the changed rows come back from it (RETURNING):
    a row another worker moved on in the meantime is neither changed nor given a false event.
    A row another transaction holds right now is left for the next time (`lockable`).
    """
    if not await rows.exists():  # the usual case (a sweep, STOP): no write, no write lock
        return []
    async with in_transaction():
        rows = await lockable(rows)
        changed = await _update_returning(rows.update(status=status, **changes), "id", "attempts")
        await OutboxEvent.bulk_create(
            [OutboxEvent(message_id=i, at=at, status=status, attempt=attempt, detail=detail) for i, attempt in changed]
        )
    return [i for i, _ in changed]


async def lockable(rows: QuerySet[OutboxMessage]) -> QuerySet[OutboxMessage]:
    """On PostgreSQL, inside a transaction: lock the rows `rows` selects, in id order, passing
    over any another transaction holds (a worker writing its results, a claim), and select only
    those. Several workers update the outbox at once; one that waited for a row while holding
    others, in another order than the holder, is how deadlocks start. SQLite has one writer at a
    time: there `rows` is returned as it is."""
    if not OutboxMessage._meta.db.capabilities.support_for_update:
        return rows
    # rows, not values_list: tortoise drops FOR UPDATE from a values query
    locked = await rows.select_for_update(skip_locked=True).order_by("id").only("id")
    return rows.filter(id__in=[row.id for row in locked])


async def _update_returning(update: UpdateQuery, *fields: str) -> list[tuple]:
    """Run an ORM update as `UPDATE … RETURNING fields` (SQLite ≥ 3.35, PostgreSQL): tortoise's
    update only counts rows, so its statement is built as usual and the clause added to it."""
    update._choose_db_if_not_chosen(True)
    update._make_query()
    sql, params = update.query.returning(*fields).get_parameterized_sql()
    # execute_query_dict fetches the rows on both backends (asyncpg's execute_query runs an
    # UPDATE without fetching, so RETURNING would come back empty there)
    rows = await update._db.execute_query_dict(sql, params)
    return [tuple(row[f] for f in fields) for row in rows]


def row_priority(priority: Priority) -> int:
    """The outbox's sortable priority: replies (1) before bulk messages (0)."""
    return 1 if priority is Priority.REPLY else 0


def payload_of(outbound: Outbound) -> dict:
    """What an Outbound carries besides its text, as the row's JSON payload."""
    payload: dict = {}
    if outbound.detail:
        payload["detail"] = outbound.detail
    if outbound.options:
        payload["options"] = [
            [o.label, o.value, o.request] if o.request else [o.label, o.value] for o in outbound.options
        ]
    if outbound.media:
        payload["media"] = [dataclasses.asdict(m) for m in outbound.media]
    return payload


def outbound_of(row: OutboxMessage) -> Outbound:
    """The Outbound a row stands for (what the adapter renders): the inverse of the above."""
    payload = row.payload or {}
    return Outbound(
        identity=row.identity or "",
        text=row.text,
        options=tuple(Option(*option) for option in payload.get("options", [])),
        detail=payload.get("detail"),
        media=tuple(Media(**m) for m in payload.get("media", [])),
        locale=row.locale,
        priority=Priority.REPLY if row.priority > 0 else Priority.BULK,
        outbox_id=row.id,
    )


async def option_value(outbox_id: int, identity: str, index: int) -> str | None:
    """The value of option `index` of a message sent to `identity`: what a pressed button means.

    None when there is no such message for that recipient (forged, or erased by HAPUS DATA) or
    no such option; the engine then answers as for a stale choice.
    """
    row = await OutboxMessage.get_or_none(id=outbox_id, identity=identity).only("id", "payload")
    options = (row.payload or {}).get("options", []) if row is not None else []
    if not 0 <= index < len(options):
        return None
    return options[index][1]


#: what a delivery report may change: a report never moves a message backwards
_REPORT_FROM = {
    "delivered": (OutboxStatus.SENDING, OutboxStatus.SENT),
    "failed": (OutboxStatus.SENDING, OutboxStatus.SENT),
    "sent": (),
}


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    """A channel's delivery report for one row: `delivered`, `failed` or `sent`."""

    outbox_id: int
    state: str
    at: datetime
    detail: str


async def record_report(outbox_id: int, state: str, at: datetime, detail: str) -> bool:
    """One delivery report; False for an unknown row (see `record_reports`)."""
    return (await record_reports([Report(outbox_id, state, at, detail)]))[0]


async def record_reports(reports: Sequence[Report]) -> list[bool]:
    """Delivery reports, in one transaction (they arrive two per SMS: one commit each would cap
    throughput). For each: False when the row is unknown. A report that would move its row
    backwards (a late "sent" after "delivered") is kept in its history but changes nothing.
    """
    attempts = dict(
        await OutboxMessage.filter(id__in={r.outbox_id for r in reports}).values_list("id", "attempts")
    )
    events = []
    async with in_transaction():
        # in id order, as every writer of several rows does: two transactions that lock rows in
        # opposite orders can deadlock on PostgreSQL
        for report in sorted(reports, key=lambda r: r.outbox_id):
            if report.outbox_id not in attempts:
                continue
            new = OutboxStatus(report.state)
            allowed = _REPORT_FROM.get(report.state, ())
            if allowed:
                # one conditional statement: the dispatcher may be recording "sent" right now. A
                # report that beats it (the row still `sending`) also ends the claim, so that
                # write is skipped (bot/delivery/dispatcher.py then writes what only the send knows).
                update: dict = {"status": new, "claimed_by": None, "claimed_until": None}
                if new is OutboxStatus.FAILED:
                    update["last_error"] = f"delivery report: {report.detail}"[:255]
                await OutboxMessage.filter(id=report.outbox_id, status__in=allowed).update(**update)
                await OutboxMessage.filter(id=report.outbox_id, sent_at__isnull=True).update(sent_at=report.at)
            events.append(
                OutboxEvent(message_id=report.outbox_id, at=report.at, status=new,
                            attempt=attempts[report.outbox_id], detail=report.detail[:255])
            )  # fmt: skip
        await OutboxEvent.bulk_create(events)
    return [r.outbox_id in attempts for r in reports]
