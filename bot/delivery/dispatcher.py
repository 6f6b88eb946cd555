"""The outbox dispatcher: claims queued rows, sends them through their channel, records the result.

State machine of an outbox row (every change is also an `OutboxEvent`)::

    queued ──claim──▶ sending ──ok──────────▶ sent ──(delivery report)──▶ delivered
      ▲                  │ ──retryable─────▶ queued (not_before = backoff or Retry-After)
      │                  │ ──permanent─────▶ failed (identity inactive if the recipient is unreachable;
      │                  │                           an apology queued if the channel asks for one)
      │                  │ ──past expires_at▶ expired
      └──lease ran out───┘ (the worker died mid-send: the only case where a message may repeat)
    queued ──past expires_at──▶ expired        queued ──cancel──▶ cancelled

Several workers share the outbox. Each channel is sent by one worker at a time: the one that
holds its sending rights, a lock named `send-<channel>` (bot/locks.py: a PostgreSQL session
advisory lock, or a `flock` beside a SQLite file). Its limits (a `ChannelGate`) are therefore
the bot's limits, not a process's; the other workers send the other channels or stand by, and
take a channel over within `rights_poll` seconds of its worker's death. A worker that takes a
channel over starts from an empty bucket and from what was sent in the last minute, so the limits
hold across the handover too. Why this and not a shared token table: see docs/development.md.

Claiming takes the candidates with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (a row
another transaction is changing — a sweep, STOP, a cancel — is passed over, never waited for) and
moves them to `sending` with a fresh claim token in the same transaction; on SQLite, which
serialises writers, it is one conditional UPDATE (`… WHERE id IN (…) AND status = 'queued'`).
Either way two workers can never both win a row. Rows are claimed by priority (replies first),
then age, and only as many as the channel's limits allow right now; a recipient or group that is
at its limit is skipped, not waited for, so one busy chat never holds up the others.

Results are written in batches (one transaction every `flush_interval`), which is what makes
thousands of messages a second possible on SQLite; a crash before a flush leaves those rows
`sending`, and they go out again after the lease — they were in flight at the crash. A write the
database refuses (locked, connection lost) is logged and tried again with the same results.

A live worker keeps its rows: once half a lease has passed it extends the lease of every claim
whose rows are still being sent or not yet written, so a send slower than the lease is never
claimed a second time. Only a worker that stopped (or stalled for half a lease) loses its rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import random
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from bot.channels.base import Channel, SendError, SendResult
from bot.db import placeholders
from bot.delivery.limits import ChannelGate
from bot.i18n import translator
from bot.locks import LocalLocks, Locks
from handlers.outbox.queue import apologise, lockable, outbound_of, transition
from handlers.residents import service as residents
from models import OutboxEvent, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class DeliverySettings:
    in_flight: int = 50
    lease_seconds: float = 60.0
    max_attempts: int = 8
    backoff_base: float = 2.0
    backoff_cap: float = 3600.0
    #: idle sleep when nothing can be claimed (seconds)
    poll_interval: float = 0.25
    #: results are written at most this long after the send (seconds)
    flush_interval: float = 0.05
    #: how often leases and expiries are checked (seconds)
    sweep_interval: float = 1.0
    #: how often a worker asks for the sending rights of a channel another worker holds (seconds):
    #: the longest a channel waits after its worker died
    rights_poll: float = 0.5


# --- the dispatcher -----------------------------------------------------------------------------


@dataclass
class _Result:
    row_id: int
    token: str
    status: OutboxStatus
    attempt: int
    detail: str | None = None
    channel_message_id: str | None = None
    not_before: datetime | None = None
    identity: str | None = None
    scrub: bool = False
    segments: int | None = None
    encoding: str | None = None
    apologise: bool = False


@dataclass
class _Lease:
    until: datetime
    rows: int


class Dispatcher:
    """Sends the outbox through the channels it is given; one per worker process."""

    def __init__(
        self,
        channels: dict[str, Channel],
        settings: DeliverySettings | None = None,
        *,
        clock: Clock = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        worker_id: str | None = None,
        on_failed: Callable[[list[int], datetime], Awaitable[object]] | None = None,
        locks: Locks | None = None,
    ) -> None:
        self.channels = channels
        #: where the sending rights live (bot/locks.py); one process alone needs none
        self.locks = locks or LocalLocks()
        #: the channels this worker holds the sending rights of, and when to ask for the others
        self._rights: set[str] = set()
        self._ask_at: dict[str, float] = {}
        #: told the ids of rows that failed for good, in the transaction that records it
        #: (announcements fall back from Telegram to SMS there)
        self.on_failed = on_failed
        self.settings = settings or DeliverySettings()
        self.clock = clock
        self.monotonic = monotonic
        self.rng = rng or random.Random()
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self.gates = {name: ChannelGate(ch.limits, ch.is_group) for name, ch in channels.items()}
        self._claims = itertools.count(1)
        self._slots = asyncio.Semaphore(self.settings.in_flight)
        self._tasks: set[asyncio.Task] = set()
        self._results: list[_Result] = []
        #: the claims this worker holds, by token: until when, and how many rows are not written yet
        self._held: dict[str, _Lease] = {}
        self._inactive: set[str] = set()
        self._last_sweep = float("-inf")
        self._claiming = True
        #: seconds in-flight sends get when `run` stops (SIGTERM)
        self.drain_grace = 10.0
        #: set by whoever just queued a message in this process (`wake()`): the idle loop claims
        #: at once instead of after its poll interval
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        """New rows were queued: claim now rather than at the next poll."""
        self._wakeup.set()

    # --- the loop ---

    async def run(self, stop: asyncio.Event) -> None:
        """Claim and send until `stop` is set, then drain (see `drain`)."""
        log.info("dispatcher %s started for %s", self.worker_id, ", ".join(self.channels) or "no channels")
        flusher = asyncio.create_task(self._flush_loop(stop))
        try:
            while not stop.is_set():
                sent = await self.step()
                if len(self._tasks) >= self.settings.in_flight:
                    # every slot busy: go on as soon as one send finishes, not after a poll
                    await asyncio.wait(
                        set(self._tasks), timeout=self.settings.poll_interval, return_when=asyncio.FIRST_COMPLETED
                    )
                elif not sent:
                    await self._idle(stop)
                else:
                    await asyncio.sleep(0)  # let the new sends start before claiming more
        finally:
            await self.drain(self.drain_grace)
            flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await flusher
            await self.flush()
            self._rights.clear()
            await self.locks.close()  # after the last write: the next holder starts from our record
        log.info("dispatcher %s stopped", self.worker_id)

    async def step(self) -> int:
        """One round: sweep if due, then claim what every channel may send now and start sending."""
        await self._keep_leases()
        now = self.monotonic()
        if now - self._last_sweep >= self.settings.sweep_interval:
            self._last_sweep = now
            await self.sweep()
        started = 0
        for name, gate in self.gates.items():
            if not self._claiming or not await self._may_send(name):
                continue
            free = self.settings.in_flight - len(self._tasks)
            capacity = min(free, gate.capacity(self.monotonic()))
            if capacity <= 0:
                continue
            for row, token in await self.claim(name, capacity):
                await self._slots.acquire()
                task = asyncio.create_task(self._send(row, token))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
                started += 1
        return started

    async def _idle(self, stop: asyncio.Event) -> None:
        """Sleep until a limit frees up, the poll interval passes, `wake()` or `stop`."""
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wakeup.wait())]
        try:
            await asyncio.wait(waiters, timeout=self._idle_wait(), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            self._wakeup.clear()

    def _idle_wait(self) -> float:
        now = self.monotonic()
        waits = [g.wait(now) for g in self.gates.values()]
        wait = min([w for w in waits if w > 0] or [self.settings.poll_interval])
        return min(max(wait, 0.002), self.settings.poll_interval)

    async def run_until_idle(self, within: float = 10.0) -> None:
        """Send everything sendable now (tests, one-shot runs): until nothing is left to claim."""
        deadline = time.monotonic() + within
        self._last_sweep = float("-inf")
        while time.monotonic() < deadline:
            started = await self.step()
            if self._tasks:
                await asyncio.wait(set(self._tasks))
            await self.flush()
            if not started and not self._tasks:
                break
        await self.flush()

    async def drain(self, grace: float = 10.0) -> None:
        """Stop claiming; let in-flight sends finish (up to `grace` seconds), release the rest."""
        self._claiming = False
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        await self.flush()
        released = await OutboxMessage.filter(status=OutboxStatus.SENDING, claimed_by__startswith=self.worker_id + "#").update(
            status=OutboxStatus.QUEUED, claimed_by=None, claimed_until=None
        )
        if released:
            log.info("released %d claimed messages back to the queue", released)

    # --- sending rights ---

    async def _may_send(self, channel: str) -> bool:
        """Whether this worker holds the channel's sending rights, asking for them when due."""
        if self._rights and self.locks.lost():
            log.warning("dispatcher %s lost its sending rights (%s)", self.worker_id, ", ".join(sorted(self._rights)))
            self._rights.clear()
        if channel in self._rights:
            return True
        now = self.monotonic()
        if now < self._ask_at.get(channel, float("-inf")):
            return False
        self._ask_at[channel] = now + self.settings.rights_poll
        try:
            if not await self.locks.try_acquire(f"send-{channel}"):
                return False
            if self.locks.shared:
                await self._take_over(channel)
        except Exception as exc:  # the database is away: ask again later
            log.warning("dispatcher %s could not take the sending rights of %s (%s)", self.worker_id, channel, type(exc).__name__)
            return False
        self._rights.add(channel)
        log.info("dispatcher %s sends %s", self.worker_id, channel)
        return True

    async def _take_over(self, channel: str) -> None:
        """Give the channel's gate what another worker may have sent until a moment ago: the
        messages it sent within the limits' longest window, and those it still held `sending`
        (in flight when it died) as sent just now."""
        gate = self.gates[channel]
        now = self.clock()
        window = 60.0 if gate.limits.per_group_per_minute else 1.0
        sent = await OutboxMessage.filter(channel=channel, sent_at__gte=now - timedelta(seconds=window)).values_list(
            "identity", "sent_at"
        )
        in_flight = await OutboxMessage.filter(channel=channel, status=OutboxStatus.SENDING).values_list("identity", flat=True)
        recent = [(i, max(0.0, (now - at).total_seconds())) for i, at in sent if i] + [(i, 0.0) for i in in_flight if i]
        gate.take_over(self.monotonic(), recent)

    # --- claiming ---

    async def sweep(self) -> None:
        """Expire queued rows past expires-at; requeue rows whose lease ran out (a dead worker)."""
        now = self.clock()
        for gate in self.gates.values():
            gate.forget_idle(self.monotonic())
        queued_too_long = OutboxMessage.filter(status=OutboxStatus.QUEUED, expires_at__lte=now)
        await transition(queued_too_long, OutboxStatus.EXPIRED, at=now, detail="past expires_at")
        lease_ran_out = OutboxMessage.filter(status=OutboxStatus.SENDING, claimed_until__lt=now)
        stale = await transition(
            lease_ran_out, OutboxStatus.QUEUED, at=now, detail="lease expired: requeued",
            claimed_by=None, claimed_until=None,
        )  # fmt: skip
        if stale:
            log.warning("requeued %d messages whose worker stopped mid-send", len(stale))

    async def claim(self, channel: str, capacity: int) -> list[tuple[OutboxMessage, str]]:
        """Claim up to `capacity` queued rows of a channel that its limits admit now."""
        now = self.clock()
        queued = (
            OutboxMessage.filter(
                Q(not_before__isnull=True) | Q(not_before__lte=now),
                status=OutboxStatus.QUEUED,
                channel=channel,
            )
            .order_by("-priority", "id")
            .limit(max(capacity * 4, 20))
        )
        token = f"{self.worker_id}#{next(self._claims)}"
        claimed = {
            "status": OutboxStatus.SENDING, "claimed_by": token, "attempts": F("attempts") + 1,
            "claimed_until": now + timedelta(seconds=self.settings.lease_seconds),
        }  # fmt: skip
        if OutboxMessage._meta.db.capabilities.support_for_update:
            async with in_transaction():  # the row locks last until the claim is written
                # rows, not values_list: tortoise drops FOR UPDATE from a values query
                locked = await queued.select_for_update(skip_locked=True).only("id", "identity")
                chosen = self._admitted(channel, [(r.id, r.identity) for r in locked], capacity)
                won = chosen and await OutboxMessage.filter(id__in=chosen).update(**claimed)
        else:
            chosen = self._admitted(channel, await queued.values_list("id", "identity"), capacity)
            # the status in the WHERE clause: a row STOP or a sweep moved on meanwhile stays as it is
            won = chosen and await OutboxMessage.filter(id__in=chosen, status=OutboxStatus.QUEUED).update(**claimed)
        if not won:
            return []
        until = claimed["claimed_until"]
        rows = await OutboxMessage.filter(claimed_by=token, status=OutboxStatus.SENDING).order_by("-priority", "id")
        if rows:
            self._held[token] = _Lease(until, len(rows))
        return [(row, token) for row in rows]

    def _admitted(self, channel: str, candidates: list[tuple[int, str | None]], capacity: int) -> list[int]:
        """The candidates the channel's limits let through now, at most `capacity`."""
        gate, mono = self.gates[channel], self.monotonic()
        chosen: list[int] = []
        for row_id, identity in candidates:
            if len(chosen) >= capacity:
                break
            if gate.admit(identity or "", mono):
                chosen.append(row_id)
        return chosen

    async def _keep_leases(self) -> None:
        """Extend, once half of it has passed, the lease of every claim whose rows are still being
        sent or not yet written: a live worker never loses a row to the sweep mid-send, however slow
        the send, while a dead worker's rows come back when its last lease runs out."""
        now = self.clock()
        half = timedelta(seconds=self.settings.lease_seconds / 2)
        due = [token for token, lease in self._held.items() if lease.until - now <= half]
        if not due:
            return
        until = now + timedelta(seconds=self.settings.lease_seconds)
        try:
            async with in_transaction():
                held = await lockable(OutboxMessage.filter(claimed_by__in=due, status=OutboxStatus.SENDING))
                await held.update(claimed_until=until)
        except Exception as exc:  # a locked database: the next round tries again, the lease has time left
            log.warning("dispatcher %s could not extend %d claims (%s)", self.worker_id, len(due), type(exc).__name__)
            return
        for token in due:
            lease = self._held.get(token)
            if lease is not None:  # a flush during the update may have written its last row
                lease.until = until

    # --- sending ---

    async def _send(self, row: OutboxMessage, token: str) -> None:
        try:
            # not `self._results.append(await …)`: that binds the list before the await, and a
            # flush during the send swaps the list — the result would be written nowhere
            result = await self._attempt(row, token)
            self._results.append(result)
        except asyncio.CancelledError:
            # drain gave up on it: it goes back to the queue (and may repeat: it was in flight)
            self._results.append(_Result(row.id, token, OutboxStatus.QUEUED, row.attempts, "cancelled at shutdown"))
            raise
        except Exception as exc:
            # a bug of ours around the send: retried with backoff. Every claimed row must end in a
            # result, or its lease would be kept (`_keep_leases`) for as long as this worker lives
            log.exception("dispatcher failed on outbox %s", row.id)
            self._results.append(self._failure(row, token, SendError(type(exc).__name__, retryable=True)))
        finally:
            self._slots.release()

    async def _attempt(self, row: OutboxMessage, token: str) -> _Result:
        now = self.clock()
        if row.expires_at is not None and row.expires_at <= now:
            return _Result(row.id, token, OutboxStatus.EXPIRED, row.attempts, "past expires_at")
        if row.identity is None:
            return _Result(row.id, token, OutboxStatus.FAILED, row.attempts, "no recipient (erased)")
        if row.identity in self._inactive:
            return _Result(row.id, token, OutboxStatus.FAILED, row.attempts, "recipient unreachable")
        channel = self.channels[row.channel]
        try:
            result: SendResult = await channel.send(outbound_of(row))
        except SendError as exc:
            return self._failure(row, token, exc)
        except Exception as exc:  # an adapter bug must not kill the worker: retry, loudly
            log.exception("channel %s raised for outbox %s", row.channel, row.id)
            return self._failure(row, token, SendError(f"{type(exc).__name__}: {exc}", retryable=True))
        # a row without a resident (the last reply to someone who erased their data) keeps
        # nothing that points at them once sent, not even the channel's id (a Gammu file name
        # holds the number)
        scrub = row.resident_id is None
        message_id = None if scrub else result.channel_message_id
        return _Result(
            row.id, token, OutboxStatus.SENT, row.attempts, message_id, channel_message_id=message_id,
            scrub=scrub, segments=result.segments, encoding=result.encoding,
        )  # fmt: skip

    def _failure(self, row: OutboxMessage, token: str, exc: SendError) -> _Result:
        gate = self.gates[row.channel]
        mono = self.monotonic()
        if exc.permanent_identity_failure:
            self._inactive.add(row.identity)
            return _Result(row.id, token, OutboxStatus.FAILED, row.attempts, exc.reason[:255], identity=row.identity)
        if not exc.retryable:
            return _Result(row.id, token, OutboxStatus.FAILED, row.attempts, exc.reason[:255], apologise=exc.apologise)
        if row.attempts >= self.settings.max_attempts:
            return _Result(row.id, token, OutboxStatus.FAILED, row.attempts, f"gave up after {row.attempts} attempts: {exc.reason}"[:255])
        if exc.retry_after is not None:
            delay = exc.retry_after
            # the channel told us to slow down: hold this recipient, and pause the channel if the
            # whole bot is throttled (other channels go on)
            gate.hold(row.identity or "", mono + delay)
            if not gate.limits.per_recipient_per_second:
                gate.pause(mono + delay)
        else:
            delay = backoff(row.attempts, self.settings.backoff_base, self.settings.backoff_cap, self.rng)
        return _Result(
            row.id, token, OutboxStatus.QUEUED, row.attempts, f"retry in {delay:.1f}s: {exc.reason}"[:255],
            not_before=self.clock() + timedelta(seconds=delay),
        )  # fmt: skip

    # --- writing results ---

    async def _flush_loop(self, stop: asyncio.Event) -> None:
        """Write results every flush interval until `stop`. A failed write never ends the loop:
        its results stay buffered (their claims kept) and the write is tried again, backing off."""
        failures = 0
        while not stop.is_set():
            await asyncio.sleep(min(self.settings.flush_interval * 2 ** min(failures, 16), _FLUSH_RETRY_CAP))
            failures = 0 if await self._try_flush(failures) else failures + 1

    async def _try_flush(self, failures: int) -> bool:
        """Flush; False (logged) when the database refused the write."""
        try:
            await self.flush()
        except Exception as exc:
            # the class, not the message: a driver's message can quote the statement's values
            log.warning(
                "dispatcher %s could not write %d send results (%s, failure %d in a row); they stay buffered",
                self.worker_id, len(self._results), type(exc).__name__, failures + 1,
            )  # fmt: skip
            return False
        return True

    async def flush(self) -> None:
        """Write buffered results in one transaction; only rows still held by our claim change.

        If the write fails the results go back to the buffer, for the next flush, and it raises.
        """
        if not self._results:
            return
        results, self._results = self._results, []
        results.sort(key=lambda r: r.row_id)  # rows in id order, as every writer locks them
        try:
            await self._write(results)
        except BaseException:
            self._results[:0] = results
            raise
        for result in results:
            lease = self._held.get(result.token)
            if lease is not None:
                lease.rows -= 1
                if lease.rows <= 0:
                    del self._held[result.token]

    async def _write(self, results: list[_Result]) -> None:
        now = self.clock()
        at = _db_time(now)
        rows = [
            (
                r.status.value, at if r.status is OutboxStatus.SENT else None, r.channel_message_id,
                None if r.status is OutboxStatus.SENT else r.detail, _db_time(r.not_before),
                r.segments, r.encoding, int(r.scrub), int(r.scrub), at, r.row_id, r.token,
            )
            for r in results
        ]  # fmt: skip
        async with in_transaction() as conn:
            await conn.execute_many(placeholders(_RESULT_SQL, conn.capabilities.dialect), rows)
            reported = [
                (at, r.channel_message_id, r.segments, r.encoding, int(r.scrub), int(r.scrub), r.row_id)
                for r in results if r.status is OutboxStatus.SENT
            ]  # fmt: skip
            if reported:
                await conn.execute_many(placeholders(_REPORTED_SQL, conn.capabilities.dialect), reported)
            await OutboxEvent.bulk_create(
                [OutboxEvent(message_id=r.row_id, at=now, status=r.status, attempt=r.attempt, detail=r.detail) for r in results]
            )
            failed = [r.row_id for r in results if r.status is OutboxStatus.FAILED]
            # the resident hears that something for them failed, as an outbox row like any other
            await apologise([r.row_id for r in results if r.apologise], now, translator)
            unreachable = {r.identity for r in results if r.identity}
            if unreachable:
                await residents.mark_unreachable(unreachable)
                # the recipient's other messages cannot arrive either
                others = OutboxMessage.filter(identity__in=unreachable, status=OutboxStatus.QUEUED)
                reason = "recipient unreachable"
                failed += await transition(others, OutboxStatus.FAILED, at=now, detail=reason, last_error=reason)
            if failed and self.on_failed is not None:
                # in the same transaction: a failure is never recorded without its fallback
                try:
                    async with in_transaction():  # a savepoint: a hook bug undoes only itself
                        await self.on_failed(failed, now)
                except Exception:
                    log.exception("on_failed hook raised for %d rows", len(failed))
        # recorded now; a resident who comes back (unblocks the bot) is reactivated by the engine
        self._inactive -= unreachable


