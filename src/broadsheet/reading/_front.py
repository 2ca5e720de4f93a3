"""The front page: live stories ranked by ``broadsheet.frontpage``, then older ones newest first.

Every reader's front page ranks the same candidates (the live stories of the ranking window, the
best of them with their topic terms), kept two minutes in the shared cache; the pipeline marks
them stale as soon as it places articles (``forget_front``). Only the ranking is per reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from broadsheet import frontpage
from broadsheet.frontpage import Candidate
from broadsheet.reading._cache import expire, remember
from broadsheet.storage.reader import subscriptions
from broadsheet.storage.stories import queries as stories

__all__ = ["forget_front", "front_candidates", "front_page"]

CANDIDATES_KEY = "stories:front:candidates"
CANDIDATES_CACHE_SECONDS = 120  # the pipeline marks them stale as soon as it places articles
CHUNK = 500  # stories checked per query for "my feeds"
WITH_TERMS = 200  # the best stories by breadth and age get topic terms for personal ranking


def front_candidates() -> tuple[datetime, list[Candidate]]:
    """The ranking's anchor time and the live stories of its window, the best with topic terms."""
    return remember(CANDIDATES_KEY, CANDIDATES_CACHE_SECONDS, _candidates)


def forget_front() -> None:
    """Mark the shared candidates stale (after stories were placed or changed)."""
    expire(CANDIDATES_KEY)


def _candidates() -> tuple[datetime, list[Candidate]]:
    at = frontpage.anchor(stories.newest_published(), timezone.now())
    plain = [
        Candidate(s.id, s.outlets, s.last_published)
        for s in stories.live_since(at - frontpage.WINDOW)
    ]
    terms = stories.topic_terms(frontpage.rank(plain, at)[:WITH_TERMS])
    return at, [replace(c, terms=terms.get(c.id, frozenset())) for c in plain]


def front_page(
    limit: int,
    offset: int = 0,
    *,
    interests: Mapping[str, float] | None = None,
    muted_outlets: Iterable[str] = (),
    feeds_of: int | None = None,
) -> list[stories.StoryCard]:
    """One page of stories: the window's best first (for this reader), then older ones;
    ``feeds_of`` (a reader) keeps the stories with an article from a feed they follow."""
    at, candidates = front_candidates()
    ranked = frontpage.rank(candidates, at, interests, muted_outlets)
    feeds = subscriptions.followed_feed_ids(feeds_of) if feeds_of else None
    if feeds is not None:
        ranked = _with_articles_from(ranked, feeds, offset + limit)
    ids = ranked[offset : offset + limit]
    if len(ids) < limit:  # past the window: older stories, newest first
        start = max(0, offset - len(ranked))
        ids += stories.older_than(at - frontpage.WINDOW, start, limit - len(ids), feeds)
    return stories.cards(ids)


def _with_articles_from(ranked: list[int], feeds: QuerySet[Any, Any], wanted: int) -> list[int]:
    """The ranked stories with an article from the feeds, in order: all of them, or (one query
    per ``CHUNK`` stories) at least the first ``wanted``."""
    kept: list[int] = []
    for start in range(0, len(ranked), CHUNK):
        chunk = ranked[start : start + CHUNK]
        found = stories.with_articles_from(chunk, feeds)
        kept += [i for i in chunk if i in found]
        if len(kept) >= wanted:
            break
    return kept
