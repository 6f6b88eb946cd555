"""The complaint service: filing, looking up, listing, status changes, replies and identity views.

Chat flows, the command line and the coming dashboard call these functions and nothing below
them. Each takes the `Viewer` asking (`access.py`); a complaint the viewer may not see is
answered exactly like one that does not exist (`NotFound`, or None from `lookup`), so a ticket
from another area or another resident tells nothing. Every status change and public reply
queues a message to the reporter on the channel they filed by, and the same words to each
supporter on theirs (outbox, priority REPLY, one per event and recipient: `supporters.py`); a
new complaint tells the ketua RT of its RT unless it is not meant for them. Marking one duplikat
makes its reporter and supporters supporters of the original. Texts are Indonesian whole
sentences through the catalogs; the status word is always written as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Case, Q, Subquery, When
from tortoise.transactions import in_transaction

from handlers.announcements.audience import best, reachable
from handlers.complaints import access, categories, deadlines, fixed, lifecycle, supporters
from handlers.complaints.access import Facts, Sight, Viewer
from handlers.complaints.tickets import new_ticket, parse_ticket, shown
from handlers.messages import Priority
from handlers.outbox.queue import enqueue
from handlers.residents.identity import mask
from handlers.texts import Texts, Translate
from models import (
    Area,
    AreaLevel,
    Complaint,
    ComplaintEvent,
    ComplaintFeedback,
    ComplaintStatus,
    ComplaintSupporter,
    FixedAnswer,
    Identity,
    IdentityView,
    Resident,
    Role,
    RoleKind,
    Visibility,
)

#: a description is kept up to this many characters; the resident is told when it was cut
MAX_DESCRIPTION = 2000
#: complaints one resident may file in 24 hours (setting COMPLAINTS_PER_DAY)
DAILY_LIMIT = 5
#: tries at a free ticket before a longer one is drawn (5 characters: 28 million tickets)
_TICKET_TRIES = 5
#: how much of the description the ketua RT's notice quotes (it may go by SMS)
_QUOTE = 100


class ComplaintError(Exception):
    """Filing refused: `why` is a code, `text(t)` the reason for the resident."""

    def __init__(self, why: str, **params: object) -> None:
        super().__init__(why)
        self.why, self.params = why, params

    def text(self, t: Texts) -> str:
        if self.why == "empty":
            return t._("Isi laporan masih kosong. Tuliskan apa yang terjadi.")
        if self.why == "limit":
            return t._("Anda sudah mengirim {n} laporan dalam 24 jam terakhir. Coba lagi besok.", n=self.params["n"])
        if self.why == "place":
            return t._("Tempat kejadian belum jelas: daftarkan RT Anda dulu (ketik DAFTAR) atau sebutkan RT-nya.")
        return t._("Kategori laporan itu tidak dikenal.")


class NotFound(Exception):
    """No such ticket, or one this viewer may not see: the same answer for both."""

    def __init__(self, ticket: str) -> None:
        super().__init__("not found")
        self.ticket = ticket

    def text(self, t: Texts) -> str:
        return t._("Laporan {ticket} tidak ditemukan.", ticket=shown(self.ticket))


@dataclass(frozen=True, slots=True)
class Reporter:
    name: str | None
    #: their identity on the channel they filed by, masked (`sms:+628******0001`)
    masked: str


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: datetime
    from_status: ComplaintStatus | None
    to_status: ComplaintStatus | None
    #: `operator`, `system`, `pelapor` (the reporter), `petugas` (an officer) or `-` (erased)
    actor: str
    note: str | None
    public: bool


@dataclass(frozen=True, slots=True)
class FeedbackLine:
    """One answer to "Sudah beres?" (feedback.py): the rating after `ya`; the comment only for
    those who may act on the complaint."""

    at: datetime
    answer: FixedAnswer
    rating: int | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class ComplaintView:
    """One complaint as a viewer may see it."""

    ticket: str  # stored form, no `#`
    status: ComplaintStatus
    category: str
    category_label: str
    description: str
    description_cut: bool
    visibility: Visibility
    place: str  # the RT's code
    place_name: str
    landmark: str | None
    latitude: float | None
    longitude: float | None
    has_photo: bool
    channel: str
    handler: str | None
    duplicate_of: str | None
    created_at: datetime
    updated_at: datetime
    #: who sent it, when this viewer may see it with the complaint
    reporter: Reporter | None
    #: may ask who sent it (petugas_data), each time audited
    may_reveal: bool
    may_act: bool
    #: may see the reporter's full number to call them (the handling officer, not anonim; audited)
    may_unmask: bool = False
    #: how many residents joined it instead of filing the same again
    supporters: int = 0
    #: this viewer sees it only as a supporter: no description, landmark, photo or pin
    supporting: bool = False
    history: tuple[HistoryLine, ...] = field(default=())
    #: for the reporter: when an officer looked at who they are
    identity_viewed: tuple[datetime, ...] = field(default=())
    #: the next deadline (None once closed): `deadlines.Due(stage, at)`
    due: deadlines.Due | None = None
    #: answers to "Sudah beres?", oldest first (with the history only)
    feedback: tuple[FeedbackLine, ...] = field(default=())
    #: times a resident's "belum" / "sebagian" reopened it
    reopened: int = 0
    #: open and past its deadline when it was read
    overdue: bool = False

    @property
    def open(self) -> bool:
        return self.status in lifecycle.OPEN


@dataclass(frozen=True, slots=True)
class Filed:
    complaint: Complaint
    #: the description was longer than MAX_DESCRIPTION and was cut
    cut: bool


# --- filing -----------------------------------------------------------------------------------


async def file(
    reporter_id: int,
    *,
    category: str,
    description: str,
    channel: str,
    now: datetime,
    translate: Translate,
    visibility: Visibility = Visibility.BIASA,
    area_id: int | None = None,
    landmark: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    photo: str | None = None,
    daily_limit: int = DAILY_LIMIT,
) -> Filed:
    """File a complaint for a resident; its place is `area_id` (an RT) or else their own RT.
    Raises ComplaintError (empty, limit, place, category). Tells the ketua RT when they may see it."""
    text = (description or "").strip()
    if not text:
        raise ComplaintError("empty")
    if categories.category(category) is None:
        raise ComplaintError("category")
    await check_limit(reporter_id, now, daily_limit)
    resident = await Resident.get(id=reporter_id)
    place = await Area.get_or_none(id=area_id if area_id is not None else resident.area_id or 0)
    if place is None or place.level is not AreaLevel.RT:
        raise ComplaintError("place")
    handler_code = categories.handler_code(place.code, category)
    handler = await Area.get_or_none(code=handler_code) if handler_code else None
    cut = len(text) > MAX_DESCRIPTION
    due = deadlines.due(ComplaintStatus.DITERIMA, category, now, place.code, place.timezone)
    async with in_transaction():
        complaint = await _create(
            category=category, description=text[:MAX_DESCRIPTION], description_cut=cut, visibility=visibility,
            reporter_id=reporter_id, area_id=place.id, landmark=(landmark or "").strip()[:200] or None,
            latitude=latitude, longitude=longitude, photo=photo, channel=channel,
            handler_id=handler.id if handler else None, created_at=now, updated_at=now,
            counted_from=now, due_at=due.at if due else None, due_stage=due.stage if due else None,
        )  # fmt: skip
        await ComplaintEvent.create(
            complaint=complaint, at=now, from_status=None, to_status=ComplaintStatus.DITERIMA,
            actor="resident", actor_resident_id=reporter_id, public=True,
        )  # fmt: skip
        if visibility is not Visibility.BUKAN_KETUA:
            await _tell_ketua(complaint, place, now, translate)
    return Filed(complaint, cut)


async def check_limit(reporter_id: int, now: datetime, daily_limit: int = DAILY_LIMIT) -> None:
    """ComplaintError("limit") when the resident filed `daily_limit` complaints in the last 24 hours
    (chat asks this first, so nobody answers questions for a complaint that cannot be filed)."""
    filed = await Complaint.filter(reporter_id=reporter_id, created_at__gt=now - timedelta(hours=24)).count()
    if filed >= daily_limit:
        raise ComplaintError("limit", n=filed)


async def _create(**values) -> Complaint:
    """A new complaint under a fresh ticket (a taken one is drawn again, then longer)."""
    for attempt in range(_TICKET_TRIES * 3):
        ticket = new_ticket(5 + attempt // _TICKET_TRIES)
        try:
            async with in_transaction():  # a savepoint: a taken ticket must not spoil the caller's transaction
                return await Complaint.create(ticket=ticket, **values)
        except IntegrityError:
            if not await Complaint.exists(ticket=ticket):
                raise
    raise RuntimeError("no free complaint ticket")


# --- reading ----------------------------------------------------------------------------------


def _facts(complaint: Complaint, place: Area, supported_by: frozenset[int] = frozenset()) -> Facts:
    return Facts(place.code, complaint.visibility, complaint.reporter_id, supported_by)


async def _visible(viewer: Viewer, text: str) -> tuple[Complaint, Area, Facts]:
    """The complaint behind a ticket as typed, when this viewer may see it; NotFound otherwise."""
    ticket = parse_ticket(text)
    complaint = await Complaint.get_or_none(ticket=ticket) if ticket else None
    if complaint is None:
        raise NotFound(ticket or text.strip().removeprefix("#").upper()[:8])
    place = await Area.get(id=complaint.area_id)
    facts = _facts(complaint, place, await supporters.supporter_ids(complaint.id))
    if not access.may_see(viewer, facts):
        raise NotFound(ticket)
    return complaint, place, facts


async def lookup(viewer: Viewer, ticket: str) -> ComplaintView | None:
    """The complaint as this viewer may see it; None for a missing ticket and for one they may not see."""
    try:
        complaint, place, facts = await _visible(viewer, ticket)
    except NotFound:
        return None
    return await _view(viewer, complaint, place, facts, history=True)


def overdue(now: datetime) -> Q:
    """Open complaints whose deadline has passed, as a query filter (no deadline: never overdue)."""
    return Q(status__in=lifecycle.OPEN, due_at__lt=now)


async def listing(
    viewer: Viewer, *, area: str | None = None, status: ComplaintStatus | None = None, open_only: bool = False,
    mine: bool = False, overdue_only: bool = False, now: datetime | None = None,
) -> list[ComplaintView]:  # fmt: skip
    """Complaints this viewer may see, overdue ones first, then oldest first; within `area`
    (sub-areas included), of one status, only the open ones, or only the overdue ones (as of
    `now`, default the wall clock); `mine`: only those they filed or support. A resident without
    roles gets their own and those they support. Without history; a fixed number of queries
    however long the list."""
    now = now or datetime.now(UTC)
    query = Complaint.all()
    if mine:
        joined = ComplaintSupporter.filter(resident_id=viewer.resident_id or 0).values("complaint_id")
        query = query.filter(Q(reporter_id=viewer.resident_id or 0) | Q(id__in=Subquery(joined)))
    if area is not None:
        code = area.strip().upper()
        query = query.filter(Q(area__code=code) | Q(area__code__startswith=code + "."))
    if status is not None:
        query = query.filter(status=status)
    elif open_only:
        query = query.filter(status__in=lifecycle.OPEN)
    if overdue_only:
        query = query.filter(overdue(now))
    seen = access.seen_by(viewer)
    if seen is not None:
        query = query.filter(seen)
    # overdue first, sorted by the database (a CASE both SQLite and PostgreSQL read alike; its
    # values are text because PostgreSQL takes an untyped CASE parameter for text)
    query = query.annotate(late_last=Case(When(overdue(now), then="0"), default="1"))
    rows = await query.order_by("late_last", "created_at", "id")
    places = await _areas({c.area_id for c in rows} | {c.handler_id for c in rows if c.handler_id})
    originals = dict(
        await Complaint.filter(id__in={c.duplicate_of_id for c in rows if c.duplicate_of_id}).values_list("id", "ticket")
    )
    supported = await supporters.of(query) if rows else {}
    visible = [(c, _facts(c, places[c.area_id], supported.get(c.id, frozenset()))) for c in rows]
    visible = [(c, facts) for c, facts in visible if access.may_see(viewer, facts)]
    # complaints whose reporter this viewer sees with them (by complaint: one resident may file
    # a biasa and an anonim one)
    plain = {c.id for c, facts in visible if c.reporter_id and access.reporter_sight(viewer, facts) is Sight.PLAIN}
    reporters = {c.reporter_id for c, _ in visible if c.id in plain}
    names = dict(await Resident.filter(id__in=reporters).values_list("id", "name")) if reporters else {}
    identities = await _reachable_many(reporters)
    views = []
    for complaint, facts in visible:
        reporter = None
        if complaint.id in plain:
            identity = best(identities.get(complaint.reporter_id, []), complaint.channel)
            reporter = Reporter(names.get(complaint.reporter_id), mask(identity))
        views.append(
            _make_view(viewer, complaint, places[complaint.area_id], facts, reporter=reporter,
                       handler=places.get(complaint.handler_id), original=originals.get(complaint.duplicate_of_id), now=now)
        )  # fmt: skip
    return views


async def _areas(ids: set[int]) -> dict[int, Area]:
    return {a.id: a for a in await Area.filter(id__in=ids)} if ids else {}


async def _view(viewer: Viewer, complaint: Complaint, place: Area, facts: Facts, *, history: bool) -> ComplaintView:
    sight = access.reporter_sight(viewer, facts)
    reporter = await _reporter(complaint) if sight is Sight.PLAIN else None
    lines: tuple[HistoryLine, ...] = ()
    answers: tuple[FeedbackLine, ...] = ()
    if history:
        acts = access.may_act(viewer, facts)
        events = ComplaintEvent.filter(complaint_id=complaint.id)
        if not acts:
            events = events.filter(public=True)
        lines = tuple(_line(e, complaint) for e in await events.order_by("at", "id"))
        answers = tuple(
            FeedbackLine(f.at, f.answer, f.rating, f.comment if acts else None)
            for f in await ComplaintFeedback.filter(complaint_id=complaint.id).order_by("at", "id")
        )
    viewed: tuple[datetime, ...] = ()
    if viewer.resident_id is not None and viewer.resident_id == complaint.reporter_id:
        viewed = tuple(await IdentityView.filter(complaint_id=complaint.id).order_by("at").values_list("at", flat=True))
    handler = await Area.get_or_none(id=complaint.handler_id) if complaint.handler_id else None
    original = await Complaint.get_or_none(id=complaint.duplicate_of_id) if complaint.duplicate_of_id else None
    return _make_view(viewer, complaint, place, facts, reporter=reporter, handler=handler,
                      original=original.ticket if original else None, history=lines, viewed=viewed,
                      feedback=answers)  # fmt: skip


def _make_view(
    viewer: Viewer, complaint: Complaint, place: Area, facts: Facts, *, reporter: Reporter | None,
    handler: Area | None, original: str | None, history: tuple[HistoryLine, ...] = (), viewed: tuple[datetime, ...] = (),
    feedback: tuple[FeedbackLine, ...] = (), now: datetime | None = None,
) -> ComplaintView:  # fmt: skip
    item = categories.category(complaint.category)
    now = now or datetime.now(UTC)
    due = deadlines.current(complaint, place)
    # a supporter learns the matter's category, place, status and public history, nothing that may
    # say who wrote it: the offer showed them no text, and joining is no way to read it
    hide = access.only_supports(viewer, facts)
    return ComplaintView(
        ticket=complaint.ticket, status=complaint.status, category=complaint.category,
        category_label=item.label if item else complaint.category, description="" if hide else complaint.description,
        description_cut=complaint.description_cut and not hide, visibility=complaint.visibility, place=place.code,
        place_name=place.name, landmark=None if hide else complaint.landmark,
        latitude=None if hide else complaint.latitude, longitude=None if hide else complaint.longitude,
        has_photo=complaint.photo is not None and not hide, channel=complaint.channel,
        handler=handler.code if handler else None, duplicate_of=original,
        created_at=complaint.created_at, updated_at=complaint.updated_at, reporter=reporter,
        may_reveal=access.reporter_sight(viewer, facts) is Sight.AUDITED, may_act=access.may_act(viewer, facts),
        may_unmask=access.may_unmask(viewer, facts), supporters=len(facts.supporters), supporting=hide,
        history=history, identity_viewed=viewed, due=due, feedback=feedback, reopened=complaint.reopened,
        overdue=due is not None and due.at < now,
    )  # fmt: skip


def _line(event: ComplaintEvent, complaint: Complaint) -> HistoryLine:
    if event.actor != "resident":
        actor = event.actor
    elif event.actor_resident_id is None:
        actor = "-"
    else:
        actor = "pelapor" if event.actor_resident_id == complaint.reporter_id else "petugas"
    return HistoryLine(event.at, event.from_status, event.to_status, actor, event.note, event.public)


async def _reporter(complaint: Complaint) -> Reporter | None:
    if complaint.reporter_id is None:
        return None
    resident = await Resident.get_or_none(id=complaint.reporter_id)
    identity = await reachable(complaint.reporter_id, complaint.channel)
    return Reporter(resident.name if resident else None, mask(identity))


async def reveal_reporter(viewer: Viewer, ticket: str, *, reason: str, now: datetime) -> Reporter | None:
    """Who sent it, for a viewer who may see them (petugas_data: every view audited, anonymous
    complaints included); None when it is no longer known (erased). NotFound when the viewer may
    not see the complaint; PermissionError when they may not see who."""
    complaint, _, facts = await _visible(viewer, ticket)
    sight = access.reporter_sight(viewer, facts)
    if sight is Sight.NONE:
        raise PermissionError("may not see who sent this complaint")
    if sight is Sight.AUDITED:
        await _audit(viewer, complaint, "identity", reason, now)
    return await _reporter(complaint)


async def unmask_number(viewer: Viewer, ticket: str, *, reason: str, now: datetime) -> str | None:
    """The reporter's full identity for the handling officer to call them (not for an anonymous
    complaint): their phone number (`sms:+62…`) when they have one, else their best chat
    identity; None when erased. Audited. NotFound / PermissionError as
    `reveal_reporter`."""
    complaint, _, facts = await _visible(viewer, ticket)
    if not access.may_unmask(viewer, facts):
        raise PermissionError("may not unmask this reporter's number")
    await _audit(viewer, complaint, "number", reason, now)
    if complaint.reporter_id is None:
        return None
    return await reachable(complaint.reporter_id, "sms")


async def _audit(viewer: Viewer, complaint: Complaint, what: str, reason: str, now: datetime) -> None:
    await IdentityView.create(
        complaint=complaint, viewer_kind="operator" if viewer.operator else "resident",
        viewer_id=viewer.resident_id, what=what, reason=(reason or "").strip()[:200] or "-", at=now,
    )  # fmt: skip


# --- acting -----------------------------------------------------------------------------------


async def change_status(
    viewer: Viewer,
    ticket: str,
    target: ComplaintStatus,
    *,
    now: datetime,
    translate: Translate,
    note: str | None = None,
    public: bool = True,
    duplicate_of: str | None = None,
    forward_to: str | None = None,
) -> Complaint:
    """Move a complaint (and record any stages the move skips), then tell the reporter.
    NotFound when the viewer may not see it or not act on it; lifecycle.Refused when the move is
    not allowed (the reason in `text(t)`)."""
    note = (note or "").strip() or None
    async with in_transaction():
        complaint, place, facts = await _visible(viewer, ticket)
        if not access.may_act(viewer, facts):
            raise NotFound(complaint.ticket)
        complaint = await Complaint.select_for_update().get(id=complaint.id)  # one change at a time
        current = complaint.status
        path = lifecycle.steps(current, target, note=note, duplicate_of=duplicate_of)
        if target is ComplaintStatus.DUPLIKAT:
            complaint.duplicate_of_id = await _original(viewer, complaint, duplicate_of or "", current)
        if target is ComplaintStatus.DITERUSKAN and forward_to:
            code = forward_to.strip().upper()
            handler = await Area.get_or_none(code=code)
            if handler is None or not place.code.startswith(code + ".") or handler.level is AreaLevel.RT:
                raise lifecycle.Refused("forward_to", current, target)
            complaint.handler_id = handler.id
        actor = _actor(viewer)
        last = None
        for status in path:
            last = await ComplaintEvent.create(
                complaint=complaint, at=now, from_status=current, to_status=status, note=note if status is target else None,
                public=public or status is not target, **actor,
            )  # fmt: skip
            current = status
        complaint.status = target
        complaint.updated_at = now
        deadlines.refresh(complaint, place)  # the next stage's deadline, or none once closed
        if target in lifecycle.CLOSED:
            complaint.closed_at = now
        await complaint.save()
        if target is ComplaintStatus.DUPLIKAT:  # its people now hear the original's news
            await supporters.move(complaint, complaint.duplicate_of_id, now)
        await _tell_reporter(complaint, last, translate, now)
    return complaint


async def _original(viewer: Viewer, complaint: Complaint, ticket: str, current: ComplaintStatus) -> int:
    try:
        original, _, _ = await _visible(viewer, ticket)
    except NotFound:
        raise lifecycle.Refused("original_unknown", current, ComplaintStatus.DUPLIKAT) from None
    if original.id == complaint.id:
        raise lifecycle.Refused("original_self", current, ComplaintStatus.DUPLIKAT)
    return original.id


async def reply(
    viewer: Viewer, ticket: str, text: str, *, now: datetime, translate: Translate, public: bool = True
) -> ComplaintEvent:
    """An officer's reply (public: sent to the reporter) or internal note. NotFound as `change_status`."""
    text = (text or "").strip()
    if not text:
        raise ValueError("empty reply")
    async with in_transaction():
        complaint, _, facts = await _visible(viewer, ticket)
        if not access.may_act(viewer, facts):
            raise NotFound(complaint.ticket)
        event = await ComplaintEvent.create(
            complaint=complaint, at=now, from_status=None, to_status=None, note=text, public=public, **_actor(viewer)
        )
        await Complaint.filter(id=complaint.id).update(updated_at=now)
        if public:
            await _tell_reporter(complaint, event, translate, now)
    return event


