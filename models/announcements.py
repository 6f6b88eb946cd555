"""Announcements: one text (and optional photo) from an RT head, an officer or the operator to
every resident of an area or of a program, sent through the outbox.

The recipients are not stored here: each one is an outbox row with cause ("announcement", id),
so the delivery figures of an announcement are counts over the outbox.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class AnnouncementStatus(StrEnum):
    DRAFT = "draft"  # being composed in chat; not visible to anyone else
    SCHEDULED = "scheduled"  # waits for send_at; may still be cancelled
    SENDING = "sending"  # outbox rows are being created; can no longer be cancelled
    SENT = "sent"  # every recipient has an outbox row
    CANCELLED = "cancelled"


class Announcement(Model):
    id = fields.IntField(primary_key=True)
    #: who wrote it; null for the operator's command line (and after the author erased their data)
    author: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="announcements", null=True, on_delete=fields.SET_NULL
    )
    #: the author's identity the delivery summary goes to (null: nobody to tell)
    author_identity = fields.CharField(max_length=64, null=True)
    #: one of: an area (RT, kelurahan, kecamatan or kota) or a program (the areas where it runs)
    area: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Area", related_name="announcements", null=True, on_delete=fields.SET_NULL
    )
    program_id = fields.CharField(max_length=64, null=True)
    #: the area codes the audience was limited to (an admin's areas for a program target)
    scope = fields.JSONField(default=list)
    text = fields.TextField()
    #: {"kind": "photo", "ref": file_id or path} when there is a photo (Telegram only)
    media = fields.JSONField(null=True)
    status = fields.CharEnumField(AnnouncementStatus, max_length=12, default=AnnouncementStatus.DRAFT)
    send_at = fields.DatetimeField(null=True)
    #: recipients counted when sending started: residents by channel, and groups
    telegram = fields.IntField(default=0)
    sms = fields.IntField(default=0)
    groups = fields.IntField(default=0)
    segments = fields.SmallIntField(default=0)
    created_at = fields.DatetimeField()
    started_at = fields.DatetimeField(null=True)

    class Meta:
        table = "announcement"
