"""Announcements: compose, preview, send now, schedule, cancel, and count what happened.

Every way of announcing (the chat flow, `kabarrt broadcast`) goes through `compose`, which asks
handlers/announcements/audience.py what the author may reach, so an RT head can never reach another RT.
Rights are asked again when it is sent or scheduled (a role may be taken back after the preview):
the chat passes the author's roles of the moment, the clock the author's roles at the time it
fires, and only the command line passes `OPERATOR`. What may no longer go out is cancelled, and
its author told why.
Sending creates one outbox row per resident (on the channel they use, Telegram first) and per
linked group, keyed `ann:<id>:…` so a send that is repeated after a crash adds nothing. When a
Telegram row fails for good (blocked, deactivated), `fall_back` queues the same text by SMS to
that resident, once. The delivery figures are counts over those outbox rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from content.library import library
from handlers.announcements import audience
from handlers.announcements.audience import OPERATOR, Operator, Rights
from handlers.messages import Priority
from handlers.outbox import jobs, sms
from handlers.outbox.queue import enqueue
from handlers.residents import service as residents
from handlers.texts import Translate
from models import Announcement, AnnouncementStatus, Area, OutboxMessage, OutboxStatus, Resident

MAX_TEXT = 1000
CAUSE = "announcement"
#: the cause of the notice to an author whose announcement was not sent
REFUSED = "announcement_refused"
_BATCH = 500
#: job kinds, run by the clock (bot/clock/announcements.py): a scheduled send, and the author's summary
SEND_JOB, SUMMARY_JOB = "announcement", "announcement_summary"
#: when the author hears how it went (a resident's phone may be off for a while)
SUMMARY_AFTER = timedelta(minutes=15)


class NotAllowed(Exception):
    """The author may not reach that target; the message says why (for a 4xx or a reply)."""


class Invalid(ValueError):
    """Empty or too long text, a time in the past, an unknown target."""


@dataclass(frozen=True, slots=True)
class Target:
    """An area code or a program id (with the areas where it runs)."""

    area: str | None = None
    program: str | None = None
    program_areas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Preview:
    telegram: int
    sms: int
    groups: int
    segments: int
    encoding: str

    @property
    def recipients(self) -> int:
        return self.telegram + self.sms

    def cost(self, per_segment: int) -> int:
        return self.sms * self.segments * per_segment


@dataclass(frozen=True, slots=True)
class Progress:
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    pending: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.delivered + self.failed + self.pending + self.cancelled


async def compose(
    *,
    grants: Rights | None,
    target: Target,
    text: str,
    now: datetime,
    author_id: int | None = None,
    author_identity: str | None = None,
    media: dict | None = None,
) -> Announcement:
    """A draft the author may send (`OPERATOR`: anywhere; None: nowhere). Raises NotAllowed / Invalid."""
    text = (text or "").strip()
    if not text:
        raise Invalid("the announcement has no text")
    if len(text) > MAX_TEXT:
        raise Invalid(f"the announcement is {len(text)} characters; at most {MAX_TEXT}")
    area = None
    if target.area is not None:
        area = await Area.get_or_none(code=target.area)
        if area is None:
            raise Invalid(f"no area with code {target.area!r}")
    elif not target.program:
        raise Invalid("an announcement needs an area or a program")
    elif not target.program_areas:
        raise Invalid(f"program {target.program!r} runs in no known area")
    reach = audience.scope(grants, area=target.area, program_areas=target.program_areas)
    if not reach:
        raise NotAllowed("you may only announce to the areas you are responsible for")
    return await Announcement.create(
        author_id=author_id, author_identity=author_identity, area_id=area.id if area else None,
        program_id=target.program, scope=list(reach), text=text, media=media, created_at=now,
    )  # fmt: skip


def headline(t, place: str) -> str:
    return t._("Pengumuman {place}:", place=place)


async def place_of(announcement: Announcement) -> str:
    """What the headline names: the area, or the program."""
    if announcement.area_id is not None:
        return await residents.place_of(announcement.area_id) or "-"
    program = library().programs.get(announcement.program_id or "")
    return program.name if program else announcement.program_id or "-"


async def preview(announcement: Announcement, translate: Translate) -> Preview:
    """Who it would reach now, and what one SMS of it costs in segments."""
    reach = await audience.audience(announcement.scope)
    body = message_text(translate("id"), await place_of(announcement), announcement.text)
    count, encoding = sms.segments(sms.plain(body))  # as the SMS channel will send it
    return Preview(reach.count("telegram") + reach.count("shell"), reach.count("sms"), len(reach.groups), count, encoding)


def message_text(t, place: str, text: str) -> str:
    return f"{headline(t, place)}\n{text}"


def send_key(announcement_id: int) -> str:
    return f"announcement:{announcement_id}"


def check_rights(announcement: Announcement, grants: Rights | None) -> None:
    """NotAllowed unless these rights still reach every area it was composed for."""
    if not audience.may_reach(grants, announcement.scope):
        raise NotAllowed("the author may no longer announce to these areas")


async def send_now(announcement: Announcement, now: datetime, translate: Translate, grants: Rights | None) -> int:
    """Create its outbox rows and arm the author's summary; returns the rows added. Raises
    NotAllowed (nothing sent) when `grants` no longer reach its areas."""
    check_rights(announcement, grants)
    added = await deliver(announcement.id, now, translate)
    if announcement.author_identity:
        await jobs.schedule(
            f"announcement-summary:{announcement.id}", SUMMARY_JOB, now + SUMMARY_AFTER,
            {"announcement": announcement.id}, now=now,
        )  # fmt: skip
    return added


async def schedule(announcement: Announcement, at: datetime, now: datetime, grants: Rights | None) -> None:
    """Send it at `at` (the clock runs the job); cancellable until sending starts. The job
    remembers only whether the operator scheduled it: anyone else's rights are asked again then."""
    check_rights(announcement, grants)
    if at <= now:
        raise Invalid("that time has already passed")
    updated = await Announcement.filter(
        id=announcement.id, status__in=(AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED)
    ).update(status=AnnouncementStatus.SCHEDULED, send_at=at)
    if not updated:
        raise Invalid("it is already being sent or was cancelled")
    announcement.status, announcement.send_at = AnnouncementStatus.SCHEDULED, at
    payload = {"announcement": announcement.id, "operator": isinstance(grants, Operator)}
    await jobs.schedule(send_key(announcement.id), SEND_JOB, at, payload, now=now)


