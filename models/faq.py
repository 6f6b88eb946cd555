"""Questions the bot could not answer, kept for the officers (erased with the resident)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class UnansweredQuestion(Model):
    id = fields.IntField(primary_key=True)
    resident: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="unanswered", null=True, on_delete=fields.CASCADE
    )
    area: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Area", related_name="unanswered", null=True, on_delete=fields.SET_NULL
    )
    text = fields.TextField()
    #: lower-case, single-spaced text: how repeats of one question are counted together
    key = fields.CharField(max_length=200, db_index=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "unanswered_question"
