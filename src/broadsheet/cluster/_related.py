"""Related articles beyond an article's own story: shared entities and terms, within a window."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from typing import Protocol

from broadsheet.cluster._features import is_figure
from broadsheet.cluster._types import RelatedHit
from broadsheet.cluster._vectors import Vector, dot, normalised

MIN_SCORE = 0.08
KEYS = 12
CANDIDATES = 30  # scored per article, whatever the corpus size
SECOND_SHARE = 0.3  # a second shared name is named when it weighs this much of the first


class _DocLike(Protocol):
    id: int
    body: Vector
    ents: Vector
    names: dict[str, str]
    published: float
    story: int


def _top(vec: Vector, n: int) -> list[str]:
    return sorted(vec, key=lambda k: -vec[k])[:n]


def _words(vec: Vector) -> Vector:
    """The body vector without its figures, at unit length: a figure ties an article to its own
    event, while a related article from another story shares topic words and names."""
    return normalised({k: v for k, v in vec.items() if not is_figure(k)})


def _part_of(key: str, other: str) -> bool:
    """Whether ``key`` is a first or last word of the longer name ``other`` ("Keir" of "Keir Starmer")."""
    return other != key and (other.endswith(" " + key) or other.startswith(key + " "))


def _mentions(vec: Vector, key: str) -> float:
    """A name's weight with its first and last word's ("Starmer" mentions "Keir Starmer")."""
    words = key.split()
    parts = {words[0], words[-1]} - {key} if len(words) > 1 else set()
    return vec.get(key, 0.0) + sum(vec.get(p, 0.0) for p in parts)


def reason(doc: _DocLike, other: _DocLike) -> str:
    """Return why two articles are related, in words (symmetric): shared entities, else terms."""
    shared = [k for k in doc.ents if k in other.ents]
    # "Keir Starmer" says more than "Starmer" (the surname alone is counted for later mentions)
    whole = [k for k in shared if not any(_part_of(k, o) for o in shared)]
    ents = sorted(whole, key=lambda k: (-_mentions(doc.ents, k) * _mentions(other.ents, k), k))
    shown: list[str] = []
    strength = [_mentions(doc.ents, k) * _mentions(other.ents, k) for k in ents]
    for key, weight in zip(ents, strength, strict=True):
        if shown and weight < SECOND_SHARE * strength[0]:
            break  # a passing mention is no reason: "Keir Starmer", not "Keir Starmer and England"
        name = doc.names.get(key, key)
        if not any(key in s.lower() for s in shown):
            shown.append(name)
        if len(shown) == 2:
            break
    if not shown:
        terms = sorted(  # a bare figure ("4200") tells a reader nothing
            (k for k in doc.body if k in other.body and not is_figure(k)),
            key=lambda k: -doc.body[k] * other.body[k],
        )
        shown = terms[:2]
    return f"also about {' and '.join(shown)}" if shown else "similar wording"


class RelatedIndex:
    """Article-level inverted index on heaviest entities and terms; postings capped, oldest dropped."""

    def __init__(self, postings_cap: int) -> None:
        self.cap = postings_cap
        self.postings: dict[str, dict[int, None]] = {}
        self.words: dict[int, Vector] = {}  # each findable document's ``_words`` body
        self._ages: list[tuple[float, int]] = []

    @staticmethod
    def keys(doc: _DocLike, words: Vector) -> list[str]:
        """Return the index keys of a document whose ``_words`` body is ``words``."""
        return [f"e:{k}" for k in _top(doc.ents, KEYS)] + [f"t:{k}" for k in _top(words, KEYS)]

    def add(self, doc: _DocLike) -> None:
        """Make a document findable."""
        heapq.heappush(self._ages, (doc.published, doc.id))
        words = self.words[doc.id] = _words(doc.body)
        for key in self.keys(doc, words):
            posting = self.postings.setdefault(key, {})
            posting[doc.id] = None
            if len(posting) > self.cap:
                del posting[next(iter(posting))]

    def expire(self, horizon: float, docs: dict[int, _DocLike]) -> None:
        """Forget documents published before ``horizon`` (their postings fade as they are capped)."""
        while self._ages and self._ages[0][0] < horizon:
            _, doc_id = heapq.heappop(self._ages)
            docs.pop(doc_id, None)
            self.words.pop(doc_id, None)

    def find(
        self,
        doc: _DocLike,
        docs: Mapping[int, _DocLike],
        limit: int,
        same_story: Callable[[int, int], bool] | None = None,
    ) -> tuple[RelatedHit, ...]:
        """Return up to ``limit`` related articles outside the document's story, best first."""
        hits: dict[int, float] = {}
        if len(docs) <= CANDIDATES:  # a small corpus: its IDF hides shared words from the keys
            hits = dict.fromkeys(docs, 1.0)
        body = _words(doc.body)
        for key in self.keys(doc, body):
            weight = 2.0 if key.startswith("e:") else 1.0
            for other in self.postings.get(key, ()):
                hits[other] = hits.get(other, 0.0) + weight
        scored: list[tuple[float, _DocLike]] = []
        for other_id in sorted(hits, key=lambda o: (-hits[o], o))[:CANDIDATES]:
            found = docs.get(other_id)
            if found is None or found.id == doc.id:
                continue
            if same_story(doc.story, found.story) if same_story else doc.story == found.story:
                continue
            words = self.words.get(found.id)
            if words is None:
                words = _words(found.body)
            score = 0.5 * dot(body, words) + 0.5 * dot(doc.ents, found.ents)
            if score >= MIN_SCORE:
                scored.append((score, found))
        scored.sort(key=lambda x: (-x[0], x[1].id))
        return tuple(RelatedHit(o.id, round(s, 4), reason(doc, o)) for s, o in scored[:limit])
