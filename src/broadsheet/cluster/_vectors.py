"""Sparse TF-IDF vectors as dicts: document frequencies kept incrementally, cosine, centroids."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

Vector = dict[str, float]


class DocFreq:
    """Document frequencies of keys, updated one document at a time (smoothed IDF)."""

    def __init__(self) -> None:
        self.docs = 0
        self.df: Counter[str] = Counter()

    def add(self, keys: Mapping[str, float]) -> None:
        """Count one more document containing ``keys``."""
        self.docs += 1
        self.df.update(keys.keys())

    def idf(self, key: str) -> float:
        """Return the smoothed inverse document frequency of a key."""
        return math.log((self.docs + 1) / (self.df.get(key, 0) + 1)) + 1.0

    def weigh(self, counts: Mapping[str, float]) -> Vector:
        """Return the L2-normalised (1 + log tf) * idf vector of counts."""
        vec = {
            k: (1.0 + math.log(c) if c >= 1 else c) * self.idf(k)
            for k, c in counts.items()
            if c > 0
        }
        return normalised(vec)


def normalised(vec: Mapping[str, float]) -> Vector:
    """Return the vector scaled to unit length (empty stays empty)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Return the dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


class Centroid:
    """The running sum of unit vectors, truncated to its heaviest keys so it stays bounded."""

    __slots__ = ("norm", "total")

    def __init__(self) -> None:
        self.total: Vector = {}
        self.norm = 0.0

    def add(self, vec: Mapping[str, float], cap: int = 150) -> None:
        """Add one unit vector; keep the ``cap`` heaviest keys."""
        for k, v in vec.items():
            self.total[k] = self.total.get(k, 0.0) + v
        if len(self.total) > cap * 1.5:
            self.total = dict(sorted(self.total.items(), key=lambda kv: -kv[1])[:cap])
        self.norm = math.sqrt(sum(v * v for v in self.total.values()))

    def remove(self, vec: Mapping[str, float]) -> None:
        """Take one unit vector out again (used when a story is split); keys left at zero go."""
        for k, v in vec.items():
            if k in self.total:
                left = self.total[k] - v
                if left > 1e-9:
                    self.total[k] = left
                else:
                    del self.total[k]
        self.norm = math.sqrt(sum(v * v for v in self.total.values()))

    def absorb(self, other: Centroid) -> None:
        """Add another centroid's sum (used when two stories merge)."""
        self.add(other.total)

    def cosine(self, vec: Mapping[str, float]) -> float:
        """Return the cosine of a unit vector with this centroid."""
        return dot(vec, self.total) / self.norm if self.norm else 0.0
