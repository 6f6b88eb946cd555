"""The engine: dedupe, logging and outbox, restart safety, stale buttons, hostile input, a property."""

from __future__ import annotations

import asyncio
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.context import tortoise_test_context
from tortoise.transactions import in_transaction

import bot.db
from bot.db import close_database, open_database
from bot.i18n import translator
from handlers.engine import Engine
from handlers.flows import FLOWS, Flow
from handlers.gotong_royong import service as gotong_royong
from handlers.messages import Inbound
from handlers.residents import service as residents
from handlers.residents.area_import import import_areas_file
from handlers.turn import Turn
from models import (
    MODEL_MODULES,
    Area,
    Availability,
    ConversationState,
    Direction,
    Identity,
    Interaction,
    OutboxMessage,
    OutboxStatus,
    Resident,
)
from tests.conftest import FROZEN_NOW
from tests.fixtures import turn_order
from tests.fixtures.sqlite_faults import SqliteFaults


def make_engine() -> Engine:
    return Engine(translator, default_locale="id", clock=lambda: FROZEN_NOW)


@pytest.fixture
async def engine(db):
    report = await import_areas_file(bot.db.DEMO_AREAS)
    assert report.ok
    return make_engine()


async def say(engine: Engine, text: str, identity: str = "tg:100", **kw) -> list[str]:
    replies = await engine.handle(Inbound(identity=identity, text=text, **kw))
    return [r.text for r in replies]


# --------------------------------------------------------------------------- dedupe and logging


async def test_the_same_message_is_processed_once_whatever_its_gateway_id(engine):
    first = await engine.handle(Inbound(identity="tg:100", text="halo", id="777", message_key="k1"))
    again = await engine.handle(Inbound(identity="tg:100", text="halo", id="901", message_key="k1"))
    assert first and "Halo! Saya KabarRT" in first[0].text
    assert again == []
    assert await Interaction.filter(direction=Direction.IN).count() == 1
    assert await OutboxMessage.all().count() == len(first)
    # a gateway id used again for another message (Telegram's update ids started anew)
    reused = await engine.handle(Inbound(identity="tg:100", text="apa itu BKM?", id="777", message_key="k2"))
    assert reused and "Badan Keswadayaan Masyarakat" in reused[0].text
    stored = await Interaction.filter(direction=Direction.IN).order_by("id").values_list("external_id", "message_key")
    assert stored == [("777", "k1"), ("777", "k2")]  # the gateway's own id, as it came
    # the same key on another channel is another message; a message without a key is never a repeat
    assert await engine.handle(Inbound(identity="sms:+6281200000009", text="halo", id="777", message_key="k1"))
    for _ in range(2):
        assert await engine.handle(Inbound(identity="sms:+6281200000009", text="halo", id="777"))
    assert await Interaction.filter(direction=Direction.IN).count() == 5


async def test_every_message_is_logged_and_every_reply_is_in_the_outbox(engine):
    replies = await engine.handle(Inbound(identity="sms:+6281200000002", text="halo", id="a1"))
    assert len(replies) == 1
    (inbound,) = await Interaction.filter(direction=Direction.IN)
    assert (inbound.channel, inbound.topic, inbound.text, inbound.external_id) == (
        "sms", "greeting", "halo", "a1",
    )
    assert inbound.created_at == FROZEN_NOW
    resident_id = (await Identity.get(value="sms:+6281200000002")).resident_id
    assert inbound.resident_id == resident_id
    (outbound,) = await Interaction.filter(direction=Direction.OUT)
    assert (outbound.channel, outbound.topic, outbound.resident_id) == ("sms", "welcome", resident_id)
    assert outbound.text == replies[0].text
    row = await OutboxMessage.get(id=replies[0].outbox_id)
    assert row.identity == "sms:+6281200000002"
    assert row.resident_id == resident_id
    assert row.text == replies[0].text
    assert row.status is OutboxStatus.QUEUED
    assert row.priority == 1
    assert (row.cause_type, row.cause_id) == ("inbound", "a1")
    assert row.payload["options"][:2] == [["Info program", "kw:programs"], ["Daftar ke RT saya", "kw:register"]]
    assert len(row.payload["options"]) == 6

    # a turn with two replies (BANTUAN inside a flow) logs two outbound rows and two outbox rows
    await say(engine, "DAFTAR", "sms:+6281200000002")
    replies = await engine.handle(Inbound(identity="sms:+6281200000002", text="BANTUAN"))
    assert len(replies) == 2
    assert len({r.outbox_id for r in replies}) == 2
    assert await Interaction.filter(direction=Direction.IN).count() == 3
    assert await Interaction.filter(direction=Direction.OUT).count() == 4
    assert await OutboxMessage.all().count() == 4
    topics = await Interaction.filter(direction=Direction.IN).order_by("id").values_list("topic", flat=True)
    assert topics == ["greeting", "onboarding", "keyword.help"]


