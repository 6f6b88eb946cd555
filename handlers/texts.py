"""What the core needs from the translation layer; bot/i18n.py provides it (Babel catalogs).

Kept as a Protocol so handlers/ depends on no formatting library and tests can pass their own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol


class Texts(Protocol):
    locale: str

    def _(self, msgid: str, /, **params: object) -> str: ...

    def n_(self, singular: str, plural: str, n: int, /, **params: object) -> str: ...

    def number(self, value: float) -> str: ...

    def rupiah(self, amount: int) -> str: ...

    def percent(self, value: float) -> str: ...

    def either(self, items: list[str]) -> str:
        """ "1, 2 atau 3": a choice between items, in this language."""
        ...

    def datetime(self, dt: datetime, tz: str) -> str: ...

    def date(self, d: date, tz: str | None = None) -> str:
        """ "Kamis, 10 Desember 2026": weekday, day, month and year (a datetime first moved to tz)."""
        ...

    def short_date(self, dt: datetime, tz: str) -> str:
        """ "24 Nov": day and month in tz."""
        ...


#: locale → Texts; the engine is given one of these
Translate = Callable[[str | None], Texts]
