"""The keyword table: every global keyword has exactly one handler."""

from __future__ import annotations

from handlers import menu
from handlers.keywords import WORDS, Keyword


def test_every_keyword_but_lanjut_has_a_handler():
    # LANJUT (MORE) is answered before the table: it must not end the active flow
    assert set(menu.KEYWORDS) == set(Keyword) - {Keyword.MORE}


def test_every_keyword_word_leads_to_a_handler():
    unhandled = {word for word, keyword in WORDS.items() if keyword not in menu.KEYWORDS and keyword is not Keyword.MORE}
    assert unhandled == set()
