"""Front-page ranking: breadth of coverage, decayed by age, raised by a reader's interests.

A story's base score is the number of distinct outlets covering it, halved every
``HALF_LIFE_HOURS`` since its latest article: ten outlets a day ago weigh as much as five outlets
now, so an ongoing story stays up while its coverage keeps coming. Ages count from
the newest story (or now, if that is earlier), so a database whose feeds paused still shows its
last news rather than nothing.

For a signed-in reader, outlets they muted do not count towards breadth (a story covered only by
muted outlets is left out), and a story sharing people, organisations or hashtags with what they
read and saved recently is raised by up to ``MAX_BOOST``. Ranking never hides a story for being
off-interest: it only reorders.

Pure Python, no Django: the storage layer feeds it rows and the reader's profile.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

__all__ = ["HALF_LIFE_HOURS", "MAX_BOOST", "WINDOW", "Candidate", "anchor", "rank"]

HALF_LIFE_HOURS = 24.0
WINDOW = timedelta(days=3)  # older stories come after the ranked ones, newest first
MAX_BOOST = 0.5  # a story fully matching the reader's interests scores 1.5 times its base
BOOST_AT = 0.5  # summed interest shares of a story's terms at which the boost is full


@dataclass(frozen=True)
class Candidate:
    """A live story that may be ranked: its outlets, latest article time and topic terms."""

    id: int
    outlets: tuple[str, ...]
    last_published: datetime | None
    terms: frozenset[str] = field(default_factory=frozenset)


def anchor(newest: datetime | None, now: datetime) -> datetime:
    """The time ages count from: the newest story's time, or ``now`` if that is earlier."""
    return min(newest, now) if newest is not None else now


def _breadth(outlets: Iterable[str], muted: frozenset[str]) -> int:
    return len({o for o in outlets if o and o not in muted})


def _score(
    c: Candidate, at: datetime, interests: Mapping[str, float], muted: frozenset[str]
) -> float:
    breadth = _breadth(c.outlets, muted)
    if breadth == 0:
        return 0.0
    hours = max(0.0, (at - c.last_published).total_seconds() / 3600) if c.last_published else 1e6
    base = breadth * math.pow(0.5, hours / HALF_LIFE_HOURS)
    weight = sum(interests.get(t, 0.0) for t in c.terms)
    return base * (1.0 + MAX_BOOST * min(1.0, weight / BOOST_AT))


def rank(
    candidates: Sequence[Candidate],
    at: datetime,
    interests: Mapping[str, float] | None = None,
    muted_outlets: Iterable[str] = (),
) -> list[int]:
    """Story IDs best first; stories whose every outlet is muted are left out."""
    muted = frozenset(muted_outlets)
    wants = interests or {}
    scored = [(_score(c, at, wants, muted), c) for c in candidates]
    kept = [(s, c) for s, c in scored if _breadth(c.outlets, muted) > 0]
    kept.sort(key=lambda sc: (-sc[0], -_when(sc[1]), -sc[1].id))
    return [c.id for _, c in kept]


def _when(c: Candidate) -> float:
    return c.last_published.timestamp() if c.last_published else -math.inf
