""" "Ask about this": answer a question with the best-supported source sentences (BM25).

A sentence supports the question when it contains at least two of the question's content terms
(one, for a one-term question) and its *coverage*—the IDF-weighted share of the question's
content terms that it contains—reaches :data:`SUPPORT_THRESHOLD` (chosen on data, see
docs/summaries.md). BM25 ranks (a sentence holding the kind of answer asked for—a number for
"how many", a date for "when", a name for "who"—gets a bonus); coverage decides whether
anything answers at all.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from broadsheet.summarize._extractive import Unit, units_of
from broadsheet.summarize._text import content_terms
from broadsheet.summarize._types import Answer, Document, SummarySentence

SUPPORT_THRESHOLD = 0.2  # best balanced accuracy (0.93) in benchmarks/ask_threshold.py
MIN_MATCHED = 2  # distinct question terms a supporting sentence must contain
MAX_ANSWER_SENTENCES = 3
K1, B = 1.2, 0.75
NOTHING = "Nothing in these articles answers that question."


def _idf(docs: Sequence[list[str]]) -> dict[str, float]:
    n = len(docs)
    df: Counter[str] = Counter()
    for terms in docs:
        df.update(set(terms))
    return {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}


_WANTS = (
    (
        "number",
        re.compile(r"^\s*(how (many|much|long|old|far|big)|what (number|percentage))\b", re.I),
        re.compile(
            r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?)\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(r"^\s*(when|what (day|date|time|year))\b", re.I),
        re.compile(
            r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
            r"january|february|march|april|june|july|august|september|october|november|"
            r"december|(19|20)\d\d|morning|evening|night|week|month|year)\b",
            re.I,
        ),
    ),
    (
        "who",
        re.compile(r"^\s*(who|whom|whose)\b", re.I),
        re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+(?: [A-Z][a-z]+)+"),
    ),
)
TYPE_BONUS = 1.3  # BM25 multiplier for a sentence holding the kind of answer asked for


def _type_bonus(question: str, text: str) -> float:
    for _, asks, holds in _WANTS:
        if asks.search(question):
            return TYPE_BONUS if holds.search(text) else 1.0
    return 1.0


def rank(question: str, units: Sequence[Unit]) -> list[tuple[Unit, float, float]]:
    """Units with their BM25 score and coverage of the question, best first."""
    query = list(dict.fromkeys(content_terms(question)))
    docs = [content_terms(u.text) for u in units]
    if not query or not docs:
        return []
    idf = _idf(docs)
    unseen = math.log(1 + (len(docs) + 0.5) / 0.5)
    weight = {t: idf.get(t, unseen) for t in query}
    avg = sum(len(d) for d in docs) / len(docs) or 1.0
    ranked = []
    for unit, terms in zip(units, docs, strict=True):
        tf = Counter(terms)
        bm25 = _type_bonus(question, unit.text) * sum(
            weight[t] * tf[t] * (K1 + 1) / (tf[t] + K1 * (1 - B + B * len(terms) / avg))
            for t in query
            if tf[t]
        )
        matched = [t for t in query if tf[t]]
        coverage = sum(weight[t] for t in matched) / sum(weight.values())
        if len(matched) < min(MIN_MATCHED, len(query)):
            coverage = 0.0  # one shared word ("bank" in "river banks") is not an answer
        ranked.append((unit, bm25, coverage))
    ranked.sort(key=lambda r: (-r[1], r[0].article_id, r[0].sentence_index))
    return ranked


def extractive_answer(
    question: str, docs: Sequence[Document], threshold: float = SUPPORT_THRESHOLD
) -> Answer:
    """The best-supported sentences for ``question``, or ``supported=False`` with a plain note."""
    ranked = [r for r in rank(question, units_of(docs)) if r[1] > 0]
    supported = [r for r in ranked if r[2] >= threshold][:MAX_ANSWER_SENTENCES]
    if not supported:
        return Answer(question, (), False, "extractive", NOTHING)
    sentences = tuple(SummarySentence(u.text, (u.citation,)) for u, _, _ in supported)
    return Answer(question, sentences, True, "extractive")


def best_coverage(question: str, docs: Sequence[Document]) -> float:
    """The highest coverage any sentence reaches (for choosing the threshold on data)."""
    return max((r[2] for r in rank(question, units_of(docs))), default=0.0)
