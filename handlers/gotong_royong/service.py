"""Gotong royong: events of an RT, invitations, RSVP, reminders, check-in, summary, pledges and
the times residents are free. The chat flows (creating an event, ticking names) build on this.

An event has a short code (`GR12`) unique among the RT's open events. Residents answer with the
invitation's buttons or, by SMS, `HADIR GR12`, `TIDAK GR12`, `MUNGKIN GR12`; they check in with
`DATANG GR12 4821` (the 4-digit site code read out at the place, drawn from `secrets`; after
MAX_WRONG_CODES wrong ones for an event, by SMS and by button together, only the RT head can tick
them). These words are keywords only when followed by an existing code, so a plain "tidak" still
answers a flow's question.
Reminders, the site code for the RT head, and the summary afterwards are scheduled-job rows
(handlers/outbox/jobs.py), so a restart neither loses nor doubles them, and they expire at the start.
"""

from __future__ import annotations

import random
import re
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from handlers import asked, flows
from handlers.announcements import audience
from handlers.messages import Option, Priority, channel_of
from handlers.outbox import jobs
from handlers.outbox.queue import enqueue
from handlers.residents import service as residents
from handlers.texts import Texts, Translate
from handlers.turn import Turn
from models import (
    Area,
    Availability,
    Direction,
    Event,
    EventStatus,
    Interaction,
    Resident,
    Role,
    RoleKind,
    Rsvp,
    RsvpAnswer,
)

CODE = re.compile(r"^[A-Z]{1,2}[0-9]{2,3}$")
#: `HADIR GR12` …; `DATANG GR12 4821`
_ANSWER = re.compile(r"^\s*(HADIR|TIDAK|MUNGKIN|DATANG)\s+([A-Za-z]{1,2}\s?[0-9]{2,3})(?:\s+([0-9]{4}))?\s*[.!]*\s*$", re.I)
WORDS = {"HADIR": RsvpAnswer.YES, "TIDAK": RsvpAnswer.NO, "MUNGKIN": RsvpAnswer.MAYBE}
#: usual free times residents can state (weekday evenings, weekend mornings and afternoons)
SLOTS = ("weekday_evening", "saturday_morning", "saturday_afternoon", "sunday_morning", "sunday_afternoon")
#: reminder defaults: the evening before at this local hour, and this many hours before
EVE_HOUR, HOURS_BEFORE = 19, 2
#: check-in is open from an hour before the start until six hours after
CHECKIN_FROM, CHECKIN_UNTIL = timedelta(hours=1), timedelta(hours=6)
#: the RT head gets the summary this long after the start
SUMMARY_AFTER = timedelta(hours=6)
#: how an event repeats: the next one is created when this one's summary is sent
RECURRENCES = ("weekly", "first-saturday", "first-sunday")
#: the chat flows (handlers/gotong_royong/) that a NO answer and the "Saya sudah datang" button start
PLEDGE_FLOW, CHECKIN_FLOW = "gotong_pledge", "gotong_checkin"
#: job kinds (run by the clock: bot/clock/gotong_royong.py)
REMINDER_JOB, SITE_CODE_JOB, SUMMARY_JOB = "event_reminder", "event_site_code", "event_summary"
#: wrong site codes one resident may send for one event, by SMS and by button together: a 4-digit
#: code must not be guessable (5 guesses in 10 000). After that only the RT head can tick them.
MAX_WRONG_CODES = 5
#: check-in results that answer a wrong site code: the answers are logged under their topic with
#: the event as content id, and the interaction log is where wrong tries are counted
WRONG_RESULTS = ("wrong_code", "locked")


class Invalid(ValueError):
    """A start in the past, an empty title, not an RT …: the message says why."""


@dataclass(frozen=True, slots=True)
class Tally:
    invited: int
    yes: int
    maybe: int
    no: int
    came: int


def zone(area: Area) -> ZoneInfo:
    return ZoneInfo(area.timezone or "Asia/Jakarta")