async def send_scheduled(
    announcement_id: int, now: datetime, translate: Translate, *, operator: bool | None
) -> int:
    """The clock's send: with the operator's trust if the operator scheduled it, else with what
    its author holds now (nothing, once the author is gone). Returns the rows queued.

    `operator` is None for a job scheduled before jobs said who scheduled them: then only the
    operator's announcement has no author at all (erasing an author deletes what they had not
    sent yet), so an authorless one keeps the operator's trust instead of being dropped."""
    announcement = await Announcement.get_or_none(id=announcement_id)
    if announcement is None or announcement.status is AnnouncementStatus.CANCELLED:
        return 0
    if operator is None:
        operator = announcement.author_id is None and not announcement.author_identity
    if operator:
        grants: Rights = OPERATOR
    else:
        grants = await audience.grants_of(announcement.author_id) if announcement.author_id is not None else []
    try:
        return await send_now(announcement, now, translate, grants)
    except NotAllowed:
        return await withdraw(announcement, now, translate)


async def withdraw(announcement: Announcement, now: datetime, translate: Translate) -> int:
    """Cancel what its author may no longer send, and tell them why; returns the rows queued."""
    await Announcement.filter(
        id=announcement.id, status__in=(AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED)
    ).update(status=AnnouncementStatus.CANCELLED)
    if not announcement.author_identity:
        return 0
    locale = await author_locale(announcement)
    row = await enqueue(
        announcement.author_identity, refusal_text(translate(locale), announcement.id, await place_of(announcement)),
        created_at=now, priority=Priority.REPLY, locale=locale, cause_type=REFUSED, cause_id=str(announcement.id),
        dedupe_key=f"{REFUSED}:{announcement.id}", resident_id=announcement.author_id,
    )  # fmt: skip
    return int(row is not None)


async def author_locale(announcement: Announcement) -> str:
    """The language its author reads (Indonesian when there is no author left)."""
    if announcement.author_id is None:
        return "id"
    return await Resident.filter(id=announcement.author_id).first().values_list("locale", flat=True) or "id"


def refusal_text(t, announcement_id: int, place: str) -> str:
    return t._(
        "Pengumuman #{id} untuk {place} tidak dikirim: Anda tidak lagi berhak membuat pengumuman "
        "untuk wilayah itu. Kalau ini keliru, hubungi petugas kelurahan.",
        id=announcement_id, place=place,
    )  # fmt: skip


async def cancel(announcement_id: int, grants: Rights | None, author_id: int | None = None) -> bool:
    """Cancel before sending starts; False when it has started, ended, or is not theirs (only
    the operator cancels someone else's)."""
    query = Announcement.filter(
        id=announcement_id, status__in=(AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED)
    )
    if not isinstance(grants, Operator):
        if author_id is None:
            return False
        query = query.filter(author_id=author_id)
    if not await query.update(status=AnnouncementStatus.CANCELLED):
        return False
    await jobs.cancel(send_key(announcement_id))
    return True


