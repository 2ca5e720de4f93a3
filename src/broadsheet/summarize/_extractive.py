"""Extractive selection: central, early, title-like sentences, with redundancy control (MMR)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.summarize._prose import prose_flags, strip_dateline
from broadsheet.summarize._sentences import document_sentences
from broadsheet.summarize._text import TfIdf, centroid, content_terms, cosine
from broadsheet.summarize._types import Citation, Document, Summary, SummarySentence

MIN_WORDS = 6  # shorter sentences are captions, datelines or fragments
MAX_WORDS = 60  # longer ones are usually run-ons from bad splitting
REDUNDANCY = 0.55  # skip a sentence this similar (cosine) to one already chosen


@dataclass(frozen=True)
class Unit:
    """One source sentence with where it came from."""

    article_id: int
    sentence_index: int
    text: str
    outlet: str = ""
    prose: bool = True  # the article's own prose (see ``_prose``), fit for a summary

    @property
    def citation(self) -> Citation:
        """This sentence as a citation."""
        return Citation(self.article_id, self.sentence_index, self.text, self.outlet)


@dataclass(frozen=True)
class Weights:
    """How much centrality, position, title similarity and cross-outlet support count."""

    centrality: float = 1.0
    position: float = 0.35
    title: float = 0.3
    support: float = 0.3
    mmr: float = 0.7  # share of relevance in MMR (the rest penalises redundancy)


def units_of(docs: Sequence[Document]) -> list[Unit]:
    """Every body sentence of every document, in order, each flagged prose or not."""
    out = []
    for doc in docs:
        sentences = document_sentences(doc)
        flags = prose_flags(doc.text)
        for i, text in enumerate(sentences):
            out.append(Unit(doc.article_id, i, text, doc.outlet, i < len(flags) and flags[i]))
    return out


def _usable(unit: Unit) -> bool:
    if not unit.prose:
        return False
    n = len(unit.text.split())
    truncated = unit.text.rstrip().endswith(("...", "…")) or unit.text[-1:].isalnum()
    return MIN_WORDS <= n <= MAX_WORDS and not truncated and bool(content_terms(unit.text))


def score_units(
    units: Sequence[Unit], titles: Sequence[str], weights: Weights, tfidf: TfIdf
) -> list[float]:
    """Relevance of each unit: centrality + position + title likeness + cross-outlet support."""
    vecs = tfidf.vectors
    centre = centroid(vecs)
    title_vec = tfidf.vector(" ".join(titles)) if titles else {}
    scores = []
    for i, unit in enumerate(units):
        others = [
            cosine(vecs[i], vecs[j])
            for j, other in enumerate(units)
            if other.article_id != unit.article_id
            and (not unit.outlet or other.outlet != unit.outlet)
        ]
        support = max(others, default=0.0)
        position = 1.0 / (1.0 + unit.sentence_index) ** 0.5
        scores.append(
            weights.centrality * cosine(vecs[i], centre)
            + weights.position * position
            + weights.title * cosine(vecs[i], title_vec)
            + weights.support * support
        )
    return scores


def select(
    units: Sequence[Unit],
    titles: Sequence[str],
    k: int,
    weights: Weights | None = None,
    *,
    words: int | None = None,
    reading_order: bool = True,
) -> list[Unit]:
    """Pick up to ``k`` usable units by MMR, in reading order or most relevant first.

    With ``words``, stop once the picked sentences hold that many words (at least two are
    picked when there are two).
    """
    weights = weights or Weights()
    pool = [u for u in units if _usable(u)] or list(units)
    if not pool:
        return []
    tfidf = TfIdf(u.text for u in pool)
    scores = score_units(pool, titles, weights, tfidf)
    chosen: list[int] = []
    while len(chosen) < min(k, len(pool)):
        held = sum(len(pool[i].text.split()) for i in chosen)
        if words is not None and len(chosen) >= 2 and held >= words:
            break
        best, best_value = -1, float("-inf")
        for i in range(len(pool)):
            if i in chosen:
                continue
            overlap = max((cosine(tfidf.vectors[i], tfidf.vectors[j]) for j in chosen), default=0.0)
            if overlap >= REDUNDANCY:
                continue
            value = weights.mmr * scores[i] - (1 - weights.mmr) * overlap
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            break
        chosen.append(best)
    picked = [pool[i] for i in chosen]
    if not reading_order:
        return picked
    order = {u.article_id: n for n, u in enumerate(units)}
    return sorted(picked, key=lambda u: (order.get(u.article_id, 0), u.sentence_index))


def as_sentences(units: Sequence[Unit]) -> tuple[SummarySentence, ...]:
    """Units as summary sentences citing themselves (a leading dateline left out)."""
    return tuple(SummarySentence(strip_dateline(u.text), (u.citation,)) for u in units)


def extractive_summary(doc: Document, max_sentences: int = 3) -> Summary:
    """An extractive 2–4 sentence summary of one article, each sentence citing itself."""
    k = max(2, min(4, max_sentences))
    units = units_of([doc])
    picked = select(units, [doc.title] if doc.title else [], k)
    return Summary(as_sentences(picked), "extractive")
