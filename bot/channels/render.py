"""Rendering an Outbound for a channel: plain text with numbered options, SMS text and segments.

The SMS shape itself (text, segments, encoding, the LANJUT cut) lives in handlers/outbox/sms.py, so
the core can cut a long reply; this module binds it to the resident's translator.
"""

from __future__ import annotations

from bot.i18n import translator
from handlers.messages import Outbound
from handlers.outbox import sms
from handlers.outbox.sms import SmsText, numbered, segments

__all__ = ["SmsText", "numbered", "render_sms", "segments", "sms_text", "telegram_lines"]


def telegram_lines(outbound: Outbound) -> list[str]:
    """The text (and its longer detail), then each option as `N. label` (a Telegram keyboard)."""
    detail = [outbound.detail] if outbound.detail else []
    return [outbound.text, *detail, *numbered(outbound)]


def sms_text(outbound: Outbound) -> str:
    """The SMS text of a reply: options inside, then "Balas 1, 2 atau 3." (see handlers/outbox/sms.py)."""
    return sms.sms_text(outbound, translator(outbound.locale))


def render_sms(outbound: Outbound) -> SmsText:
    return sms.render(outbound, translator(outbound.locale))