async def new_code(area_id: int, rng: random.Random | None = None) -> str:
    """`GR` + 2 digits (3 when the RT has many open events), unused among its open events. Not a
    secret (every invitation shows it), so `rng` may be seeded; the site code is the secret."""
    rng = rng or random.Random()
    taken = set(await Event.filter(area_id=area_id, status=EventStatus.OPEN).values_list("code", flat=True))
    for digits in (2, 3):
        free = [f"GR{n}" for n in range(10 ** (digits - 1), 10**digits) if f"GR{n}" not in taken]
        if free:
            return rng.choice(free)
    raise Invalid("this RT has too many open events")


def reminder_times(event: Event, area: Area, now: datetime) -> dict[str, datetime]:
    """label → when: the evening before at 19.00 local and 2 hours before (or the event's own
    list of hours before); only those still ahead of `now`."""
    times: dict[str, datetime] = {}
    if event.reminders:
        for hours in event.reminders:
            times[f"h{hours}"] = event.starts_at - timedelta(hours=float(hours))
    else:
        local = event.starts_at.astimezone(zone(area))
        eve = (local - timedelta(days=1)).replace(hour=EVE_HOUR, minute=0, second=0, microsecond=0)
        times["eve"] = eve
        times[f"h{HOURS_BEFORE}"] = event.starts_at - timedelta(hours=HOURS_BEFORE)
    return {label: at for label, at in times.items() if now < at < event.starts_at}


async def create(
    *,
    rt: Area,
    title: str,
    starts_at: datetime,
    place: str,
    now: datetime,
    translate: Translate,
    bring: str | None = None,
    author_id: int | None = None,
    recurrence: str | None = None,
    reminders: list[float] | None = None,
    rng: random.Random | None = None,
) -> Event:
    """Create the event, invite the RT, and arm its reminders, site code and summary."""
    if rt.level.value != "rt":
        raise Invalid("events belong to an RT")
    if not title.strip() or not place.strip():
        raise Invalid("an event needs what and where")
    if starts_at <= now:
        raise Invalid("that time has already passed")
    event = await Event.create(
        area_id=rt.id, code=await new_code(rt.id, rng), title=title.strip()[:120], starts_at=starts_at,
        place=place.strip()[:120], bring=(bring or "").strip()[:120] or None, recurrence=recurrence,
        reminders=list(reminders or []), site_code=f"{secrets.randbelow(10_000):04d}", created_by_id=author_id,
        created_at=now,
    )  # fmt: skip
    await invite(event, rt, now, translate)
    await arm(event, rt, now)
    return event


async def arm(event: Event, rt: Area, now: datetime) -> None:
    """(Re)schedule the reminders, the RT head's site code and the summary of an event."""
    for label, at in reminder_times(event, rt, now).items():
        await jobs.schedule(f"event:{event.id}:reminder:{label}", REMINDER_JOB, at, {"event": event.id},
                            expires_at=event.starts_at, now=now)  # fmt: skip
    site_at = max(now + timedelta(seconds=1), event.starts_at - timedelta(hours=3))
    await jobs.schedule(f"event:{event.id}:site", SITE_CODE_JOB, site_at, {"event": event.id},
                        expires_at=event.starts_at + CHECKIN_UNTIL, now=now)  # fmt: skip
    await jobs.schedule(f"event:{event.id}:summary", SUMMARY_JOB, event.starts_at + SUMMARY_AFTER,
                        {"event": event.id}, now=now)  # fmt: skip


def next_start(event: Event, rt: Area) -> datetime | None:
    """When a recurring event happens next (same local time), or None."""
    if event.recurrence not in RECURRENCES:
        return None
    local = event.starts_at.astimezone(zone(rt))
    if event.recurrence == "weekly":
        return (local + timedelta(days=7)).astimezone(event.starts_at.tzinfo)
    weekday = 5 if event.recurrence == "first-saturday" else 6
    first = (local.replace(day=1) + timedelta(days=32)).replace(day=1)  # the 1st of next month
    first += timedelta(days=(weekday - first.weekday()) % 7)
    return first.astimezone(event.starts_at.tzinfo)