# --------------------------------------------------------------------------- restart


async def test_restart_in_the_middle_of_onboarding_resumes_it(tmp_path):
    url = f"sqlite://{tmp_path / 'restart.sqlite3'}"
    assert await open_database(url)
    try:
        engine = make_engine()
        assert "Anda setuju?" in (await say(engine, "DAFTAR"))[0]
        assert "kota/kabupaten mana?" in (await say(engine, "1"))[0]
        assert "Kota Jambi: kecamatan apa?" in (await say(engine, "4"))[0]
    finally:
        await close_database()

    assert not await open_database(url)  # existing file: nothing re-created
    try:
        engine = make_engine()  # a new process: nothing in memory
        assert "Alam Barajo: kelurahan/desa apa?" in (await say(engine, "1"))[0]
        assert "Rawasari: RW berapa?" in (await say(engine, "rawasari"))[0]
        assert "RW 02: RT berapa?" in (await say(engine, "2"))[0]
        assert "nama panggilan" in (await say(engine, "3"))[0]
        done = (await say(engine, "Rina"))[0]
        assert "Terima kasih, Rina! Anda terdaftar di RT 003 / RW 02, Rawasari" in done
        resident = await Resident.get(id=(await Identity.get(value="tg:100")).resident_id)
        assert resident.name == "Rina"
        assert (await Area.get(id=resident.area_id)).code == "JMB.ALB.RWS.RW02.RT003"
        assert (await ConversationState.get(resident_id=resident.id)).flow is None
    finally:
        await close_database()


# --------------------------------------------------------------------------- stale buttons


async def test_stale_button_is_answered_not_obeyed(engine):
    await say(engine, "DAFTAR")
    await say(engine, "1")  # kota step now shows area:LTG, area:BDL, area:BTG, area:JMB, area:PNK
    replies = await say(engine, "", choice="area:XYZ")
    assert replies[0] == "Pilihan itu sudah tidak berlaku."
    assert "kota/kabupaten mana?" in replies[1]
    state = await ConversationState.get(resident_id=(await Identity.get(value="tg:100")).resident_id)
    assert (state.flow, state.step, state.data.get("parent")) == ("onboarding", "area", None)
    # a button from an older message (consent) is stale too
    replies = await say(engine, "", choice="consent:yes")
    assert replies[0] == "Pilihan itu sudah tidak berlaku."
    # a current button works
    assert "Kota Jambi: kecamatan apa?" in (await say(engine, "", choice="area:JMB"))[0]


async def test_stale_button_outside_a_flow_shows_the_menu(engine):
    replies = await say(engine, "", choice="kw:erase")
    assert replies[0] == "Pilihan itu sudah tidak berlaku."
    assert "Menu KabarRT" in replies[1]
    assert await Identity.exists(value="tg:100")  # and nothing was erased


# --------------------------------------------------------------------------- hostile input

BAD_INPUT = [
    "",
    "   ",
    "x" * 10000,
    "😀😀",
    "\x00\x07abc",
    "مرحبا",
    "'; DROP TABLE resident; --",
    "<script>alert(1)</script>",
    "\u202eATLAB",
    "1" * 400,
    "-1",
    "0",
    "%s %d {0} {name}",
]


