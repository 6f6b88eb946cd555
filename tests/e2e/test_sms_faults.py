"""Faults end to end through a real Kannel: a wrong secret, a message Kannel delivers
twice, one Kannel id from two phones, smsbox down and up again. Inbound enters only through fakesmsc (the phones); replies, loss
and duplicates are counted on the phones' side (what fakesmsc received), the database is only
asked whether something was stored. A small proxy between smsbox's get-url and `kabarrt serve`
records every call Kannel makes and, where a test says so, makes it fail or hold.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from tests.fixtures.serve_process import (
    SENTINEL_ANSWER,
    SMS_SECRET,
    Phone,
    free_port,
    query,
    serve_with_kannel,
    until,
)
from tests.fixtures.serve_process import SENTINEL_QUESTION as SENTINEL

SECRET = SMS_SECRET
SHORTCODE = "1234"
PHONES = [f"08123456700{i}" for i in range(1, 7)]
RECEIVE = "/sms/kannel/receive"
STATUS = "/sms/kannel/status"


#: the MO texts of the tests and a phrase of the bot's answer to each
ANSWERS = {
    "apa itu BKM?": "Badan Keswadayaan Masyarakat",
    "kapan kerja bakti?": "(kerja bakti)",
    "halo": "Saya KabarRT",
    "BANTUAN": "Kirim: MENU",
    SENTINEL: SENTINEL_ANSWER,
}


def _question_of(reply: str) -> str:
    """Which MO text `reply` answers (exactly one must match)."""
    [question] = [q for q, phrase in ANSWERS.items() if phrase in reply]
    return question


def _msisdn(number: str) -> str:
    """The last 9 digits: `0812…`, `62812…` and `+62812…` are the same phone."""
    return "".join(c for c in number if c.isdigit())[-9:]


# --------------------------------------------------------------------------------------------
# The proxy in front of `kabarrt serve`
# --------------------------------------------------------------------------------------------


@dataclass
class ProxyCall:
    path: str
    query: dict[str, str]
    served: int | None = None  # what `kabarrt serve` answered (None: not forwarded yet)
    answered: int | str | None = None  # what Kannel got: a status or "dropped"

    @property
    def id(self) -> str:
        return self.query.get("id", "")


@dataclass
class Proxy:
    """Kannel → proxy → serve. `fail_first` ("503" | "drop"): the first call for each Kannel id
    is forwarded (so serve stores and answers it) but Kannel gets a 503 or a dropped connection.
    `hold()`: calls wait (unanswered) until `release()`, then are forwarded. `same_id`: every
    call's `id` becomes this (ids that repeat across phones, as two smsboxes' ids do)."""

    target_port: int
    fail_first: str | None = None
    same_id: str | None = None
    port: int = field(default_factory=free_port)
    calls: list[ProxyCall] = field(default_factory=list)
    _open: asyncio.Event = field(default_factory=asyncio.Event)
    _forwards: set[asyncio.Task] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._open.set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def on(self, path: str) -> list[ProxyCall]:
        return [c for c in self.calls if c.path == path]

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    async def _forward(self, call: ProxyCall, raw_path: str) -> tuple[int, bytes, str]:
        await self._open.wait()
        if self.same_id is not None:
            raw_path = re.sub(r"([?&]id=)[^&]*", rf"\g<1>{self.same_id}", raw_path)
        target = URL(f"http://127.0.0.1:{self.target_port}{raw_path}", encoded=True)
        async with aiohttp.ClientSession() as http, http.get(target) as response:
            call.served = response.status
            return response.status, await response.read(), response.content_type

    async def handle(self, request: web.Request) -> web.StreamResponse:
        raw_query = request.raw_path.partition("?")[2]
        query = {k: v[0] for k, v in parse_qs(raw_query, encoding="latin-1").items()}
        call = ProxyCall(request.path, query)
        first = not any(c.id == call.id for c in self.on(request.path))
        self.calls.append(call)
        # its own task: a held call is still forwarded after smsbox (the client) went away
        task = asyncio.create_task(self._forward(call, request.raw_path))
        self._forwards.add(task)
        task.add_done_callback(self._forwards.discard)
        status, body, content_type = await asyncio.shield(task)
        if first and self.fail_first == "503":
            call.answered = 503
            return web.Response(status=503, text="try again")
        if first and self.fail_first == "drop":
            call.answered = "dropped"
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)  # never written: the connection is gone
        call.answered = status
        return web.Response(status=status, body=body, content_type=content_type)

    @contextlib.asynccontextmanager
    async def running(self):
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port).start()
        try:
            yield self
        finally:
            self.release()
            if self._forwards:
                await asyncio.wait(set(self._forwards), timeout=5)
            await runner.cleanup()


# --------------------------------------------------------------------------------------------
# 1. Wrong secret
# --------------------------------------------------------------------------------------------


async def test_wrong_or_missing_secret_is_refused_and_nothing_is_stored(tmp_path):
    """Kannel configured with a wrong secret, then none: 403, nothing stored, nothing answered;
    fixed and restarted: answered. A delivery report with a wrong secret is refused too."""
    port = free_port()
    proxy = Proxy(target_port=port)
    receive = f"{proxy.url}{RECEIVE}"
    async with (
        proxy.running(),
        serve_with_kannel(
            tmp_path, secret=SECRET, port=port, receive_url=f"{receive}?secret=not-the-secret"
        ) as (kannel, server),
    ):
        # Kannel's get-url has a wrong secret: serve answers 403, smsbox logs the 403.
        await kannel.inject(PHONES[0], SHORTCODE, "apa itu BKM?")
        await until(lambda: len(kannel.http_results()) == 1, "smsbox logs the 403")
        # ... then no secret at all (an operator who forgot it)
        await kannel.restart_smsbox(receive)
        await kannel.inject(PHONES[1], SHORTCODE, "apa itu BKM?")
        await until(lambda: len(kannel.http_results()) == 2, "smsbox logs the 403")
        assert [c.served for c in proxy.on(RECEIVE)] == [403, 403]
        assert [(status, body) for _url, status, body in kannel.http_results()] == [
            (403, '{"error": "wrong or missing secret"}')
        ] * 2
        assert "secret=not-the-secret" in kannel.http_results()[0][0]
        assert "secret" not in kannel.http_results()[1][0]
        for table in ("interaction", "outbox", "identity"):
            assert query(server.db, f"SELECT COUNT(*) FROM {table}") == [(0,)], table

        # The right secret: answered. The refused messages are not retried (http-request-retry
        # is 0): only the third phone ever gets a reply.
        await kannel.restart_smsbox(f"{receive}?secret={SECRET}")
        await kannel.inject(PHONES[2], SHORTCODE, "apa itu BKM?")
        [reply] = await kannel.wait_sent(1, timeout=20)
        assert _msisdn(reply.receiver) == _msisdn(PHONES[2])
        assert "Badan Keswadayaan Masyarakat" in reply.text
        assert [c.served for c in proxy.on(RECEIVE)] == [403, 403, 200]
        [mo_id] = [c.id for c in proxy.on(RECEIVE)][2:]
        assert query(
            server.db, "SELECT external_id, text FROM interaction WHERE direction = 'in'"
        ) == [(mo_id, "apa itu BKM?")]
        [(outbox_id,)] = await until(
            lambda: query(server.db, "SELECT id FROM outbox WHERE status = 'delivered'"),
            "the genuine delivery reports",
        )

        # A delivery report with a wrong secret, sent by Kannel itself: a sendsms whose dlr-url
        # (through the proxy, to see serve's answer) names our outbox row with a wrong secret.
        def reports() -> list[tuple]:
            return query(
                server.db,
                "SELECT detail FROM outbox_event WHERE message_id = ? AND detail LIKE 'kannel dlr%'",
                outbox_id,
            )

        await until(lambda: len(reports()) == 2, "reports 8 and 1 recorded")
        dlr_url = f"{proxy.url}{STATUS}?id={outbox_id}&status=%d&ts=%T&secret=not-the-secret"
        params = kannel.sendsms_params(
            PHONES[3], "tes", SHORTCODE, **{"dlr-mask": "31", "dlr-url": dlr_url}
        )
        async with (
            aiohttp.ClientSession() as http,
            http.get(kannel.sendsms_url, params=params) as r,
        ):
            assert r.status == 202
        forged = await until(
            lambda: (
                len(proxy.on(STATUS)) >= 2
                and all(c.served for c in proxy.on(STATUS))
                and proxy.on(STATUS)
            ),
            "Kannel calls the forged dlr-url twice (8 and 1)",
        )
        assert sorted(c.query["status"] for c in forged) == ["1", "8"]
        assert {c.served for c in forged} == {403}
        # ... and the same refusal for a report straight to the endpoint (no or a wrong secret)
        async with aiohttp.ClientSession() as http:
            for secret in ("", "&secret=not-the-secret"):
                url = f"{server.url}{STATUS}?id={outbox_id}&status=2{secret}"
                async with http.get(url) as r:
                    assert r.status == 403
                async with http.post(url) as r:
                    assert r.status == 403
        assert len(reports()) == 2
        assert query(server.db, "SELECT status FROM outbox") == [("delivered",)]
        # no reply ever reached the refused phones: only our reply and the test's "tes"
        phones = await kannel.wait_sent(2)
        assert [_msisdn(s.receiver) for s in phones] == [_msisdn(PHONES[2]), _msisdn(PHONES[3])]
        # smsbox's access log has the three MOs only, not the DLR calls
        assert len(kannel.http_results()) == 3


# --------------------------------------------------------------------------------------------
# 2. The same Kannel message delivered twice
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", ["503", "drop"])
async def test_a_message_kannel_delivers_twice_is_processed_and_answered_once(tmp_path, failure):
    """serve stores and answers an MO, but Kannel sees a failure (503 or a dropped connection)
    and delivers the same message (same %I) again: stored once, answered once."""
    port = free_port()
    proxy = Proxy(target_port=port, fail_first=failure)
    async with (
        proxy.running(),
        serve_with_kannel(
            tmp_path,
            secret=SECRET,
            port=port,
            receive_url=f"{proxy.url}{RECEIVE}?secret={SECRET}",
            # smsbox retries a get-url that did not answer 200/202 (any other status, or no
            # answer), after http-queue-delay seconds, with the same URL: the same %I id.
            smsbox_extra={"http-request-retry": 2, "http-queue-delay": 1},
        ) as (kannel, server),
    ):
        await kannel.inject(PHONES[0], SHORTCODE, "apa itu BKM?")
        calls = await until(
            lambda: (
                len(proxy.on(RECEIVE)) >= 2 and proxy.on(RECEIVE)[1].answered and proxy.on(RECEIVE)
            ),
            "smsbox retries the failed get-url",
        )
        [reply] = await kannel.wait_sent(1, timeout=20)
        assert "Badan Keswadayaan Masyarakat" in reply.text
        assert _msisdn(reply.receiver) == _msisdn(PHONES[0])
        await until(
            lambda: {s for (s,) in query(server.db, "SELECT status FROM outbox")} == {"delivered"},
            "the reply delivered",
        )
        await Phone(kannel, PHONES[1]).sentinel()  # a second reply would have come before its answer

        mo_id = calls[0].id
        assert mo_id and [c.id for c in calls] == [mo_id, mo_id]
        assert calls[0].query == calls[1].query  # the very same call again
        # serve took both (stored the first, 200 to the repeat); Kannel saw a failure, then 200
        assert [(c.served, c.answered) for c in calls] == [
            (200, 503 if failure == "503" else "dropped"),
            (200, 200),
        ]
        assert [_question_of(s.text) for s in kannel.sent()] == ["apa itu BKM?", SENTINEL]
        assert query(
            server.db, "SELECT external_id, text FROM interaction WHERE direction = 'in' ORDER BY id"
        ) == [(mo_id, "apa itu BKM?"), (proxy.on(RECEIVE)[2].id, SENTINEL)]
        assert query(server.db, "SELECT COUNT(*) FROM outbox") == [(2,)]
        # smsbox logs the MO once, with its final result (the sentinel's line may still be coming)
        assert [(status, body) for url, status, body in kannel.http_results() if "P2KP" not in url] == [
            (200, "<< successful >>")
        ]


# --------------------------------------------------------------------------------------------
# 3. One Kannel id from two phones
# --------------------------------------------------------------------------------------------


async def test_one_kannel_id_from_two_phones_is_two_messages(tmp_path):
    """Kannel's %I is unique per smsbox, not per phone: two phones' messages that reach serve
    under the same id are two messages, both stored (with that id) and both answered."""
    port = free_port()
    proxy = Proxy(target_port=port, same_id="kannel-7")
    async with (
        proxy.running(),
        serve_with_kannel(
            tmp_path, secret=SECRET, port=port, receive_url=f"{proxy.url}{RECEIVE}?secret={SECRET}"
        ) as (kannel, server),
    ):
        await kannel.inject(PHONES[0], SHORTCODE, "apa itu BKM?")
        [first] = await kannel.wait_sent(1, timeout=20)
        await kannel.inject(PHONES[1], SHORTCODE, "kapan kerja bakti?")
        replies = await kannel.wait_sent(2, timeout=20)
        assert [(_msisdn(r.receiver), _question_of(r.text)) for r in replies] == [
            (_msisdn(PHONES[0]), "apa itu BKM?"),
            (_msisdn(PHONES[1]), "kapan kerja bakti?"),
        ]
        assert first.text == replies[0].text
        assert [c.served for c in proxy.on(RECEIVE)] == [200, 200]
        assert query(
            server.db, "SELECT external_id, text FROM interaction WHERE direction = 'in' ORDER BY id"
        ) == [("kannel-7", "apa itu BKM?"), ("kannel-7", "kapan kerja bakti?")]


# --------------------------------------------------------------------------------------------
# 4. smsbox down, then up: nothing lost, nothing twice
# --------------------------------------------------------------------------------------------


async def test_smsbox_down_then_up_loses_nothing_and_repeats_nothing(tmp_path):
    """smsbox stops while replies are due and MOs keep coming; after it is back every MO is
    stored once and every reply reaches its phone once, none failed."""
    port = free_port()
    proxy = Proxy(target_port=port)
    async with (
        proxy.running(),
        serve_with_kannel(
            tmp_path, secret=SECRET, port=port, receive_url=f"{proxy.url}{RECEIVE}?secret={SECRET}"
        ) as (kannel, server),
    ):
        db = server.db
        sent: list[tuple[str, str]] = []  # (phone, text) of every MO injected

        async def mo(phone: str, text: str) -> None:
            await kannel.inject(phone, SHORTCODE, text)
            sent.append((phone, text))

        # (a) three MOs are in flight at serve when smsbox stops: their replies meet a dead
        # smsbox (sendsms: connection refused) and wait in the outbox with backoff.
        proxy.hold()
        await mo(PHONES[0], "apa itu BKM?")
        await mo(PHONES[1], "halo")
        await mo(PHONES[2], "BANTUAN")
        await until(lambda: len(proxy.on(RECEIVE)) == 3, "three get-url calls held")
        await kannel.stop_smsbox()
        proxy.release()
        await until(
            lambda: query(
                db, "SELECT COUNT(*) FROM outbox WHERE status = 'queued' AND attempts >= 1 "
                "AND last_error LIKE '%smsbox unreachable%'",
            ) == [(3,)],
            "three replies failed once against the stopped smsbox",
        )  # fmt: skip

        # (b) while smsbox is down, more MOs from old and new phones: bearerbox keeps them
        await mo(PHONES[0], "kapan kerja bakti?")
        await mo(PHONES[1], "apa itu BKM?")
        await mo(PHONES[3], "halo")
        await mo(PHONES[4], "apa itu BKM?")
        await mo(PHONES[5], "BANTUAN")
        # only smsbox calls us and sends: while it is down nothing can have come or gone
        assert len(proxy.on(RECEIVE)) == 3
        assert kannel.sent() == []

        await kannel.start_smsbox()
        await until(
            lambda: (
                query(db, "SELECT COUNT(*) FROM interaction WHERE direction = 'in'")
                == [(len(sent),)]
            ),
            "every MO stored",
        )
        await until(
            lambda: (
                query(db, "SELECT COUNT(*) FROM outbox WHERE status IN ('sent', 'delivered')")
                == query(db, "SELECT COUNT(*) FROM outbox")
            ),
            "every reply handed to smsbox",
            within=25,
        )
        await kannel.wait_sent(len(query(db, "SELECT id FROM outbox")), timeout=20)
        sent.append((PHONES[5], SENTINEL))
        await Phone(kannel, PHONES[5]).sentinel()  # a repeat would have come before its answer
        replies = query(db, "SELECT identity, attempts FROM outbox")
        phones = kannel.sent()

        # every MO stored exactly once, from its phone, with its own Kannel id
        stored = query(
            db,
            "SELECT identity.value, interaction.text, interaction.external_id FROM interaction "
            "JOIN identity ON identity.resident_id = interaction.resident_id "
            "WHERE interaction.direction = 'in'",
        )
        assert Counter((_msisdn(phone), text) for phone, text, _id in stored) == Counter(
            (_msisdn(phone), text) for phone, text in sent
        )
        ids = [external_id for _phone, _text, external_id in stored]
        assert None not in ids and len(set(ids)) == len(sent)
        assert set(ids) == {c.id for c in proxy.on(RECEIVE)}  # none lost between Kannel and DB
        # every MO answered, on its own phone, exactly once (counted on the phones' side)
        assert len(replies) == len(sent) == len(phones) == len(kannel.sent())
        assert Counter((_msisdn(r.receiver), _question_of(r.text)) for r in kannel.sent()) == (
            Counter((_msisdn(phone), text) for phone, text in sent)
        )
        assert Counter(_msisdn(identity) for identity, _attempts in replies) == Counter(
            _msisdn(r.receiver) for r in kannel.sent()
        )
        # the replies of (a) met the stopped smsbox and were retried; none failed
        assert sorted(attempts >= 2 for _identity, attempts in replies) == [False] * 6 + [True] * 3
        assert query(
            db, "SELECT COUNT(*) FROM outbox WHERE status NOT IN ('sent', 'delivered')"
        ) == [(0,)]
