"""Complaint tickets: `#` + 5-7 characters a resident can read out and type on a basic phone.

The alphabet leaves out 0/O, 1/I/L (they are misread for one another); every ticket holds a
digit, so a ticket is never an ordinary word ("CEK status" is not a ticket, "CEK K7H3Q" is).
Stored without the `#`, upper case; parsed with or without it, in any case.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
DIGITS = frozenset(c for c in ALPHABET if c.isdigit())
SHORTEST, LONGEST = 5, 7


def new_ticket(length: int = SHORTEST) -> str:
    """A random ticket of `length` characters (stored form, no `#`), holding at least one digit."""
    if not SHORTEST <= length <= LONGEST:
        raise ValueError(f"a ticket has {SHORTEST}-{LONGEST} characters, not {length}")
    while True:
        ticket = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if DIGITS.intersection(ticket):
            return ticket


def parse_ticket(text: str) -> str | None:
    """`#k7h3q`, `K7H3Q`, ` #K7H3Q.` → `K7H3Q`; None when it cannot be a ticket."""
    word = text.strip().rstrip(".,!?").removeprefix("#").upper()
    if not SHORTEST <= len(word) <= LONGEST or not set(word) <= set(ALPHABET):
        return None
    return word if DIGITS.intersection(word) else None


def looks_like_ticket(word: str) -> bool:
    """A word that was meant as a ticket: it holds a digit (`CEK K7H3Q`, `CEK 12345` with a typo),
    whereas `CEK status` is a question."""
    return any(c.isdigit() for c in word)


def shown(ticket: str) -> str:
    """How every message writes it: `#K7H3Q`."""
    return "#" + ticket.upper()
