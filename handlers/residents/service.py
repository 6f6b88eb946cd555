"""Residents and identities: resolving who wrote, describing where they live, erasing them."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from handlers.messages import channel_of
from models import (
    Announcement,
    AnnouncementStatus,
    Area,
    AreaLevel,
    Complaint,
    ComplaintEvent,
    ComplaintFeedback,
    ComplaintSupporter,
    Consent,
    ConversationState,
    Event,
    FixedAnswer,
    GroupChat,
    Identity,
    IdentityView,
    Interaction,
    OpenQuestion,
    OutboxEvent,
    OutboxMessage,
    OutboxStatus,
    Resident,
    Role,
    ScheduledJob,
    UnansweredQuestion,
)
from models.messages import PENDING

#: announcements that never reached anyone: their text is only the author's
UNSENT = (AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED, AnnouncementStatus.CANCELLED)
#: outbox causes named by a channel's message id (an inbound SMS's id is Gammu's inbox file name,
#: which holds the number) or by a job key (which may end with its recipient), not by our records
CHANNEL_CAUSES = ("inbound", "job")


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


class Raced(Exception):
    """The conversation row a turn was about to lock went away (its resident merged or erased by
    another transaction meanwhile): the turn starts again and finds who wrote anew."""


async def begin_turn(value: str, default_locale: str) -> tuple[Identity, Resident, ConversationState]:
    """Who wrote (`resolve`) and their conversation, locked until the turn's transaction ends.

    Turns of one resident are serialised by a row lock on their conversation state (PostgreSQL's
    `SELECT … FOR UPDATE`): two webhooks for the same resident at once (Telegram sending again,
    two web processes) each read what the other wrote, instead of both starting from the same
    state and one overwriting the other. So the lock comes first, found through the identity,
    and everything else is read after it. SQLite has no row locks: there a turn first takes the
    database's write lock (one process runs one transaction at a time anyway; another process's
    turn waits for it, up to the busy timeout, instead of failing when it writes after reading
    what has changed since).

    A resident's first turn makes the row, so later turns have one to lock; a turn racing the
    first waits on that insert. When the row locked is not the resident's the identity names
    once the lock is held (it was merged into another while the turn waited), the turn locks
    that one's row and reads again.

    Lock order: a turn's first lock is its own resident's conversation row (only a brand-new
    identity's insert comes before it, and nobody else can wait for that). Other rows come after,
    so two turns never wait for each other in a circle; a merge, the one place a turn locks
    another resident's rows, takes them after its own.
    """
    if not ConversationState._meta.db.capabilities.support_for_update:  # SQLite
        # a write that changes nothing: SQLite takes its write lock for it (BEGIN IMMEDIATE, which
        # tortoise's transactions cannot say)
        await ConversationState.filter(id=0).update(step=None)
    whose = Subquery(Identity.filter(value=value).values("resident_id"))
    state = await ConversationState.filter(resident_id=whose).select_for_update().first()
    while True:
        identity, resident = await resolve(value, default_locale)
        if state is not None and state.resident_id == resident.id:
            return identity, resident, state
        state = await _locked_conversation(resident.id)


async def _locked_conversation(resident_id: int) -> ConversationState:
    """The resident's conversation row, locked; made on their first turn."""
    rows = ConversationState.filter(resident_id=resident_id).select_for_update()
    state = await rows.first()
    if state is None:
        # a resident deleted meanwhile (merged, erased) makes this insert an IntegrityError
        await ConversationState.bulk_create([ConversationState(resident_id=resident_id)], ignore_conflicts=True)
        state = await rows.first()
        if state is None:
            raise Raced
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
    """HAPUS DATA: erase their name, identities and words, and every trace that names them; keep
    anonymous counts.

    Interaction rows lose their text, channel message id and link to the resident but keep
    area, channel, topic and time, and the message key (a keyed hash, no number or chat id in
    it), so a message that arrives again is still dropped instead of making a new resident.
    Their outbox rows (see `_forget_outbox`) are cancelled when pending and blanked.
    Announcements they sent stay with their recipients, naming no author; those never sent are
    their own words only, and go. Jobs about them go too. Their complaints keep the description
    (a public matter) and the RT, and lose the link to them, the photo, landmark and pin; the
    complaints they supported lose them as a supporter. Their answers to "Sudah beres?" keep the
    answer and rating (they concern the office) and lose the link and the comment; the words they
    gave for a reopening are blanked in the history. Questions still open to them go with them.
    """
    async with in_transaction():
        identities = list(await Identity.filter(resident_id=resident_id).values_list("value", flat=True))
        await Interaction.filter(resident_id=resident_id).update(
            resident_id=None, text=None, external_id=None
        )
        await _forget_outbox(resident_id, identities)
        # their complaints concern a public matter: the description stays, with nothing of them
        # (no link, photo, landmark or pin: the place is coarsened to the RT)
        await Complaint.filter(reporter_id=resident_id).update(
            reporter_id=None, photo=None, landmark=None, latitude=None, longitude=None
        )
        # their words after "belum" / "sebagian": internal notes of theirs on those complaints
        reopened = await ComplaintFeedback.filter(
            resident_id=resident_id, answer__in=(FixedAnswer.BELUM, FixedAnswer.SEBAGIAN)
        ).values_list("complaint_id", flat=True)
        if reopened:
            await ComplaintEvent.filter(
                actor_resident_id=resident_id, complaint_id__in=set(reopened), to_status__isnull=True, public=False
            ).update(note=None)
        await ComplaintFeedback.filter(resident_id=resident_id).update(resident_id=None, comment=None)
        await Announcement.filter(author_id=resident_id, status__in=UNSENT).delete()
        await Announcement.filter(author_id=resident_id).update(author_id=None, author_identity=None)
        for value in identities:  # per-recipient jobs end with whom they are for (`lesson:…:tg:1`)
            await ScheduledJob.filter(key__endswith=f":{value}").delete()
        # the complaints they joined: the rows cascade below; the news they got keeps no key naming them
        await OutboxMessage.filter(dedupe_key__endswith=f":supporter:{resident_id}").update(dedupe_key=None)
        # identities, roles, consents, answers and conversation state cascade; log rows are set NULL
        await Resident.filter(id=resident_id).delete()


async def _forget_outbox(resident_id: int, identities: list[str]) -> None:
    """Their outbox rows: queued for the resident, to one of their identities (jobs queue
    without a resident), or keyed by one (a job's key ends with its recipient; after sending,
    a row without a resident has no recipient left, only its key).

    Each keeps channel, status, times and the record that caused it (an announcement, an event);
    it loses text, recipient, options, channel ids (Gammu's file names hold the number), errors,
    its history's details, a cause that is a channel's message id or a job key, and a dedupe key
    naming them.
    """
    theirs = Q(resident_id=resident_id)
    for value in identities:
        theirs |= Q(identity=value) | Q(dedupe_key__endswith=f":{value}")
    rows = Subquery(OutboxMessage.filter(theirs).values("id"))
    await OutboxEvent.filter(message_id__in=rows).update(detail=None)
    await OutboxMessage.filter(theirs, status__in=PENDING).update(status=OutboxStatus.CANCELLED)
    await OutboxMessage.filter(theirs, cause_type__in=CHANNEL_CAUSES).update(cause_id=None)
    await OutboxMessage.filter(theirs).update(
        resident_id=None, text="", identity=None, payload={}, channel_message_id=None, last_error=None
    )
    for value in identities:  # last: until now the key found rows that had nothing else of theirs
        await OutboxMessage.filter(dedupe_key__endswith=f":{value}").update(dedupe_key=None)


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
        await Complaint.filter(reporter_id=other.id).update(reporter_id=keep.id)
        # complaints either side joined: once each, and none they now filed themselves
        filed = Subquery(Complaint.filter(reporter_id=keep.id).values("id"))
        joined = Subquery(ComplaintSupporter.filter(resident_id=keep.id).values("complaint_id"))
        await ComplaintSupporter.filter(Q(complaint_id__in=filed) | Q(complaint_id__in=joined), resident_id=other.id).delete()
        await ComplaintSupporter.filter(resident_id=other.id).update(resident_id=keep.id)
        await ComplaintSupporter.filter(resident_id=keep.id, complaint_id__in=filed).delete()
        await ComplaintEvent.filter(actor_resident_id=other.id).update(actor_resident_id=keep.id)
        await ComplaintFeedback.filter(resident_id=other.id).update(resident_id=keep.id)
        asked = {(q.kind, q.ref) for q in await OpenQuestion.filter(resident_id=keep.id)}
        for question in await OpenQuestion.filter(resident_id=other.id):  # one per kind and ref
            if (question.kind, question.ref) not in asked:
                await OpenQuestion.filter(id=question.id).update(resident_id=keep.id)
        await IdentityView.filter(viewer_id=other.id).update(viewer_id=keep.id)
        await GroupChat.filter(linked_by_id=other.id).update(linked_by_id=keep.id)
        # what they wrote stays theirs: their scheduled announcements are sent with their rights
        await Announcement.filter(author_id=other.id).update(author_id=keep.id)
        await Event.filter(created_by_id=other.id).update(created_by_id=keep.id)
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
