"""Gotong royong core: codes, invitations on both renderings, RSVP by button and by SMS keyword,
reminders through the scheduler with an injected clock across a restart (none lost, doubled or
late), check-in with right and wrong site codes, cancelling and moving, summary, recurrence,
pledges and free-time slots."""

from __future__ import annotations

import random
import secrets
from datetime import UTC, datetime, timedelta

import pytest

import bot.clock.gotong_royong  # registers the job kinds
import bot.db
from bot.clock.scheduler import Scheduler, run_due
from bot.i18n import translator
from handlers.engine import Engine
from handlers.gotong_royong import service as gotong_royong
from handlers.messages import Inbound
from handlers.residents.area_import import import_areas_file
from models import (
    Area,
    Event,
    EventStatus,
    Identity,
    OpenQuestion,
    OutboxMessage,
    Resident,
    Role,
    RoleKind,
    Rsvp,
    RsvpAnswer,
    ScheduledJob,
)

RT = "JMB.ALB.MYM.RW02.RT003"
#: Monday 24 Nov 2026, 09.00 in Jambi (WIB, UTC+7)
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
#: Sunday 29 Nov, 07.00 WIB
START = datetime(2026, 11, 29, 0, 0, tzinfo=UTC)


@pytest.fixture
async def rt(db):
    """RT 003 / RW 02 Mayang: Ani (Telegram), Budi (SMS), Cici (Telegram, STOP'd); Pak RT (ketua)."""
    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    area = await Area.get(code=RT)
    for name, identity, stop in [("Ani", "tg:201", False), ("Budi", "sms:+6281200000202", False),
                                 ("Cici", "tg:203", True), ("Pak RT", "tg:200", False)]:  # fmt: skip
        resident = await Resident.create(name=name, area_id=area.id, opted_out=stop)
        await Identity.create(value=identity, channel=identity.split(":")[0].replace("tg", "telegram"), resident=resident)
    head = await Resident.get(name="Pak RT")
    await Role.create(resident=head, kind=RoleKind.KETUA_RT, area=area)
    return area


async def _event(rt, **fields) -> Event:
    fields = {"title": "Bersih selokan", "starts_at": START, "place": "Pos ronda", "bring": "cangkul", **fields}
    return await gotong_royong.create(rt=rt, now=NOW, translate=translator, rng=random.Random(3), **fields)


async def _to(identity: str) -> list[str]:
    return [row.text for row in await OutboxMessage.filter(identity=identity).order_by("id")]


async def test_create_invites_each_resident_once_with_the_right_rendering(rt):
    event = await _event(rt)
    assert gotong_royong.CODE.match(event.code) and len(event.site_code) == 4
    [tg] = await OutboxMessage.filter(identity="tg:201")
    assert tg.text.startswith(f"Gotong royong {event.code}: Bersih selokan\nWaktu: ") and "07.00" in tg.text
    assert [o[0] for o in tg.payload["options"]] == ["Hadir", "Tidak", "Mungkin"]
    [sms] = await OutboxMessage.filter(identity="sms:+6281200000202")
    assert sms.text.endswith("Bisa datang? Balas 1 Hadir, 2 Tidak, 3 Mungkin.")
    assert "options" not in sms.payload
    # the numbers are a question put to each invited resident, until the event starts
    assert await OpenQuestion.filter(kind=gotong_royong.INVITATION, ref=str(event.id)).count() == 3
    assert await _to("tg:203") == []  # STOP'd: not invited
    assert await Rsvp.filter(event_id=event.id).count() == 3  # Ani, Budi, Pak RT
    await gotong_royong.invite(event, rt, NOW, translator)  # repeated: nothing new
    assert await OutboxMessage.filter(cause_type="event").count() == 3
    # reminders: Saturday 19.00 WIB and 05.00 WIB on the day; site code and summary armed
    jobs = {j.key.rsplit(":", 1)[-1]: j for j in await ScheduledJob.filter(key__startswith=f"event:{event.id}:")}
    assert jobs["eve"].run_at == datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert jobs["h2"].run_at == START - timedelta(hours=2)
    assert {"site", "summary"} <= set(jobs) and jobs["eve"].expires_at == START


async def test_codes_are_unique_among_the_rts_open_events(rt):
    codes = {(await _event(rt, title=f"Kerja {i}")).code for i in range(30)}
    assert len(codes) == 30 and all(gotong_royong.CODE.match(c) for c in codes)
    with pytest.raises(gotong_royong.Invalid):
        await _event(rt, starts_at=NOW - timedelta(hours=1))


