"""What coverage is about: the most named entities and used hashtags, their articles, and the
people, hashtags and quotes the enrich step found in one article; and a reader's own hashtags
(added or removed on an article, as ``broadsheet.enrich.reader_tag`` writes them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from broadsheet.enrich import reader_tag
from broadsheet.reading._cache import remember
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.intel.queries import ArticleIntel, EmbedRow, EntityRow, QuoteRow, TagRow
from broadsheet.storage.reader import subscriptions

__all__ = [
    "ArticleIntel",
    "EmbedRow",
    "EntityCount",
    "EntityRow",
    "QuoteRow",
    "TagCount",
    "TagRow",
    "add_tag",
    "article_intel",
    "entity_article_ids",
    "remove_tag",
    "tag_article_ids",
    "top_entities",
    "top_tags",
]


TOP_CACHE_SECONDS = 300  # what recent coverage is about moves slowly; shared by every reader


@dataclass(frozen=True)
class EntityCount:
    """An entity and how many recent articles name it."""

    name: str
    kind: str
    articles: int


@dataclass(frozen=True)
class TagCount:
    """A hashtag (without '#') and how many recent articles carry it."""

    tag: str
    articles: int


def top_entities(limit: int = 20) -> list[EntityCount]:
    """Return the entities named by the most recent articles, most first."""
    rows = remember(
        f"intel:top_entities:{limit}", TOP_CACHE_SECONDS, lambda: intel.top_entities(limit)
    )
    return [EntityCount(*row) for row in rows]


def top_tags(limit: int = 20) -> list[TagCount]:
    """Return the visible hashtags carried by the most recent articles, most first."""
    rows = remember(f"intel:top_tags:{limit}", TOP_CACHE_SECONDS, lambda: intel.top_tags(limit))
    return [TagCount(*row) for row in rows]


def _feeds(user_id: int | None) -> Any:
    return None if user_id is None else subscriptions.followed_feed_ids(user_id)


def entity_article_ids(
    name: str, limit: int = 50, offset: int = 0, feeds_of: int | None = None
) -> list[int]:
    """Return the ids of articles naming an entity (canonical name, any case), newest first;
    only of the feeds the reader ``feeds_of`` follows when given (one subquery)."""
    return intel.articles_for_entity(name, limit, offset, _feeds(feeds_of))


def tag_article_ids(
    tag: str, limit: int = 50, offset: int = 0, feeds_of: int | None = None
) -> list[int]:
    """Return the ids of articles carrying a visible hashtag (with or without '#', any case),
    newest first; only of the feeds the reader ``feeds_of`` follows when given (one subquery)."""
    return intel.articles_for_tag(tag.lstrip("#"), limit, offset, _feeds(feeds_of))


def article_intel(article_id: int) -> ArticleIntel | None:
    """Return an article's entities, hashtags, quotes and embeds, or None if it does not exist."""
    return intel.article_intel(article_id)


def add_tag(article_id: int, name: str, user_id: int | None) -> str:
    """Add a reader's hashtag (``#`` and spacing as typed) to an article, showing it again if it
    was hidden; return the stored tag. A name that is not one word raises a BroadsheetError."""
    return intel.add_tag(article_id, reader_tag(name), user_id)


def remove_tag(article_id: int, name: str, user_id: int | None) -> None:
    """Remove a hashtag from an article; an automatic one stays hidden after re-enrichment."""
    intel.remove_tag(article_id, reader_tag(name), user_id)
