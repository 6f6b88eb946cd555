"""Kannel SMS adapter: smsbox `sendsms` out, `get-url` / `post-url` in, delivery reports back.

Inbound (`/sms/kannel/receive`): Kannel calls us with RapidPro courier's parameters
`sender=%p&to=%P&message=%b&ts=%T&id=%I&backend=%i&coding=%c&charset=%C`, as GET, as a POST form,
or as `post-url` (the text as body, the rest in X-Kannel-* headers). `%b` is the message's exact
bytes, decoded here with its coding and charset. Every request needs the shared secret (`secret`
query parameter or `X-KabarRT-Secret` header): 403 otherwise, nothing processed. Kannel's `%I` is
unique per smsbox, not per sender, so a message is known again by (sender, id) (`message_key`).

Outbound: one GET to smsbox's sendsms with `dlr-mask=31` and a `dlr-url` back to
`/sms/kannel/status?id=<outbox id>&sig=<signature>&status=%d&ts=%T`, which maps Kannel's report
types to outbox states (1 delivered; 2, 16 failed; 4, 8 sent). A dlr-url cannot carry a header,
and Kannel logs it, so it never carries the shared secret: `sig` is an HMAC of the outbox id,
keyed by SMS_SECRET, good for that one message's reports only. A report with the old `secret=`
instead is refused (403).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar
from urllib.parse import parse_qsl, unquote_to_bytes

import aiohttp
from aiohttp import web

from bot.channels.base import Limits, SendError, SendResult, message_key, secret_key
from bot.channels.render import SmsText, render_sms
from bot.channels.sms_inbound import Automated, BadRequest, ip_allowed, refused, sms_inbound, take
from bot.delivery.receipts import ReportBatcher
from bot.settings import Settings
from handlers.messages import Inbound, Outbound
from handlers.outbox.queue import Report
from handlers.residents.identity import mask

log = logging.getLogger(__name__)

#: Kannel delivery-report types (%d) → outbox state
DLR_STATES = {1: "delivered", 2: "failed", 16: "failed", 4: "sent", 8: "sent"}
#: Kannel's %c: 0 = 7-bit (GSM), 1 = 8-bit (binary), 2 = UCS-2
CODING_UCS2 = 2


@dataclass(frozen=True, slots=True)
class KannelSettings:
    sendsms_url: str
    username: str
    password: str
    sender: str | None
    secret: str
    public_url: str
    allowed_ips: tuple[str, ...] = ()


def decode_text(raw: bytes, coding: str | None, charset: str | None) -> str:
    """The message as Kannel received it: UCS-2 is UTF-16BE; 7-bit arrives in `charset`."""
    if coding is not None and coding.strip() == str(CODING_UCS2):
        encoding = "utf-16-be"
    else:
        encoding = (charset or "").strip() or "utf-8"
    try:
        return raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return raw.decode("utf-8", errors="replace")


def _raw_param(query: str, name: str) -> bytes | None:
    """A query parameter's bytes exactly as sent (not decoded as UTF-8)."""
    for part in query.split("&"):
        key, _, value = part.partition("=")
        if unquote_to_bytes(key.replace("+", " ")) == name.encode():
            return unquote_to_bytes(value.replace("+", " "))
    return None


def inbound_from(fields: dict[str, str], raw_text: bytes | None, key: bytes) -> Inbound | Automated:
    """The Inbound for one Kannel MO message (fields: courier's parameter names); `key` makes
    its message key."""
    text = None if raw_text is None else decode_text(raw_text, fields.get("coding"), fields.get("charset"))
    ts = (fields.get("ts") or "").strip()
    received = datetime.fromtimestamp(int(ts), UTC) if ts.isdigit() else None
    sender, kannel_id = (fields.get("sender") or "").strip(), (fields.get("id") or "").strip()
    known_as = message_key(key, "kannel", sender, kannel_id) if kannel_id else None
    return sms_inbound(sender, text, kannel_id, received, message_key=known_as)


def report_signature(secret: str, outbox_id: int) -> str:
    """What a dlr-url carries instead of the shared secret: an HMAC of the outbox id."""
    key = secret_key(secret, "kabarrt-delivery-report")
    return hmac.new(key, str(outbox_id).encode(), hashlib.sha256).hexdigest()[:32]


def sendsms_params(settings: KannelSettings, outbound: Outbound, sms: SmsText | None = None) -> dict[str, str]:
    """The smsbox sendsms query for one outbox row (`sms`: its rendering, if already made)."""
    sms = sms or render_sms(outbound)
    to = outbound.identity.removeprefix("sms:")
    params = {
        "username": settings.username,
        "password": settings.password,
        "to": to,
        "text": sms.text,
        "charset": "UTF-8",
        "coding": str(CODING_UCS2 if sms.encoding == "ucs2" else 0),
        "dlr-mask": "31",
    }
    if settings.sender:
        params["from"] = settings.sender
    if outbound.outbox_id is not None:
        sig = report_signature(settings.secret, outbound.outbox_id)
        params["dlr-url"] = (
            f"{settings.public_url.rstrip('/')}/sms/kannel/status?id={outbound.outbox_id}&sig={sig}&status=%d&ts=%T"
        )
    return params


