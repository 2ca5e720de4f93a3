"""Citation check: a generated sentence stays only if the sentences it cites support it.

Support is a cheap entailment proxy: at least :data:`MIN_OVERLAP` of the sentence's content
terms (stemmed, stopwords removed) occur in the cited sentences, and every number in the
sentence occurs in them too (a changed number is the commonest unsupported claim).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from broadsheet.summarize._extractive import Unit
from broadsheet.summarize._text import content_terms, words
from broadsheet.summarize._types import SummarySentence

MIN_OVERLAP = 0.6
_DIGITS = re.compile(r"\d")


def _numbers(text: str) -> set[str]:
    return {w.replace(",", "") for w in words(text) if _DIGITS.search(w)}


def support(text: str, cited: Sequence[Unit]) -> float:
    """Share of ``text``'s content terms found in the cited sentences (0 when a number is new)."""
    terms = set(content_terms(text))
    source = " ".join(u.text for u in cited)
    if not terms or not cited or not _numbers(text) <= _numbers(source):
        return 0.0
    return len(terms & set(content_terms(source))) / len(terms)


def verify(
    replies: Sequence[tuple[str, list[int]]],
    sources: Sequence[Unit],
    min_overlap: float = MIN_OVERLAP,
) -> tuple[list[SummarySentence], list[str]]:
    """Kept sentences with their citations, and a reason for every sentence dropped."""
    kept: list[SummarySentence] = []
    dropped: list[str] = []
    for text, numbers in replies:
        valid = [n for n in numbers if 1 <= n <= len(sources)]
        if not numbers:
            dropped.append(f"uncited: {text[:60]}")
            continue
        if len(valid) != len(numbers):
            dropped.append(f"cites a source that does not exist: {text[:60]}")
            continue
        cited = [sources[n - 1] for n in valid]
        if support(text, cited) < min_overlap:
            dropped.append(f"citations do not support it: {text[:60]}")
            continue
        kept.append(SummarySentence(text, tuple(u.citation for u in cited)))
    return kept, dropped