async def deliver(announcement_id: int, now: datetime, translate: Translate) -> int:
    """Create the outbox rows; returns how many were added. Safe to repeat (after a crash).
    Rights are the caller's to check (`send_now`)."""
    started = await Announcement.filter(
        id=announcement_id,
        status__in=(AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED, AnnouncementStatus.SENDING),
    ).update(status=AnnouncementStatus.SENDING)
    if not started:
        return 0
    announcement = await Announcement.get(id=announcement_id)
    if announcement.started_at is None:
        announcement.started_at = now
    place = await place_of(announcement)
    reach = await audience.audience(announcement.scope)
    prefix = f"ann:{announcement.id}:"
    done = set(
        await OutboxMessage.filter(dedupe_key__startswith=prefix).values_list("dedupe_key", flat=True)
    )
    texts: dict[str, str] = {}

    def text_for(locale: str) -> str:
        if locale not in texts:
            texts[locale] = message_text(translate(locale), place, announcement.text)
        return texts[locale]

    media = [announcement.media] if announcement.media else []
    rows = []
    for r in reach.recipients:
        key = f"{prefix}r{r.resident_id}"
        if key not in done:
            rows.append(_row(str(announcement.id), r.identity, r.channel, text_for(r.locale), r.locale, key, now,
                             resident_id=r.resident_id, media=media))  # fmt: skip
    for group in reach.groups:
        key = f"{prefix}{group}"
        if key not in done:
            rows.append(_row(str(announcement.id), group, "telegram", text_for("id"), "id", key, now, media=media))
    for start in range(0, len(rows), _BATCH):
        async with in_transaction():
            await OutboxMessage.bulk_create(rows[start : start + _BATCH])
    announcement.telegram = reach.count("telegram") + reach.count("shell")
    announcement.sms = reach.count("sms")
    announcement.groups = len(reach.groups)
    announcement.segments = sms.segments(sms.plain(text_for("id")))[0]
    announcement.status = AnnouncementStatus.SENT
    await announcement.save()
    return len(rows)


def _row(
    cause_id: str, identity: str, channel: str, text: str, locale: str, key: str, now: datetime,
    *, resident_id: int | None = None, media: list | None = None,
) -> OutboxMessage:  # fmt: skip
    """One queued bulk row of an announcement (photos only on Telegram)."""
    payload = {"media": [{**m, "caption": None, "mime_type": None} for m in media]} if media and channel == "telegram" else {}
    return OutboxMessage(
        resident_id=resident_id, identity=identity, channel=channel, text=text, payload=payload,
        locale=locale, status=OutboxStatus.QUEUED, priority=0, cause_type=CAUSE,
        cause_id=cause_id, dedupe_key=key, created_at=now,
    )  # fmt: skip


async def fall_back(row_ids: list[int], now: datetime) -> int:
    """Telegram rows of announcements that failed for good go by SMS instead, once each.

    Runs inside the dispatcher's result transaction, for a whole flush at once: a few queries
    for all the rows, not a few per row."""
    if not row_ids:
        return 0
    failed = await OutboxMessage.filter(
        id__in=row_ids, cause_type=CAUSE, channel="telegram", status=OutboxStatus.FAILED, resident_id__isnull=False
    ).values("cause_id", "resident_id", "text", "locale")
    if not failed:
        return 0
    residents = {row["resident_id"] for row in failed}
    numbers = await audience.sms_identities(residents)
    keys = {f"ann:{row['cause_id']}:r{row['resident_id']}:sms": row for row in failed if row["resident_id"] in numbers}
    done = set(await OutboxMessage.filter(dedupe_key__in=list(keys)).values_list("dedupe_key", flat=True))
    rows = [
        _row(row["cause_id"], numbers[row["resident_id"]], "sms", row["text"], row["locale"], key, now,
             resident_id=row["resident_id"])
        for key, row in keys.items() if key not in done
    ]  # fmt: skip
    if rows:
        await OutboxMessage.bulk_create(rows)
    return len(rows)


async def progress(announcement_id: int) -> Progress:
    """Where its messages are: sent (not yet confirmed), delivered, failed, pending, cancelled.

    A Telegram message that failed and went by SMS instead counts once, as its SMS. Before
    sending starts, everyone it would reach now is pending (or cancelled, if it was)."""
    rows = await OutboxMessage.filter(cause_type=CAUSE, cause_id=str(announcement_id)).values_list(
        "dedupe_key", "status"
    )
    if not rows:
        announcement = await Announcement.get_or_none(id=announcement_id)
        waiting = (AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED, AnnouncementStatus.CANCELLED)
        if announcement is not None and announcement.status in waiting:
            reach = await audience.audience(announcement.scope)
            count = len(reach.recipients) + len(reach.groups)
            if announcement.status is AnnouncementStatus.CANCELLED:
                return Progress(cancelled=count)
            return Progress(pending=count)
    fell_back = {key.removesuffix(":sms") for key, _ in rows if key and key.endswith(":sms")}
    counts = Counter(
        OutboxStatus(status) for key, status in rows if key not in fell_back
    )
    return Progress(
        sent=counts[OutboxStatus.SENT],
        delivered=counts[OutboxStatus.DELIVERED],
        failed=counts[OutboxStatus.FAILED] + counts[OutboxStatus.EXPIRED],
        pending=counts[OutboxStatus.QUEUED] + counts[OutboxStatus.SENDING],
        cancelled=counts[OutboxStatus.CANCELLED],
    )


def summary_text(t, announcement_id: int, done: Progress) -> str:
    return t._(
        "Laporan pengumuman #{id}: {sent} terkirim, {delivered} sudah diterima, {failed} gagal, "
        "{pending} masih menunggu.",
        id=announcement_id, sent=done.sent, delivered=done.delivered, failed=done.failed, pending=done.pending,
    )  # fmt: skip