def when(t: Texts, event: Event, rt: Area) -> str:
    return t.datetime(event.starts_at, rt.timezone or "Asia/Jakarta")


def invitation_text(t: Texts, event: Event, rt: Area, channel: str) -> str:
    lines = [
        t._("Gotong royong {code}: {title}", code=event.code, title=event.title),
        t._("Waktu: {when}", when=when(t, event, rt)),
        t._("Tempat: {place}", place=event.place),
    ]
    if event.bring:
        lines.append(t._("Bawa: {bring}", bring=event.bring))
    if channel == "sms":  # the numbers are an open question (`invite`); HADIR GR12 works later too
        lines.append(t._("Bisa datang? Balas 1 Hadir, 2 Tidak, 3 Mungkin."))
    else:
        lines.append(t._("Apakah Anda bisa datang?"))
    return "\n".join(lines)


#: the open question an invitation puts (ref: the event's id)
INVITATION = "gotong_royong.invitation"


def rsvp_choices(t: Texts) -> list[Option]:
    """1 Hadir, 2 Tidak, 3 Mungkin as an open question's options (values: RsvpAnswer)."""
    return [
        Option(t._("Hadir"), RsvpAnswer.YES.value),
        Option(t._("Tidak"), RsvpAnswer.NO.value),
        Option(t._("Mungkin"), RsvpAnswer.MAYBE.value),
    ]


@asked.answers(INVITATION)
async def _by_number(turn: Turn, question, value: str) -> None:
    """A bare 1/2/3 while the invitation is the latest question put to the resident."""
    event = await Event.get_or_none(id=int(question.ref)) if question.ref.isdigit() else None
    if event is None or value not in RsvpAnswer.__members__.values():
        turn.say(turn.t._("Pilihan itu sudah tidak berlaku."))
        return
    await _answered(turn, event, RsvpAnswer(value))


def rsvp_options(t: Texts, event: Event) -> tuple[Option, ...]:
    return (
        Option(t._("Hadir"), f"rsvp:{event.id}:yes"),
        Option(t._("Tidak"), f"rsvp:{event.id}:no"),
        Option(t._("Mungkin"), f"rsvp:{event.id}:maybe"),
    )


async def invite(event: Event, rt: Area, now: datetime, translate: Translate) -> int:
    """Every opted-in resident of the RT, once, Telegram first: an Rsvp row and an invitation."""
    reach = await audience.audience([rt.code])
    existing = set(await Rsvp.filter(event_id=event.id).values_list("resident_id", flat=True))
    await Rsvp.bulk_create(
        [Rsvp(event_id=event.id, resident_id=r.resident_id) for r in reach.recipients if r.resident_id not in existing]
    )
    sent = 0
    for r in reach.recipients:
        t = translate(r.locale)
        chat = r.channel != "sms"
        # a bare 1/2/3 answers it while it is the latest question put to them (handlers/asked.py;
        # on SMS the text names the numbers, one segment cheaper than a list); on chat its own
        # buttons answer it whatever came later
        await asked.put(r.resident_id, INVITATION, str(event.id), rsvp_choices(t), expires_at=event.starts_at)
        row = await enqueue(
            r.identity, invitation_text(t, event, rt, r.channel), created_at=now,
            options=rsvp_options(t, event) if chat else (), cause_type="event", cause_id=str(event.id),
            dedupe_key=f"event:{event.id}:invite:{r.resident_id}", resident_id=r.resident_id, locale=r.locale,
            expires_at=event.starts_at,
        )  # fmt: skip
        sent += row is not None
    return sent