class KannelChannel:
    """The dispatcher's SMS adapter for a Kannel smsbox."""

    name: ClassVar[str] = "sms"

    def __init__(self, settings: KannelSettings, limits: Limits) -> None:
        self.settings = settings
        self.limits = limits
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> KannelChannel:
        return cls(kannel_settings(settings), Limits(per_second=settings.sms_max_per_second))

    def is_group(self, identity: str) -> bool:
        return False

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, outbound: Outbound) -> SendResult:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
        sms = render_sms(outbound)
        params = sendsms_params(self.settings, outbound, sms)
        try:
            async with self._session.get(self.settings.sendsms_url, params=params) as response:
                body = (await response.text())[:200].strip()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"smsbox unreachable: {type(exc).__name__}", retryable=True) from exc
        if status in (200, 202):  # "0: Accepted for delivery", "3: Queued for later delivery"
            return SendResult(None, segments=sms.segments, encoding=sms.encoding)
        if status == 403:
            log.error("smsbox refused our credentials (403 %s): check KANNEL_USERNAME/PASSWORD", body)
            raise SendError(f"smsbox 403 {body}", retryable=True, retry_after=60)
        if 400 <= status < 500:
            log.warning("smsbox refused the message to %s: %s %s", mask(outbound.identity), status, body)
            raise SendError(f"smsbox {status} {body}", retryable=False)
        raise SendError(f"smsbox {status} {body}", retryable=True)


def kannel_settings(settings: Settings) -> KannelSettings:
    return KannelSettings(
        sendsms_url=settings.kannel_sendsms_url,
        username=settings.kannel_username,
        password=settings.kannel_password.get_secret_value() if settings.kannel_password else "",
        sender=settings.sms_sender,
        secret=settings.sms_secret.get_secret_value() if settings.sms_secret else "",
        public_url=settings.public_url or f"http://{settings.host}:{settings.port}",
        allowed_ips=settings.sms_allowed_networks,
    )


def parse_form(body: bytes) -> tuple[dict[str, str], bytes | None]:
    """A urlencoded POST form: (fields, the message's raw bytes)."""
    text = body.decode("latin-1")
    fields = {k: v for k, v in parse_qsl(text, keep_blank_values=True)}
    return fields, _raw_param(text, "message")


def parse_query(query: str) -> tuple[dict[str, str], bytes | None]:
    fields = {k: v for k, v in parse_qsl(query, keep_blank_values=True)}
    return fields, _raw_param(query, "message")


class KannelReceiver:
    """The aiohttp side: MO messages into the engine, delivery reports into the outbox."""

    def __init__(self, settings: KannelSettings, engine, *, on_queued=None) -> None:
        self.settings = settings
        self.engine = engine
        self.on_queued = on_queued or (lambda: None)
        #: delivery reports arriving together are committed together (two per SMS)
        self.reports = ReportBatcher()
        self.message_keys = secret_key(settings.secret, "kabarrt-inbound")

    def _refused(self, request: web.Request, fields: dict[str, str]) -> web.Response | None:
        return refused(request, self.settings.secret, self.settings.allowed_ips, fields.get("secret"))

    def _unsigned(self, request: web.Request, outbox_id: str, sig: str | None) -> web.Response | None:
        """The 403 for a delivery report without its outbox id's signature, or from an address
        not allowed; None when it may go on."""
        if not sig:
            reason = "a delivery report needs the sig its dlr-url carries (secret= is not accepted)"
            return web.json_response({"error": reason}, status=403)
        expected = report_signature(self.settings.secret, int(outbox_id)) if outbox_id.isdigit() else ""
        if not hmac.compare_digest(sig.encode(), expected.encode()):
            return web.json_response({"error": "wrong signature for this message"}, status=403)
        if not ip_allowed(self.settings.allowed_ips, request.remote):
            return web.json_response({"error": "address not allowed"}, status=403)
        return None

    async def receive(self, request: web.Request) -> web.Response:
        fields, raw = parse_query(request.rel_url.raw_query_string)  # %b's bytes, undecoded
        if request.method == "POST":
            body = await request.read()
            if request.content_type == "application/x-www-form-urlencoded":
                posted, raw_posted = parse_form(body)
                fields, raw = {**fields, **posted}, raw_posted if raw_posted is not None else raw
            else:  # Kannel post-url: the text is the body, the rest in X-Kannel-* headers
                headers = request.headers
                fields = {
                    **fields,
                    "sender": headers.get("X-Kannel-From", fields.get("sender", "")),
                    "to": headers.get("X-Kannel-To", fields.get("to", "")),
                    "ts": headers.get("X-Kannel-Time", fields.get("ts", "")),
                    "coding": headers.get("X-Kannel-Coding", fields.get("coding", "")),
                    "id": headers.get("X-Kannel-SMS-ID", fields.get("id", "")),
                }
                fields["charset"] = request.charset or fields.get("charset", "")
                raw = body
        refused = self._refused(request, fields)
        if refused is not None:
            return refused
        try:
            inbound = inbound_from(fields, raw, self.message_keys)
        except BadRequest as exc:
            return web.json_response({"error": str(exc)}, status=400)
        # max-messages = 0 in the sms-service: the answer's body never becomes an SMS
        return await take(self.engine, inbound, self.on_queued)

    async def status(self, request: web.Request) -> web.Response:
        fields = dict(request.query)
        if request.method == "POST":
            fields.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        outbox_id, kind = (fields.get("id") or "").strip(), (fields.get("status") or "").strip()
        refused = self._unsigned(request, outbox_id, fields.get("sig"))
        if refused is not None:
            return refused
        if not kind.isdigit() or int(kind) not in DLR_STATES:
            return web.json_response({"error": "a known status is required"}, status=400)
        ts = (fields.get("ts") or "").strip()
        at = datetime.fromtimestamp(int(ts), UTC) if ts.isdigit() else datetime.now(UTC)
        known = await self.reports.record(Report(int(outbox_id), DLR_STATES[int(kind)], at, f"kannel dlr {kind}"))
        if not known:
            return web.json_response({"error": "unknown message"}, status=404)
        return web.json_response({"ok": True})
