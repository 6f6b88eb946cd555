"""The Kannel test gateway itself: real bearerbox + smsbox + fakesmsc on loopback.

An aiohttp receiver in the test is both the sms-service get-url target (MO) and the dlr-url
target (delivery reports). What is asserted here is what Kannel 1.4.5 really sends.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import aiohttp
import pytest
from aiohttp import web

from tests.conftest import need
from tests.fixtures.kannel_gateway import (
    KannelGateway,
    decode_kannel_message,
    free_port,
    kannel_available,
    running_kannel,
)

SECRET = "s3cret-Token_1"
PHONE = "6281234567890"
SHORTCODE = "1234"


@dataclass
class Call:
    path: str
    raw_query: str  # undecoded: UCS-2 bodies are not UTF-8
    query: dict[str, str]
    method: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    calls: list[Call] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def on(self, path: str) -> list[Call]:
        return [c for c in self.calls if c.path == path]

    async def wait(self, path: str, count: int, timeout: float = 10.0) -> list[Call]:  # noqa: ASYNC109
        async with self.changed:
            try:
                await asyncio.wait_for(
                    self.changed.wait_for(lambda: len(self.on(path)) >= count), timeout
                )
            except TimeoutError:
                raise AssertionError(f"{len(self.on(path))}/{count} calls to {path}") from None
        return self.on(path)


@pytest.fixture
async def receiver():
    rec = Receiver(url="")

    async def handle(request: web.Request) -> web.Response:
        raw = request.raw_path.partition("?")[2]
        q = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True, encoding="latin-1").items()}
        call = Call(
            request.path, raw, q, request.method, dict(request.headers), await request.read()
        )
        async with rec.changed:
            rec.calls.append(call)
            rec.changed.notify_all()
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    rec.url = f"http://127.0.0.1:{port}"
    try:
        yield rec
    finally:
        await runner.cleanup()


@pytest.fixture
async def kannel(tmp_path, receiver):
    need("kannel", kannel_available(), "apt-get install kannel kannel-extras (see .ci/run)")
    async with running_kannel(
        tmp_path, receive_url=f"{receiver.url}/kannel/receive?secret={SECRET}"
    ) as gw:
        yield gw


async def sendsms(gw: KannelGateway, **params: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(gw.sendsms_url, params=params) as r:
        return r.status, await r.text()


async def reports_drained(kannel: KannelGateway, receiver: Receiver) -> None:
    """Prove that no more delivery reports are coming, without a sleep: a sentinel SMS sent now
    gets its two reports after those of the messages before it."""
    status, _ = await sendsms(
        kannel,
        **kannel.sendsms_params(PHONE, "sentinel", SHORTCODE),
        **{"dlr-mask": "31", "dlr-url": dlr_url(receiver, "sentinel")},
    )
    assert status == 202
    deadline = asyncio.get_running_loop().time() + 10
    while len([d for d in receiver.on("/kannel/status") if d.query["id"] == "sentinel"]) < 2:
        assert asyncio.get_running_loop().time() < deadline, "the sentinel's reports"
        await asyncio.sleep(0.05)


def reports_for(receiver: Receiver, ref: str) -> list:
    return [d for d in receiver.on("/kannel/status") if d.query["id"] == ref]


def dlr_url(receiver: Receiver, ref: str) -> str:
    return f"{receiver.url}/kannel/status?id={ref}&status=%d&ts=%T&answer=%A"


async def test_mo_text_reaches_get_url_exactly(kannel, receiver):
    text = "Halo  Bu RT,  rapat jam 19.00 di balai warga!"
    before = int(time.time())
    await kannel.inject(PHONE, SHORTCODE, text)
    [call] = await receiver.wait("/kannel/receive", 1)
    q = call.query
    assert call.method == "GET"
    assert q["secret"] == SECRET
    assert q["sender"] == PHONE
    assert q["to"] == SHORTCODE
    assert q["message"].encode("latin-1").decode("utf-8") == text  # double spaces kept
    assert decode_kannel_message(call.raw_query) == text
    assert (q["coding"], q["charset"]) == ("0", "UTF-8")
    assert q["backend"] == "fake"  # %i = smsc-id
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", q["id"])
    assert before - 1 <= int(q["ts"]) <= time.time() + 1


async def test_mo_ucs2_emoji_arrives_as_utf16be(kannel, receiver):
    text = "Halo 😀 Bu RT"
    await kannel.inject(PHONE, SHORTCODE, text)  # not GSM -> injected as ucs2
    [call] = await receiver.wait("/kannel/receive", 1)
    # coding=2 charset=UTF-16BE; `message` is the url-encoded raw UTF-16BE bytes (space = '+').
    assert (call.query["coding"], call.query["charset"]) == ("2", "UTF-16BE")
    assert call.query["message"].encode("latin-1") == text.encode("utf-16-be")
    assert "message=%00H%00a%00l%00o%00+%D8%3D%DE%00" in call.raw_query
    assert decode_kannel_message(call.raw_query) == text


async def test_sendsms_reaches_phone_with_dlrs(kannel, receiver):
    status, body = await sendsms(
        kannel,
        **kannel.sendsms_params(PHONE, "Halo  warga, iuran  bulan ini", SHORTCODE),
        **{"dlr-mask": "31", "dlr-url": dlr_url(receiver, "m1")},
    )
    assert (status, body) == (202, "0: Accepted for delivery")
    [sms] = await kannel.wait_sent(1)
    assert (sms.sender, sms.receiver, sms.text, sms.coding) == (
        SHORTCODE,
        PHONE,
        "Halo  warga, iuran  bulan ini",
        "text",
    )
    assert sms.parts[0].line == f"{SHORTCODE} {PHONE} text Halo  warga, iuran  bulan ini"
    await receiver.wait("/kannel/status", 2)
    await reports_drained(kannel, receiver)
    dlrs = reports_for(receiver, "m1")
    # The fake SMSC reports 8 (SMSC accepted, %A "ACK/") and 1 (delivered); order not fixed.
    assert sorted(int(d.query["status"]) for d in dlrs) == [1, 8]
    assert {d.query["id"] for d in dlrs} == {"m1"}
    by_status = {d.query["status"]: d.query for d in dlrs}
    assert by_status["8"]["answer"] == "ACK/"


async def test_sendsms_ucs2_and_concatenated(kannel, receiver):
    emoji = "Halo 😀 Bu RT"
    status, _ = await sendsms(
        kannel, **kannel.sendsms_params(PHONE, emoji, SHORTCODE, coding="2", charset="UTF-8")
    )
    assert status == 202
    [sms] = await kannel.wait_sent(1)
    assert (sms.coding, sms.text) == ("ucs-2", emoji)

    long_text = "".join(f"{i:03d}abcdefg " for i in range(30))  # 330 GSM chars
    assert len(long_text) == 330
    status, _ = await sendsms(
        kannel,
        **kannel.sendsms_params(PHONE, long_text, SHORTCODE),
        **{"dlr-mask": "31", "dlr-url": dlr_url(receiver, "long")},
    )
    assert status == 202
    sent = await kannel.wait_sent(2)
    assert sent[1].text == long_text
    # Kannel split it into 3 parts of 153/153/24 chars with UDH 05 00 03 <ref> 03 <seq>.
    parts = sent[1].parts
    assert [p.kind for p in parts] == ["udh"] * 3
    assert [len(p.data) for p in parts] == [153, 153, 24]
    refs = {p.concat[0] for p in parts}
    assert len(refs) == 1
    assert [p.concat[1:] for p in parts] == [(3, 1), (3, 2), (3, 3)]
    assert parts[0].udh == bytes([5, 0, 3, refs.pop(), 3, 1])
    assert len(kannel.sent_parts()) == 4
    # One DLR pair for the whole concatenated message, not one per part.
    await receiver.wait("/kannel/status", 2)
    await reports_drained(kannel, receiver)
    assert sorted(int(d.query["status"]) for d in reports_for(receiver, "long")) == [1, 8]

    # A line break splits fakesmsc's line protocol; the fixture joins the continuation back.
    status, _ = await sendsms(
        kannel, **kannel.sendsms_params(PHONE, "Rapat RT:\nMalam ini  19.00", SHORTCODE)
    )
    assert status == 202
    sent = await kannel.wait_sent(4)  # after the sentinel
    assert sent[3].text == "Rapat RT:\nMalam ini  19.00"


async def test_smsbox_down_then_up(kannel, receiver):
    await kannel.stop_smsbox()
    with pytest.raises(aiohttp.ClientConnectorError):
        await sendsms(kannel, **kannel.sendsms_params(PHONE, "while down", SHORTCODE))
    await kannel.inject(PHONE, SHORTCODE, "sent while smsbox was down")  # bearerbox queues it
    assert receiver.on("/kannel/receive") == []  # only smsbox calls us: nothing can come yet

    await kannel.start_smsbox()
    [mo] = await receiver.wait("/kannel/receive", 1)
    assert mo.query["message"] == "sent while smsbox was down"
    status, _ = await sendsms(kannel, **kannel.sendsms_params(PHONE, "back up", SHORTCODE))
    assert status == 202
    [sms] = await kannel.wait_sent(1)
    assert sms.text == "back up"


async def test_post_url_mode(tmp_path, receiver):
    need("kannel", kannel_available(), "apt-get install kannel kannel-extras (see .ci/run)")
    url = f"{receiver.url}/kannel/receive?secret={SECRET}"
    async with running_kannel(tmp_path, receive_url=url, post=True) as gw:
        await gw.inject(PHONE, SHORTCODE, "Halo  POST")
        [call] = await receiver.wait("/kannel/receive", 1)
    assert call.method == "POST"
    assert call.body == b"Halo  POST"
    assert call.query["sender"] == PHONE
    assert call.headers["X-Kannel-From"] == PHONE
    assert call.headers["X-Kannel-To"] == SHORTCODE
    assert call.headers["X-Kannel-SMSC"] == "fake"
    assert call.headers["X-Kannel-Coding"] == "0"
    assert call.headers["Content-Type"] == 'text/plain; charset="UTF-8"'
