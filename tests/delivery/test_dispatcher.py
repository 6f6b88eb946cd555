"""The dispatcher's state machine, limits, retries, expiry, identity failures, leases and drain.

Channels here are small recording fakes of the Channel protocol (the real Telegram and SMS
adapters get their own end-to-end tests against real gateways); the database is real SQLite.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.exceptions import OperationalError

from bot.channels.base import Limits, NullChannel, SendError, SendResult
from bot.delivery.dispatcher import DeliverySettings, Dispatcher, backoff
from handlers.messages import Outbound
from handlers.outbox.queue import record_report
from models import Identity, OutboxEvent, OutboxMessage, OutboxStatus, Resident
from tests.fixtures.sqlite_faults import SqliteFaults

T0 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


class Clock:
    """Wall clock and monotonic clock that only move when the test says so."""

    def __init__(self) -> None:
        self.now = T0
        self.mono = 1000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


class Recorder:
    """A channel that records what it sent and fails as scripted: {identity: [error, …]}."""

    def __init__(self, name: str = "sms", limits: Limits | None = None, script=None, delay: float = 0.0):
        self.name = name
        self.limits = limits or Limits()
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.delay = delay
        self.sent: list[Outbound] = []

    async def send(self, outbound: Outbound) -> SendResult:
        if self.delay:
            await asyncio.sleep(self.delay)
        errors = self.script.get(outbound.identity)
        if errors:
            raise errors.pop(0)
        self.sent.append(outbound)
        return SendResult(f"m{len(self.sent)}")

    def is_group(self, identity: str) -> bool:
        return identity.startswith("tg:-")


async def enqueue(identity: str, text: str = "halo", **fields) -> OutboxMessage:
    channel = {"tg": "telegram", "sms": "sms", "shell": "shell"}[identity.split(":")[0]]
    fields.setdefault("created_at", T0)
    return await OutboxMessage.create(identity=identity, channel=channel, text=text, **fields)


def dispatcher(channel, clock: Clock, **settings) -> Dispatcher:
    return Dispatcher(
        {channel.name: channel},
        DeliverySettings(**settings),
        clock=clock,
        monotonic=clock.monotonic,
        rng=random.Random(7),
        worker_id="w1",
    )


async def status(row: OutboxMessage) -> OutboxStatus:
    await row.refresh_from_db()
    return row.status


# --- the state machine -------------------------------------------------------------------------


async def test_queued_to_sending_to_sent_with_history(db):
    clock, channel = Clock(), Recorder()
    resident = await Resident.create()
    row = await enqueue(
        "sms:+6281200000001", payload={"options": [["Ya", "y"]], "detail": "lebih"}, resident_id=resident.id
    )
    d = dispatcher(channel, clock)
    claimed = await d.claim("sms", 10)
    assert [r.id for r, _ in claimed] == [row.id]
    assert await status(row) is OutboxStatus.SENDING
    assert row.attempts == 1 and row.claimed_by.startswith("w1#")
    [(claimed_row, token)] = claimed
    d._results.append(await d._attempt(claimed_row, token))
    await d.flush()
    assert await status(row) is OutboxStatus.SENT
    assert row.channel_message_id == "m1" and row.sent_at == T0 and row.claimed_by is None
    assert channel.sent[0].options[0].label == "Ya" and channel.sent[0].detail == "lebih"
    events = [e.status for e in await OutboxEvent.filter(message_id=row.id).order_by("id")]
    assert events == [OutboxStatus.SENT]


async def test_a_claimed_row_cannot_be_claimed_twice(db):
    clock = Clock()
    await enqueue("sms:+6281200000001")
    a, b = dispatcher(Recorder(), clock), dispatcher(Recorder(), clock)
    b.worker_id = "w2"
    first = await a.claim("sms", 10)
    second = await b.claim("sms", 10)
    assert len(first) == 1 and second == []


async def test_sent_is_never_sent_again(db):
    clock, channel = Clock(), Recorder()
    await enqueue("sms:+6281200000001")
    d = dispatcher(channel, clock)
    await d.run_until_idle()
    clock.advance(3600)
    await d.run_until_idle()
    assert len(channel.sent) == 1


async def test_replies_go_before_bulk_and_bulk_in_order(db):
    clock = Clock()
    channel = Recorder(limits=Limits(per_second=1))
    bulk = [await enqueue(f"sms:+62812000000{i:02d}", f"bulk {i}", priority=0) for i in range(3)]
    reply = await enqueue("sms:+6281299999999", "balasan", priority=1)
    d = dispatcher(channel, clock)
    order = []
    for _ in range(4):
        await d.run_until_idle()
        order += [o.text for o in channel.sent[len(order):]]
        clock.advance(1)
    assert order == ["balasan", "bulk 0", "bulk 1", "bulk 2"]
    assert [await status(r) for r in [*bulk, reply]] == [OutboxStatus.SENT] * 4


async def test_per_recipient_limit_skips_the_busy_chat_and_serves_the_others(db):
    clock = Clock()
    channel = Recorder(limits=Limits(per_recipient_per_second=1))
    for i in range(3):
        await enqueue("sms:+6281200000001", f"a{i}")
    await enqueue("sms:+6281200000002", "b0")
    d = dispatcher(channel, clock)
    await d.run_until_idle()
    assert sorted(o.text for o in channel.sent) == ["a0", "b0"]  # one for a, b not held up
    clock.advance(1)
    await d.run_until_idle()
    assert [o.text for o in channel.sent][2:] == ["a1"]


async def test_overall_and_group_limits(db):
    clock = Clock()
    channel = Recorder(name="telegram", limits=Limits(per_second=5, per_group_per_minute=2))
    for i in range(4):
        await enqueue("tg:-100123", f"g{i}")
    for i in range(10):
        await enqueue(f"tg:{i + 1}", f"p{i}")
    d = dispatcher(channel, clock)
    await d.run_until_idle()
    assert len(channel.sent) == 2  # a full bucket holds half a second's worth (5/s: 2.5)
    clock.advance(1)
    await d.run_until_idle()
    assert len(channel.sent) == 4  # then the rate: (2.5 − 2 left) + 5 a second, capped at 2.5
    for _ in range(10):
        clock.advance(1)
        await d.run_until_idle()
    group = [o for o in channel.sent if o.identity == "tg:-100123"]
    assert len(group) == 2 and len(channel.sent) == 12  # the group waits a minute for more
    clock.advance(60)
    await d.run_until_idle()
    assert len([o for o in channel.sent if o.identity == "tg:-100123"]) == 4


async def test_transient_errors_back_off_with_jitter_then_succeed(db):
    clock = Clock()
    channel = Recorder(script={"sms:+6281200000001": [SendError("timeout", retryable=True)] * 2})
    row = await enqueue("sms:+6281200000001")
    d = dispatcher(channel, clock)
    await d.run_until_idle()
    assert await status(row) is OutboxStatus.QUEUED and row.attempts == 1
    assert "retry in" in row.last_error and row.not_before > T0
    await d.run_until_idle()
    assert channel.sent == []  # not before its time
    clock.advance(3600)
    await d.run_until_idle()
    clock.advance(3600)
    await d.run_until_idle()
    assert await status(row) is OutboxStatus.SENT and row.attempts == 3


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    rng = random.Random(1)
    for attempt in range(1, 8):
        delay = backoff(attempt, 2.0, 60.0, rng)
        ceiling = min(60.0, 2.0**attempt)
        assert ceiling / 2 <= delay <= ceiling
    delays = {round(backoff(3, 2.0, 60.0, rng), 6) for _ in range(20)}
    assert len(delays) > 10  # jittered, not lock-step


async def test_retry_after_is_honoured_without_stalling_other_channels(db):
    clock = Clock()
    slow = Recorder(name="telegram", script={"tg:1": [SendError("429", retryable=True, retry_after=30)]})
    other = Recorder(name="sms")
    row = await enqueue("tg:1")
    await enqueue("tg:2")
    await enqueue("sms:+6281200000001")
    d = Dispatcher({"telegram": slow, "sms": other}, DeliverySettings(), clock=clock, monotonic=clock.monotonic, worker_id="w1")
    await d.run_until_idle()
    assert await status(row) is OutboxStatus.QUEUED
    assert row.not_before == T0 + timedelta(seconds=30)
    assert len(other.sent) == 1  # SMS went on
    clock.advance(29)
    await d.run_until_idle()
    assert [o.identity for o in slow.sent] == ["tg:2"]  # paused for the whole bot, as Telegram asks
    clock.advance(1)
    await d.run_until_idle()
    assert await status(row) is OutboxStatus.SENT


async def test_permanent_failure_is_failed_with_the_reason(db):
    clock = Clock()
    channel = Recorder(script={"sms:+6281200000001": [SendError("400 bad request", retryable=False)]})
    row = await enqueue("sms:+6281200000001")
    await dispatcher(channel, clock).run_until_idle()
    assert await status(row) is OutboxStatus.FAILED and row.last_error == "400 bad request"


async def test_a_refusal_that_asks_for_an_apology_queues_it_as_a_reply_once(db):
    clock = Clock()
    refused = SendError("400 can't parse entities", retryable=False, apologise=True)
    channel = Recorder(name="telegram", script={"tg:5": [refused, refused], "tg:6": [refused]})
    reply = await enqueue("tg:5", "Jawaban", locale="en", cause_type="inbound")
    other = await enqueue("tg:6", "Jawaban", resident=await Resident.create())
    plain = await enqueue("tg:7", "x")
    channel.script["tg:7"] = [SendError("400 other", retryable=False)]  # no apology asked for
    d = dispatcher(channel, clock)
    await d.run_until_idle()
    apologies = await OutboxMessage.filter(cause_type="apology").order_by("id")
    assert [(a.identity, a.cause_id, a.priority, a.status, a.locale) for a in apologies] == [
        ("tg:5", str(reply.id), 1, OutboxStatus.FAILED, "en"),  # refused too: no apology for it
        ("tg:6", str(other.id), 1, OutboxStatus.SENT, "id"),
    ]
    assert apologies[0].text == "Sorry, a message for you could not be sent because of a technical problem. Type MENU to continue."
    assert apologies[1].resident_id == (await OutboxMessage.get(id=other.id)).resident_id
    assert [o.text for o in channel.sent] == [apologies[1].text]
    assert await status(plain) is OutboxStatus.FAILED


async def test_giving_up_after_max_attempts(db):
    clock = Clock()
    channel = Recorder(script={"sms:+6281200000001": [SendError("timeout", retryable=True)] * 10})
    row = await enqueue("sms:+6281200000001")
    d = dispatcher(channel, clock, max_attempts=3)
    for _ in range(5):
        await d.run_until_idle()
        clock.advance(3600)
    assert await status(row) is OutboxStatus.FAILED and row.attempts == 3
    assert row.last_error.startswith("gave up after 3 attempts")


async def test_permanent_identity_failure_marks_the_identity_inactive(db):
    clock = Clock()
    resident = await Resident.create()
    await Identity.create(value="tg:42", channel="telegram", resident=resident)
    blocked = SendError("403 bot was blocked by the user", retryable=False, permanent_identity_failure=True)
    channel = Recorder(name="telegram", limits=Limits(per_recipient_per_second=1), script={"tg:42": [blocked]})
    first, second = await enqueue("tg:42", "1"), await enqueue("tg:42", "2")
    await dispatcher(channel, clock).run_until_idle()
    assert await status(first) is OutboxStatus.FAILED and first.last_error.startswith("403")
    assert await status(second) is OutboxStatus.FAILED and second.last_error == "recipient unreachable"
    assert [e.detail for e in await OutboxEvent.filter(message_id=second.id)] == ["recipient unreachable"]
    assert (await Identity.get(value="tg:42")).active is False
    assert channel.sent == []


async def test_expired_messages_are_never_sent_late(db):
    clock = Clock()
    channel = Recorder(script={"sms:+6281200000002": [SendError("timeout", retryable=True)]})
    stale = await enqueue("sms:+6281200000001", expires_at=T0 - timedelta(minutes=1))
    retried = await enqueue("sms:+6281200000002", expires_at=T0 + timedelta(minutes=10))
    d = dispatcher(channel, clock)
    await d.run_until_idle()
    assert await status(stale) is OutboxStatus.EXPIRED
    clock.advance(3600)  # the retry is due, but the event is over
    await d.run_until_idle()
    assert await status(retried) is OutboxStatus.EXPIRED
    assert channel.sent == []


async def test_a_dead_workers_claims_return_after_the_lease(db):
    clock = Clock()
    row = await enqueue("sms:+6281200000001")
    dead = dispatcher(Recorder(), clock, lease_seconds=30)
    await dead.claim("sms", 10)  # … and then the process is killed
    channel = Recorder()
    alive = dispatcher(channel, clock, lease_seconds=30)
    alive.worker_id = "w2"
    await alive.run_until_idle()
    assert channel.sent == [] and await status(row) is OutboxStatus.SENDING
    clock.advance(31)
    await alive.run_until_idle()
    assert await status(row) is OutboxStatus.SENT and row.attempts == 2
    details = [e.detail for e in await OutboxEvent.filter(message_id=row.id).order_by("id")]
    assert details[0] == "lease expired: requeued"


async def test_a_late_result_does_not_overwrite_another_workers_claim(db):
    clock = Clock()
    row = await enqueue("sms:+6281200000001")
    slow = dispatcher(Recorder(), clock, lease_seconds=1)
    [(claimed, token)] = await slow.claim("sms", 1)
    clock.advance(2)
    other = dispatcher(Recorder(), clock)
    other.worker_id = "w2"
    await other.sweep()
    [(_, token2)] = await other.claim("sms", 1)
    slow._results.append(await slow._attempt(claimed, token))
    await slow.flush()  # the first worker's result arrives late: ignored
    assert await status(row) is OutboxStatus.SENDING and row.claimed_by == token2


class Costed(Recorder):
    """An SMS channel that says what each message cost."""

    async def send(self, outbound: Outbound) -> SendResult:
        await super().send(outbound)
        return SendResult(f"m{len(self.sent)}", segments=2, encoding="ucs2")


@pytest.mark.parametrize("report", ["delivered", "failed"])
async def test_a_delivery_report_that_beats_the_sent_result_keeps_what_only_the_send_knows(db, report):
    clock = Clock()
    row = await enqueue("sms:+6281200000001", "Data Anda sudah dihapus.", resident_id=None)
    other = await enqueue("sms:+6281200000002", resident_id=(await Resident.create()).id)
    worker = dispatcher(Costed(), clock)
    claimed = await worker.claim("sms", 2)
    for r, token in claimed:
        worker._results.append(await worker._attempt(r, token))
    # Kannel's report for the first row arrives before the worker writes its results
    assert await record_report(row.id, report, T0, "dlr")
    await worker.flush()
    await row.refresh_from_db()
    assert row.status is OutboxStatus(report)
    # scrubbed too: nothing that points at the erased recipient, not even the channel's id
    assert (row.segments, row.encoding, row.identity, row.text, row.channel_message_id) == (2, "ucs2", None, "", None)
    await other.refresh_from_db()
    assert (other.status, other.segments, other.channel_message_id) == (OutboxStatus.SENT, 2, "m2")


async def test_erased_residents_reply_is_scrubbed_once_sent(db):
    clock, channel = Clock(), Recorder()
    row = await enqueue("sms:+6281200000001", "Data Anda sudah dihapus.", resident_id=None)
    await dispatcher(channel, clock).run_until_idle()
    assert await status(row) is OutboxStatus.SENT
    assert row.identity is None and row.text == "" and row.channel_message_id is None
    assert await OutboxEvent.filter(message_id=row.id).values_list("detail", flat=True) == [None]


async def test_sigterm_drain_finishes_in_flight_and_releases_nothing_sent(db):
    clock = Clock()
    channel = Recorder(delay=0.05)
    rows = [await enqueue(f"sms:+62812000000{i:02d}") for i in range(5)]
    d = dispatcher(channel, clock, in_flight=5)
    stop = asyncio.Event()
    task = asyncio.create_task(d.run(stop))
    await asyncio.sleep(0.01)  # claimed, sends in flight
    stop.set()
    await task
    assert [await status(r) for r in rows] == [OutboxStatus.SENT] * 5


async def test_drain_timeout_releases_unfinished_claims(db):
    clock = Clock()
    channel = Recorder(delay=5)
    row = await enqueue("sms:+6281200000001")
    d = dispatcher(channel, clock)
    await d.step()
    await asyncio.sleep(0)
    await d.drain(grace=0.05)
    assert await status(row) is OutboxStatus.QUEUED and row.claimed_by is None


async def test_at_most_in_flight_sends(db):
    clock = Clock()
    active = peak = 0

    class Slow(Recorder):
        async def send(self, outbound):
            nonlocal active, peak
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(0.01)
            active -= 1
            return await super().send(outbound)

    for i in range(30):
        await enqueue(f"sms:+628120000{i:04d}")
    await dispatcher(Slow(), clock, in_flight=4).run_until_idle()
    assert peak == 4


async def test_null_channel_accepts_everything(db):
    clock = Clock()
    for i in range(50):
        await enqueue(f"sms:+628120000{i:04d}")
    null = NullChannel("sms")
    await dispatcher(null, clock).run_until_idle()
    assert null.sent == 50
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == 50


async def test_results_of_slow_sends_survive_concurrent_flushes(db):
    """Regression: a result appended after an await used to land in a list a flush had swapped out."""
    class Staggered(Recorder):
        """Sends of different lengths, so flushes happen while others are still in flight."""

        async def send(self, outbound):
            await asyncio.sleep(0.002 * (int(outbound.identity[-2:]) % 7))
            return await super().send(outbound)

    channel = Staggered()
    rows = [await enqueue(f"sms:+628120000{i:04d}") for i in range(40)]
    d = Dispatcher({"sms": channel}, DeliverySettings(in_flight=8, flush_interval=0.002), worker_id="w1")
    stop = asyncio.Event()
    task = asyncio.create_task(d.run(stop))
    for _ in range(500):
        if await OutboxMessage.filter(status=OutboxStatus.SENT).count() == len(rows):
            break
        await asyncio.sleep(0.01)
    stop.set()
    await task
    assert len(channel.sent) == len(rows)
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == len(rows)
    assert await OutboxEvent.filter(detail="lease expired: requeued").count() == 0


# --- the database failing or changing under the dispatcher (tests/fixtures/sqlite_faults.py) ------


def locked() -> Exception:
    return sqlite3.OperationalError("database is locked")


def connection_lost() -> Exception:
    return ConnectionResetError(104, "Connection reset by peer")


def db_time(value: datetime) -> str:
    return OutboxEvent._meta.fields_map["at"].to_db_value(value, OutboxEvent)


async def states_and_last_events() -> dict[int, tuple[OutboxStatus, OutboxStatus | None]]:
    """Each row's status beside the status its history ends with (None: no history)."""
    last = {e.message_id: e.status for e in await OutboxEvent.all().order_by("id")}
    return {row.id: (row.status, last.get(row.id)) for row in await OutboxMessage.all()}


