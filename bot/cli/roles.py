"""Operator-granted roles: ketua_rt of one RT; admin or petugas_data (who may see who sent an
anonymous complaint) of a kelurahan, kecamatan or kota.

Roles are never self-claimed in chat; only `kabarrt roles …` changes them.
"""

from __future__ import annotations

import argparse
import sys

from tortoise.transactions import in_transaction

from bot import app as wiring
from bot.cli.common import settings_of
from handlers.residents import service as residents
from handlers.residents.identity import BadIdentity, mask, parse_identity
from models import Area, AreaLevel, Identity, Role, RoleKind

ADMIN_LEVELS = {AreaLevel.KELURAHAN, AreaLevel.KECAMATAN, AreaLevel.KOTA}


class RoleError(Exception):
    """A grant or revoke that cannot be done; the message says why."""


def _identity(text: str) -> str:
    try:
        return parse_identity(text, "sms" if text.lstrip("+").isdigit() else "telegram")
    except BadIdentity as exc:
        raise RoleError(str(exc)) from exc


async def _area(code: str, kind: RoleKind) -> Area:
    area = await Area.get_or_none(code=code.strip().upper())
    if area is None:
        raise RoleError(f"no area with code {code!r}")
    if kind is RoleKind.KETUA_RT and area.level is not AreaLevel.RT:
        raise RoleError(f"ketua_rt needs an RT code, {area.code} is a {area.level.value}")
    if kind in (RoleKind.ADMIN, RoleKind.PETUGAS_DATA) and area.level not in ADMIN_LEVELS:
        raise RoleError(f"{kind.value} needs a kelurahan, kecamatan or kota code, {area.code} is a {area.level.value}")
    return area


async def grant(identity: str, role: str, area_code: str) -> str:
    kind = RoleKind(role)
    value = _identity(identity)
    area = await _area(area_code, kind)
    async with in_transaction():
        _, resident = await residents.resolve(value, "id")
        if kind is RoleKind.KETUA_RT:
            other = await Role.filter(resident_id=resident.id, kind=kind).exclude(area_id=area.id).first()
            if other is not None:
                held = await Area.get(id=other.area_id)
                raise RoleError(f"{mask(value)} is already ketua_rt of {held.code}; revoke that first")
        _, created = await Role.get_or_create(resident_id=resident.id, kind=kind, area_id=area.id)
    verb = "granted" if created else "already had"
    return f"{verb} {kind.value} {area.code} to {mask(value)}"


async def revoke(identity: str, role: str, area_code: str | None) -> str:
    kind = RoleKind(role)
    value = _identity(identity)
    row = await Identity.get_or_none(value=value)
    if row is None:
        raise RoleError(f"unknown identity {mask(value)}")
    query = Role.filter(resident_id=row.resident_id, kind=kind)
    if area_code:
        area = await _area(area_code, kind)
        query = query.filter(area_id=area.id)
    removed = await query.delete()
    if not removed:
        raise RoleError(f"{mask(value)} has no {kind.value} role{' in ' + area_code if area_code else ''}")
    return f"revoked {kind.value} from {mask(value)} ({removed} role{'s' if removed > 1 else ''})"


async def list_roles() -> list[str]:
    """`<masked identity>\t<role>\t<area code>` per role, identities masked."""
    lines = []
    for role in await Role.all().prefetch_related("area", "resident__identities").order_by("id"):
        ids = ",".join(mask(i.value) for i in role.resident.identities) or "-"
        lines.append(f"{ids}\t{role.kind.value}\t{role.area.code}")
    return lines


async def roles_command(args: argparse.Namespace) -> int:
    await wiring.start(settings_of(args))
    try:
        if args.roles_command == "list":
            for line in await list_roles():
                print(line)
            return 0
        func = grant if args.roles_command == "grant" else revoke
        message = await func(args.identity, args.role, args.area)
        print(message)
        return 0
    except RoleError as exc:
        print(f"kabarrt roles: {exc}", file=sys.stderr)
        return 1
    finally:
        await wiring.stop()
