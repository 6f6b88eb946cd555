"""Global keywords, valid at any point on every channel when they are the whole message.

Matching ignores case, extra spaces and trailing punctuation. STOP, BERHENTI, BATAL and
HAPUS DATA match exactly, never fuzzily; longer keywords tolerate one typo.
"""

from __future__ import annotations

import re
from enum import StrEnum

from rapidfuzz.distance import Levenshtein


class Keyword(StrEnum):
    MENU = "menu"
    CANCEL = "cancel"
    HELP = "help"
    STOP = "stop"
    START = "start"
    REGISTER = "register"
    LANGUAGE = "language"
    ERASE = "erase"
    PROGRAMS = "programs"
    GLOSSARY = "glossary"
    GREET = "greet"  # Telegram's /start: a greeting, maybe with a deep-link payload
    PHONE = "phone"  # Telegram: share my phone number (links my SMS number)
    LINK_GROUP = "link_group"  # in a Telegram group: link it to my RT
    UNLINK_GROUP = "unlink_group"
    ASK = "ask"  # TANYA <question>: the question goes to the FAQ
    MORE = "more"  # LANJUT: the rest of a long SMS reply
    ANNOUNCE = "announce"  # UMUMKAN: an RT head or officer writes an announcement
    ANNOUNCEMENTS = "announcements"  # PENGUMUMAN: the announcements they wrote (cancel a scheduled one)
    GOTONG = "gotong"  # GOTONG / KERJA BAKTI: a ketua RT creates a gotong royong event
    EVENTS = "events"  # ACARA: the RT's open events (a ketua RT: tally, list, move, cancel)
    FREE_TIME = "free_time"  # WAKTU: when the resident is usually free for gotong royong
    COMPLAIN = "complain"  # ADUAN / LAPOR / KELUHAN [text]: file a complaint
    CHECK = "check"  # CEK [ticket]: a complaint's status and history, or the resident's open ones


#: the words residents send → keyword. Indonesian first; English aliases for `en` residents.
WORDS: dict[str, Keyword] = {
    "MENU": Keyword.MENU,
    "BATAL": Keyword.CANCEL,
    "CANCEL": Keyword.CANCEL,
    "BANTUAN": Keyword.HELP,
    "HELP": Keyword.HELP,
    "?": Keyword.HELP,
    "STOP": Keyword.STOP,
    "BERHENTI": Keyword.STOP,
    "MULAI": Keyword.START,
    "DAFTAR": Keyword.REGISTER,
    "REGISTER": Keyword.REGISTER,
    "BAHASA": Keyword.LANGUAGE,
    "LANGUAGE": Keyword.LANGUAGE,
    "PROGRAM": Keyword.PROGRAMS,
    "PROGRAMS": Keyword.PROGRAMS,
    "INFO": Keyword.PROGRAMS,
    "INFO PROGRAM": Keyword.PROGRAMS,
    "ISTILAH": Keyword.GLOSSARY,
    "KAMUS": Keyword.GLOSSARY,
    "GLOSSARY": Keyword.GLOSSARY,
    "TANYA": Keyword.ASK,
    "LANJUT": Keyword.MORE,
    "LANJUTKAN": Keyword.MORE,
    "LANJUTNYA": Keyword.MORE,
    "MORE": Keyword.MORE,
    "UMUMKAN": Keyword.ANNOUNCE,
    "ANNOUNCE": Keyword.ANNOUNCE,
    "PENGUMUMAN": Keyword.ANNOUNCEMENTS,
    "ANNOUNCEMENTS": Keyword.ANNOUNCEMENTS,
    "GOTONG": Keyword.GOTONG,
    "GOTONG ROYONG": Keyword.GOTONG,
    "KERJA BAKTI": Keyword.GOTONG,
    "ACARA": Keyword.EVENTS,
    "EVENTS": Keyword.EVENTS,
    "WAKTU": Keyword.FREE_TIME,
    "WAKTU LUANG": Keyword.FREE_TIME,
    "CEK": Keyword.CHECK,
    "ADUAN": Keyword.COMPLAIN,
    "LAPOR": Keyword.COMPLAIN,
    "KELUHAN": Keyword.COMPLAIN,
    "HAPUS DATA": Keyword.ERASE,
    "DELETE DATA": Keyword.ERASE,
}

#: Telegram bot commands (also typed by hand on SMS: harmless)
COMMANDS: dict[str, Keyword] = {
    "start": Keyword.GREET,
    "menu": Keyword.MENU,
    "bantuan": Keyword.HELP,
    "help": Keyword.HELP,
    "batal": Keyword.CANCEL,
    "stop": Keyword.STOP,
    "mulai": Keyword.START,
    "daftar": Keyword.REGISTER,
    "bahasa": Keyword.LANGUAGE,
    "program": Keyword.PROGRAMS,
    "istilah": Keyword.GLOSSARY,
    "nomor": Keyword.PHONE,
    "hubungkan": Keyword.LINK_GROUP,
    "lepaskan": Keyword.UNLINK_GROUP,
    "tanya": Keyword.ASK,
    "lanjut": Keyword.MORE,
    "umumkan": Keyword.ANNOUNCE,
    "pengumuman": Keyword.ANNOUNCEMENTS,
    "gotong": Keyword.GOTONG,
    "acara": Keyword.EVENTS,
    "waktu": Keyword.FREE_TIME,
    "cek": Keyword.CHECK,
    "aduan": Keyword.COMPLAIN,
    "lapor": Keyword.COMPLAIN,
    "keluhan": Keyword.COMPLAIN,
}