async def test_a_bare_number_answers_the_latest_invitation_by_sms(rt):
    engine = Engine(translator, clock=lambda: NOW, code_keywords=[gotong_royong.code_keyword])
    first = await _event(rt)
    [reply] = await engine.handle(Inbound("sms:+6281200000202", "1"))
    assert reply.text == f"Tercatat: Anda hadir di gotong royong {first.code}. Terima kasih!"
    assert (await Rsvp.get(event_id=first.id, resident__identities__value="sms:+6281200000202")).answer is RsvpAnswer.YES
    # a second invitation: now a number answers that one, and HADIR/TIDAK with a code the first
    second = await _event(rt, title="Kerja bakti masjid")
    [reply] = await engine.handle(Inbound("sms:+6281200000202", "3"))
    assert reply.text.startswith(f"Tercatat: mungkin hadir di {second.code}.")
    [reply] = await engine.handle(Inbound("sms:+6281200000202", f"TIDAK {first.code}"))
    assert f"tidak bisa datang ke {first.code}" in reply.text
    # answered by its code, an invitation is not a number's any more
    third = await _event(rt, title="Ronda malam")
    [reply] = await engine.handle(Inbound("sms:+6281200000202", f"HADIR {third.code}"))
    assert third.code in reply.text
    [reply] = await engine.handle(Inbound("sms:+6281200000202", "2"))
    assert "Tercatat" not in reply.text
    # answered: the number is no longer an invitation's
    assert not await OpenQuestion.filter(kind=gotong_royong.INVITATION, resident__identities__value="sms:+6281200000202").exists()


async def test_rsvp_by_sms_keyword_and_by_button_and_plain_tidak_is_not_taken(rt):
    event = await _event(rt)
    engine = Engine(translator, clock=lambda: NOW, code_keywords=[gotong_royong.code_keyword])
    [reply] = await engine.handle(Inbound("sms:+6281200000202", f"hadir {event.code.lower()}"))
    assert reply.text == f"Tercatat: Anda hadir di gotong royong {event.code}. Terima kasih!"
    [reply] = await engine.handle(Inbound("tg:201", choice=f"rsvp:{event.id}:maybe"))
    assert "mungkin hadir" in reply.text
    [reply] = await engine.handle(Inbound("tg:201", f"TIDAK {event.code}"))
    assert "tidak bisa datang" in reply.text
    answers = dict(await Rsvp.filter(event_id=event.id).values_list("resident__name", "answer"))
    assert answers == {"Ani": RsvpAnswer.NO, "Budi": RsvpAnswer.YES, "Pak RT": None}
    # an unknown code, or a plain "tidak", is not about an event
    replies = await engine.handle(Inbound("sms:+6281200000202", "TIDAK ZZ99"))
    assert all("Tercatat" not in r.text for r in replies)
    replies = await engine.handle(Inbound("sms:+6281200000202", "tidak"))
    assert all("Tercatat" not in r.text for r in replies)


async def test_site_codes_come_from_secrets_not_from_random(rt, monkeypatch):
    drawn = []

    def randbelow(n: int) -> int:
        drawn.append(n)
        return 42

    monkeypatch.setattr(secrets, "randbelow", randbelow)
    event = await _event(rt)  # with a seeded random.Random: only the public event code uses it
    assert event.site_code == "0042" and drawn == [10_000]


async def test_check_in_with_the_site_code_only_around_the_start(rt):
    event = await _event(rt)
    clock = {"now": START - timedelta(hours=2)}
    engine = Engine(translator, clock=lambda: clock["now"], code_keywords=[gotong_royong.code_keyword])
    [early] = await engine.handle(Inbound("sms:+6281200000202", f"DATANG {event.code} {event.site_code}"))
    assert "baru dibuka" in early.text
    clock["now"] = START + timedelta(minutes=20)
    wrong = "0000" if event.site_code != "0000" else "1111"
    [bad] = await engine.handle(Inbound("sms:+6281200000202", f"DATANG {event.code} {wrong}"))
    assert bad.text.startswith("Kode lokasi salah.")
    [good] = await engine.handle(Inbound("sms:+6281200000202", f"datang {event.code} {event.site_code}"))
    assert good.text.startswith("Terima kasih sudah datang")
    budi = await Rsvp.get(event_id=event.id, resident__name="Budi")
    assert budi.checked_in_at == START + timedelta(minutes=20) and budi.checked_in_by == "site_code"
    # the RT head ticks a name from the list
    ani = await Resident.get(name="Ani")
    assert await gotong_royong.check_in(event, ani.id, None, START + timedelta(hours=1), by="ketua_rt") == "ok"
    assert await gotong_royong.check_in(event, ani.id, event.site_code, START + timedelta(hours=7)) == "late"


