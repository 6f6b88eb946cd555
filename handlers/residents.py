"""Residents and identities: resolving who wrote, describing where they live, erasing them."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from handlers.messages import channel_of
from models import (
    Area,
    ConversationState,
    Identity,
    Interaction,
    OutboxMessage,
    OutboxStatus,
    Resident,
)
from models.messages import PENDING


async def resolve(identity: str, default_locale: str) -> tuple[Identity, Resident]:
    """The identity row (with its resident) for `tg:…`/`sms:…`/`shell:…`, created on first contact."""
    found = await Identity.get_or_none(value=identity).select_related("resident")
    if found is not None:
        return found, found.resident
    channel = channel_of(identity)
    try:
        async with in_transaction():
            resident = await Resident.create(locale=default_locale)
            row = await Identity.create(value=identity, channel=channel, resident=resident)
    except IntegrityError:  # the same identity's first two messages raced; the other won
        row = await Identity.get(value=identity).select_related("resident")
        return row, row.resident
    row.resident = resident
    return row, resident


async def conversation(resident: Resident) -> ConversationState:
    state = await ConversationState.get_or_none(resident_id=resident.id)
    if state is None:
        state = ConversationState(resident_id=resident.id, data={}, options=[])
    return state


async def place_of(area_id: int | None) -> str | None:
    """'RT 003 / RW 01, Mayang Mangurai, Alam Barajo, Kota Jambi' for an RT, or None."""
    if area_id is None:
        return None
    area = await Area.get_or_none(id=area_id)
    if area is None:
        return None
    codes = area.ancestor_codes
    names = {a.code: a.name for a in await Area.filter(code__in=codes)}
    chain = [names.get(code, code) for code in reversed(codes)]
    if len(chain) >= 2:
        return ", ".join([f"{chain[0]} / {chain[1]}", *chain[2:]])
    return chain[0]


async def erase(resident_id: int) -> None:
    """HAPUS DATA: erase name, identities and message texts; keep anonymous counts.

    Interaction rows lose their text, channel message id and link to the resident but keep
    area, channel, topic and time. Pending outbound messages are cancelled and blanked.
    """
    async with in_transaction():
        await Interaction.filter(resident_id=resident_id).update(
            resident_id=None, text=None, external_id=None
        )
        await OutboxMessage.filter(resident_id=resident_id, status__in=PENDING).update(
            status=OutboxStatus.CANCELLED
        )
        await OutboxMessage.filter(resident_id=resident_id).update(
            resident_id=None, text="", identity=None, payload={}, channel_message_id=None
        )
        # identities, roles, consents and conversation state cascade; log rows are set NULL
        await Resident.filter(id=resident_id).delete()