@pytest.mark.parametrize("text", BAD_INPUT, ids=range(len(BAD_INPUT)))
@pytest.mark.parametrize("in_flow", [False, True])
async def test_bad_input_gets_a_polite_answer(engine, text, in_flow):
    await say(engine, "halo", "sms:+6281200000003")  # someone else, to check the table survives
    if in_flow:
        await say(engine, "DAFTAR")
        await say(engine, "1")
    replies = await engine.handle(Inbound(identity="tg:100", text=text))
    assert len(replies) >= 1
    for reply in replies:
        assert reply.text.strip()
        for bad in ("Traceback", "Error", "Exception", "gangguan", "None"):
            assert bad not in reply.text
        assert len(reply.text) < 2000
    assert await Resident.all().count() == 2
    assert await Identity.filter(value="sms:+6281200000003").exists()
    assert not await Interaction.filter(topic="error").exists()
    stored = await Interaction.filter(direction=Direction.IN).order_by("-id").first()
    assert "\x00" not in (stored.text or "")
    if in_flow:
        state = await ConversationState.get(resident_id=(await Identity.get(value="tg:100")).resident_id)
        assert state.flow == "onboarding"


# --------------------------------------------------------------------------- property

SENDERS = ["tg:1", "tg:2", "sms:+6281200000004", "shell:x"]
WORDS = [
    "DAFTAR", "1", "2", "3", "YA", "tidak", "BATAL", "HAPUS DATA", "MENU", "BAHASA", "STOP",
    "MULAI", "mayang", "tanjung", "lewati", "Budi", "", "?", "halo",
]  # fmt: skip
messages = st.lists(
    st.tuples(
        st.sampled_from(SENDERS),
        st.one_of(st.sampled_from(WORDS), st.text(max_size=40)),
    ),
    min_size=1,
    max_size=12,
)


async def _drive(script: list[tuple[str, str]]) -> None:
    async with tortoise_test_context([*MODEL_MODULES], db_url="sqlite://:memory:"):
        await import_areas_file(bot.db.DEMO_AREAS)
        engine = make_engine()
        returned = 0
        for sender, text in script:
            replies = await engine.handle(Inbound(identity=sender, text=text))
            assert replies, f"no reply to {text!r} from {sender}"
            for reply in replies:
                assert reply.text.strip()
                assert reply.identity == sender
                assert reply.outbox_id is not None
            returned += len(replies)
        assert await OutboxMessage.all().count() == returned
        assert await Interaction.filter(direction=Direction.IN).count() == len(script)
        assert await Interaction.filter(direction=Direction.OUT).count() == returned
        errors = await Interaction.filter(topic="error").count()
        assert errors == 0, "a turn failed inside the engine (see the log)"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages)
def test_engine_property_always_answers_and_records(script):
    asyncio.run(_drive(script))


# --------------------------------------------------------------------------- a failing turn


class _Explodes(Flow):
    """A flow that changes the conversation in memory, then fails."""

    name = "test_explodes"

    async def start(self, turn: Turn) -> None:
        turn.begin(self.name, "draft", text="Kerja bakti Minggu pagi", nested={"photo": None})

    async def prompt(self, turn: Turn) -> None:
        turn.say("?")

    async def handle(self, turn: Turn) -> None:
        turn.data["text"] = "half-written"
        turn.data["nested"]["photo"] = "changed in place"
        turn.goto("send")
        turn.set_locale("en")
        turn.resident.locale = "en"
        await turn.resident.save(update_fields=["locale"])
        raise RuntimeError("boom")


async def test_a_failing_turn_keeps_the_conversation_it_started_with(engine, monkeypatch):
    monkeypatch.setitem(FLOWS, _Explodes.name, _Explodes())
    await say(engine, "halo")
    resident = await Resident.get(id=(await Identity.get(value="tg:100")).resident_id)
    await ConversationState.filter(resident_id=resident.id).update(
        flow="test_explodes", step="draft", data={"text": "Kerja bakti Minggu pagi", "nested": {"photo": None}}
    )
    replies = await say(engine, "lanjut saja")
    state = await ConversationState.get(resident_id=resident.id)
    assert (state.flow, state.step) == ("test_explodes", "draft")
    assert state.data == {"text": "Kerja bakti Minggu pagi", "nested": {"photo": None}}
    assert (await Resident.get(id=resident.id)).locale == "id"
    # in the language the resident still has, not the one the failed turn switched to
    assert replies == ["Maaf, terjadi gangguan. Silakan coba lagi sebentar lagi, atau ketik MENU."]


