"""BM25 ranking of FAQ entries, and a confidence the answer threshold is calibrated on.

Every paraphrase of an entry is one document (rank_bm25's BM25Okapi); an entry scores as its
best document. The confidence of a hit is its BM25 score divided by the score a document would
get that contains every query word once at average length (the sum of the query words' IDF),
where a word the catalogue never uses counts with the highest IDF. So "siapa presiden prancis"
(two unknown words) stays near 0 however well "siapa" matches, and a question whose every word
is in one paraphrase comes near 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from handlers.nlp.normalize import Normalizer

#: BM25's best entries whose confidence is computed
SHORTLIST = 3


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
        # a word the catalogue never uses weighs as much as its rarest word
        self.idf = self.bm25.idf
        self.unknown_idf = max(self.idf.values(), default=1.0)
        self.exact = {tuple(doc): entry for doc, entry in zip(tokenized, self.entries, strict=True)}
        self.words: dict[str, set[str]] = {}
        for entry, doc in zip(self.entries, tokenized, strict=True):
            self.words.setdefault(entry, set()).update(doc)

    def search(self, text: str, limit: int = 3) -> list[Hit]:
        """Best entries first, at most one hit per entry."""
        query = self.normalizer.tokens(text)
        if not query:
            return []
        exact = self.exact.get(tuple(query))
        scores = self.bm25.get_scores(query)
        best: dict[str, float] = {}
        for entry, score in zip(self.entries, scores, strict=True):
            if score > best.get(entry, 0.0):
                best[entry] = float(score)
        weights = [self.idf.get(token, self.unknown_idf) for token in query]
        ceiling = sum(weights) or 1.0
        candidates = sorted(best.items(), key=lambda item: item[1], reverse=True)[: max(limit, SHORTLIST)]
        hits = []
        for entry, score in candidates:
            words = self.words[entry]
            covered = sum(w for token, w in zip(query, weights, strict=True) if token in words) / ceiling
            hits.append(Hit(entry, score, (covered + min(score / ceiling, 1.0)) / 2))
        hits = hits[:limit]  # ranked by BM25; ranking by confidence measured worse on held-out data
        if exact is not None:  # a paraphrase typed word for word: certain
            top = Hit(exact, max(best.values(), default=0.0) + 1.0, 1.0, exact=True)
            hits = [top] + [h for h in hits if h.entry != exact]
        return hits[:limit]
