"""Articles as the APIs and outgoing feeds show them: pages of summaries and full export rows."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from broadsheet.storage.exporting import EXPORTERS
from broadsheet.storage.models import Article

__all__ = ["ArticlePage", "ArticleSummary", "article_page", "article_rows", "summaries"]


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


def _row(a: Article) -> dict[str, Any]:
    # Keep in step with broadsheet.storage.articles.export_rows (a test compares the keys).
    return {
        "id": a.id, "url": a.url, "title": a.title, "authors": a.authors,
        "published": a.published_at.isoformat() if a.published_at else None,
        "published_raw": a.published_raw or None, "updated_raw": a.updated_raw or None,
        "discovered": a.discovered_at.isoformat(),
        "source": a.source.name if a.source else None,
        "source_domain": a.source.domain if a.source else None,
        "feed_url": a.feed.url if a.feed else None, "origin": a.origin,
        "item_key": a.item_key, "key_kind": a.key_kind, "language": a.language or None,
        "image": a.image or None, "categories": a.categories, "text": a.text, "html": a.html,
        "word_count": a.word_count, "embeds": a.embeds, "content_source": a.content_source,
        "content_reason": a.content_reason, "extraction_status": a.extraction_status,
        "extraction_error": a.extraction_error or None, "extra": a.extra,
    }


def article_rows(ids: Sequence[int]) -> list[dict[str, Any]]:
    """Return full export rows (every concern's fields too) for the given articles, in order."""
    qs = Article.objects.select_related("source", "feed").defer("raw_html").filter(id__in=list(ids))
    by_id = {a.id: _row(a) for a in qs}
    found = [i for i in ids if i in by_id]
    for name in EXPORTERS:
        if importlib.util.find_spec(name) is None:
            continue
        extra = importlib.import_module(name).fields(found)
        for i in found:
            by_id[i].update(extra.get(i, {}))
    return [by_id[i] for i in found]