LEASE_RAN_OUT = {
    "status": OutboxStatus.SENDING, "claimed_by": "w0#1", "claimed_until": T0 - timedelta(seconds=1), "attempts": 1
}  # fmt: skip


@pytest.mark.sqlite_only
async def test_a_row_its_worker_finished_during_the_sweep_gets_no_requeue_event(db, monkeypatch):
    finished = await enqueue("sms:+6281200000001", **LEASE_RAN_OUT)
    stale = await enqueue("sms:+6281200000002", **LEASE_RAN_OUT)
    # the slow worker writes its result after the sweep saw its lease run out, before the requeue
    SqliteFaults(monkeypatch).before(
        "update outbox set",
        ("UPDATE outbox SET status = 'sent', claimed_by = NULL, claimed_until = NULL WHERE id = ?", [finished.id]),
        ("INSERT INTO outbox_event (message_id, at, status, attempt, detail) VALUES (?, ?, 'sent', 1, 'm1')",
         [finished.id, db_time(T0)]),
    )  # fmt: skip
    await dispatcher(Recorder(), Clock()).sweep()
    assert await states_and_last_events() == {
        finished.id: (OutboxStatus.SENT, OutboxStatus.SENT),
        stale.id: (OutboxStatus.QUEUED, OutboxStatus.QUEUED),
    }


