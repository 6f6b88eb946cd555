"""From what residents type to comparable tokens: "brp hadiah kmpung bantar yg sedang?" →
["berapa", "hadiah", "kampung", "bantar", "sedang"] (then stemmed).

Steps, in order: lower case and Unicode folding; numbers made comparable (10.000.000 →
10000000, 50jt → 50 juta); reduplication (indikator2 → indikator); slang and abbreviations from
content/faq/slang.yaml (data, not code); stop words from content/faq/stopwords.yaml; a typo
that is no Indonesian word (PySastrawi's dictionary) is corrected to the closest word the
catalogue uses (Levenshtein ≤ 1, ≤ 2 for long words);
PySastrawi stems; synonyms (duit → uang) map to one canonical word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from content.library import Language

_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+)(?![\d.,]*\d)")
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")
#: "50 juta" and "50jt" (after slang) become one number, as "Rp50.000.000" does
_SCALES = {"juta": 1_000_000, "ribu": 1_000, "miliar": 1_000_000_000}
_REDUP = re.compile(r"\b([a-z]{3,})(?:2(?![0-9])|-\1\b)")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
_NON_WORD = re.compile(r"[^a-z0-9,.]+")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")
#: words shorter than this are never "corrected": rt, kk, rw, bkm are real words here
MIN_TYPO_LENGTH = 4


@functools.cache
def _stemmer():
    return StemmerFactory().create_stemmer()


@functools.cache
def dictionary() -> frozenset[str]:
    """PySastrawi's Indonesian root words: a real word is never "corrected" into another one."""
    return frozenset(StemmerFactory().get_words())


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """PySastrawi stem of one word (numbers and abbreviations come back unchanged)."""
    if not word.isalpha():
        return word
    return _stemmer().stem(word) or word


def surface(text: str) -> list[str]:
    """Lower-case word and number tokens, before slang, stop words and stemming."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _GROUPED.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)  # 31,43 → 31.43, as figures are compared
    text = _REDUP.sub(r"\1", text)
    text = _DIGIT_LETTER.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    return [t.strip(".,") for t in _TOKEN.findall(text) if t.strip(".,")]


class Normalizer:
    """Turns a text into match tokens; knows the catalogue's words for typo correction."""

    def __init__(self, language: Language, vocabulary: Iterable[str] = ()) -> None:
        self.language = language
        self._phrases = {k: v for k, v in language.slang.items() if " " in k}
        self.vocabulary: set[str] = set()
        self._stems: set[str] = set()
        self._sorted: list[str] = []
        self.learn(vocabulary)

    def learn(self, texts: Iterable[str]) -> None:
        """Add the words of these texts to the vocabulary typos are corrected towards."""
        for text in texts:
            for word in self._expand(surface(text)):
                self.vocabulary.add(word)
                self._stems.add(stem(word))
        self._sorted = sorted(self.vocabulary)
        self._correct.cache_clear()

    def _expand(self, words: list[str]) -> list[str]:
        """Slang and abbreviations → standard words (a value may be several words)."""
        slang = self.language.slang
        joined = " ".join(words)
        for phrase, meaning in self._phrases.items():
            if phrase in joined:
                joined = re.sub(rf"\b{re.escape(phrase)}\b", meaning, joined)
        out: list[str] = []
        for word in joined.split():
            meaning = slang.get(word)
            if meaning is None and word.isalpha():  # "duitnya", "dipakenya": slang under a suffix
                meaning = slang.get(stem(word))
            out += (meaning or word).split()
        return out

    @functools.lru_cache(maxsize=20_000)  # noqa: B019 (one Normalizer per content load)
    def _correct(self, word: str) -> str:
        if (
            len(word) < MIN_TYPO_LENGTH
            or not word.isalpha()
            or word in self.vocabulary
            or stem(word) in self._stems
            or stem(word) in dictionary()  # "data" is a word, not a typo of "daya"
        ):
            return word
        limit = 1 if len(word) < 7 else 2
        best = process.extractOne(word, self._sorted, scorer=Levenshtein.distance, score_cutoff=limit)
        return best[0] if best else word

    def tokens(self, text: str) -> list[str]:
        """Match tokens of a question: expanded, without stop words, corrected, stemmed, canonical."""
        stop, synonyms = self.language.stopwords, self.language.synonyms
        out = []
        for word in _scaled(self._expand(surface(text))):
            if word in stop:
                continue
            word = self._correct(word)
            if word in stop:
                continue
            root = stem(word)
            canonical = synonyms.get(word) or synonyms.get(root)
            out.append(stem(canonical) if canonical else root)
        return out


def _scaled(words: list[str]) -> list[str]:
    """["50", "juta"] → ["50000000"]: amounts compare however they were written."""
    out: list[str] = []
    for word in words:
        scale = _SCALES.get(word)
        if scale and out and re.fullmatch(r"\d+(?:\.\d+)?", out[-1]):
            value = float(out.pop()) * scale
            out.append(str(int(value)) if value.is_integer() else str(value))
        else:
            out.append(word)
    return out
