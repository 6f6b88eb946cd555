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