async def notify_invited(event: Event, now: datetime, translate: Translate, text_of, key: str) -> int:
    """Tell everyone invited (whatever they answered) about a change; `text_of(t)` → the text."""
    sent = 0
    for resident_id, locale in await Rsvp.filter(event_id=event.id).values_list("resident_id", "resident__locale"):
        identity = await audience.reachable(resident_id)
        if identity is None:
            continue
        row = await enqueue(
            identity, text_of(translate(locale or "id")), created_at=now, cause_type="event", cause_id=str(event.id),
            dedupe_key=jobs.fit(f"event:{event.id}:{key}:{resident_id}", 128), resident_id=resident_id,
            locale=locale or "id",
        )  # fmt: skip
        sent += row is not None
    return sent


async def cancel(event: Event, now: datetime, translate: Translate) -> int:
    """Cancel an open event: its jobs stop, everyone invited is told."""
    if not await Event.filter(id=event.id, status=EventStatus.OPEN).update(status=EventStatus.CANCELLED):
        return 0
    event.status = EventStatus.CANCELLED
    await jobs.cancel_prefix(f"event:{event.id}:")
    return await notify_invited(
        event, now, translate,
        lambda t: t._("Gotong royong {code} ({title}) dibatalkan.", code=event.code, title=event.title), "cancel",
    )  # fmt: skip


async def reschedule(event: Event, starts_at: datetime, now: datetime, translate: Translate, place: str | None = None) -> int:
    """Move an open event (and/or its place): reminders re-armed, everyone invited told."""
    if event.status is not EventStatus.OPEN:
        raise Invalid("the event is not open")
    if starts_at <= now:
        raise Invalid("that time has already passed")
    rt = await Area.get(id=event.area_id)
    event.starts_at = starts_at
    if place:
        event.place = place.strip()[:120]
    await event.save()
    await jobs.cancel_prefix(f"event:{event.id}:reminder:")  # the new times may have other labels
    await arm(event, rt, now)
    stamp = starts_at.strftime("%Y%m%d%H%M")
    return await notify_invited(
        event, now, translate,
        lambda t: t._("Perubahan gotong royong {code}: sekarang {when} di {place}.", code=event.code,
                      when=when(t, event, rt), place=event.place), f"moved:{stamp}:{event.place[:20]}",
    )  # fmt: skip


# --- answers ---------------------------------------------------------------------------------


async def find(code: str, resident: Resident) -> Event | None:
    """The open event with this code that the resident was invited to (or in their RT)."""
    code = code.replace(" ", "").upper()
    if not CODE.match(code):
        return None
    invited = await Event.filter(code=code, status=EventStatus.OPEN, rsvps__resident_id=resident.id).first()
    if invited is not None or resident.area_id is None:
        return invited
    return await Event.filter(code=code, status=EventStatus.OPEN, area_id=resident.area_id).first()


async def answer(event: Event, resident_id: int, reply: RsvpAnswer) -> Rsvp:
    row, _ = await Rsvp.get_or_create(event_id=event.id, resident_id=resident_id)
    row.answer = reply
    await row.save(update_fields=["answer", "updated_at"])
    return row


async def check_in(event: Event, resident_id: int, code: str | None, now: datetime, by: str = "site_code") -> str:
    """'ok', 'early', 'late', 'no_code', 'wrong_code', or 'locked' (too many wrong codes: even the
    right one is refused). The RT head ticking names passes by='ketua_rt' and no code.

    The caller answers with `say_check_in`, which is what records a wrong try."""
    if now < event.starts_at - CHECKIN_FROM:
        return "early"
    if now > event.starts_at + CHECKIN_UNTIL:
        return "late"
    if by == "site_code":
        if not code:
            return "no_code"
        tried = await wrong_codes(event, resident_id)
        if tried >= MAX_WRONG_CODES:
            return "locked"
        if code != event.site_code:
            return "wrong_code" if tried + 1 < MAX_WRONG_CODES else "locked"
    row, _ = await Rsvp.get_or_create(event_id=event.id, resident_id=resident_id)
    if row.checked_in_at is None:
        row.checked_in_at, row.checked_in_by = now, by
        await row.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return "ok"


def checkin_topic(result: str) -> str:
    return f"event.checkin.{result}"


def about(event: Event) -> str:
    """The content id a check-in answer is logged with."""
    return f"event:{event.id}"


