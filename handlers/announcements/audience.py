"""Who may be reached, and who is: the rule behind every announcement, for chat and command line.

`scope` is the only place that decides which areas an actor may announce to: a ketua RT reaches
their own RT and nothing else; an admin reaches areas inside the area they administer (for a
program: the part of its areas inside theirs); the operator (`OPERATOR`, which only the command
line passes) reaches anything. No grants (an empty list, or None) reach nothing.
`audience` turns a scope into recipients: every opted-in resident once, on the channel they
use (Telegram first, SMS otherwise), plus the Telegram groups linked to RTs in the scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from models import Area, GroupChat, Identity, Resident, Role, RoleKind

#: the roles that may announce; petugas_data is a data officer's right to see, not to announce
ANNOUNCERS = (RoleKind.KETUA_RT, RoleKind.ADMIN)
#: the channel an announcement tries first, in order; SMS is the fallback (it costs money)
CHAT_FIRST = ("telegram", "shell", "sms")


def best(identities, channel: str | None = None) -> str | None:
    """Of (value, channel) identities: the one on `channel`, else the best chat one (CHAT_FIRST)."""
    for value, on in identities:
        if on == channel:
            return value
    ranked = sorted((CHAT_FIRST.index(on), value) for value, on in identities if on in CHAT_FIRST)
    return ranked[0][1] if ranked else None


async def reachable(resident_id: int, channel: str | None = None) -> str | None:
    """How to reach one resident now: their active identity on `channel` when they have one
    there, else their best (Telegram first, SMS last); None when they have none."""
    rows = await Identity.filter(resident_id=resident_id, active=True).order_by("id").values_list("value", "channel")
    return best(rows, channel)


@dataclass(frozen=True, slots=True)
class Grant:
    """A role as the rule sees it: what kind, over which area code."""

    kind: RoleKind
    area: str


class Operator:
    """The operator at the command line (`kabarrt broadcast`), trusted with every area: a value of
    its own, so that grants left out can never be read as the operator's trust."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR = Operator()
#: what an actor holds: their roles' grants, or the operator's trust
Rights = Iterable[Grant] | Operator


def within(code: str, ancestor: str) -> bool:
    """Area codes are paths (`JMB.ALB.MYM.RW01.RT003`): is `code` the same as or under `ancestor`?"""
    return code == ancestor or code.startswith(ancestor + ".")


def scope(grants: Rights | None, *, area: str | None = None, program_areas: Iterable[str] = ()) -> tuple[str, ...]:
    """The area codes this actor may reach for the target (an area, or a program's areas);
    empty when not allowed. `OPERATOR` may reach anything; None is no rights at all."""
    wanted = [area] if area is not None else list(program_areas)
    if isinstance(grants, Operator):
        return tuple(dict.fromkeys(wanted))
    grants = list(grants or ())
    reach: list[str] = []
    if area is not None:
        for grant in grants:
            if grant.kind is RoleKind.KETUA_RT and area == grant.area:
                return (area,)
            if grant.kind is RoleKind.ADMIN and within(area, grant.area):
                return (area,)
        return ()
    for grant in grants:  # a program: admins only, and only the part inside their own area
        if grant.kind is not RoleKind.ADMIN:
            continue
        for program_area in wanted:
            if within(program_area, grant.area):
                reach.append(program_area)
            elif within(grant.area, program_area):
                reach.append(grant.area)
    return tuple(dict.fromkeys(reach))


def may_reach(grants: Rights | None, codes: Iterable[str]) -> bool:
    """May this actor reach every one of these areas (an announcement's scope) today?"""
    codes = list(codes)
    return bool(codes) and all(scope(grants, area=code) for code in codes)


async def grants_of(resident_id: int) -> list[Grant]:
    rows = await Role.filter(resident_id=resident_id).select_related("area")
    return [Grant(row.kind, row.area.code) for row in rows]


@dataclass(frozen=True, slots=True)
class Recipient:
    resident_id: int
    identity: str
    channel: str
    locale: str


@dataclass
class Audience:
    recipients: list[Recipient] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def count(self, channel: str) -> int:
        return sum(1 for r in self.recipients if r.channel == channel)


async def area_ids(codes: Iterable[str]) -> list[int]:
    """Ids of the areas with these codes and every area below them."""
    ids: list[int] = []
    for code in codes:
        ids += await Area.filter(code=code).values_list("id", flat=True)
        ids += await Area.filter(code__startswith=code + ".").values_list("id", flat=True)
    return list(dict.fromkeys(ids))


async def audience(codes: Iterable[str]) -> Audience:
    """Everyone an announcement to these areas reaches, each resident once."""
    ids = await area_ids(codes)
    if not ids:
        return Audience()
    residents = dict(
        await Resident.filter(area_id__in=ids, opted_out=False).values_list("id", "locale")
    )
    rows = await Identity.filter(resident_id__in=list(residents), active=True).values_list(
        "resident_id", "value", "channel"
    )
    best: dict[int, tuple[int, str, str]] = {}
    for resident_id, value, channel in rows:
        if channel not in CHAT_FIRST:
            continue
        rank = CHAT_FIRST.index(channel)
        if resident_id not in best or rank < best[resident_id][0]:
            best[resident_id] = (rank, value, channel)
    recipients = [
        Recipient(resident_id, value, channel, residents[resident_id] or "id")
        for resident_id, (_, value, channel) in sorted(best.items())
    ]
    groups = await GroupChat.filter(area_id__in=ids, active=True).order_by("id").values_list("identity", flat=True)
    return Audience(recipients, list(groups))


async def sms_identities(resident_ids: Iterable[int]) -> dict[int, str]:
    """resident → their reachable SMS number, for those who have one and have not sent STOP
    (the fallback when Telegram fails)."""
    rows = await Identity.filter(
        resident_id__in=list(resident_ids), channel="sms", active=True, resident__opted_out=False
    ).values_list("resident_id", "value")
    return dict(rows)


async def may_announce(resident_id: int) -> bool:
    """Holds a role that announces (ketua RT, admin): the main menu offers "Buat pengumuman"."""
    return await Role.exists(resident_id=resident_id, kind__in=ANNOUNCERS)
