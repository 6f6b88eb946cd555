"""Identity strings: parsing what an operator types, and masking them for lists and logs."""

from __future__ import annotations

import phonenumbers

from handlers.messages import SCHEMES

DEFAULT_REGION = "ID"


class BadIdentity(ValueError):
    """Not an identity we can use; the message says why."""


def phone_to_e164(text: str, region: str = DEFAULT_REGION) -> str:
    """`0812-0000-0001`, `62812…`, `+62 812…` → `+62812…`; raises BadIdentity if not a number."""
    raw = text.strip()
    if raw.startswith("62") and not raw.startswith("+"):
        raw = "+" + raw
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise BadIdentity(f"not a phone number: {text!r}") from exc
    if not phonenumbers.is_possible_number(number):
        raise BadIdentity(f"not a possible phone number: {text!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_identity(text: str, channel: str = "telegram") -> str:
    """A full identity (`tg:…`, `sms:…`, `shell:…`) as given, or a bare id for `channel`.

    A bare id is a phone number on the sms channel and `shell:<id>` otherwise.
    """
    value = text.strip()
    scheme, sep, rest = value.partition(":")
    if sep and scheme in SCHEMES:
        if not rest:
            raise BadIdentity(f"empty identity: {text!r}")
        if scheme == "sms":
            return "sms:" + phone_to_e164(rest)
        if scheme == "tg" and not rest.lstrip("-").isdigit():
            raise BadIdentity(f"a Telegram chat id is a number: {text!r}")
        return f"{scheme}:{rest}"
    if not value or any(c.isspace() for c in value):
        raise BadIdentity(f"not an identity: {text!r}")
    if channel == "sms":
        return "sms:" + phone_to_e164(value)
    return f"shell:{value}"


def mask(identity: str | None) -> str:
    """`sms:+6281234560001` → `sms:+628******0001`: enough to tell apart, not to contact."""
    if not identity:
        return "-"
    scheme, _, rest = identity.partition(":")
    keep_head = 4 if rest.startswith("+") else 2
    if len(rest) <= keep_head + 2:
        return f"{scheme}:{'*' * len(rest)}"
    hidden = len(rest) - keep_head - 4 if len(rest) > keep_head + 4 else len(rest) - keep_head - 1
    tail = rest[keep_head + hidden :]
    return f"{scheme}:{rest[:keep_head]}{'*' * hidden}{tail}"