class _EditsInPlace(Flow):
    """A flow that changes only a nested part of its data, in place."""

    name = "test_edits_in_place"

    async def start(self, turn: Turn) -> None:
        turn.begin(self.name, "draft", nested={"photo": None})

    async def prompt(self, turn: Turn) -> None:
        turn.say("?")

    async def handle(self, turn: Turn) -> None:
        turn.data["nested"]["photo"] = turn.reply.text
        turn.say("ok")


async def test_a_change_inside_the_flows_data_is_saved(engine, monkeypatch):
    monkeypatch.setitem(FLOWS, _EditsInPlace.name, _EditsInPlace())
    await say(engine, "halo")
    resident_id = (await Identity.get(value="tg:100")).resident_id
    await ConversationState.filter(resident_id=resident_id).update(
        flow="test_edits_in_place", step="draft", data={"nested": {"photo": None}}, options=[]
    )
    assert await say(engine, "foto-rapat") == ["ok"]
    state = await ConversationState.get(resident_id=resident_id)
    assert state.data == {"nested": {"photo": "foto-rapat"}}


# --------------------------------------------------------------------------- concurrent turns of one resident


async def _answers_in_stored_order(identity: str) -> list[tuple[str, str]]:
    """(what the resident said, the one answer) per turn, in the order the turns were stored."""
    resident_id = (await Identity.get(value=identity)).resident_id
    said = await Interaction.filter(direction=Direction.IN, resident_id=resident_id).order_by("id").values_list(
        "external_id", "text"
    )
    answers: dict[str, list[str]] = {}
    for cause, text in await OutboxMessage.filter(cause_type="inbound").values_list("cause_id", "text"):
        answers.setdefault(cause, []).append(text)
    assert all(len(texts) == 1 for texts in answers.values()), answers
    return [(text, answers[external_id][0]) for external_id, text in said]


async def test_twenty_messages_of_one_resident_at_once_run_one_after_the_other(engine):
    """On PostgreSQL the twenty turns start at once on separate connections; each waits for the
    resident's lock, so each answer follows from what the turn stored before it left."""
    said = turn_order.script(22)
    inbounds = [Inbound(identity="tg:100", text=text, id=f"u{n}", message_key=f"k{n}") for n, text in enumerate(said)]
    for inbound in inbounds[:2]:  # one after the other: the question, and a slot recorded
        await engine.handle(inbound)
    answered = await asyncio.gather(*(engine.handle(inbound) for inbound in inbounds[2:]))
    assert [len(replies) for replies in answered] == [1] * 20
    turns = await _answers_in_stored_order("tg:100")
    assert sorted(text for text, _ in turns) == sorted(said)
    end = turn_order.replay(turns)
    assert end.recorded >= 2
    resident_id = (await Identity.get(value="tg:100")).resident_id
    state = await ConversationState.get(resident_id=resident_id)
    assert state.flow == ("waktu" if end.asking else None)
    [slots] = await Availability.filter(resident_id=resident_id).values_list("slots", flat=True)
    assert slots == [gotong_royong.SLOTS[end.slot - 1]]


async def test_first_messages_of_a_new_resident_at_once_make_one_resident(engine):
    """A brand-new identity's first messages racing: one resident, one identity, one conversation,
    every message answered; the same first message arriving four times at once is answered once."""
    texts = ["halo", "apa itu BKM?", "MENU", "BANTUAN"]
    answered = await asyncio.gather(*(
        engine.handle(Inbound(identity="tg:555", text=text, id=f"u{n}", message_key=f"n{n}"))
        for n, text in enumerate(texts)
    ))  # fmt: skip
    assert all(answered)
    copies = await asyncio.gather(*(
        engine.handle(Inbound(identity="sms:+6281200000055", text="halo", id=f"c{n}", message_key="same"))
        for n in range(4)
    ))  # fmt: skip
    assert sorted(len(replies) for replies in copies) == [0, 0, 0, 1]
    assert await Identity.all().count() == 2
    assert await Resident.all().count() == 2
    assert await ConversationState.all().count() == 2
    assert await Interaction.filter(direction=Direction.IN).count() == 5


