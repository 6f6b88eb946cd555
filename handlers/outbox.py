"""Putting messages into the outbox from outside a conversation turn.

Everything that leaves KabarRT — replies, announcements, reminders, lessons — is an outbox row;
the dispatcher (bot/delivery.py) sends it. `enqueue` is how code outside a conversation turn adds
one: with a `dedupe_key` it is idempotent, so a scheduled job that runs twice enqueues once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from handlers.messages import Option, Priority, channel_of
from models import OutboxMessage


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
    """Queue one message; None when `dedupe_key` was already used (nothing new is queued)."""
    if dedupe_key is not None and await OutboxMessage.exists(dedupe_key=dedupe_key):
        return None
    payload = {"options": [[o.label, o.value] for o in options]} if options else {}
    try:
        async with in_transaction():  # a savepoint: a lost race must not spoil the caller's transaction
            return await OutboxMessage.create(
                identity=identity,
                channel=channel_of(identity),
                text=text,
                payload=payload,
                locale=locale,
                priority=1 if priority is Priority.REPLY else 0,
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