def _actor(viewer: Viewer) -> dict:
    if viewer.operator:
        return {"actor": "operator", "actor_resident_id": None}
    return {"actor": "resident", "actor_resident_id": viewer.resident_id}


# --- notifications ----------------------------------------------------------------------------


async def _reachable_many(resident_ids: set[int]) -> dict[int, list[tuple[str, str]]]:
    """Each resident's active identities, (value, channel) in the order `best` expects."""
    rows = await Identity.filter(resident_id__in=resident_ids, active=True).order_by("id").values_list(
        "resident_id", "value", "channel"
    ) if resident_ids else []  # fmt: skip
    found: dict[int, list[tuple[str, str]]] = {}
    for resident_id, value, channel in rows:
        found.setdefault(resident_id, []).append((value, channel))
    return found


def office_label(t: Texts, level: str, name: str) -> str:
    """`Kelurahan Mayang Mangurai`: the office's name with its level, unless the name has it."""
    word = {
        AreaLevel.KELURAHAN.value: t._("Kelurahan"),
        AreaLevel.KECAMATAN.value: t._("Kecamatan"),
        AreaLevel.KOTA.value: t._("Kota"),
    }.get(level, "")
    if not word or name.lower().startswith(word.lower()):
        return name
    return f"{word} {name}"


