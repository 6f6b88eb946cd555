"""RT join codes: the unguessable part of an RT's Telegram join link (`?start=rt-<code>`).

A code is made the first time someone asks for it and kept until an admin regenerates it; a
regenerated code makes old links and posters answer "unknown link" instead of registering.
"""

from __future__ import annotations

import re
import secrets

from tortoise.exceptions import IntegrityError

from models import Area, AreaLevel

#: Telegram's deep-link payload alphabet; `rt-` + 12 characters stays far below its 64 limit
_CODE = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
PREFIX = "rt-"


class NotAnRt(ValueError):
    """The area code names no RT."""


def _new_code() -> str:
    return secrets.token_urlsafe(9)  # 12 characters from [A-Za-z0-9_-], 72 random bits


async def rt_by_code(area_code: str) -> Area:
    area = await Area.get_or_none(code=area_code.strip().upper())
    if area is None or area.level is not AreaLevel.RT:
        raise NotAnRt(f"no RT with area code {area_code!r}")
    return area


async def join_code(area: Area, *, regenerate: bool = False) -> str:
    """The RT's join code, made now if it has none (or a new one with `regenerate`)."""
    if area.level is not AreaLevel.RT:
        raise NotAnRt(f"{area.code} is a {area.level.value}, not an RT")
    if area.join_code and not regenerate:
        return area.join_code
    for _ in range(5):  # a collision of 72 random bits is not expected, but stay correct
        area.join_code = _new_code()
        try:
            await area.save(update_fields=["join_code"])
            return area.join_code
        except IntegrityError:
            continue
    raise RuntimeError("could not make a unique join code")


async def rt_for_payload(payload: str | None) -> Area | bool | None:
    """The RT a `/start` payload names; False for a join payload with an unknown code.

    None means the payload is no join link at all (no payload, or something else).
    """
    if not payload or not payload.startswith(PREFIX):
        return None
    code = payload[len(PREFIX) :]
    if not _CODE.match(code):
        return False
    area = await Area.get_or_none(join_code=code, level=AreaLevel.RT)
    return area if area is not None else False


def deep_link(bot_username: str, code: str) -> str:
    """`https://t.me/<bot>?start=rt-<code>`: what the poster's QR code and the CLI show."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={PREFIX}{code}"