async def wrong_codes(event: Event, resident_id: int) -> int:
    """How many wrong site codes the resident sent for this event: answers logged as such."""
    return await Interaction.filter(
        direction=Direction.OUT, resident_id=resident_id, content_id=about(event),
        topic__in=[checkin_topic(result) for result in WRONG_RESULTS],
    ).count()  # fmt: skip


async def say_check_in(turn: Turn, event: Event, result: str, text: str | None = None) -> None:
    """Answer a check-in (with `check_in_text`, or `text`), logged under the result's topic and
    the event: how `wrong_codes` counts."""
    turn.topic = checkin_topic(result)
    turn.say(text or await check_in_text(turn.t, event, result), content_id=about(event))


async def pledge(event: Event, resident_id: int, kind: str, note: str | None) -> None:
    """A resident who cannot come gives materials, food or money instead."""
    row, _ = await Rsvp.get_or_create(event_id=event.id, resident_id=resident_id)
    row.pledge = {"kind": kind, "note": (note or "").strip()[:120] or None}
    await row.save(update_fields=["pledge", "updated_at"])


async def tally(event: Event) -> Tally:
    rows = await Rsvp.filter(event_id=event.id).values_list("answer", "checked_in_at")
    answers = Counter(a for a, _ in rows)
    return Tally(len(rows), answers[RsvpAnswer.YES], answers[RsvpAnswer.MAYBE], answers[RsvpAnswer.NO],
                 sum(1 for _, c in rows if c is not None))  # fmt: skip


async def best_slots(area_id: int) -> list[tuple[str, int]]:
    """The free-time slots of the RT's residents, most chosen first: what the RT head sees."""
    counts: Counter[str] = Counter()
    for slots in await Availability.filter(resident__area_id=area_id).values_list("slots", flat=True):
        counts.update(s for s in slots if s in SLOTS)
    return sorted(counts.items(), key=lambda kv: (-kv[1], SLOTS.index(kv[0])))


async def set_availability(resident_id: int, slots: list[str]) -> None:
    clean = [s for s in SLOTS if s in slots]
    row, created = await Availability.get_or_create(resident_id=resident_id, defaults={"slots": clean})
    if not created:
        row.slots = clean
        await row.save(update_fields=["slots", "updated_at"])


async def ketua_of(area_id: int) -> list[int]:
    return list(await Role.filter(area_id=area_id, kind=RoleKind.KETUA_RT).values_list("resident_id", flat=True))


# --- the code keywords (the engine asks before the active flow) -----------------------------------


async def code_keyword(turn: Turn) -> bool:
    """RSVP buttons, `HADIR|TIDAK|MUNGKIN <code>`, `DATANG <code> <site code>`; False: not ours."""
    choice = turn.inbound.choice or ""
    if choice.startswith("rsvp:"):  # a verified invitation button (see the Telegram adapter)
        _, event_id, value = choice.split(":", 2)
        event = await Event.get_or_none(id=int(event_id)) if event_id.isdigit() else None
        if event is None or value not in RsvpAnswer.__members__.values():
            return False
        await _answered(turn, event, RsvpAnswer(value))
        return True
    if choice.startswith("checkin:"):  # "Saya sudah datang" under the reminder on the day (verified too)
        event_id = choice.partition(":")[2]
        event = await Event.get_or_none(id=int(event_id)) if event_id.isdigit() else None
        checkin = flows.get(CHECKIN_FLOW)
        if event is None or checkin is None:
            return False
        await checkin.offer(turn, event)  # asks for the site code
        return True
    found = _ANSWER.match(turn.reply.text or "") if turn.inbound.choice is None else None
    if found is None:
        return False
    word, code, site = found.group(1).upper(), found.group(2), found.group(3)
    event = await find(code, turn.resident)
    if event is None:
        return False  # "tidak ada" is an answer to a flow, not about an event
    turn.topic = f"event.{word.lower()}"
    if word == "DATANG":
        await say_check_in(turn, event, await check_in(event, turn.resident.id, site, turn.now))
        return True
    if site is not None:
        return False
    await _answered(turn, event, WORDS[word])
    return True


