"""Articles as the APIs and outgoing feeds show them: pages of summaries and full export rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Q, QuerySet

from broadsheet.storage.exporting import export_articles
from broadsheet.storage.models import Article
from broadsheet.storage.reader.subscriptions import followed_feed_ids

__all__ = [
    "ArticlePage",
    "ArticleSummary",
    "article_page",
    "article_rows",
    "summaries",
]

TOTAL_CACHE_SECONDS = 60  # the unfiltered article count shown by list APIs may lag a minute


@dataclass(frozen=True)
class ArticleSummary:
    """One article in a list: enough to show a headline and link to it."""

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
    html: str


@dataclass(frozen=True)
class ArticlePage:
    """One page of articles, newest first, with how many match in all (``exact`` is False when
    ``total`` comes from a cache and may lag behind new articles)."""

    items: list[ArticleSummary]
    total: int
    exact: bool = True


# The columns of an ArticleSummary, read as tuples: building model instances (and decoding every
# JSON column) costs more than the query itself on a page of 50.
COLUMNS = (
    "id",
    "url",
    "title",
    "source__name",
    "source_id",
    "feed_id",
    "published_at",
    "authors",
    "language",
    "image",
    "word_count",
    "html",
)


def _summary(row: tuple[Any, ...]) -> ArticleSummary:
    (
        article_id,
        url,
        title,
        source,
        source_id,
        feed_id,
        published,
        authors,
        language,
        image,
        word_count,
        html,
    ) = row
    return ArticleSummary(
        article_id,
        url,
        title,
        source,
        source_id,
        feed_id,
        published,
        authors,
        language,
        image,
        word_count,
        html,
    )


def article_page(
    limit: int,
    offset: int = 0,
    *,
    feed_id: int | None = None,
    source_id: int | None = None,
    before: tuple[datetime, int] | None = None,
    feeds_of: int | None = None,
) -> ArticlePage:
    """Return articles newest first, optionally of one feed or outlet, of the feeds the reader
    ``feeds_of`` follows (one subquery) and older than a cursor."""
    qs: QuerySet[Article] = Article.objects.all()
    if feed_id is not None:
        qs = qs.filter(feed_id=feed_id)
    if source_id is not None:
        qs = qs.filter(source_id=source_id)
    if feeds_of is not None:
        qs = qs.filter(feed_id__in=followed_feed_ids(feeds_of))
    exact = feed_id is not None or source_id is not None or feeds_of is not None
    if not exact:  # counting a million rows per page view is too slow
        total = cast(int, cache.get_or_set("reader:articles_total", qs.count, TOTAL_CACHE_SECONDS))
    else:
        total = qs.count()
    if before is not None:
        when, article_id = before
        qs = qs.filter(published_at__lte=when).filter(
            Q(published_at__lt=when) | Q(id__lt=article_id)
        )
    rows = qs.order_by("-published_at", "-id").values_list(*COLUMNS)[offset : offset + limit]
    return ArticlePage([_summary(row) for row in rows], total, exact)


def summaries(ids: Sequence[int]) -> list[ArticleSummary]:
    """Return the given articles in the order given; unknown ids are left out."""
    by_id = {row[0]: row for row in Article.objects.filter(id__in=list(ids)).values_list(*COLUMNS)}
    return [_summary(by_id[i]) for i in ids if i in by_id]


def article_rows(ids: Sequence[int]) -> list[dict[str, Any]]:
    """Return full export rows (every concern's fields too) for the given articles, in order."""
    return export_articles(ids)
