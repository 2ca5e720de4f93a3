"""Response shapes of the parts this API serves but does not own (see docs/CONTRACTS.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict

__all__ = [
    "ArticleOut",
    "CommentOut",
    "EntityOut",
    "HitOut",
    "RelatedOut",
    "StoryArticleOut",
    "StoryCardOut",
    "StoryDetailOut",
    "TagOut",
    "envelope",
]


class ArticleOut(BaseModel):
    """One article in a list."""

    # A plain pydantic model that pydantic reads from attributes itself: ninja's Schema wraps
    # every object for resolvers this shape does not have, the largest cost of a page of articles.
    model_config = ConfigDict(from_attributes=True)

    id: int
    url: str
    title: str
    source: str | None
    source_id: int | None
    feed_id: int | None
    published: datetime | None
    authors: list[str]
    language: str
    image: str
    word_count: int
    hidden_by: str | None = None  # with include_hidden: why your filter rules hide it


class StoryCardOut(Schema):
    """A story in a list."""

    id: int
    headline: str
    outlets: list[str]
    size: int
    first_published: datetime | None
    last_published: datetime | None
    article_ids: list[int]
    hidden_by: str | None = None  # with include_hidden: why your filter rules hide it


class StoryArticleOut(Schema):
    """One article of a story."""

    id: int
    title: str
    outlet: str
    published_at: datetime | None
    url: str
    duplicate_of: int | None
    syndicated_from: int | None


class StoryDetailOut(StoryCardOut):
    """A story with its articles and who reported it first."""

    articles: list[StoryArticleOut]
    first_reported_by: str


class RelatedOut(Schema):
    """An article related to another, with a score and the reason."""

    article_id: int
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    score: float
    reason: str


class EntityOut(Schema):
    """An entity and how many articles name it."""

    name: str
    kind: str
    articles: int


class TagOut(Schema):
    """A hashtag (without '#') and how many articles carry it."""

    tag: str
    articles: int


class HitOut(Schema):
    """A search hit; `snippet_html` marks matches with <mark>."""

    article_id: int
    title: str
    outlet: str
    published_at: datetime | None
    snippet_html: str
    score: float
    url: str = ""
    title_html: str = ""
    hidden_by: str | None = None  # with include_hidden: why your filter rules hide it


class CommentOut(Schema):
    """A comment; `html` is its rendered, sanitised text."""

    id: int
    user_id: int
    username: str
    text: str
    html: str
    status: str
    created_at: datetime
    edited_at: datetime | None
    article_id: int | None
    story_id: int | None


def envelope(item: type[BaseModel], name: str) -> type[Schema]:
    """Return the list envelope schema (items, total, limit, offset, next) for ``item``."""
    fields: dict[str, Any] = {
        "__annotations__": {
            "items": list[item],
            "total": int | None,
            "limit": int,  # type: ignore[valid-type]
            "offset": int,
            "next": str | None,
        },
        "__doc__": f"A page of {name}: `total` is null when unknown; `next` is the next page's URL.",
    }
    return type(f"{item.__name__.removesuffix('Out')}List", (Schema,), fields)
