"""Turns written in a group chat, and the groups RT heads link to their RT.

In a group the bot answers only commands and messages that mention it (the channel adapter
passes nothing else), shows no buttons and no personal data, and never touches the writer's
private conversation. A ketua RT links the group to their RT with /hubungkan (an admin may name
an RT in their area); announcements for that RT then go to the group as well.
"""

from __future__ import annotations

import dataclasses

from handlers.faq import answer as faq
from handlers.keywords import Keyword, match
from handlers.residents import service as residents
from handlers.turn import Turn
from models import Area, AreaLevel, GroupChat, Role, RoleKind


async def handle(turn: Turn) -> None:
    t = turn.t
    found = match(turn.reply.text)
    keyword, payload = found if found else (None, None)
    if keyword is Keyword.LINK_GROUP:
        turn.topic = "group.link"
        await _link(turn, payload)
    elif keyword is Keyword.UNLINK_GROUP:
        turn.topic = "group.unlink"
        await _unlink(turn)
    elif keyword is None and turn.reply.text.strip():
        turn.topic = "group.question"
        if not await faq.respond(turn):
            await faq.record_unanswered(turn)
        # buttons belong to a private conversation; an answer in a group is text only
        turn.replies = [dataclasses.replace(r, options=()) for r in turn.replies]
    elif keyword in (None, Keyword.GREET, Keyword.HELP, Keyword.MENU):
        turn.topic = "group.help"
        turn.say(_help(turn))
    else:
        turn.topic = "group.private_only"
        turn.say(
            t._(
                "Perintah itu hanya bisa dipakai di chat pribadi dengan saya, supaya data Anda "
                "tidak terlihat di grup. Buka chat dengan saya lalu kirim perintahnya di sana."
            )
        )


def _help(turn: Turn) -> str:
    return turn.t._(
        "Saya KabarRT. Di grup ini saya hanya menjawab perintah dan pesan yang menyebut nama saya, "
        "misalnya pertanyaan tentang program.\n"
        "Ketua RT: ketik /hubungkan supaya pengumuman RT juga dikirim ke grup ini, "
        "/lepaskan untuk memutusnya.\n"
        "Untuk daftar, mengadu atau urusan pribadi, chat saya langsung."
    )


async def _rts_they_lead(turn: Turn) -> tuple[list[Area], list[Area]]:
    """(RTs where the writer is ketua RT, areas where they are admin)."""
    roles = await Role.filter(resident_id=turn.resident.id).select_related("area")
    rts = [r.area for r in roles if r.kind is RoleKind.KETUA_RT]
    admin = [r.area for r in roles if r.kind is RoleKind.ADMIN]
    return rts, admin


def _within(area: Area, parents: list[Area]) -> bool:
    return any(area.code == p.code or area.code.startswith(p.code + ".") for p in parents)


async def _link(turn: Turn, payload: str | None) -> None:
    t = turn.t
    rts, admin_areas = await _rts_they_lead(turn)
    if not rts and not admin_areas:
        turn.say(
            t._(
                "Hanya ketua RT yang terdaftar di KabarRT yang bisa menghubungkan grup ini "
                "ke RT-nya. Hubungi petugas kelurahan untuk didaftarkan sebagai ketua RT."
            )
        )
        return
    target: Area | None = None
    if payload:
        target = await Area.get_or_none(code=payload.strip().upper(), level=AreaLevel.RT)
        if target is None or not (target in rts or _within(target, admin_areas)):
            turn.say(t._("Kode RT itu tidak dikenal atau bukan wilayah Anda."))
            return
    elif len(rts) == 1:
        target = rts[0]
    else:
        turn.say(t._("Sebutkan kode RT-nya, misalnya: /hubungkan JMB.ALB.MYM.RW01.RT003"))
        return
    group = turn.inbound.group or ""
    await GroupChat.update_or_create(
        identity=group,
        defaults={
            "title": (turn.inbound.group_title or "")[:128] or None,
            "area_id": target.id,
            "linked_by_id": turn.resident.id,
            "linked_at": turn.now,
            "active": True,
        },
    )
    place = await residents.place_of(target.id)
    turn.say(
        t._(
            "Grup ini sekarang terhubung ke {place}. Pengumuman untuk RT ini juga akan dikirim "
            "ke sini. Ketik /lepaskan untuk memutusnya.",
            place=place,
        )
    )


async def _unlink(turn: Turn) -> None:
    t = turn.t
    link = await GroupChat.get_or_none(identity=turn.inbound.group or "").select_related("area")
    if link is None:
        turn.say(t._("Grup ini tidak terhubung ke RT mana pun."))
        return
    rts, admin_areas = await _rts_they_lead(turn)
    if link.area not in rts and not _within(link.area, admin_areas):
        turn.say(t._("Hanya ketua RT dari RT yang terhubung yang bisa memutus grup ini."))
        return
    await link.delete()
    turn.say(t._("Grup ini tidak lagi terhubung ke RT. Pengumuman RT tidak dikirim ke sini lagi."))


async def linked_groups(area_id: int) -> list[str]:
    """Identities of the active groups linked to an RT (for announcements)."""
    return list(
        await GroupChat.filter(area_id=area_id, active=True).values_list("identity", flat=True)
    )