async def _hold_the_lock(identity: str, then) -> tuple[asyncio.Task, asyncio.Event]:
    """A turn of `identity`'s resident that has taken the lock and waits for the returned event;
    then it runs `then()` and commits."""
    holding, release = asyncio.Event(), asyncio.Event()

    async def turn_before() -> None:
        async with in_transaction():
            await residents.begin_turn(identity, "id")
            holding.set()
            await release.wait()
            await then()

    task = asyncio.create_task(turn_before())
    await holding.wait()
    return task, release


async def _waiting_for_the_lock(db, database: str) -> None:
    """PostgreSQL: until a connection waits for a row lock. SQLite runs one transaction at a time:
    the turn waits for the connection."""
    if database != "postgres":
        return
    connection = db.connections.get("default")
    for _ in range(200):
        [row] = await connection.execute_query_dict("SELECT count(*) AS n FROM pg_locks WHERE NOT granted")
        if row["n"]:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("no turn waited for the lock")


async def test_a_turn_waits_for_the_turn_before_and_reads_what_it_wrote(engine, db, database):
    await say(engine, "halo")
    resident_id = (await Identity.get(value="tg:100")).resident_id

    async def ask_free_time() -> None:
        await ConversationState.filter(resident_id=resident_id).update(flow="waktu", step="slots", data={})

    before, release = await _hold_the_lock("tg:100", ask_free_time)
    after = asyncio.create_task(say(engine, "2"))
    await _waiting_for_the_lock(db, database)
    assert not after.done()
    release.set()
    await before
    [answer] = await after
    assert answer.startswith("Tercatat, Anda biasanya bisa: Sabtu pagi."), answer


async def test_a_turn_whose_resident_was_merged_while_it_waited_runs_as_the_merged_one(engine, db, database):
    """The turn before linked this chat to a resident known by SMS (a merge): the waiting turn's
    resident is gone when it gets the lock, so it locks the kept one's conversation and runs as
    that resident."""
    await say(engine, "halo")
    await say(engine, "WAKTU", "sms:+6281200000077")  # the SMS resident is in the free-time question
    gone = (await Identity.get(value="tg:100")).resident_id
    kept = (await Identity.get(value="sms:+6281200000077")).resident_id

    async def merge_into_the_sms_resident() -> None:
        await Identity.filter(resident_id=gone).update(resident_id=kept)
        await Resident.filter(id=gone).delete()

    before, release = await _hold_the_lock("tg:100", merge_into_the_sms_resident)
    after = asyncio.create_task(say(engine, "4"))
    await _waiting_for_the_lock(db, database)
    release.set()
    await before
    [answer] = await after
    assert answer.startswith("Tercatat, Anda biasanya bisa: Minggu pagi."), answer
    assert await Availability.filter(resident_id=kept).values_list("slots", flat=True) == [["sunday_morning"]]


@pytest.mark.sqlite_only
async def test_a_turn_that_loses_a_race_to_create_its_conversation_starts_again(engine, monkeypatch, caplog):
    """A resident known but never written to (`kabarrt roles grant` makes one) is erased by another
    process just before their first turn makes their conversation row: the insert fails, and the
    turn starts again from who wrote, now a new resident, instead of failing."""
    caplog.set_level(logging.INFO, logger="handlers.engine")
    _, resident = await residents.resolve("tg:300", "id")
    SqliteFaults(monkeypatch).before(
        "insert into conversation_state", ("DELETE FROM resident WHERE id = ?", [resident.id])
    )
    [welcome] = await say(engine, "halo", "tg:300")
    assert welcome.startswith("Halo! Saya KabarRT")
    assert "lost a race" in caplog.text
    [again] = await Identity.filter(value="tg:300").values_list("resident_id", flat=True)
    assert await Resident.all().values_list("id", flat=True) == [again]
    assert await ConversationState.filter(resident_id=again).count() == 1
