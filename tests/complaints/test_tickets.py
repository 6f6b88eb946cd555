"""Tickets: the alphabet, the digit every ticket holds, parsing with or without `#` in any case."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.complaints.tickets import (
    ALPHABET,
    LONGEST,
    SHORTEST,
    looks_like_ticket,
    new_ticket,
    parse_ticket,
    shown,
)


def test_the_alphabet_leaves_out_what_is_misread():
    assert not set("0O1IL") & set(ALPHABET)
    assert set(ALPHABET) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    assert len(ALPHABET) == len(set(ALPHABET)) == 31


@pytest.mark.parametrize("length", range(SHORTEST, LONGEST + 1))
def test_new_tickets_hold_a_digit_and_only_the_alphabet(length):
    for _ in range(500):
        ticket = new_ticket(length)
        assert len(ticket) == length
        assert set(ticket) <= set(ALPHABET)
        assert any(c.isdigit() for c in ticket)
        assert parse_ticket(ticket) == ticket


def test_lengths_outside_five_to_seven_are_refused():
    for length in (4, 8):
        with pytest.raises(ValueError):
            new_ticket(length)


@pytest.mark.parametrize(
    ("typed", "ticket"),
    [("K7H3Q", "K7H3Q"), ("#K7H3Q", "K7H3Q"), ("#k7h3q", "K7H3Q"), ("k7h3q", "K7H3Q"), ("  #K7h3Q. ", "K7H3Q"),
     ("AB2CDE7", "AB2CDE7"), ("K7H3Q?", "K7H3Q")],
)  # fmt: skip
def test_parse_with_or_without_hash_in_any_case(typed, ticket):
    assert parse_ticket(typed) == ticket


@pytest.mark.parametrize(
    "typed",
    ["", "#", "K7H3", "K7H3QAB2", "KAHBQ", "status", "K0H3Q", "K7H1Q", "K7HLQ", "K7HIQ", "K7HOQ", "##K7H3Q", "K7 H3Q"],
)
def test_what_is_not_a_ticket(typed):
    assert parse_ticket(typed) is None


def test_a_ticket_shaped_word_holds_a_digit():
    assert looks_like_ticket("K7H3Q") and looks_like_ticket("#k0h3q") and looks_like_ticket("12345")
    assert not looks_like_ticket("status") and not looks_like_ticket("laporan") and not looks_like_ticket("")


def test_shown_with_hash_upper_case():
    assert shown("k7h3q") == "#K7H3Q"


@given(st.text(alphabet=ALPHABET.lower() + ALPHABET, min_size=SHORTEST, max_size=LONGEST), st.booleans())
def test_parsing_is_case_and_hash_blind(word, hashed):
    typed = ("#" if hashed else "") + word
    expected = word.upper() if any(c.isdigit() for c in word) else None
    assert parse_ticket(typed) == expected
