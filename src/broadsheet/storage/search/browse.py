"""Listing queries for browse pages (source pages, entity and hashtag pages by IDs)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from broadsheet.errors import NotFoundError
from broadsheet.storage.articles import not_copies
from broadsheet.storage.models import Article, Source

__all__ = [
    "by_ids",
    "for_source",
    "source_by_domain",
    "sources_by_ids",
]

LIGHT = ("raw_html", "html", "feed_content_html", "feed_summary_html")


def source_by_domain(domain: str) -> Source:
    """Return the outlet with this key (exactly, else in lower case), or raise NotFoundError."""
    source = Source.objects.filter(domain=domain).first()
    if source is None and domain != domain.lower():
        source = Source.objects.filter(domain=domain.lower()).first()
    if source is None:
        raise NotFoundError(f"no outlet {domain[:300]!r}")
    return source


def for_source(
    source_id: int, limit: int = 40, before: tuple[datetime, int] | None = None
) -> list[Article]:
    """Return an outlet's newest articles (keyset paging: strictly older than ``before``)."""
    qs = not_copies(
        Article.objects.select_related("source").defer(*LIGHT).filter(source_id=source_id)
    )
    if before is not None:
        when, article_id = before
        qs = qs.filter(published_at__lt=when) | qs.filter(published_at=when, id__lt=article_id)
    return list(qs.order_by("-published_at", "-id")[:limit])


def by_ids(ids: Sequence[int], *, copies: bool = True) -> list[Article]:
    """Return these articles (light fields), newest first; ``copies=False`` leaves exact copies out."""
    qs = Article.objects.select_related("source").defer(*LIGHT).filter(id__in=list(ids))
    return list((qs if copies else not_copies(qs)).order_by("-published_at", "-id"))


def sources_by_ids(ids: Sequence[int]) -> list[Source]:
    """Return these outlets by name."""
    return list(Source.objects.filter(id__in=list(ids)).order_by("name"))
