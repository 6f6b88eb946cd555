"""The core's only vocabulary: what arrives from a channel and what goes back to one.

Every adapter translates its own wire format into `Inbound` and renders `Outbound`;
nothing in here knows about Telegram, SMS or the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

#: identity scheme → channel name. Identities are written `tg:<chat id>`,
#: `sms:<E.164 phone>`, `shell:<id>`.
SCHEMES = {"tg": "telegram", "sms": "sms", "shell": "shell"}


def channel_of(identity: str) -> str:
    """Return the channel an identity belongs to (`tg:1` → `telegram`)."""
    scheme, sep, rest = identity.partition(":")
    if not sep or not rest or scheme not in SCHEMES:
        raise ValueError(f"not an identity: {identity!r}")
    return SCHEMES[scheme]


class Priority(StrEnum):
    """Replies to a resident go before bulk messages (announcements, lessons)."""

    REPLY = "reply"
    BULK = "bulk"


@dataclass(frozen=True, slots=True)
class Media:
    """A photo, document, audio or video; `ref` is a channel file id or a local path."""

    kind: str
    ref: str
    caption: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A point a resident shared (e.g. where a drain is blocked)."""

    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Option:
    """One quick reply. `value` comes back to the core when the resident picks it.

    `request` asks the channel for something only the device can give instead of a value:
    `"contact"` (Telegram's share-my-phone-number button). Channels without it leave it out.
    """

    label: str
    value: str
    request: str | None = None


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message from a resident, already translated by its channel adapter.

    `id` is the gateway's own message id, stored as it came. `message_key` is the message's
    identity on its channel, made by the adapter (bot/channels/base.py): a message that arrives
    again with the same key is processed once; None: never taken for a repeat.
    `received_at` is when the channel says it was sent (an SMS gateway's timestamp, a Telegram
    message's date); None means now, by the engine's clock (a Telegram button press).
    `choice` is set when the resident pressed a button (the Option value).
    `contact_phone` is a phone number the resident shared; `contact_is_own` says the channel
    confirmed it is the sender's own number. `group` is the group chat (`tg:-100…`) the
    message was written in, where the replies go; `identity` is then the person who wrote.
    """

    identity: str
    text: str = ""
    id: str | None = None
    message_key: str | None = None
    received_at: datetime | None = None
    choice: str | None = None
    media: tuple[Media, ...] = ()
    location: Location | None = None
    contact_phone: str | None = None
    contact_is_own: bool = False
    group: str | None = None
    group_title: str | None = None

    @property
    def channel(self) -> str:
        return channel_of(self.identity)

    @property
    def reply_to(self) -> str:
        """Where replies go: the group it was written in, else the sender."""
        return self.group or self.identity


@dataclass(frozen=True, slots=True)
class Outbound:
    """One message to a resident. Adapters decide how options look on their channel.

    `locale` lets the adapter render its own chrome (e.g. "Balas 1, 2 atau 3") in the
    resident's language; `outbox_id` is the row that records it. `detail` is an optional
    longer part that channels with room (Telegram) show after `text` and SMS leaves out.
    """

    identity: str
    text: str
    options: tuple[Option, ...] = ()
    detail: str | None = None
    media: tuple[Media, ...] = ()
    locale: str = "id"
    priority: Priority = Priority.REPLY
    topic: str | None = None
    content_id: str | None = None
    outbox_id: int | None = None

    @property
    def channel(self) -> str:
        return channel_of(self.identity)
