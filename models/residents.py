"""Residents, their channel identities, roles and consent records.

A resident may be known on several channels (`tg:…`, `sms:…`); personal data (name, RT)
is stored only after the resident agreed to the privacy notice (a `Consent` row).
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Resident(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80, null=True)
    locale = fields.CharField(max_length=8, default="id")
    area: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Area", related_name="residents", null=True, on_delete=fields.SET_NULL
    )
    #: STOP / BERHENTI: no announcements or lessons; replies still come
    opted_out = fields.BooleanField(default=False)
    registered_at = fields.DatetimeField(null=True)
    welcomed = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "resident"


class Identity(Model):
    id = fields.IntField(primary_key=True)
    #: `tg:<chat id>`, `sms:<E.164>`, `shell:<id>`
    value = fields.CharField(max_length=64, unique=True)
    channel = fields.CharField(max_length=16)
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="identities", on_delete=fields.CASCADE
    )
    #: false after a permanent delivery failure (bot blocked, invalid number)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity"


class RoleKind(StrEnum):
    KETUA_RT = "ketua_rt"
    ADMIN = "admin"
    #: may see who sent an anonymous complaint in their area (every view is audited)
    PETUGAS_DATA = "petugas_data"


class Role(Model):
    """A right granted by the operator; `warga` is every resident's implicit role."""

    id = fields.IntField(primary_key=True)
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="roles", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(RoleKind, max_length=16)
    area: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Area", related_name="roles", on_delete=fields.CASCADE
    )
    granted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "role"
        unique_together = (("resident", "kind", "area"),)


class Consent(Model):
    """The resident agreed (or withdrew agreement) to a version of the privacy notice."""

    id = fields.IntField(primary_key=True)
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="consents", on_delete=fields.CASCADE
    )
    notice_version = fields.CharField(max_length=16)
    given_at = fields.DatetimeField()
    channel = fields.CharField(max_length=16)

    class Meta:
        table = "consent"
