"""The one interface every channel adapter implements, and what the dispatcher needs to know.

An adapter translates an `Outbound` into its network call and reports the result as a
`SendResult` or a typed `SendError`; it never retries, sleeps or touches the database — the
dispatcher (bot/delivery/dispatcher.py) does that, using the `Limits` the adapter declares.
"""

from __future__ import annotations

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
    the identity is marked inactive and its other messages are not tried.
    """

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        permanent_identity_failure: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.permanent_identity_failure = permanent_identity_failure


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
