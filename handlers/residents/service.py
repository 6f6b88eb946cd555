"""Residents and identities: resolving who wrote, describing where they live, erasing them."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from handlers.messages import channel_of
from models import (
    Area,
    AreaLevel,
    Consent,
    ConversationState,
    GroupChat,
    Identity,
    Interaction,
    OutboxMessage,
    OutboxStatus,
    Resident,
    Role,
    UnansweredQuestion,
)
from models.messages import PENDING


async def resolve(identity: str, default_locale: str) -> tuple[Identity, Resident]:
    """The identity row (with its resident) for `tg:…`/`sms:…`/`shell:…`, created on first contact."""
    found = await Identity.get_or_none(value=identity).select_related("resident")
    if found is not None:
        if not found.active:  # they wrote to us: the block (or dead number) is over
            found.active = True
            await found.save(update_fields=["active"])
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
    """'RT 003 / RW 01, Mayang Mangurai, Alam Barajo, Kota Jambi' for an RT, 'Mayang Mangurai,
    Alam Barajo, Kota Jambi' for a kelurahan …, or None."""
    if area_id is None:
        return None
    area = await Area.get_or_none(id=area_id)
    if area is None:
        return None
    codes = area.ancestor_codes
    names = {a.code: a.name for a in await Area.filter(code__in=codes)}
    chain = [names.get(code, code) for code in reversed(codes)]
    if len(chain) >= 2 and area.level is AreaLevel.RT:  # "RT 003 / RW 01": the way it is written
        return ", ".join([f"{chain[0]} / {chain[1]}", *chain[2:]])
    return ", ".join(chain)


async def erase(resident_id: int) -> None:
    """HAPUS DATA: erase name, identities and message texts; keep anonymous counts.

    Interaction rows lose their text, channel message id and link to the resident but keep
    area, channel, topic and time, and the message key (a keyed hash, no number or chat id in
    it), so a message that arrives again is still dropped instead of making a new resident.
    Pending outbound messages are cancelled and blanked.
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


async def merge(keep: Resident, other: Resident) -> int | None:
    """Make `other` (the same person, known on another channel) part of `keep`, then delete it.

    Identities, history, consents and roles move to `keep`; a STOP on either side stays; a name
    or RT only one side has is kept. Returns the other side's RT when both have a different one
    (the caller asks which is right); `keep`'s RT stays until then.
    """
    other_area = other.area_id
    async with in_transaction():
        for model in (Identity, Interaction, OutboxMessage, Consent, UnansweredQuestion):
            await model.filter(resident_id=other.id).update(resident_id=keep.id)
        await GroupChat.filter(linked_by_id=other.id).update(linked_by_id=keep.id)
        held = {(r.kind, r.area_id) for r in await Role.filter(resident_id=keep.id)}
        for role in await Role.filter(resident_id=other.id):
            if (role.kind, role.area_id) in held:
                await role.delete()
            else:
                await Role.filter(id=role.id).update(resident_id=keep.id)
        await ConversationState.filter(resident_id=other.id).delete()
        keep.opted_out = keep.opted_out or other.opted_out
        keep.name = keep.name or other.name
        keep.welcomed = keep.welcomed or other.welcomed
        stamps = [d for d in (keep.registered_at, other.registered_at) if d is not None]
        keep.registered_at = min(stamps) if stamps else None
        conflict = None
        if keep.area_id is None:
            keep.area_id = other_area
        elif other_area is not None and other_area != keep.area_id:
            conflict = other_area
        await Resident.filter(id=other.id).delete()
        await keep.save(
            update_fields=["opted_out", "name", "welcomed", "registered_at", "area_id"]
        )
    return conflict


async def mark_unreachable(identities: set[str] | list[str]) -> None:
    """A channel said these can never be reached (bot blocked, bot removed from the group)."""
    await Identity.filter(value__in=identities).update(active=False)
    await GroupChat.filter(identity__in=identities).update(active=False)
