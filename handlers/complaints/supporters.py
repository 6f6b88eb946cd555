"""Supporters instead of duplicates: the rows of residents who joined someone else's complaint.

This module owns who is offered which complaint, joining one, who hears a complaint's news, how
many support each complaint, and moving a duplikat's people over to its original.

- **The offer** (`offer`): before a new complaint is filed, an open complaint of the same RT (the
  resolved place, `places.py`) and category filed in the last `OFFER_DAYS` days, the oldest
  first, that `access.may_be_offered` lets this resident join: *biasa* only, never their own or
  one they already support, never to a role holder of that RT. Only its category and age reach
  the resident (`offer.py` words it); its id stays in the flow's state.
- **Joining** (`join`) adds a `ComplaintSupporter` row, with the channel they joined by: their
  notices go there. It files nothing, so it does not count against the daily limit.
- **News** (`recipients`): every status change and public reply goes to the reporter first, then
  to each supporter, word for word; `service._tell_reporter` loops over this list.
- **Duplikat** (`move`): marking a complaint duplikat makes its reporter and its supporters
  supporters of the original, unless they are the original's reporter, already support it, or
  may not follow it (`access.may_follow`: a ketua RT and a complaint not meant for them).

HAPUS DATA removes a resident's supporter rows with them (the foreign key cascades); a merge
moves them to the resident kept (`residents.service.merge`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from handlers.announcements.audience import grants_of
from handlers.complaints import access, lifecycle
from handlers.complaints.access import Facts, Viewer
from models import Area, Complaint, ComplaintSupporter, Visibility

#: how far back an open complaint of the same RT and category is offered
OFFER_DAYS = 30
#: candidates looked at per offer (the oldest first); the rest would be older duplicates anyway
_CANDIDATES = 20


@dataclass(frozen=True, slots=True)
class Offer:
    """What may be said about a complaint offered to join: its category and its age, no more."""

    complaint_id: int
    category: str
    #: calendar days since it was filed, in its RT's time zone (0: today)
    days: int


@dataclass(frozen=True, slots=True)
class Recipient:
    """Someone a complaint's news goes to, on `channel`; `key` makes their outbox row's dedupe key."""

    resident_id: int
    channel: str
    #: appended to `complaint:<id>:event:<id>` (empty for the reporter)
    key: str
    supporter: bool


def days_since(then: datetime, now: datetime, tz: str) -> int:
    """Calendar days from `then` to `now` in `tz` (filed yesterday evening: 1)."""
    zone = ZoneInfo(tz)
    return max(0, (now.astimezone(zone).date() - then.astimezone(zone).date()).days)


async def supporter_ids(complaint_id: int) -> frozenset[int]:
    return frozenset(await ComplaintSupporter.filter(complaint_id=complaint_id).values_list("resident_id", flat=True))


async def of(query: QuerySet[Complaint]) -> dict[int, frozenset[int]]:
    """The supporters of every complaint `query` selects (one query however many), by complaint."""
    rows = await ComplaintSupporter.filter(complaint_id__in=Subquery(query.values("id"))).values_list(
        "complaint_id", "resident_id"
    )
    found: dict[int, set[int]] = {}
    for complaint_id, resident_id in rows:
        found.setdefault(complaint_id, set()).add(resident_id)
    return {key: frozenset(value) for key, value in found.items()}


async def offer(resident_id: int, area_id: int, category: str, now: datetime) -> Offer | None:
    """The complaint this resident may join instead of filing a new one at `area_id` (an RT)
    about `category`, or None."""
    place = await Area.get_or_none(id=area_id)
    if place is None:
        return None
    viewer = await access.viewer(resident_id)
    if access.officer_of(viewer, place.code):  # cheap: they are never offered anything here
        return None
    candidates = await Complaint.filter(
        area_id=area_id, category=category, status__in=lifecycle.OPEN, visibility=Visibility.BIASA,
        created_at__gte=now - timedelta(days=OFFER_DAYS),
    ).order_by("created_at", "id").limit(_CANDIDATES)  # fmt: skip
    for complaint in candidates:
        facts = Facts(place.code, complaint.visibility, complaint.reporter_id, await supporter_ids(complaint.id))
        if access.may_be_offered(viewer, facts):
            return Offer(complaint.id, complaint.category, days_since(complaint.created_at, now, place.timezone))
    return None


async def join(resident_id: int, complaint_id: int, channel: str, now: datetime) -> Complaint | None:
    """Make this resident a supporter of an offered complaint, if they still may join it (it is
    still open; they gained no role over its RT meanwhile). The complaint, or None when not.
    Joining twice is joining once."""
    async with in_transaction():
        complaint = await Complaint.get_or_none(id=complaint_id, status__in=lifecycle.OPEN)
        if complaint is None:
            return None
        supporters = await supporter_ids(complaint.id)
        if resident_id in supporters:
            return complaint
        place = await Area.get(id=complaint.area_id)
        facts = Facts(place.code, complaint.visibility, complaint.reporter_id, supporters)
        if not access.may_be_offered(await access.viewer(resident_id), facts):
            return None
        try:
            async with in_transaction():  # a savepoint: a second join at the same moment is harmless
                await ComplaintSupporter.create(complaint=complaint, resident_id=resident_id, channel=channel, created_at=now)
        except IntegrityError:
            if not await ComplaintSupporter.exists(complaint_id=complaint.id, resident_id=resident_id):
                raise
    return complaint


async def _may_follow(resident_id: int, facts: Facts) -> bool:
    return access.may_follow(Viewer(resident_id, tuple(await grants_of(resident_id))), facts)


async def recipients(complaint: Complaint) -> list[Recipient]:
    """Who hears this complaint's news: the reporter (on the channel they filed by), then each
    supporter in the order they joined (on the channel they joined by), each once."""
    found = []
    if complaint.reporter_id is not None:
        found.append(Recipient(complaint.reporter_id, complaint.channel, "", supporter=False))
    rows = await ComplaintSupporter.filter(complaint_id=complaint.id).order_by("id")
    if not rows:
        return found
    place = await Area.get(id=complaint.area_id)
    facts = Facts(place.code, complaint.visibility, complaint.reporter_id)
    for row in rows:
        if row.resident_id == complaint.reporter_id or not await _may_follow(row.resident_id, facts):
            continue  # already told as the reporter (a merge); a ketua RT it is not meant for
        found.append(Recipient(row.resident_id, row.channel, f":supporter:{row.resident_id}", supporter=True))
    return found


async def following(complaint_id: int) -> frozenset[int]:
    """The residents who hear this complaint's news: its reporter and its supporters."""
    reporter = await Complaint.filter(id=complaint_id).values_list("reporter_id", flat=True)
    return frozenset({r for r in reporter if r is not None}) | await supporter_ids(complaint_id)


async def move(duplicate: Complaint, original_id: int, now: datetime) -> None:
    """A duplikat's reporter and supporters become supporters of its original (each on the
    channel they hear from now), unless they already follow it or may not (`may_follow`)."""
    original = await Complaint.get(id=original_id)
    place = await Area.get(id=original.area_id)
    facts = Facts(place.code, original.visibility, original.reporter_id)
    taken = await following(original.id)
    movers: dict[int, str] = {}
    if duplicate.reporter_id is not None:
        movers[duplicate.reporter_id] = duplicate.channel
    for row in await ComplaintSupporter.filter(complaint_id=duplicate.id).order_by("id"):
        movers.setdefault(row.resident_id, row.channel)
    for resident_id, channel in movers.items():
        if resident_id in taken or not await _may_follow(resident_id, facts):
            continue
        try:
            async with in_transaction():  # a savepoint: one who joined it this very moment stays once
                await ComplaintSupporter.create(complaint_id=original.id, resident_id=resident_id, channel=channel, created_at=now)
        except IntegrityError:
            if not await ComplaintSupporter.exists(complaint_id=original.id, resident_id=resident_id):
                raise
