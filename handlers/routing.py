"""What a message means when it is no keyword, no flow answer and no menu choice.

Greetings, thanks, media, then questions: the glossary, the FAQ, and a "Maaf" that records the
question for the officers when nothing fits.
"""

from __future__ import annotations

import re

from content.library import library
from handlers.faq import answer as faq
from handlers.keywords import normalize
from handlers.menu import welcome
from handlers.programs import glossary
from handlers.turn import Turn

GREETINGS = {
    "HALO", "HALLO", "HALLOO", "HAI", "HI", "HELLO", "HEY", "P", "PING", "TES", "TEST",
    "PAGI", "SIANG", "SORE", "MALAM", "SELAMAT PAGI", "SELAMAT SIANG", "SELAMAT SORE",
    "SELAMAT MALAM", "ASSALAMUALAIKUM", "ASSALAMU'ALAIKUM", "ASSALAMUALAIKUM WR WB",
    "PERMISI", "SALAM", "MIN", "HALO MIN", "HALO KAK",
}  # fmt: skip
THANKS = {
    "TERIMA KASIH", "TERIMAKASIH", "MAKASIH", "MAKASI", "MKSH", "TRIMS", "THANKS", "THANK YOU",
    "TQ", "THX", "OK", "OKE", "OKAY", "SIP", "SIAP", "BAIK",
}  # fmt: skip

_WORDLIKE = re.compile(r"\w", re.UNICODE)
#: worth keeping for the officers: at least one word of three letters ("1", "ya", "ok" are not)
_QUESTIONLIKE = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


async def respond(turn: Turn) -> None:
    text = turn.reply.text
    phrase = normalize(text)
    t = turn.t
    if not text.strip() and not turn.inbound.media and turn.inbound.location is None:
        turn.topic = "empty"
        turn.say(t._("Pesan Anda kosong. Ketik MENU untuk melihat pilihan, atau tulis pertanyaan Anda."))
        return
    if phrase in GREETINGS:
        turn.topic = "greeting"
        await welcome(turn)
        return
    if phrase in THANKS:
        turn.topic = "thanks"
        turn.say(t._("Sama-sama. Ketik MENU kapan saja untuk melihat pilihan."))
        return
    if turn.inbound.media or turn.inbound.location is not None:
        turn.topic = "media"
        turn.say(
            t._("Terima kasih, kiriman Anda sudah kami terima. Ketik MENU untuk melihat pilihan.")
        )
        return
    if not _WORDLIKE.search(text):  # emoji or punctuation only
        turn.topic = "unknown"
        turn.say(t._("Maaf, saya hanya bisa membaca tulisan. Ketik MENU untuk melihat pilihan."))
        return
    term = glossary.asked_term(library(), text)
    if term is not None:  # "apa itu BKM?": the glossary knows exactly
        faq.show(turn, faq.TERM + term.id)
        turn.topic = "glossary"
        return
    if _QUESTIONLIKE.search(text):
        # questions are answered at once, registered or not, before any welcome
        if not await faq.respond(turn):
            await faq.record_unanswered(turn)
        return
    turn.topic = "unknown"
    turn.say(
        t._(
            "Maaf, saya belum bisa menjawab pesan itu. "
            "Ketik MENU untuk melihat pilihan atau BANTUAN untuk petunjuk."
        )
    )
