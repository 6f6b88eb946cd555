"""The interaction log (every inbound and outbound message) and the outbox.

The interaction log is the raw material for measuring reach: channel, resident, area,
topic and time survive HAPUS DATA as anonymous counts; texts do not.
Every outbound message goes through an outbox row; the delivery engine sends them.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class Interaction(Model):
    id = fields.BigIntField(primary_key=True)
    direction = fields.CharEnumField(Direction, max_length=3)
    channel = fields.CharField(max_length=16)
    resident: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="interactions", null=True, on_delete=fields.SET_NULL
    )
    area: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Area", related_name="interactions", null=True, on_delete=fields.SET_NULL
    )
    #: the channel's own message id (inbound), for processing a redelivery once
    external_id = fields.CharField(max_length=96, null=True)
    #: an inbound message's identity on its channel (Telegram chat and message id, Kannel sender
    #: and id, Gammu file name) as a keyed hash: a redelivery is processed once; survives HAPUS DATA
    message_key = fields.CharField(max_length=64, null=True)
    text = fields.TextField(null=True)
    topic = fields.CharField(max_length=48, null=True)
    content_id = fields.CharField(max_length=96, null=True)
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "interaction"
        unique_together = (("channel", "message_key"),)


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


#: statuses in which a message may still go out
PENDING = (OutboxStatus.QUEUED, OutboxStatus.SENDING)


class OutboxMessage(Model):
    id = fields.BigIntField(primary_key=True)
    resident: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="outbox", null=True, on_delete=fields.SET_NULL
    )
    identity = fields.CharField(max_length=64, null=True)
    channel = fields.CharField(max_length=16)
    text = fields.TextField()
    #: options and media as data; the adapter renders them
    payload = fields.JSONField(default=dict)
    locale = fields.CharField(max_length=8, default="id")
    status = fields.CharEnumField(OutboxStatus, max_length=12, default=OutboxStatus.QUEUED)
    priority = fields.SmallIntField(default=0)
    attempts = fields.SmallIntField(default=0)
    last_error = fields.TextField(null=True)
    channel_message_id = fields.CharField(max_length=96, null=True)
    not_before = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    #: what caused it: ("inbound", interaction id), ("announcement", id), ("job", key) …
    cause_type = fields.CharField(max_length=24, null=True)
    cause_id = fields.CharField(max_length=64, null=True)
    #: set by whoever enqueues work that may run twice (a scheduled job): one row per key, ever
    dedupe_key = fields.CharField(max_length=128, null=True, unique=True)
    #: the dispatcher holding the row while it is `sending`, and until when (a lease: after a
    #: crash the row goes back to `queued` once the lease has run out)
    claimed_by = fields.CharField(max_length=64, null=True)
    claimed_until = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)
    #: SMS only, set when sent: what the network charges for (segments) and why ("gsm7"/"ucs2")
    segments = fields.SmallIntField(null=True)
    encoding = fields.CharField(max_length=8, null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "outbox"
        indexes = (("status", "channel", "priority", "id"), ("status", "claimed_until"), ("channel", "sent_at"))


class OutboxEvent(Model):
    """One state change of an outbox row: what `kabarrt outbox show ID` prints."""

    id = fields.BigIntField(primary_key=True)
    message: fields.ForeignKeyRelation[OutboxMessage] = fields.ForeignKeyField(
        "models.OutboxMessage", related_name="events", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    status = fields.CharEnumField(OutboxStatus, max_length=12)
    attempt = fields.SmallIntField(default=0)
    #: the error, the channel's message id, who claimed it … never message text
    detail = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "outbox_event"