async def _answered(turn: Turn, event: Event, reply: RsvpAnswer) -> None:
    t = turn.t
    turn.topic = f"event.rsvp.{reply.value}"
    if event.status is not EventStatus.OPEN:
        turn.say(t._("Gotong royong {code} sudah tidak berjalan.", code=event.code))
        return
    await answer(event, turn.resident.id, reply)
    # answered (by number, button or HADIR GR12): a later bare number is not about it
    await asked.close(turn.resident.id, INVITATION, str(event.id))
    if reply is not RsvpAnswer.NO and turn.flow == PLEDGE_FLOW:  # changed their mind: no pledge asked
        turn.finish()
    if reply is RsvpAnswer.YES:
        turn.say(t._("Tercatat: Anda hadir di gotong royong {code}. Terima kasih!", code=event.code))
    elif reply is RsvpAnswer.MAYBE:
        turn.say(t._("Tercatat: mungkin hadir di {code}. Kami ingatkan lagi sebelum mulai.", code=event.code))
    else:
        said = t._("Tercatat: Anda tidak bisa datang ke {code}. Tidak apa-apa.", code=event.code)
        offer = flows.get(PLEDGE_FLOW)  # a pledge instead: materials, food or money
        if offer is None:
            turn.say(said)
        else:
            await offer.offer(turn, event, said)


async def check_in_text(t: Texts, event: Event, result: str) -> str:
    """What a resident hears after a check-in (`check_in`'s result), by SMS or by button."""
    rt = await Area.get(id=event.area_id)
    return {
        "ok": t._("Terima kasih sudah datang di gotong royong {code}!", code=event.code),
        "wrong_code": t._("Kode lokasi salah. Tanyakan kodenya ke ketua RT di tempat, lalu kirim DATANG {code} <kode>.", code=event.code),
        "no_code": t._("Kirim juga kode absen 4 angka dari ketua RT di lokasi, misalnya DATANG {code} 4821.", code=event.code),
        "locked": t._("Kode absen {code} sudah terlalu sering salah, jadi absen dengan kode ditutup untuk Anda. Minta ketua RT mencatat kehadiran Anda di tempat.", code=event.code),
        "early": t._("Absen {code} baru dibuka satu jam sebelum mulai ({when}).", code=event.code, when=when(t, event, rt)),
        "late": t._("Absen {code} sudah ditutup.", code=event.code),
    }[result]  # fmt: skip


# --- what the clock sends -------------------------------------------------------------------------


async def send_reminders(event: Event, job_key: str, run_at: datetime, now: datetime, translate: Translate) -> int:
    """To everyone invited who did not say no (STOP'd residents excluded)."""
    if event.status is not EventStatus.OPEN or now >= event.starts_at:
        return 0
    rt = await Area.get(id=event.area_id)
    sent = 0
    # not `exclude(answer=NO)`: in SQL that also drops everyone who has not answered (NULL)
    not_no = Q(answer__isnull=True) | Q(answer__in=(RsvpAnswer.YES, RsvpAnswer.MAYBE))
    rows = await Rsvp.filter(not_no, event_id=event.id).values_list(
        "resident_id", "resident__locale", "resident__opted_out"
    )
    for resident_id, locale, stopped in rows:
        identity = None if stopped else await audience.reachable(resident_id)
        if identity is None:
            continue
        t = translate(locale or "id")
        text = t._("Pengingat gotong royong {code}: {title}, {when} di {place}.", code=event.code,
                   title=event.title, when=when(t, event, rt), place=event.place)  # fmt: skip
        if event.bring:
            text += " " + t._("Bawa: {bring}", bring=event.bring)
        # on the day (by default the reminder 2 h before) chat residents get a check-in button
        on_the_day = event.starts_at - run_at <= timedelta(hours=HOURS_BEFORE) and channel_of(identity) != "sms"
        row = await enqueue(
            identity, text, created_at=now, cause_type="event", cause_id=str(event.id),
            options=(Option(t._("Saya sudah datang"), f"checkin:{event.id}"),) if on_the_day else (),
            dedupe_key=jobs.fit(f"job:{job_key}@{run_at:%Y%m%dT%H%M}:{resident_id}", 128), resident_id=resident_id,
            locale=locale or "id", expires_at=event.starts_at,
        )  # fmt: skip
        sent += row is not None
    return sent


