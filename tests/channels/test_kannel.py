"""Kannel adapter, table-driven (courier's style): raw HTTP requests in, stored messages and status
codes out; sendsms answers in, SendError / SendResult out. The real Kannel runs in the e2e suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote_from_bytes, urlencode

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

import bot.db
from bot.channels.base import Limits, SendError
from bot.channels.kannel import (
    KannelChannel,
    KannelReceiver,
    KannelSettings,
    report_signature,
    sendsms_params,
)
from bot.i18n import translator
from bot.web import make_app
from handlers.engine import Engine
from handlers.messages import Outbound
from handlers.residents.area_import import import_areas_file
from models import Identity, Interaction, OutboxMessage, OutboxStatus, Resident
from tests.conftest import FROZEN_NOW

SECRET = "kannel-secret-1"
SETTINGS = KannelSettings(
    sendsms_url="http://127.0.0.1:1/cgi-bin/sendsms", username="kabarrt", password="pw",
    sender="KabarRT", secret=SECRET, public_url="http://bot.example:8080",
)  # fmt: skip


@dataclass
class In:
    label: str
    query: dict | str = field(default_factory=dict)
    method: str = "GET"
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    status: int = 200
    text: str | None = None
    identity: str | None = None
    error: str | None = None


def q(**params: str) -> dict:
    return {"secret": SECRET, "to": "1234", "ts": "1764000000", "backend": "fake", **params}


def ucs2(text: str) -> str:
    return quote_from_bytes(text.encode("utf-16-be"))


CASES = [
    In("exact text with double spaces", q(sender="081234560001", message="Halo  Bu RT", id="k1"),
       text="Halo  Bu RT", identity="sms:+6281234560001"),
    In("62 prefix", q(sender="6281234560002", message="info", id="k2"), identity="sms:+6281234560002"),
    In("UCS-2 with emoji",
       f"secret={SECRET}&sender=%2B6281234560003&message={ucs2('Halo 😀 Bu')}&coding=2&charset=UTF-16BE&id=k3",
       text="Halo 😀 Bu"),
    In("latin-1 charset", f"secret={SECRET}&sender=081234560004&message=caf%E9&coding=0&charset=ISO-8859-1&id=k4",
       text="café"),
    In("secret in a header", {k: v for k, v in q(sender="081234560005", message="ya", id="k5").items() if k != "secret"},
       headers={"X-KabarRT-Secret": SECRET}, text="ya"),
    In("POST form", method="POST", body=urlencode(q(sender="081234560006", message="tanya  dana", id="k6")).encode(),
       headers={"Content-Type": "application/x-www-form-urlencoded"}, text="tanya  dana"),
    In("post-url body with X-Kannel headers", {"secret": SECRET}, method="POST", body=b"Halo dari post-url",
       headers={"Content-Type": "text/plain; charset=utf-8", "X-Kannel-From": "+6281234560007",
                "X-Kannel-To": "1234", "X-Kannel-SMS-ID": "k7"}, text="Halo dari post-url"),
    In("no secret", {k: v for k, v in q(sender="081234560008", message="x").items() if k != "secret"},
       status=403, error="secret"),
    In("wrong secret", {**q(sender="081234560009", message="x"), "secret": "nope"}, status=403, error="secret"),
    In("missing sender", q(message="x"), status=400, error="missing sender"),
    In("missing message", q(sender="081234560010"), status=400, error="missing message"),
    In("sender not a number", q(sender="999999999999999999", message="x"), status=400, error="not a phone number"),
]  # fmt: skip


@pytest.fixture
async def web_client(db):
    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    engine = Engine(translator, default_locale="id", clock=lambda: FROZEN_NOW)
    client = TestClient(TestServer(make_app(kannel=KannelReceiver(SETTINGS, engine))))
    await client.start_server()
    yield client
    await client.close()


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
async def test_receive(web_client, case: In):
    query = case.query if isinstance(case.query, str) else urlencode(case.query)
    response = await web_client.request(
        case.method, f"/sms/kannel/receive?{query}", data=case.body, headers=case.headers
    )
    assert response.status == case.status, await response.text()
    stored = await Interaction.filter(direction="in").first()
    if case.error:
        assert case.error in (await response.json())["error"]
        assert stored is None  # nothing processed
        return
    assert stored is not None and stored.channel == "sms"
    if case.text is not None:
        assert stored.text == case.text
    assert await OutboxMessage.filter(channel="sms").exists()  # and it was answered


@pytest.mark.parametrize("sender", ["TELKOMSEL", "INFO-PLN", "3636", "+888"])
async def test_automated_senders_are_stored_never_answered(web_client, sender):
    query = urlencode(q(sender=sender, message="Pulsa Anda Rp5.000. Balas YA untuk paket.", id="op-1"))
    for _ in range(2):  # a repeat is stored once
        response = await web_client.get(f"/sms/kannel/receive?{query}")
        assert response.status == 200
    [stored] = await Interaction.filter(direction="in")
    assert stored.topic == "automated_sender" and stored.text.startswith("Pulsa Anda")
    assert not await OutboxMessage.exists()


async def test_a_flooding_number_is_stored_but_answered_once_an_hour(db):
    from handlers.messages import Inbound

    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    engine = Engine(translator, default_locale="id", clock=lambda: FROZEN_NOW, flood_per_minute={"sms": 3})
    replies = []
    for n in range(6):
        replies.append(await engine.handle(Inbound(identity="sms:+6281234560001", text=f"halo {n}", id=f"f{n}")))
    assert [len(r) for r in replies] == [1, 1, 1, 1, 0, 0]
    assert "banyak pesan" in replies[3][0].text
    assert await Interaction.filter(direction="in").count() == 6  # nothing lost
    other = await engine.handle(Inbound(identity="sms:+6281234560002", text="halo", id="o1"))
    assert other and "banyak pesan" not in other[0].text  # others are not slowed
    tg = Engine(translator, clock=lambda: FROZEN_NOW, flood_per_minute={"sms": 3})
    assert all([await tg.handle(Inbound(identity="tg:5", text="halo", id=f"t{n}")) for n in range(5)])


async def _mo(web_client, sender: str, text: str, kannel_id: str) -> None:
    response = await web_client.get("/sms/kannel/receive?" + urlencode(q(sender=sender, message=text, id=kannel_id)))
    assert response.status == 200, await response.text()


async def test_a_message_is_known_by_its_sender_and_kannel_id(web_client):
    await _mo(web_client, "0812345600", "halo", "dup-1")
    await _mo(web_client, "0812345600", "halo", "dup-1")  # Kannel delivers it again
    await _mo(web_client, "0812345699", "apa itu BKM?", "dup-1")  # another phone, the same id
    stored = await Interaction.filter(direction="in").order_by("id").values_list("external_id", "text", "message_key")
    assert [(i, t) for i, t, _ in stored] == [("dup-1", "halo"), ("dup-1", "apa itu BKM?")]
    assert all("812345600" not in key and "812345699" not in key for _, _, key in stored)
    answered = await OutboxMessage.all().values_list("identity", flat=True)
    assert sorted(answered) == ["sms:+62812345600", "sms:+62812345699"]


async def test_hapus_data_keeps_no_number_and_its_confirmation_sent_again_makes_no_resident(web_client):
    from tests.residents.test_erasure import dump_database, occurrences

    sender = "081234560077"
    await _mo(web_client, sender, "halo", "e1")
    await _mo(web_client, sender, "HAPUS DATA", "e2")
    await _mo(web_client, sender, "YA", "e3")
    assert not await Resident.exists()
    await _mo(web_client, sender, "YA", "e3")  # Kannel delivers the confirmation again
    assert not await Resident.exists() and not await Identity.exists()
    interactions = (await dump_database())["interaction"]
    assert occurrences({"interaction": interactions}, sender[1:]) == []
    assert await Interaction.filter(direction="in").count() == 3


async def test_delivery_reports_move_the_row_forward_only(web_client):
    now = datetime.now(UTC)
    row = await OutboxMessage.create(identity="sms:+6281234560001", channel="sms", text="x", status=OutboxStatus.SENT, created_at=now)
    other = await OutboxMessage.create(identity="sms:+6281234560002", channel="sms", text="y", status=OutboxStatus.SENT, created_at=now)

    async def report(outbox_id, status, sig=None) -> int:
        sig = sig or report_signature(SECRET, int(outbox_id) if str(outbox_id).isdigit() else 0)
        response = await web_client.get(f"/sms/kannel/status?id={outbox_id}&sig={sig}&status={status}&ts=1764000000")
        return response.status

    assert await report(row.id, 8) == 200  # reached the SMSC: still sent
    assert (await OutboxMessage.get(id=row.id)).status is OutboxStatus.SENT
    assert await report(row.id, 1) == 200
    assert (await OutboxMessage.get(id=row.id)).status is OutboxStatus.DELIVERED
    assert await report(row.id, 8) == 200  # late: never backwards
    assert (await OutboxMessage.get(id=row.id)).status is OutboxStatus.DELIVERED
    assert await report(other.id, 16) == 200
    failed = await OutboxMessage.get(id=other.id)
    assert failed.status is OutboxStatus.FAILED and "delivery report" in failed.last_error
    assert await report(row.id, 1, sig="wrong") == 403
    assert await report(row.id, 1, sig=report_signature(SECRET, other.id)) == 403  # another message's
    assert await report(999999, 1) == 404
    assert await report(row.id, 3) == 400
    assert await report("abc", 1) == 403


async def test_a_report_with_the_shared_secret_instead_of_its_signature_is_refused(web_client):
    """dlr-urls of older versions carried `secret=`: refused, and the answer says why."""
    row = await OutboxMessage.create(identity="sms:+6281234560001", channel="sms", text="x",
                                     status=OutboxStatus.SENT, created_at=datetime.now(UTC))  # fmt: skip
    for query in (f"id={row.id}&status=1&secret={SECRET}", f"id={row.id}&status=1"):
        response = await web_client.get(f"/sms/kannel/status?{query}")
        assert response.status == 403
        assert "sig" in (await response.json())["error"]
    assert (await OutboxMessage.get(id=row.id)).status is OutboxStatus.SENT


def test_sendsms_query():
    params = sendsms_params(SETTINGS, Outbound("sms:+6281234560001", "Halo", outbox_id=42))
    assert params["to"] == "+6281234560001" and params["from"] == "KabarRT" and params["coding"] == "0"
    assert params["dlr-mask"] == "31"
    sig = report_signature(SECRET, 42)
    assert params["dlr-url"] == f"http://bot.example:8080/sms/kannel/status?id=42&sig={sig}&status=%d&ts=%T"
    assert SECRET not in params["dlr-url"] and sig != report_signature(SECRET, 43)
    assert sendsms_params(SETTINGS, Outbound("sms:+6281234560001", "Halo Bu 😀"))["coding"] == "2"


@pytest.mark.parametrize(
    ("status", "body", "retryable"),
    [(202, "0: Accepted for delivery", None), (202, "3: Queued for later delivery", None),
     (403, "Authorization failed for sendsms", True), (400, "Missing receiver number", False),
     (503, "Service unavailable", True)],
)  # fmt: skip
async def test_sendsms_answers(status, body, retryable):
    async def sendsms(request: web.Request) -> web.Response:
        assert request.query["username"] == "kabarrt" and request.query["text"] == "Halo"
        return web.Response(status=status, text=body)

    app = web.Application()
    app.router.add_get("/cgi-bin/sendsms", sendsms)
    server = TestServer(app)
    await server.start_server()
    settings = KannelSettings(
        sendsms_url=str(server.make_url("/cgi-bin/sendsms")), username="kabarrt", password="pw",
        sender=None, secret=SECRET, public_url="http://x",
    )  # fmt: skip
    channel = KannelChannel(settings, Limits())
    try:
        if retryable is None:
            await channel.send(Outbound("sms:+6281234560001", "Halo", outbox_id=1))
        else:
            with pytest.raises(SendError) as caught:
                await channel.send(Outbound("sms:+6281234560001", "Halo", outbox_id=1))
            assert caught.value.retryable is retryable and not caught.value.permanent_identity_failure
    finally:
        await channel.close()
        await server.close()


async def test_smsbox_down_is_retryable():
    channel = KannelChannel(SETTINGS, Limits())  # port 1: nothing listens
    with pytest.raises(SendError) as caught:
        await channel.send(Outbound("sms:+6281234560001", "Halo", outbox_id=1))
    assert caught.value.retryable
    await channel.close()
