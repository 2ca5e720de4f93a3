"""Related articles beyond an article's own story: shared entities and terms, within a window."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from typing import Protocol

from broadsheet.cluster._types import RelatedHit
from broadsheet.cluster._vectors import Vector, dot

MIN_SCORE = 0.08
KEYS = 12
CANDIDATES = 30  # scored per article, whatever the corpus size


class _DocLike(Protocol):
    id: int
    body: Vector
    ents: Vector
    names: dict[str, str]
    published: float
    story: int


def _top(vec: Vector, n: int) -> list[str]:
    return sorted(vec, key=lambda k: -vec[k])[:n]


def reason(doc: _DocLike, other: _DocLike) -> str:
    """Return why two articles are related, in words (symmetric): shared entities, else terms."""
    ents = sorted(
        (k for k in doc.ents if k in other.ents), key=lambda k: -doc.ents[k] * other.ents[k]
    )
    shown: list[str] = []
    for key in ents:  # "Keir Starmer" makes "Starmer" redundant
        name = doc.names.get(key, key)
        if not any(key in s.lower() for s in shown):
            shown.append(name)
        if len(shown) == 2:
            break
    if not shown:
        terms = sorted(
            (k for k in doc.body if k in other.body), key=lambda k: -doc.body[k] * other.body[k]
        )
        shown = terms[:2]
    return f"also about {' and '.join(shown)}" if shown else "similar wording"


class RelatedIndex:
    """Article-level inverted index on heaviest entities and terms; postings capped, oldest dropped."""

    def __init__(self, postings_cap: int) -> None:
        self.cap = postings_cap
        self.postings: dict[str, dict[int, None]] = {}
        self._ages: list[tuple[float, int]] = []

    @staticmethod
    def keys(doc: _DocLike) -> list[str]:
        """Return the index keys of a document."""
        return [f"e:{k}" for k in _top(doc.ents, KEYS)] + [f"t:{k}" for k in _top(doc.body, KEYS)]

    def add(self, doc: _DocLike) -> None:
        """Make a document findable."""
        heapq.heappush(self._ages, (doc.published, doc.id))
        for key in self.keys(doc):
            posting = self.postings.setdefault(key, {})
            posting[doc.id] = None
            if len(posting) > self.cap:
                del posting[next(iter(posting))]

    def expire(self, horizon: float, docs: dict[int, _DocLike]) -> None:
        """Forget documents published before ``horizon`` (their postings fade as they are capped)."""
        while self._ages and self._ages[0][0] < horizon:
            _, doc_id = heapq.heappop(self._ages)
            docs.pop(doc_id, None)

    def find(
        self,
        doc: _DocLike,
        docs: Mapping[int, _DocLike],
        limit: int,
        same_story: Callable[[int, int], bool] | None = None,
    ) -> tuple[RelatedHit, ...]:
        """Return up to ``limit`` related articles outside the document's story, best first."""
        hits: dict[int, float] = {}
        for key in self.keys(doc):
            weight = 2.0 if key.startswith("e:") else 1.0
            for other in self.postings.get(key, ()):
                hits[other] = hits.get(other, 0.0) + weight
        scored: list[tuple[float, _DocLike]] = []
        for other_id in sorted(hits, key=lambda o: -hits[o])[:CANDIDATES]:
            found = docs.get(other_id)
            if found is None or found.id == doc.id:
                continue
            if same_story(doc.story, found.story) if same_story else doc.story == found.story:
                continue
            score = 0.5 * dot(doc.body, found.body) + 0.5 * dot(doc.ents, found.ents)
            if score >= MIN_SCORE:
                scored.append((score, found))
        scored.sort(key=lambda x: (-x[0], x[1].id))
        return tuple(RelatedHit(o.id, round(s, 4), reason(doc, o)) for s, o in scored[:limit])
