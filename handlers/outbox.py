"""Outbox bookkeeping shared by every channel that delivers replies."""

from __future__ import annotations

from models import OutboxMessage, OutboxStatus


async def mark_sent(ids: list[int]) -> None:
    """Mark rows sent. A reply to an erased resident (HAPUS DATA's confirmation) kept its
    address only to be delivered; once sent, nothing in it may point at the person."""
    if not ids:
        return
    await OutboxMessage.filter(id__in=ids).update(status=OutboxStatus.SENT)
    await OutboxMessage.filter(id__in=ids, resident_id=None).update(identity=None, text="")