def status_text(t: Texts, ticket: str, status: ComplaintStatus, note: str | None, office: str | None, original: str | None) -> str:
    """What the reporter reads when their complaint moves (the status word as it is)."""
    code, word = shown(ticket), status.value
    if status is ComplaintStatus.DIVERIFIKASI:
        text = t._("Laporan {ticket} sudah diperiksa petugas (status: {status}).", ticket=code, status=word)
    elif status is ComplaintStatus.DIPROSES:
        text = t._("Laporan {ticket} sedang ditangani (status: {status}).", ticket=code, status=word)
    elif status is ComplaintStatus.DITERUSKAN:
        text = t._("Laporan {ticket} diteruskan ke {office} (status: {status}). Alasan: {reason}",
                   ticket=code, office=office or t._("instansi yang berwenang"), status=word, reason=note or "-")  # fmt: skip
        note = None
    elif status is ComplaintStatus.SELESAI:
        text = t._("Laporan {ticket} sudah selesai ditangani (status: {status}).", ticket=code, status=word)
    elif status is ComplaintStatus.DITOLAK:
        text = t._("Laporan {ticket} tidak dapat ditindaklanjuti (status: {status}). Alasan: {reason}",
                   ticket=code, status=word, reason=note or "-")  # fmt: skip
        note = None
    elif status is ComplaintStatus.DUPLIKAT:
        text = t._("Laporan {ticket} sama dengan laporan {original} dan ditangani bersama laporan itu (status: {status}).",
                   ticket=code, original=shown(original or ""), status=word)  # fmt: skip
    else:
        text = t._("Laporan {ticket} sudah kami terima (status: {status}).", ticket=code, status=word)
    if note:
        text += " " + t._("Catatan petugas: {note}", note=note)
    return _sentence(text) + " " + t._("Ketik CEK {code} untuk melihat riwayatnya.", code=ticket)