@pytest.mark.sqlite_only
async def test_a_row_claimed_during_the_sweep_gets_no_expiry_event(db, monkeypatch):
    claimed = await enqueue("sms:+6281200000001", expires_at=T0)
    late = await enqueue("sms:+6281200000002", expires_at=T0)
    # another worker claims it (its send checks expires_at itself) between the sweep's read and write
    SqliteFaults(monkeypatch).before(
        "update outbox set",
        ("UPDATE outbox SET status = 'sending', claimed_by = 'w9#1', attempts = 1 WHERE id = ?", [claimed.id]),
    )
    await dispatcher(Recorder(), Clock()).sweep()
    assert await states_and_last_events() == {
        claimed.id: (OutboxStatus.SENDING, None),
        late.id: (OutboxStatus.EXPIRED, OutboxStatus.EXPIRED),
    }


@pytest.mark.sqlite_only
async def test_the_sweep_changes_nothing_it_cannot_record(db, monkeypatch):
    stale = await enqueue("sms:+6281200000001", **LEASE_RAN_OUT)
    expired = await enqueue("sms:+6281200000002", expires_at=T0)
    SqliteFaults(monkeypatch).fail("insert into outbox_event", [locked(), locked()])
    d = dispatcher(Recorder(), Clock())
    for _ in range(2):
        with pytest.raises(OperationalError):
            await d.sweep()
    assert await states_and_last_events() == {
        stale.id: (OutboxStatus.SENDING, None),
        expired.id: (OutboxStatus.QUEUED, None),
    }


