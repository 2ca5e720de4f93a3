"""Stories as the outputs show them: cards, a story with its articles, related articles.

Built from the story tables once per request (one query per table); every article link is an
http(s) address or empty. Merged stories answer with the story they were merged into.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from broadsheet.reading._front import front_page
from broadsheet.storage.stories import queries as stories
from broadsheet.untrusted import web_url

__all__ = [
    "RelatedArticle",
    "StoryArticle",
    "StoryCard",
    "StoryDetail",
    "article_story",
    "front_stories",
    "latest_stories",
    "related_articles",
    "story_detail",
    "story_explanation",
]


@dataclass(frozen=True)
class StoryCard:
    """A story in a list: headline, outlets, size, first and latest publication, members."""

    id: int
    headline: str
    outlets: tuple[str, ...]
    size: int
    first_published: datetime | None
    last_published: datetime | None
    article_ids: tuple[int, ...]


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story: its outlet, time and link, and whether it copies another."""

    id: int
    title: str
    outlet: str
    published_at: datetime | None
    url: str
    duplicate_of: int | None
    syndicated_from: int | None


@dataclass(frozen=True)
class StoryDetail(StoryCard):
    """A story with its articles (oldest first) and the outlet that reported it first."""

    articles: tuple[StoryArticle, ...]
    first_reported_by: str


@dataclass(frozen=True)
class RelatedArticle:
    """An article worth reading next, with a score and why."""

    article_id: int
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    score: float
    reason: str


def _card(c: stories.StoryCard) -> StoryCard:
    return StoryCard(
        c.id,
        c.headline,
        tuple(c.outlets),
        c.size,
        c.first_published,
        c.last_published,
        tuple(c.article_ids),
    )


def front_stories(
    limit: int,
    offset: int = 0,
    *,
    interests: Mapping[str, float] | None = None,
    muted_outlets: Iterable[str] = (),
    feeds_of: int | None = None,
) -> list[StoryCard]:
    """Return a page of the front page: live stories best first, then older ones newest first
    (``feeds_of``, a reader: only stories with an article from a feed they follow)."""
    found = front_page(
        limit, offset, interests=interests, muted_outlets=muted_outlets, feeds_of=feeds_of
    )
    return [_card(c) for c in found]


def latest_stories(limit: int = 100, offset: int = 0) -> list[StoryCard]:
    """Return live stories, the most recently published first (not ranked)."""
    return [_card(c) for c in stories.list_stories(limit, offset)]


def story_explanation(article_id: int) -> dict[str, Any]:
    """Return why the clusterer put an article in its story (``story_id``, ``method`` and the
    stored evidence), or raise NotFoundError before it is placed."""
    return stories.explain(article_id)


def story_detail(story_id: int) -> StoryDetail:
    """Return a story with its articles, following merges, or raise NotFoundError."""
    d = stories.get_story(story_id)
    articles = tuple(
        StoryArticle(
            a.id,
            a.title,
            a.outlet,
            a.published_at,
            web_url(a.url),
            a.duplicate_of,
            a.syndicated_from,
        )
        for a in d.articles
    )
    card = _card(d)
    return StoryDetail(
        card.id,
        card.headline,
        card.outlets,
        card.size,
        card.first_published,
        card.last_published,
        card.article_ids,
        articles=articles,
        first_reported_by=d.first_reported_by,
    )


def article_story(article_id: int) -> StoryCard | None:
    """Return the card of the story an article belongs to, or None before it is placed."""
    found = stories.article_story(article_id)
    return _card(found) if found else None


def related_articles(article_id: int, limit: int = 10) -> list[RelatedArticle]:
    """Return the best related articles outside the article's own story and its copies."""
    return [
        RelatedArticle(
            r.article_id, r.title, web_url(r.url), r.outlet, r.published_at, r.score, r.reason
        )
        for r in stories.related(article_id, limit)
    ]
