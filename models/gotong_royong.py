"""Gotong royong events of an RT, residents' answers to them (RSVP, pledges, check-in), and the
times residents say they are usually free.

SLOTS and RECURRENCES live in handlers/gotong_royong/service.py. Two comments below still name
handlers/events.py, its name before the move: Tortoise turns them into column and table comments,
and SQLite cannot alter a comment, so changing them would break `aerich migrate`.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class EventStatus(StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"
    DONE = "done"  # the summary was sent


class Event(Model):
    id = fields.IntField(primary_key=True)
    area: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Area", related_name="events", on_delete=fields.CASCADE
    )
    #: what residents type: `HADIR GR12`; unique among the RT's open events
    code = fields.CharField(max_length=5)
    title = fields.CharField(max_length=120)
    starts_at = fields.DatetimeField()
    place = fields.CharField(max_length=120)
    bring = fields.CharField(max_length=120, null=True)
    #: "first-sunday" … (see handlers/events.py RECURRENCES); the next one is made when this ends
    recurrence = fields.CharField(max_length=24, null=True)
    #: hours before the start when reminders go out (default: the evening before at 19.00 and 2 h)
    reminders = fields.JSONField(default=list)
    #: 4 digits read out or posted at the place on the day; checks a check-in
    site_code = fields.CharField(max_length=4)
    status = fields.CharEnumField(EventStatus, max_length=12, default=EventStatus.OPEN)
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="events_created", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "event"


class RsvpAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


class Rsvp(Model):
    """One invited resident's answer, pledge and check-in for one event."""

    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="rsvps", on_delete=fields.CASCADE
    )
    resident: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Resident", related_name="rsvps", on_delete=fields.CASCADE
    )
    answer = fields.CharEnumField(RsvpAnswer, max_length=8, null=True)
    #: what a resident who cannot come gives instead: {"kind": "bahan"|"makanan"|"uang", "note": …}
    pledge = fields.JSONField(null=True)
    checked_in_at = fields.DatetimeField(null=True)
    #: "site_code", "ketua_rt" (ticked from the list)
    checked_in_by = fields.CharField(max_length=12, null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "rsvp"
        unique_together = (("event", "resident"),)


class Availability(Model):
    """When a resident is usually free for gotong royong (slots of handlers/events.py SLOTS)."""

    id = fields.IntField(primary_key=True)
    resident: fields.OneToOneRelation = fields.OneToOneField(
        "models.Resident", related_name="availability", on_delete=fields.CASCADE
    )
    slots = fields.JSONField(default=list)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "availability"
