"""One article as its web page shows it: text and embeds to lay out, provenance, the safe HTML.

Read in one query (the article with its outlet). ``html`` is the reading HTML (sanitised
stored HTML, or the text as escaped paragraphs); the article's link, its image and every
embed's link are http(s) addresses or empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from broadsheet.reading._html import reading_html
from broadsheet.storage import articles
from broadsheet.untrusted import web_url

__all__ = ["ArticleView", "Outlet", "article_view"]


@dataclass(frozen=True)
class Outlet:
    """The outlet that published an article."""

    id: int
    name: str
    domain: str


@dataclass(frozen=True)
class ArticleView:
    """An article page's main content; ``embeds`` are read-only mappings (platform, url,
    author, handle, published, text)."""

    id: int
    url: str
    title: str
    authors: tuple[str, ...]
    published_at: datetime | None
    source: Outlet | None
    image: str
    text: str
    html: str
    embeds: tuple[Mapping[str, Any], ...]
    content_source: str
    content_reason: str
    extraction_error: str


def _embed(raw: Any) -> Mapping[str, Any]:
    embed = dict(raw) if isinstance(raw, dict) else {}
    embed["url"] = web_url(embed.get("url")) or None
    return MappingProxyType(embed)


def article_view(article_id: int) -> ArticleView:
    """Return the article as its page shows it, or raise NotFoundError."""
    a = articles.get_article(article_id)
    return ArticleView(
        id=a.id,
        url=web_url(a.url),
        title=a.title,
        authors=tuple(a.authors or ()),
        published_at=a.published_at,
        source=Outlet(a.source.id, a.source.name, a.source.domain) if a.source else None,
        image=web_url(a.image),
        text=a.text,
        html=reading_html(a.html, a.text),
        embeds=tuple(_embed(e) for e in a.embeds or ()),
        content_source=a.content_source,
        content_reason=a.content_reason,
        extraction_error=a.extraction_error,
    )