async def until(condition, *, tick=lambda: None, tries: int = 1000) -> bool:
    """Let the running dispatcher work until `condition()` holds; `tick` moves the test's clock."""
    for _ in range(tries):
        if await condition():
            return True
        tick()
        await asyncio.sleep(0.005)
    return False


async def all_sent(rows: list[OutboxMessage]) -> bool:
    return await OutboxMessage.filter(id__in=[r.id for r in rows], status=OutboxStatus.SENT).count() == len(rows)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("errors", [[locked] * 3, [connection_lost, locked]], ids=["locked", "connection-lost"])
async def test_a_failed_results_write_is_retried_and_nothing_is_sent_in_a_loop(db, monkeypatch, caplog, errors):
    clock, channel = Clock(), Recorder()
    rows = [await enqueue(f"sms:+628120000{i:04d}", f"pesan {i}") for i in range(10)]
    faults = SqliteFaults(monkeypatch)
    faults.fail("where id = ? and claimed_by = ?", [error() for error in errors])  # the results' statement
    d = dispatcher(channel, clock, lease_seconds=30, flush_interval=0.001, poll_interval=0.01)
    stop = asyncio.Event()
    task = asyncio.create_task(d.run(stop))
    try:
        # the clock runs through many leases while the writes fail and are retried
        written = await until(lambda: all_sent(rows), tick=lambda: clock.advance(5))
        clock.advance(120)  # any row still held would now be requeued and go out with the sentinel
        sentinel = await enqueue("sms:+6281299999999", "sentinel")
        d.wake()
        drained = await until(lambda: all_sent([sentinel]))
    finally:
        stop.set()
        await asyncio.wait([task])
    texts = [o.text for o in channel.sent]
    sent_rows = await OutboxMessage.filter(status=OutboxStatus.SENT).count()
    assert written and drained, f"{sent_rows} rows recorded sent, the sink got {len(texts)} messages"
    assert task.exception() is None and faults.failed == len(errors)
    assert sorted(texts) == sorted([r.text for r in rows] + ["sentinel"])  # each exactly once
    assert await OutboxEvent.filter(detail="lease expired: requeued").count() == 0
    assert type(errors[0]()).__name__ in caplog.text and "+62812" not in caplog.text