def _sentence(text: str) -> str:
    """An officer's words end a sentence before ours begins."""
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True, slots=True)
class _News:
    """What every recipient's copy of one event's notice is made from (read once per event)."""

    complaint: Complaint
    event: ComplaintEvent
    office: Area | None
    original: Complaint | None
    #: for a duplikat: who hears the original's news now (its reporter and supporters)
    following: frozenset[int]


async def _tell_reporter(complaint: Complaint, event: ComplaintEvent | None, translate: Translate, now: datetime) -> None:
    """Queue the news of one event to the reporter, then to each supporter, word for word, each on
    their own channel (`supporters.recipients`; one outbox row per event and recipient)."""
    if event is None:
        return
    office = await Area.get_or_none(id=complaint.handler_id) if complaint.handler_id else None
    original = await Complaint.get_or_none(id=complaint.duplicate_of_id) if complaint.duplicate_of_id else None
    following = await supporters.following(original.id) if original and event.to_status is ComplaintStatus.DUPLIKAT else frozenset()
    news = _News(complaint, event, office, original, following)
    for recipient in await supporters.recipients(complaint):
        await _tell(recipient, news, translate, now)


async def _tell(recipient: supporters.Recipient, news: _News, translate: Translate, now: datetime) -> None:
    """One recipient's copy of an event's notice (what a notice adds per recipient goes here)."""
    complaint, event = news.complaint, news.event
    identity = await reachable(recipient.resident_id, recipient.channel)
    resident = await Resident.get_or_none(id=recipient.resident_id)
    if identity is None or resident is None:
        return
    t = translate(resident.locale or "id")
    options: tuple = ()
    if event.to_status is None:
        text = t._("Balasan petugas untuk laporan {ticket}: {text}", ticket=shown(complaint.ticket), text=event.note or "")
        text = _sentence(text) + " " + t._("Ketik CEK {code} untuk melihat riwayatnya.", code=complaint.ticket)
    else:
        office, original = news.office, news.original

        def compose(note: str | None) -> str:
            return status_text(t, complaint.ticket, event.to_status, note,
                               office_label(t, office.level.value, office.name) if office else None,
                               original.ticket if original else None)  # fmt: skip

        text = compose(event.note if event.public else None)
        if original is not None and recipient.resident_id in news.following:
            text += " " + t._("Kabar laporan {original} selanjutnya juga kami kirim ke Anda.", original=shown(original.ticket))
        if event.to_status is ComplaintStatus.SELESAI:  # "Sudah beres?", answerable for 14 days
            question, options = await fixed.ask(recipient.resident_id, complaint.ticket, t, now)
            text = fixed.fitting(t, identity, lambda note: compose(note) + " " + question,
                                 event.note if event.public else None, options)  # fmt: skip
    await enqueue(
        identity, text, created_at=now, options=options, priority=Priority.REPLY, cause_type="complaint",
        cause_id=str(complaint.id),
        dedupe_key=f"complaint:{complaint.id}:event:{event.id}{recipient.key}", resident_id=recipient.resident_id,
        locale=resident.locale or "id",
    )  # fmt: skip


