"""BM25 ranking of FAQ entries, and a confidence the answer threshold is calibrated on.

Documents: every paraphrase of an entry, its title, its answer (figures as bare numbers) and all
its paraphrases together; scored with rank_bm25's BM25Okapi model (precomputed as postings, same
numbers). An entry scores as its best document; the best five entries are re-ranked by
BM25 × (0.5 + coverage) ** 0.5.

Confidence = the mean of
- coverage: the IDF share of the question's words that the entry uses anywhere, and
- BM25 / the sum of the question words' IDF (what a document holding each word once would score),
where a word the catalogue never uses weighs twice the highest IDF. So "siapa presiden prancis"
stays low however well "siapa" matches, and a question whose words are all in one paraphrase
comes near 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from handlers.faq.nlp.normalize import Normalizer

#: weight of an unknown word, in multiples of the highest IDF (measured on held-out data)
UNKNOWN = 2.0
#: BM25's best entries are re-ranked by BM25 × (0.5 + coverage) ** ALPHA, coverage being the
#: IDF share of the question's words the entry uses anywhere (paraphrases, title, answer); both
#: numbers were chosen on the held-out calibration files (README, "FAQ")
SHORTLIST = 5
ALPHA = 0.5


@dataclass(frozen=True, slots=True)
class Hit:
    entry: str
    score: float
    confidence: float
    #: the question is one of the entry's paraphrases, word for word (after normalisation)
    exact: bool = False


class Index:
    def __init__(self, documents: list[tuple[str, str]], normalizer: Normalizer) -> None:
        """documents: (entry id, text) pairs; an entry usually has several."""
        self.normalizer = normalizer
        normalizer.learn(text for _, text in documents)
        tokenized = [normalizer.tokens(text) or ["\x00"] for _, text in documents]
        self.entries = [entry for entry, _ in documents]
        self.bm25 = BM25Okapi(tokenized)
        # a word the catalogue never uses ("surabaya", "pilkada") is the surest sign of a question
        # we cannot answer: it weighs UNKNOWN times the rarest word's IDF
        self.idf = self.bm25.idf
        self.unknown_idf = UNKNOWN * max(self.idf.values(), default=1.0)
        self.postings = self._postings()
        self.exact = {tuple(doc): entry for doc, entry in zip(tokenized, self.entries, strict=True)}
        self.words: dict[str, set[str]] = {}
        for entry, doc in zip(self.entries, tokenized, strict=True):
            self.words.setdefault(entry, set()).update(doc)

    def _postings(self) -> dict[str, list[tuple[int, float]]]:
        """token → (document, BM25Okapi term score) for the documents that contain it.

        The same formula as `BM25Okapi.get_scores`, precomputed: get_scores walks every
        document for every query word in Python, which costs milliseconds at 3,000 documents;
        summing postings touches only the documents that share a word with the question.
        """
        bm25, postings = self.bm25, {}
        for number, (freqs, length) in enumerate(zip(bm25.doc_freqs, bm25.doc_len, strict=True)):
            norm = bm25.k1 * (1 - bm25.b + bm25.b * length / bm25.avgdl)
            for token, tf in freqs.items():
                weight = bm25.idf.get(token, 0.0) * tf * (bm25.k1 + 1) / (tf + norm)
                postings.setdefault(token, []).append((number, weight))
        return postings

    def scores(self, query: list[str]) -> dict[int, float]:
        """BM25 score of every document sharing a word with the query (others score 0)."""
        totals: dict[int, float] = {}
        for token in query:
            for number, weight in self.postings.get(token, ()):
                totals[number] = totals.get(number, 0.0) + weight
        return totals

    def search(self, text: str, limit: int = 3) -> list[Hit]:
        """Best entries first, at most one hit per entry."""
        return self.search_tokens(self.normalizer.tokens(text), limit)

    def search_tokens(self, query: list[str], limit: int = 3, allow: Callable[[str], bool] | None = None) -> list[Hit]:
        """`search` for normalised tokens; `allow(entry)` keeps only some entries."""
        if not query:
            return []
        exact = self.exact.get(tuple(query))
        best: dict[str, float] = {}
        for number, score in self.scores(query).items():
            entry = self.entries[number]
            if score > best.get(entry, 0.0):
                best[entry] = score
        weights = [self.idf.get(token, self.unknown_idf) for token in query]
        ceiling = sum(weights) or 1.0
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        if allow is not None:
            ranked = [(entry, score) for entry, score in ranked if allow(entry)]
        candidates = ranked[: max(limit, SHORTLIST)]
        hits = []
        for entry, score in candidates:
            words = self.words[entry]
            covered = sum(w for token, w in zip(query, weights, strict=True) if token in words) / ceiling
            hits.append(Hit(entry, score * (0.5 + covered) ** ALPHA, (covered + min(score / ceiling, 1.0)) / 2))
        hits.sort(key=lambda h: h.score, reverse=True)
        hits = hits[:limit]
        if exact is not None and (allow is None or allow(exact)):  # typed word for word: certain
            top = Hit(exact, max(best.values(), default=0.0) + 1.0, 1.0, exact=True)
            hits = [top] + [h for h in hits if h.entry != exact]
        return hits[:limit]
