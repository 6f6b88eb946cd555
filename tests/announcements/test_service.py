"""The announcement core: who may reach whom (a hypothesis property over random roles, areas and
requests), who is reached and on which channel, sending once, the Telegram→SMS fallback through
the real dispatcher, scheduling, cancelling, and the author's summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bot.clock.announcements  # registers the job kinds
import bot.db
from bot.channels.base import SendError
from bot.clock.scheduler import run_due
from bot.i18n import translator
from handlers.announcements import audience
from handlers.announcements import service as announcements
from handlers.announcements.audience import OPERATOR, Grant, within
from handlers.announcements.service import Invalid, NotAllowed, Target
from handlers.residents.area_import import import_areas_file
from models import (
    Announcement,
    AnnouncementStatus,
    Area,
    GroupChat,
    Identity,
    OutboxMessage,
    OutboxStatus,
    Resident,
    RoleKind,
    ScheduledJob,
)
from tests.delivery.test_dispatcher import Clock, Recorder, dispatcher

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
RT = "JMB.ALB.MYM.RW02.RT003"
OTHER_RT = "JMB.ALB.MYM.RW01.RT001"

# --------------------------------------------------------------------------- the rule, as a property

#: a small area tree in the codes' path form: kota > kecamatan > kelurahan > RW > RT
TREE = [
    f"K{k}.C{c}.L{v}.W{w}.T{t}" for k in (1, 2) for c in (1, 2) for v in (1, 2) for w in (1, 2) for t in (1, 2)
]  # fmt: skip
ALL_AREAS = sorted({".".join(code.split(".")[:depth]) for code in TREE for depth in range(1, 6)})
RTS = [a for a in ALL_AREAS if a.count(".") == 4]
ADMIN_AREAS = [a for a in ALL_AREAS if a.count(".") in (0, 1, 2)]

grants = st.lists(
    st.one_of(
        st.builds(Grant, st.just(RoleKind.KETUA_RT), st.sampled_from(RTS)),
        st.builds(Grant, st.just(RoleKind.ADMIN), st.sampled_from(ADMIN_AREAS)),
    ),
    max_size=3,
)
requests = st.one_of(
    st.builds(lambda a: {"area": a}, st.sampled_from(ALL_AREAS)),
    st.builds(lambda p: {"program_areas": p}, st.lists(st.sampled_from(ALL_AREAS), min_size=1, max_size=3)),
)


@given(grants, requests)
def test_no_one_reaches_beyond_their_roles(held, request):
    reach = audience.scope(held, **request)
    for code in reach:
        # every reached area lies inside an area the actor holds a role for …
        assert any(within(code, g.area) for g in held)
        # … and an RT head's role reaches their own RT, never anything else
        if not any(g.kind is RoleKind.ADMIN and within(code, g.area) for g in held):
            assert any(g.kind is RoleKind.KETUA_RT and g.area == code for g in held)
        # … and inside what was asked for
        asked = [request["area"]] if "area" in request else request["program_areas"]
        assert any(within(code, a) for a in asked)


@given(st.sampled_from(RTS), st.sampled_from(ALL_AREAS))
def test_an_rt_head_reaches_exactly_their_rt(rt, target):
    reach = audience.scope([Grant(RoleKind.KETUA_RT, rt)], area=target)
    assert reach == ((rt,) if target == rt else ())
    assert audience.scope([Grant(RoleKind.KETUA_RT, rt)], program_areas=[target]) == ()


@given(st.sampled_from(ADMIN_AREAS), st.sampled_from(ALL_AREAS))
def test_an_admin_reaches_inside_their_area_only(admin, target):
    reach = audience.scope([Grant(RoleKind.ADMIN, admin)], area=target)
    assert reach == ((target,) if within(target, admin) else ())


def test_the_operator_reaches_anything_and_programs_are_cut_to_the_admins_area():
    assert audience.scope(OPERATOR, area="K1.C1") == ("K1.C1",)
    admin = [Grant(RoleKind.ADMIN, "K1.C1.L1")]
    assert audience.scope(admin, program_areas=["K1", "K2"]) == ("K1.C1.L1",)
    assert audience.scope(admin, program_areas=["K1.C1.L1.W2", "K2"]) == ("K1.C1.L1.W2",)


# --------------------------------------------------------------------------- the same rule, end to end


@pytest.fixture
async def town(db):
    """The demo areas; in RT 003 / RW 02 Mayang: Ani (Telegram + SMS), Budi (SMS), Cici (Telegram,
    STOP), Dedi (no identity left); one resident in another RT; a linked group."""
    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    rt, other = await Area.get(code=RT), await Area.get(code=OTHER_RT)
    people = {}
    for name, area, ids, stop in [
        ("Ani", rt, ["tg:101", "sms:+6281200000101"], False),
        ("Budi", rt, ["sms:+6281200000102"], False),
        ("Cici", rt, ["tg:103"], True),
        ("Dedi", rt, [], False),
        ("Eko", other, ["tg:105", "sms:+6281200000105"], False),
    ]:
        resident = await Resident.create(name=name, area_id=area.id, opted_out=stop)
        for value in ids:
            await Identity.create(value=value, channel="sms" if value.startswith("sms") else "telegram", resident=resident)
        people[name] = resident
    await GroupChat.create(identity="tg:-100200", title="RT 3", area_id=rt.id, linked_at=NOW)
    return people


async def _rows(announcement_id: int) -> dict[str, str]:
    rows = await OutboxMessage.filter(cause_type="announcement", cause_id=str(announcement_id))
    return {row.identity: row.status.value for row in rows}


async def test_an_rt_announcement_reaches_each_resident_once_on_their_channel(town):
    ann = await announcements.compose(grants=[Grant(RoleKind.KETUA_RT, RT)], target=Target(area=RT),
                                      text="Kerja bakti Minggu 07.00.", now=NOW, author_id=town["Ani"].id,
                                      author_identity="tg:101")  # fmt: skip
    preview = await announcements.preview(ann, translator)
    assert (preview.telegram, preview.sms, preview.groups, preview.segments) == (1, 1, 1, 1)
    assert preview.cost(350) == 350
    assert await announcements.send_now(ann, NOW, translator, [Grant(RoleKind.KETUA_RT, RT)]) == 3
    assert await _rows(ann.id) == {"tg:101": "queued", "sms:+6281200000102": "queued", "tg:-100200": "queued"}
    text = (await OutboxMessage.get(identity="tg:101")).text
    assert text == "Pengumuman RT 003 / RW 02, Mayang Mangurai, Alam Barajo, Kota Jambi:\nKerja bakti Minggu 07.00."
    # a repeated send (a crash, the clock firing twice) adds nothing
    assert await announcements.deliver(ann.id, NOW, translator) == 0
    await ann.refresh_from_db()
    assert (ann.status, ann.telegram, ann.sms, ann.groups) == (AnnouncementStatus.SENT, 1, 1, 1)
    # the author hears how it went, once
    await run_due(NOW + timedelta(minutes=16))
    await run_due(NOW + timedelta(minutes=17))
    [summary] = await OutboxMessage.filter(cause_type="announcement_summary")
    assert summary.identity == "tg:101" and "0 terkirim" in summary.text and "3 masih menunggu" in summary.text


async def test_an_rt_head_cannot_reach_another_rt_and_bad_requests_are_refused(town):
    head = [Grant(RoleKind.KETUA_RT, RT)]
    with pytest.raises(NotAllowed):
        await announcements.compose(grants=head, target=Target(area=OTHER_RT), text="Halo", now=NOW)
    with pytest.raises(NotAllowed):
        await announcements.compose(grants=head, target=Target(area="JMB.ALB.MYM"), text="Halo", now=NOW)
    with pytest.raises(NotAllowed):
        await announcements.compose(grants=head, target=Target(program="kampung-bantar", program_areas=("JMB",)),
                                    text="Halo", now=NOW)  # fmt: skip
    with pytest.raises(Invalid):
        await announcements.compose(grants=head, target=Target(area=RT), text="  ", now=NOW)
    with pytest.raises(Invalid):
        await announcements.compose(grants=head, target=Target(area=RT), text="x" * 1001, now=NOW)
    with pytest.raises(Invalid):
        await announcements.compose(grants=OPERATOR, target=Target(area="NOPE"), text="Halo", now=NOW)
    assert await Announcement.all().count() == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    held=st.lists(st.sampled_from([(RoleKind.KETUA_RT, RT), (RoleKind.KETUA_RT, OTHER_RT),
                                   (RoleKind.ADMIN, "JMB.ALB.MYM"), (RoleKind.ADMIN, "BTG")]), max_size=2),
    target=st.sampled_from([RT, OTHER_RT, "JMB.ALB.MYM", "JMB.ALB", "JMB", "BTG"]),
)  # fmt: skip
async def test_recipients_always_live_where_the_author_may_reach(town, held, target):
    grants = [Grant(kind, code) for kind, code in held]
    try:
        ann = await announcements.compose(grants=grants, target=Target(area=target), text="Halo", now=NOW)
    except NotAllowed:
        assert not audience.scope(grants, area=target)
        return
    reach = await audience.audience(ann.scope)
    for recipient in reach.recipients:
        resident = await Resident.get(id=recipient.resident_id).prefetch_related("area")
        assert any(within(resident.area.code, g.area) for g in grants)
        assert not resident.opted_out


async def test_grants_left_out_are_no_rights_and_only_the_operator_value_is_trusted(town):
    assert audience.scope(None, area=RT) == () and audience.scope([], area=RT) == ()
    assert audience.scope(None, program_areas=["JMB"]) == ()
    with pytest.raises(NotAllowed):
        await announcements.compose(grants=None, target=Target(area=RT), text="Halo", now=NOW)
    ann = await announcements.compose(grants=OPERATOR, target=Target(area=RT), text="Halo", now=NOW)
    for grants in (None, [], [Grant(RoleKind.KETUA_RT, OTHER_RT)]):
        with pytest.raises(NotAllowed):
            await announcements.send_now(ann, NOW, translator, grants)
        with pytest.raises(NotAllowed):
            await announcements.schedule(ann, NOW + timedelta(hours=1), NOW, grants)
        assert not await announcements.cancel(ann.id, grants)
    assert await _rows(ann.id) == {} and not await ScheduledJob.exists()
    assert (await Announcement.get(id=ann.id)).status is AnnouncementStatus.DRAFT


# --------------------------------------------------------------------------- fallback


async def test_telegram_failures_fall_back_to_sms_once_through_the_dispatcher(town):
    ann = await announcements.compose(grants=OPERATOR, target=Target(area="JMB.ALB.MYM"), text="Air mati besok.", now=NOW)
    await announcements.send_now(ann, NOW, translator, OPERATOR)
    assert await _rows(ann.id) == {
        "tg:101": "queued", "sms:+6281200000102": "queued", "tg:-100200": "queued", "tg:105": "queued",
    }  # fmt: skip
    # a kelurahan is named as people write it, not like an RT ("RT 003 / RW 02")
    assert (await OutboxMessage.get(identity="tg:105")).text.startswith("Pengumuman Mayang Mangurai, Alam Barajo, Kota Jambi:\n")
    clock = Clock()
    blocked = SendError("Forbidden: bot was blocked by the user", retryable=False, permanent_identity_failure=True)
    telegram = Recorder("telegram", script={"tg:101": [blocked], "tg:-100200": [blocked]})
    sms = Recorder("sms")
    worker = dispatcher(telegram, clock)
    worker.channels["sms"] = sms
    worker.gates["sms"] = worker.gates["telegram"].__class__(sms.limits, sms.is_group)
    worker.on_failed = announcements.fall_back
    for _ in range(2):
        await worker.run_until_idle()
    # Ani's Telegram failed: her SMS number gets it; the group has no fallback; nobody twice
    assert sorted(o.identity for o in sms.sent) == ["sms:+6281200000101", "sms:+6281200000102"]
    assert sorted(o.identity for o in telegram.sent) == ["tg:105"]
    assert await announcements.fall_back(
        list(await OutboxMessage.filter(status=OutboxStatus.FAILED).values_list("id", flat=True)), NOW
    ) == 0
    progress = await announcements.progress(ann.id)
    assert (progress.sent, progress.failed, progress.pending) == (3, 1, 0)  # Ani counted once, by SMS


async def test_no_fallback_for_a_resident_who_stopped_or_has_no_number(town):
    ann = await announcements.compose(grants=OPERATOR, target=Target(area=OTHER_RT), text="Halo", now=NOW)
    await announcements.send_now(ann, NOW, translator, OPERATOR)
    await Resident.filter(id=town["Eko"].id).update(opted_out=True)
    await OutboxMessage.filter(identity="tg:105").update(status=OutboxStatus.FAILED)
    ids = list(await OutboxMessage.filter(identity="tg:105").values_list("id", flat=True))
    assert await announcements.fall_back(ids, NOW) == 0


# --------------------------------------------------------------------------- schedule and cancel


async def test_schedule_then_the_clock_sends_it_once(town):
    ann = await announcements.compose(grants=OPERATOR, target=Target(area=RT), text="Rapat malam ini.", now=NOW)
    with pytest.raises(Invalid):
        await announcements.schedule(ann, NOW - timedelta(minutes=1), NOW, OPERATOR)
    await announcements.schedule(ann, NOW + timedelta(hours=2), NOW, OPERATOR)
    assert await run_due(NOW + timedelta(hours=1)) == 0 and await _rows(ann.id) == {}
    await run_due(NOW + timedelta(hours=2))
    await run_due(NOW + timedelta(hours=2, minutes=1))
    assert len(await _rows(ann.id)) == 3
    assert not await announcements.cancel(ann.id, OPERATOR)  # sending has started: too late


async def test_cancel_a_scheduled_one_only_by_its_author(town):
    head = [Grant(RoleKind.KETUA_RT, RT)]
    ann = await announcements.compose(grants=head, target=Target(area=RT), text="Rapat.", now=NOW,
                                      author_id=town["Ani"].id)  # fmt: skip
    await announcements.schedule(ann, NOW + timedelta(hours=2), NOW, head)
    assert (await announcements.progress(ann.id)).pending == 3  # nothing queued yet: all waiting
    assert not await announcements.cancel(ann.id, head, author_id=town["Budi"].id)
    assert await announcements.cancel(ann.id, head, author_id=town["Ani"].id)
    assert (await ScheduledJob.get(key=announcements.send_key(ann.id))).status.value == "cancelled"
    await run_due(NOW + timedelta(hours=3))
    assert await _rows(ann.id) == {}
    assert (await Announcement.get(id=ann.id)).status is AnnouncementStatus.CANCELLED
    assert (await announcements.progress(ann.id)).cancelled == 3
