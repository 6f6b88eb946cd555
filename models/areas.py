"""Administrative areas: Kota/Kabupaten → Kecamatan → Kelurahan/Desa → RW → RT.

Each area has a stable dotted `code` whose prefixes are its ancestors' codes
(`JMB.ALB.MYM.RW01.RT003` → RW `JMB.ALB.MYM.RW01` → kelurahan `JMB.ALB.MYM` …).
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class AreaLevel(StrEnum):
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    RW = "rw"
    RT = "rt"


#: the Indonesian time-zone names an area's `timezone` may be written as, and their IANA zones
ZONE_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

#: levels from the top; the n-th segment of a code belongs to LEVELS[n]
LEVELS = [AreaLevel.KOTA, AreaLevel.KECAMATAN, AreaLevel.KELURAHAN, AreaLevel.RW, AreaLevel.RT]


class Area(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=120)
    level = fields.CharEnumField(AreaLevel, max_length=16)
    parent: fields.ForeignKeyNullableRelation[Area] = fields.ForeignKeyField(
        "models.Area", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    kk_count = fields.IntField(null=True)
    timezone = fields.CharField(max_length=40, default="Asia/Jakarta")
    #: an RT's unguessable code for its Telegram join link (`?start=rt-<code>`); made on first
    #: use, replaced when an admin regenerates it (old posters then stop working)
    join_code = fields.CharField(max_length=32, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "area"
        indexes = (("parent_id", "name"),)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes of this area and every ancestor, top first."""
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]