async def test_reminders_across_a_restart_none_lost_doubled_or_late(rt):
    event = await _event(rt)
    engine = Engine(translator, clock=lambda: NOW, code_keywords=[gotong_royong.code_keyword])
    await engine.handle(Inbound("tg:201", f"TIDAK {event.code}"))  # Ani: no reminders
    clock = {"now": NOW}
    first = Scheduler(clock=lambda: clock["now"], poll_interval=3600)
    await first.start()
    await first.stop()  # the process stops before the evening reminder …
    clock["now"] = datetime(2026, 11, 28, 12, 30, tzinfo=UTC)  # … and comes back at 19.30 WIB
    second = Scheduler(clock=lambda: clock["now"], poll_interval=3600)
    await second.start()  # the missed evening reminder runs once now
    await second.stop()
    await run_due(clock["now"])  # a second pass (another process) adds nothing
    reminders = await OutboxMessage.filter(text__startswith="Pengingat").values_list("identity", flat=True)
    assert sorted(reminders) == ["sms:+6281200000202", "tg:200"]
    # the 2-hour reminder: the clock was down until after the start, so it expires unsent
    await run_due(START + timedelta(minutes=5))
    assert await OutboxMessage.filter(text__startswith="Pengingat").count() == 2
    assert (await ScheduledJob.get(key=f"event:{event.id}:reminder:h2")).status.value == "expired"
    # the site code reaches the RT head; after the event the summary, and a thank-you to who came
    assert any(f"Kode absen gotong royong {event.code} hari ini: {event.site_code}" in t for t in await _to("tg:200"))
    budi = await Resident.get(name="Budi")
    await gotong_royong.check_in(event, budi.id, event.site_code, START + timedelta(minutes=10))
    await run_due(START + timedelta(hours=7))
    summary = (await _to("tg:200"))[-1]
    assert summary == (f"Ringkasan gotong royong {event.code}: diundang 3, hadir 0, mungkin 0, tidak 1, "
                       "datang 1, janji sumbangan 0.")  # fmt: skip
    assert (await _to("sms:+6281200000202"))[-1].startswith("Terima kasih sudah ikut gotong royong Bersih selokan")
    assert (await Event.get(id=event.id)).status is EventStatus.DONE


async def test_cancelling_and_moving_tell_everyone_invited_and_rearm(rt):
    event = await _event(rt)
    later = START + timedelta(days=7)
    assert await gotong_royong.reschedule(event, later, NOW, translator, place="Masjid") == 3
    assert any("sekarang" in t and "Masjid" in t for t in await _to("sms:+6281200000202"))
    eve = await ScheduledJob.get(key=f"event:{event.id}:reminder:eve")
    assert eve.run_at == datetime(2026, 12, 5, 12, 0, tzinfo=UTC) and eve.expires_at == later
    assert await gotong_royong.cancel(event, NOW, translator) == 3
    assert (await _to("tg:201"))[-1] == f"Gotong royong {event.code} (Bersih selokan) dibatalkan."
    pending = await ScheduledJob.filter(key__startswith=f"event:{event.id}:", status="pending").count()
    assert pending == 0 and await gotong_royong.cancel(event, NOW, translator) == 0
    await run_due(later + timedelta(hours=8))
    assert not await OutboxMessage.filter(text__startswith="Pengingat").exists()


async def test_a_monthly_event_makes_the_next_one_when_it_ends(rt):
    event = await _event(rt, recurrence="first-sunday", starts_at=datetime(2026, 12, 6, 0, 0, tzinfo=UTC))
    await run_due(datetime(2026, 12, 6, 7, 0, tzinfo=UTC))
    [following] = await Event.filter(status=EventStatus.OPEN)
    assert following.id != event.id and following.starts_at == datetime(2027, 1, 3, 0, 0, tzinfo=UTC)
    assert following.recurrence == "first-sunday"


async def test_pledges_and_free_time_slots(rt):
    event = await _event(rt)
    budi, ani = await Resident.get(name="Budi"), await Resident.get(name="Ani")
    await gotong_royong.pledge(event, budi.id, "makanan", "gorengan untuk 20 orang")
    assert (await Rsvp.get(event_id=event.id, resident_id=budi.id)).pledge == {
        "kind": "makanan", "note": "gorengan untuk 20 orang"
    }  # fmt: skip
    await gotong_royong.set_availability(budi.id, ["sunday_morning", "weekday_evening", "nonsense"])
    await gotong_royong.set_availability(ani.id, ["sunday_morning"])
    assert await gotong_royong.best_slots(rt.id) == [("sunday_morning", 2), ("weekday_evening", 1)]