class Gated(Recorder):
    """A slow multi-part send: every send waits until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.started = asyncio.Event()
        self.gate = asyncio.Event()

    async def send(self, outbound: Outbound) -> SendResult:
        self.started.set()
        await self.gate.wait()
        return await super().send(outbound)


async def test_a_send_slower_than_the_lease_keeps_its_claim(db):
    clock, channel = Clock(), Gated()
    row = await enqueue("sms:+6281200000001", "pesan panjang")
    a = dispatcher(channel, clock, lease_seconds=60)
    b = dispatcher(channel, clock, lease_seconds=60)
    b.worker_id = "w2"
    await a.step()
    await channel.started.wait()
    for _ in range(12):  # four minutes in which worker a is alive and still sending
        clock.advance(20)
        await a.step()
        await b.step()
    channel.gate.set()
    await a.run_until_idle()
    await enqueue("sms:+6281299999999", "sentinel")
    await b.run_until_idle()
    await a.run_until_idle()
    assert [o.text for o in channel.sent] == ["pesan panjang", "sentinel"]
    assert await status(row) is OutboxStatus.SENT and row.attempts == 1
    assert await OutboxEvent.filter(detail="lease expired: requeued").count() == 0


async def test_a_flush_while_leases_are_being_extended_ends_nothing(db):
    # the flush loop runs beside the claim loop: a claim whose last row is written while its
    # lease is being extended is gone from the worker's books when the extension comes back
    clock, channel = Clock(), Recorder()
    await enqueue("sms:+6281200000001")
    d = dispatcher(channel, clock, lease_seconds=60)
    await d.step()
    await asyncio.wait(set(d._tasks))  # sent; its result waits for the flush
    clock.advance(40)  # past half the lease: due for extension
    flushing = asyncio.create_task(d.flush())
    await asyncio.sleep(0)  # the flush is writing
    await d._keep_leases()
    await flushing
    assert d._held == {} and len(channel.sent) == 1