async def send_site_code(event: Event, job_key: str, now: datetime, translate: Translate) -> int:
    """The RT head(s) get the day's site code to read out or post at the place."""
    if event.status is not EventStatus.OPEN:
        return 0
    sent = 0
    for head in await ketua_of(event.area_id):
        identity = await audience.reachable(head)
        locale = await Resident.filter(id=head).first().values_list("locale", flat=True) or "id"
        if identity is None:
            continue
        t = translate(locale)
        text = t._("Kode absen gotong royong {code} hari ini: {site}. Bacakan atau tempel di lokasi; warga "
                   "mengirim DATANG {code} {site}.", code=event.code, site=event.site_code)  # fmt: skip
        row = await enqueue(identity, text, created_at=now, priority=Priority.REPLY, cause_type="event",
                            cause_id=str(event.id), dedupe_key=jobs.fit(f"job:{job_key}:{head}", 128),
                            resident_id=head, locale=locale)  # fmt: skip
        sent += row is not None
    return sent


async def send_summary(event: Event, job_key: str, now: datetime, translate: Translate) -> int:
    """Afterwards: the RT head gets the figures and the pledges; those who came get a thank-you."""
    if event.status is not EventStatus.OPEN:
        return 0
    await Event.filter(id=event.id).update(status=EventStatus.DONE)
    rt = await Area.get(id=event.area_id)
    following = next_start(event, rt)
    if following is not None and following > now:
        await create(rt=rt, title=event.title, starts_at=following, place=event.place, now=now,
                     translate=translate, bring=event.bring, author_id=event.created_by_id,
                     recurrence=event.recurrence, reminders=event.reminders)  # fmt: skip
    figures = await tally(event)
    pledges = await Rsvp.filter(event_id=event.id, pledge__not_isnull=True).count()
    sent = 0
    for head in await ketua_of(event.area_id):
        identity = await audience.reachable(head)
        if identity is None:
            continue
        locale = await Resident.filter(id=head).first().values_list("locale", flat=True) or "id"
        t = translate(locale)
        text = t._(
            "Ringkasan gotong royong {code}: diundang {invited}, hadir {yes}, mungkin {maybe}, tidak {no}, "
            "datang {came}, janji sumbangan {pledges}.", code=event.code, invited=figures.invited, yes=figures.yes,
            maybe=figures.maybe, no=figures.no, came=figures.came, pledges=pledges,
        )  # fmt: skip
        row = await enqueue(identity, text, created_at=now, priority=Priority.REPLY, cause_type="event",
                            cause_id=str(event.id), dedupe_key=jobs.fit(f"job:{job_key}:{head}", 128),
                            resident_id=head, locale=locale)  # fmt: skip
        sent += row is not None
    came = await Rsvp.filter(event_id=event.id, checked_in_at__not_isnull=True).values_list(
        "resident_id", "resident__locale"
    )
    place = await residents.place_of(event.area_id)
    for resident_id, locale in came:
        identity = await audience.reachable(resident_id)
        if identity is None:
            continue
        t = translate(locale or "id")
        row = await enqueue(
            identity, t._("Terima kasih sudah ikut gotong royong {title} di {place}!", title=event.title, place=place),
            created_at=now, cause_type="event", cause_id=str(event.id), resident_id=resident_id,
            dedupe_key=jobs.fit(f"job:{job_key}:thanks:{resident_id}", 128), locale=locale or "id",
        )  # fmt: skip
        sent += row is not None
    return sent
