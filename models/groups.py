"""Group chats (Telegram groups) an RT head linked to their RT, so announcements reach them too."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class GroupChat(Model):
    id = fields.IntField(primary_key=True)
    #: the group's identity, `tg:<negative chat id>`
    identity = fields.CharField(max_length=64, unique=True)
    title = fields.CharField(max_length=128, null=True)
    area: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Area", related_name="groups", on_delete=fields.CASCADE
    )
    linked_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="linked_groups", null=True, on_delete=fields.SET_NULL
    )
    linked_at = fields.DatetimeField()
    #: false once the bot was removed from the group (a permanent delivery failure)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "group_chat"
