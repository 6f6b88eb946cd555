"""Per-resident conversation state: the active flow, its step and data, the last options shown.

Stored in the database so a conversation survives a restart and is the same on every channel.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ConversationState(Model):
    id = fields.IntField(primary_key=True)
    resident: fields.OneToOneRelation = fields.OneToOneField(
        "models.Resident", related_name="conversation", on_delete=fields.CASCADE
    )
    flow = fields.CharField(max_length=32, null=True)
    step = fields.CharField(max_length=32, null=True)
    data = fields.JSONField(default=dict)
    #: values of the numbered options last shown, so "2" can be read as a choice
    options = fields.JSONField(default=list)
    #: SMS: the parts of the last reply cut off at the segment limit, sent on LANJUT
    more = fields.JSONField(default=list)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "conversation_state"


class OpenQuestion(Model):
    """A question put to a resident outside a conversation, by a notice ("Sudah beres? 1 Ya 2
    Belum 3 Sebagian"): a bare digit (or its button) answers the most recent question put to
    them, this or the one their conversation asked last. Gone once answered or expired."""

    id = fields.IntField(primary_key=True)
    resident: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Resident", related_name="open_questions", on_delete=fields.CASCADE
    )
    #: which handler answers it (`complaint.fixed` …)
    kind = fields.CharField(max_length=32)
    #: what it is about (a ticket …)
    ref = fields.CharField(max_length=64)
    #: the option values, in the order their numbers were shown
    options = fields.JSONField(default=list)
    asked_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()

    class Meta:
        table = "open_question"
        unique_together = (("resident", "kind", "ref"),)
        indexes = (("resident_id", "asked_at"),)
