""" "Sudah beres?": the question the selesai notice puts to each of its recipients.

The notice that a complaint is selesai ends with "Sudah beres?" and three options (1 Ya, 2 Belum,
3 Sebagian): buttons on Telegram, numbered lines on SMS. Each recipient (the reporter; the same
call serves each supporter) gets an open question (`handlers/asked.py`, kind `complaint.fixed`,
ref the ticket), answerable for `LASTS`; `feedback.py` reads the answers. Kept apart from
`feedback.py` so that `service.py` can ask without importing what answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from handlers import asked
from handlers.messages import Option, Outbound
from handlers.outbox import sms
from handlers.texts import Texts
from models import FixedAnswer

#: the open question's kind
KIND = "complaint.fixed"
#: how long "Sudah beres?" can be answered after the notice
LASTS = timedelta(days=14)
#: SMS segments the selesai notice may take with its question (SMS_MAX_SEGMENTS' default): an
#: officer's long note is shortened to fit, the rest is in CEK
SMS_SEGMENTS = 3


def options(t: Texts) -> list[Option]:
    """1 Ya, 2 Belum, 3 Sebagian (values: the FixedAnswer words)."""
    return [
        Option(t._("Ya"), FixedAnswer.YA.value),
        Option(t._("Belum"), FixedAnswer.BELUM.value),
        Option(t._("Sebagian"), FixedAnswer.SEBAGIAN.value),
    ]


async def ask(
    resident_id: int, ticket: str, t: Texts, now: datetime
) -> tuple[str, tuple[Option, ...]]:
    """Put "Sudah beres?" about `ticket` to one recipient of the selesai notice: returns the
    sentence that ends the notice and the options to queue with it."""
    shown = await asked.put(resident_id, KIND, ticket, options(t), expires_at=now + LASTS)
    return t._("Sudah beres?"), shown


def fitting(
    t: Texts,
    identity: str,
    compose: Callable[[str | None], str],
    note: str | None,
    shown: tuple[Option, ...],
) -> str:
    """`compose(note)`, the notice's text; on SMS with the officer's note shortened until the
    notice and its numbered options fit `SMS_SEGMENTS`."""
    text = compose(note)
    if not identity.startswith("sms:") or not note:
        return text
    keep = len(note)
    while keep > 0 and sms.render(Outbound(identity, text, shown), t).segments > SMS_SEGMENTS:
        keep = min(keep - 1, int(keep * 0.9))
        text = compose(note[:keep].rstrip() + "..." if keep > 0 else None)
    return text