#: the longest pause between two tries to write results while the database refuses them (seconds)
_FLUSH_RETRY_CAP = 5.0

#: one statement for every kind of result, run with executemany: a few thousand rows a second
#: on SQLite where one ORM update per row manages a few hundred. The claim token in the WHERE
#: clause means a row another worker took over (after our lease ran out) is left alone.
_RESULT_SQL = """
UPDATE outbox SET
    status = ?,
    sent_at = COALESCE(?, sent_at),
    channel_message_id = COALESCE(?, channel_message_id),
    last_error = COALESCE(?, last_error),
    not_before = COALESCE(?, not_before),
    segments = COALESCE(?, segments),
    encoding = COALESCE(?, encoding),
    identity = CASE WHEN ? = 1 THEN NULL ELSE identity END,
    text = CASE WHEN ? = 1 THEN '' ELSE text END,
    updated_at = ?,
    claimed_by = NULL,
    claimed_until = NULL
WHERE id = ? AND claimed_by = ? AND status = 'sending'
"""


#: a delivery report can beat our "sent" (Kannel reports as soon as the SMSC has it): it moved the
#: row on and ended the claim, so the statement above skipped it. What only the send knows (the
#: channel's id, the segments and encoding) and the scrubbing of an erased resident's row still
#: have to be written.
_REPORTED_SQL = """
UPDATE outbox SET
    sent_at = COALESCE(sent_at, ?),
    channel_message_id = COALESCE(?, channel_message_id),
    segments = COALESCE(?, segments),
    encoding = COALESCE(?, encoding),
    identity = CASE WHEN ? = 1 THEN NULL ELSE identity END,
    text = CASE WHEN ? = 1 THEN '' ELSE text END
WHERE id = ? AND claimed_by IS NULL AND status IN ('delivered', 'failed')
"""


def _db_time(value: datetime | None):
    """A datetime as the ORM would store it (the raw SQL above bypasses the ORM)."""
    if value is None:
        return None
    return OutboxMessage._meta.fields_map["sent_at"].to_db_value(value, OutboxMessage)


def backoff(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: a random delay in [base^n / 2, base^n], capped."""
    ceiling = min(cap, base ** max(attempt, 1))
    return rng.uniform(ceiling / 2, ceiling)