#: keywords an SMS user writes in front of their words: "INFO bantar", "TANYA kapan dana cair?",
#: "DAFTAR Mayang Mangurai RT 3", "ADUAN lampu jalan di gang 3 mati" (only as the first word: "mau
#: lapor jalan rusak gimana" is a question)
PREFIXES = {"INFO": Keyword.PROGRAMS, "TANYA": Keyword.ASK, "DAFTAR": Keyword.REGISTER, "CEK": Keyword.CHECK,
            "ADUAN": Keyword.COMPLAIN, "LAPOR": Keyword.COMPLAIN, "KELUHAN": Keyword.COMPLAIN}  # fmt: skip

#: a prefix keyword that only counts with this in the rest: "DAFTAR Mayang RT 3" registers, while
#: "daftar program apa saja?" is a question
PREFIX_NEEDS = {
    "DAFTAR": re.compile(r"(?<![a-z])r[tw]\W{0,2}\d", re.IGNORECASE),
    # "CEK K7H3Q" / "cek #k7h3q": the next word holds a digit (a ticket, maybe mistyped), whereas
    # "cek status bantuan" is a question (see handlers/complaints/tickets.looks_like_ticket)
    "CEK": re.compile(r"^\s*#?[^\s\d]*\d"),
}

#: a prefix keyword that does not count when the rest asks about it: LAPOR and KELUHAN followed
#: by a question about reporting ("keluhan saya dikirim ke mana ya", "lapor gimana caranya",
#: "lapor bisa lewat sini?") go to the FAQ, which explains ADUAN; ADUAN itself always files.
#: Only words asking where, how or whether count. Left out because complaints use them too:
#: kapan, kenapa, berapa, siapa, apa and a bare "?" ("kapan diperbaiki?", "sudah berapa kali",
#: "siapa yang buang sampah", "dana dipakai untuk apa"), a closing "ya" ("mohon diperbaiki ya"),
#: and "cara" (also "the way": "cara pembagian bantuan tidak adil").
_ASKS_ABOUT_REPORTING = re.compile(
    r"(?<![\w-])(?:(?:ke|di)?\s*mana(?:kah)?|gimana|bagaimana|gmn|gmna|bgmn|caranya|apakah|bisakah|bolehkah)(?![\w-])"
    r"|^\s*(?:bisa|boleh)\b"  # "lapor bisa lewat sini?"
    r"|(?<![\w-])(?:bisa|boleh|ga|gak|nggak|ngga|gk)\W*$",  # "lapor ke kelurahan bisa ga"
    re.IGNORECASE,
)
PREFIX_UNLESS = {"LAPOR": _ASKS_ABOUT_REPORTING, "KELUHAN": _ASKS_ABOUT_REPORTING}

#: never matched fuzzily: a typo must not stop messages, cancel, or erase data
EXACT_ONLY = {"STOP", "BERHENTI", "BATAL", "CANCEL", "HAPUS DATA", "DELETE DATA", "MENU", "MULAI"}
FUZZY = [w for w in WORDS if w not in EXACT_ONLY and len(w) >= 6]

_TRAILING_PUNCT = re.compile(r"[\s.,!?;:~]+$")
_SPACES = re.compile(r"\s+")
_COMMAND = re.compile(r"^/([A-Za-z_]+)(?:@\w+)?(?:\s+(\S.*))?$", re.DOTALL)


def normalize(text: str) -> str:
    """Upper-case, single-spaced, without trailing punctuation: how keywords are compared."""
    return _TRAILING_PUNCT.sub("", _SPACES.sub(" ", text.strip())).upper()


def match(text: str) -> tuple[Keyword, str | None] | None:
    """The keyword the whole message is (with a /start payload, if any), or None."""
    stripped = text.strip()
    if not stripped:
        return None
    if set(stripped) == {"?"}:
        return Keyword.HELP, None
    command = _COMMAND.match(stripped)
    if command:
        keyword = COMMANDS.get(command.group(1).lower())
        if keyword is not None:
            return keyword, (command.group(2) or None)
    word = normalize(stripped)
    if word in WORDS:
        return WORDS[word], None
    first, _, rest = stripped.partition(" ")
    needs, unless = PREFIX_NEEDS.get(first.upper()), PREFIX_UNLESS.get(first.upper())
    if (
        first.upper() in PREFIXES and rest.strip() and word not in WORDS and (needs is None or needs.search(rest))
        and (unless is None or not unless.search(rest))
    ):  # fmt: skip
        return PREFIXES[first.upper()], rest.strip()
    if 5 <= len(word) <= 10 and " " not in word:
        for candidate in FUZZY:
            if Levenshtein.distance(word, candidate, score_cutoff=1) <= 1:
                return WORDS[candidate], None
    return None
