"""What every SMS gateway's receive route shares: the shared secret, the allowed addresses, the
sender rules (a phone number becomes `sms:+62…`; automated senders are stored, never answered),
and handing the message to the engine.

Kannel (bot/channels/kannel.py) and Gammu (bot/channels/gammu.py) only parse their own request
shapes and call these.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web

from handlers.messages import Inbound
from handlers.residents.identity import BadIdentity, phone_to_e164


class BadRequest(ValueError):
    """An inbound request we cannot use; the message is the 400's reason."""


@dataclass(frozen=True, slots=True)
class Automated:
    """A message from an automated sender: stored for the officers, never answered."""

    text: str
    id: str | None
    message_key: str | None


def secret_ok(expected: str, given: str | None) -> bool:
    return bool(expected) and hmac.compare_digest((given or "").encode(), expected.encode())


def ip_allowed(allowed: tuple[str, ...], remote: str | None) -> bool:
    """True when no list is set, or the caller's address is in one of its networks."""
    if not allowed:
        return True
    try:
        address = ipaddress.ip_address(remote or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in allowed)


def refused(
    request: web.Request, secret: str, allowed_ips: tuple[str, ...], given: str | None = None
) -> web.Response | None:
    """The 403 for a caller without the secret (`X-KabarRT-Secret`, `given`, or `?secret=`) or
    from an address not allowed; None when the request may go on."""
    given = request.headers.get("X-KabarRT-Secret") or given or request.query.get("secret")
    if not secret_ok(secret, given):
        return web.json_response({"error": "wrong or missing secret"}, status=403)
    if not ip_allowed(allowed_ips, request.remote):
        return web.json_response({"error": "address not allowed"}, status=403)
    return None


def automated(sender: str) -> bool:
    """Operator notices and services: an alphanumeric sender id, or a short code (≤ 6 digits)."""
    digits = sender.lstrip("+")
    return any(c.isalpha() for c in sender) or (digits.isdigit() and len(digits) <= 6)


def sms_inbound(
    sender: str | None,
    text: str | None,
    message_id: str | None,
    received_at: datetime | None = None,
    *,
    message_key: str | None = None,
) -> Inbound | Automated:
    """The Inbound for one MO message, an Automated one, or BadRequest with the reason.
    `message_key`: the message's identity on its gateway, made by the adapter."""
    sender = (sender or "").strip()
    if not sender:
        raise BadRequest("missing sender")
    if text is None:
        raise BadRequest("missing message")
    message_id = (message_id or "").strip() or None
    if automated(sender):
        return Automated(text, message_id, message_key)
    try:
        identity = "sms:" + phone_to_e164(sender)
    except BadIdentity as exc:
        raise BadRequest(f"sender is not a phone number: {sender[:20]!r}") from exc
    return Inbound(identity=identity, text=text, id=message_id, message_key=message_key, received_at=received_at)


async def take(engine, inbound: Inbound | Automated, on_queued: Callable[[], object]) -> web.Response:
    """Store an automated message, or let the engine answer; the HTTP body is never an SMS."""
    if isinstance(inbound, Automated):
        await engine.record_automated("sms", inbound.text, inbound.id, inbound.message_key)
        return web.json_response({"ok": True, "answered": False})
    if await engine.handle(inbound):
        on_queued()
    return web.json_response({"ok": True})
