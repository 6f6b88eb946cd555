"""Who sees which complaint, and who sees who sent it: the one place that decides.

- A resident sees their own complaints, with their own name.
- An admin sees and may act on every complaint whose place lies inside their area (sub-areas
  included), whichever level handles it; they see who sent it unless it is anonymous.
- A ketua RT sees and may act on their own RT's complaints, except those marked *bukan untuk
  ketua RT*, and never sees who sent one.
- A petugas_data sees the complaints in their area and may ask who sent any of them, anonymous
  ones included; every such view is written to the audit log (`service.reveal_reporter`).
- The operator at the command line sees and may act on everything, and sees who sent a
  complaint (masked) unless it is anonymous.
- A supporter (a resident who joined someone else's complaint, `supporters.py`) sees it: its
  category, place, status and public history; never who sent it, nor its description, landmark,
  photo or pin (`service` leaves those out of their view). A ketua RT never sees a complaint
  not meant for them, not even as a supporter.
- Only a resident with no role over the complaint's RT is offered to join it, and only a *biasa*
  one that is neither theirs nor already supported by them (`may_be_offered`).
Roles are the grants `handlers.announcements.audience` reads; area codes are paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tortoise.expressions import Q, Subquery

from handlers.announcements.audience import Grant, grants_of, within
from models import ComplaintSupporter, RoleKind, Visibility


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: a resident with their grants, or the operator (`OPERATOR_VIEWER`)."""

    resident_id: int | None
    grants: tuple[Grant, ...] = ()
    operator: bool = False


OPERATOR_VIEWER = Viewer(None, (), True)


async def viewer(resident_id: int) -> Viewer:
    """A resident as a viewer, with the roles they hold now."""
    return Viewer(resident_id, tuple(await grants_of(resident_id)))


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules need to know about one complaint."""

    place: str  # the RT's area code
    visibility: Visibility
    reporter_id: int | None
    #: residents who joined it; a caller may give only those that matter to the viewer asking
    supporters: frozenset[int] = frozenset()


class Sight(StrEnum):
    """How a viewer may learn who sent a complaint."""

    NONE = "none"  # not at all
    PLAIN = "plain"  # shown with the complaint (name, masked number)
    AUDITED = "audited"  # only by asking, and the view is written to the audit log


def _holds(viewer: Viewer, kind: RoleKind, place: str) -> bool:
    if kind is RoleKind.KETUA_RT:
        return any(g.kind is kind and g.area == place for g in viewer.grants)
    return any(g.kind is kind and within(place, g.area) for g in viewer.grants)


def may_act(viewer: Viewer, facts: Facts) -> bool:
    """May change its status and reply to its reporter."""
    if viewer.operator or _holds(viewer, RoleKind.ADMIN, facts.place):
        return True
    return facts.visibility is not Visibility.BUKAN_KETUA and _holds(viewer, RoleKind.KETUA_RT, facts.place)


def may_see(viewer: Viewer, facts: Facts) -> bool:
    """May read the complaint (its place, status and history; its description unless only a
    supporter: `only_supports`)."""
    if viewer.resident_id is not None and viewer.resident_id == facts.reporter_id:
        return True
    if may_act(viewer, facts) or _holds(viewer, RoleKind.PETUGAS_DATA, facts.place):
        return True
    return viewer.resident_id in facts.supporters and may_follow(viewer, facts)


def only_supports(viewer: Viewer, facts: Facts) -> bool:
    """Sees it only as a supporter: no description, landmark, photo or pin, never who sent it."""
    if viewer.resident_id is None or viewer.resident_id not in facts.supporters:
        return False
    if viewer.resident_id == facts.reporter_id or may_act(viewer, facts):
        return False
    return not _holds(viewer, RoleKind.PETUGAS_DATA, facts.place)


def may_follow(viewer: Viewer, facts: Facts) -> bool:
    """May be a supporter of it (get its news, CEK it): anyone but the ketua RT of a complaint not
    meant for them (a duplikat reporter moved over is checked with this, so is every notice)."""
    return not (facts.visibility is Visibility.BUKAN_KETUA and _holds(viewer, RoleKind.KETUA_RT, facts.place))


def officer_of(viewer: Viewer, place: str) -> bool:
    """Holds a role over this RT: its ketua RT, or an admin or petugas data whose area includes it."""
    return any(_holds(viewer, kind, place) for kind in (RoleKind.KETUA_RT, RoleKind.ADMIN, RoleKind.PETUGAS_DATA))


def may_be_offered(viewer: Viewer, facts: Facts) -> bool:
    """May be offered to join it instead of filing the same again (its place and category match,
    it is open and recent: the caller's query): only a *biasa* complaint, never their own or one
    they already support, and never to a role holder of its RT, who handles it instead. The
    offer shows its category and age only (`supporters.py`)."""
    if viewer.operator or viewer.resident_id is None or facts.visibility is not Visibility.BIASA:
        return False
    if viewer.resident_id == facts.reporter_id or viewer.resident_id in facts.supporters:
        return False
    return not officer_of(viewer, facts.place)


def reporter_sight(viewer: Viewer, facts: Facts) -> Sight:
    """How this viewer may learn who sent it (assumes `may_see`)."""
    if viewer.resident_id is not None and viewer.resident_id == facts.reporter_id:
        return Sight.PLAIN
    if facts.visibility is not Visibility.ANONIM and (viewer.operator or _holds(viewer, RoleKind.ADMIN, facts.place)):
        return Sight.PLAIN
    if _holds(viewer, RoleKind.PETUGAS_DATA, facts.place):
        return Sight.AUDITED
    return Sight.NONE  # the ketua RT sees the complaint, never who; nobody else sees an anonim one


def may_unmask(viewer: Viewer, facts: Facts) -> bool:
    """May see the reporter's full number to call them: a handling officer (an admin over its
    place, or the operator) on a complaint that is not anonymous. Audited by the caller."""
    if facts.visibility is Visibility.ANONIM:
        return False
    return viewer.operator or _holds(viewer, RoleKind.ADMIN, facts.place)


def _under(code: str) -> Q:
    return Q(area__code=code) | Q(area__code__startswith=code + ".")


def seen_by(viewer: Viewer) -> Q | None:
    """The complaints `may_see` lets this viewer read, as a query filter (None: every one), so a
    list reads only those rows; `may_see` stays the rule each row is checked against."""
    if viewer.operator:
        return None
    # a resident without roles: only their own (no reporter is id 0) …
    terms = [Q(reporter_id=viewer.resident_id or 0)]
    # … and those they support, except (`may_follow`) one not meant for the ketua RT they are
    supported = Q(id__in=Subquery(ComplaintSupporter.filter(resident_id=viewer.resident_id or 0).values("complaint_id")))
    heads = [g.area for g in viewer.grants if g.kind is RoleKind.KETUA_RT]
    if heads:
        supported &= ~Q(Q(visibility=Visibility.BUKAN_KETUA) & Q(area__code__in=heads))
    terms.append(supported)
    for grant in viewer.grants:
        if grant.kind in (RoleKind.ADMIN, RoleKind.PETUGAS_DATA):
            terms.append(_under(grant.area))
        elif grant.kind is RoleKind.KETUA_RT:
            terms.append(Q(area__code=grant.area) & ~Q(visibility=Visibility.BUKAN_KETUA))
    return Q(*terms, join_type=Q.OR)