async def _tell_ketua(complaint: Complaint, place: Area, now: datetime, translate: Translate) -> None:
    """A new complaint the ketua RT may see: tell them, on their channel, never who sent it."""
    heads = await Role.filter(area_id=place.id, kind=RoleKind.KETUA_RT).values_list("resident_id", flat=True)
    item = categories.category(complaint.category)
    quote = complaint.description if len(complaint.description) <= _QUOTE else complaint.description[: _QUOTE - 3] + "..."
    for head in dict.fromkeys(heads):
        if head == complaint.reporter_id:
            continue
        identity = await reachable(head)
        resident = await Resident.get_or_none(id=head)
        if identity is None or resident is None:
            continue
        t = translate(resident.locale or "id")
        text = t._(
            "Ada laporan warga baru di {rt}: {ticket}, {category} (status: {status}). Isinya: \"{quote}\"",
            rt=place.name, ticket=shown(complaint.ticket), category=item.label if item else complaint.category,
            status=complaint.status.value, quote=quote,
        )  # fmt: skip
        await enqueue(
            identity, text, created_at=now, priority=Priority.REPLY, cause_type="complaint",
            cause_id=str(complaint.id), dedupe_key=f"complaint:{complaint.id}:new:{head}", resident_id=head,
            locale=resident.locale or "id",
        )  # fmt: skip
