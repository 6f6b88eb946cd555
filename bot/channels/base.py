"""The one interface every channel adapter implements, what the dispatcher needs to know, and
the keyed hashes adapters name inbound messages with.

An adapter translates an `Outbound` into its network call and reports the result as a
`SendResult` or a typed `SendError`; it never retries, sleeps or touches the database — the
dispatcher (bot/delivery/dispatcher.py) does that, using the `Limits` the adapter declares.

Inbound, an adapter names each message by what makes it that message on its channel (Telegram:
chat and message id; Kannel: sender and id; Gammu: the inbox file name) as `Inbound.message_key`,
the engine's dedupe key. The key is a keyed hash, so the stored key holds no phone number or chat
id, and HAPUS DATA can leave it in place (a redelivery after the erasure is still dropped).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import ClassVar, Protocol

from handlers.messages import Outbound


@dataclass(frozen=True, slots=True)
class SendResult:
    """The channel accepted the message; its own id for it (for delivery reports), if any.

    SMS adapters also say what it cost: the number of segments and "gsm7" or "ucs2".
    """

    channel_message_id: str | None = None
    segments: int | None = None
    encoding: str | None = None


class SendError(Exception):
    """A send that did not happen.

    retryable: a later attempt may succeed (timeout, 5xx, 429);
    retry_after: seconds the channel asked us to wait (Telegram's `retry_after`, HTTP Retry-After);
    permanent_identity_failure: this recipient can never be reached (bot blocked, invalid number):
    the identity is marked inactive and its other messages are not tried;
    apologise: the channel refused the message for a reason that is not the recipient's, who
    should hear that something for them failed (the dispatcher queues the apology).
    """

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        permanent_identity_failure: bool = False,
        apologise: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.permanent_identity_failure = permanent_identity_failure
        self.apologise = apologise


@dataclass(frozen=True, slots=True)
class Limits:
    """How fast a channel may be used; None means no limit.

    per_second: all messages of the channel; per_recipient_per_second: one chat or number;
    per_group_per_minute: one group chat (an identity the adapter says is a group).
    """

    per_second: float | None = None
    per_recipient_per_second: float | None = None
    per_group_per_minute: float | None = None


class Channel(Protocol):
    name: ClassVar[str]
    limits: Limits

    async def send(self, outbound: Outbound) -> SendResult:
        """Deliver one message to the channel, or raise SendError."""
        ...

    def is_group(self, identity: str) -> bool:
        """True for a group chat (its own, slower limit)."""
        ...


class NullChannel:
    """Accepts everything instantly and remembers nothing: for tests and the engine's ceiling."""

    limits = Limits()

    def __init__(self, name: str = "null", limits: Limits | None = None) -> None:
        self.name = name
        self.limits = limits or Limits()
        self.sent = 0

    async def send(self, outbound: Outbound) -> SendResult:
        self.sent += 1
        return SendResult(channel_message_id=str(self.sent))

    def is_group(self, identity: str) -> bool:
        return False


def secret_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, derived from a configured secret (the bot token, SMS_SECRET)."""
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


def message_key(key: bytes, *parts: object) -> str:
    """An inbound message's identity (`parts`) as a keyed hash: 32 hex digits."""
    data = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(key, data, hashlib.sha256).hexdigest()[:32]
