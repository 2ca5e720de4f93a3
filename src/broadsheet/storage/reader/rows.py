"""Articles as the APIs and outgoing feeds show them: pages of summaries and full export rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet

from broadsheet.storage.exporting import export_articles
from broadsheet.storage.models import Article

__all__ = ["ArticlePage", "ArticleSummary", "article_page", "article_rows", "summaries"]

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
    """One page of articles, newest first, with how many match in all."""

    items: list[ArticleSummary]
    total: int


def _summary(a: Article) -> ArticleSummary:
    return ArticleSummary(
        id=a.id, url=a.url, title=a.title, source=a.source.name if a.source else None,
        source_id=a.source_id, feed_id=a.feed_id, published=a.published_at, authors=a.authors,
        language=a.language, image=a.image, word_count=a.word_count,
        html=a.html or a.feed_content_html or a.feed_summary_html,
    )


def _base() -> QuerySet[Article]:
    return Article.objects.select_related("source").defer("raw_html", "text")


def article_page(
    limit: int, offset: int = 0, *, feed_id: int | None = None, source_id: int | None = None,
    before: tuple[datetime, int] | None = None,
) -> ArticlePage:
    """Return articles newest first, optionally of one feed or outlet and older than a cursor."""
    qs = _base()
    if feed_id is not None:
        qs = qs.filter(feed_id=feed_id)
    if source_id is not None:
        qs = qs.filter(source_id=source_id)
    if feed_id is None and source_id is None:  # counting a million rows per page view is too slow
        total = cache.get_or_set("reader:articles_total", qs.count, TOTAL_CACHE_SECONDS)
    else:
        total = qs.count()
    if before is not None:
        when, article_id = before
        qs = qs.filter(Q(published_at__lt=when) | Q(published_at=when, id__lt=article_id))
    rows = qs.order_by("-published_at", "-id")[offset:offset + limit]
    return ArticlePage([_summary(a) for a in rows], total)


def summaries(ids: Sequence[int]) -> list[ArticleSummary]:
    """Return the given articles in the order given; unknown ids are left out."""
    by_id = {a.id: a for a in _base().filter(id__in=list(ids))}
    return [_summary(by_id[i]) for i in ids if i in by_id]


def article_rows(ids: Sequence[int]) -> list[dict[str, Any]]:
    """Return full export rows (every concern's fields too) for the given articles, in order."""
    return export_articles(ids)
