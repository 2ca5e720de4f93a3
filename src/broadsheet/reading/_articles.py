"""Articles as every output lists and shows them: cards, feed entries and the full detail.

Each view model is built from storage rows once per request (one query for the articles; the
detail adds one per concern table) and carries only the safe forms: reading HTML through
``reading_html`` and URL fields that are absolute http(s) addresses or empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from broadsheet.errors import NotFoundError
from broadsheet.reading._html import reading_html
from broadsheet.storage.articles import existing_ids
from broadsheet.storage.reader import rows
from broadsheet.untrusted import web_url

__all__ = [
    "ArticleCard",
    "ArticleDetail",
    "ArticleEntry",
    "ArticlePage",
    "article_cards",
    "article_detail",
    "article_entries",
    "article_page",
    "has_article",
    "latest_entries",
]

# Export fields that may hold an address or None; one that is not a web address is served as None.
OPTIONAL_URLS = ("image", "feed_url", "canonical_url")


@dataclass(frozen=True)
class ArticleCard:
    """One article in a list: enough to show a headline and link to it."""

    id: int
    url: str
    title: str
    source: str | None
    source_id: int | None
    feed_id: int | None
    published: datetime | None
    authors: tuple[str, ...]
    language: str
    image: str
    word_count: int


@dataclass(frozen=True)
class ArticleEntry(ArticleCard):
    """An article as an outgoing feed carries it: its card and its safe reading HTML."""

    html: str


@dataclass(frozen=True)
class ArticlePage:
    """One page of article cards, newest first, with how many match in all (``exact`` is
    False when ``total`` comes from a cache and may lag behind new articles)."""

    items: tuple[ArticleCard, ...]
    total: int
    exact: bool


@dataclass(frozen=True)
class ArticleDetail:
    """One article with every exported field (each concern's too), read-only.

    ``fields["html"]`` is the reading HTML (sanitised, or the text as escaped paragraphs) and
    every URL field an http(s) address or None: the raw feed markup is never among them.
    """

    id: int
    fields: Mapping[str, Any]


def _card_fields(s: rows.ArticleSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "url": web_url(s.url),
        "title": s.title,
        "source": s.source,
        "source_id": s.source_id,
        "feed_id": s.feed_id,
        "published": s.published,
        "authors": tuple(s.authors or ()),
        "language": s.language,
        "image": web_url(s.image),
        "word_count": s.word_count,
    }


def _card(s: rows.ArticleSummary) -> ArticleCard:
    return ArticleCard(**_card_fields(s))


def _entry(s: rows.ArticleSummary) -> ArticleEntry:
    return ArticleEntry(**_card_fields(s), html=reading_html(s.html))


def article_page(
    limit: int,
    offset: int = 0,
    *,
    feed_id: int | None = None,
    source_id: int | None = None,
    before: tuple[datetime, int] | None = None,
    feeds_of: int | None = None,
) -> ArticlePage:
    """Return article cards newest first, optionally of one feed or outlet, of the feeds the
    reader ``feeds_of`` follows, and older than ``before`` (published, id); the unfiltered total
    may lag a minute behind."""
    found = rows.article_page(
        limit, offset, feed_id=feed_id, source_id=source_id, before=before, feeds_of=feeds_of
    )
    return ArticlePage(tuple(_card(s) for s in found.items), found.total, found.exact)


def article_cards(ids: Sequence[int]) -> list[ArticleCard]:
    """Return the cards of the given articles in the order given; unknown ids are left out."""
    return [_card(s) for s in rows.summaries(ids)]


def article_entries(ids: Sequence[int]) -> list[ArticleEntry]:
    """Return the given articles as feed entries in the order given; unknown ids are left out."""
    return [_entry(s) for s in rows.summaries(ids)]


def latest_entries(limit: int) -> list[ArticleEntry]:
    """Return the newest articles of every feed as feed entries, newest first."""
    return [_entry(s) for s in rows.article_page(limit).items]


def has_article(article_id: int) -> bool:
    """Return whether the article exists."""
    return bool(existing_ids([article_id]))


def _safe_embed(embed: Any) -> Any:
    if isinstance(embed, dict) and "url" in embed:
        return {**embed, "url": web_url(embed["url"]) or None}
    return embed


def _safe_fields(row: dict[str, Any]) -> dict[str, Any]:
    safe = dict(row)
    safe["html"] = reading_html(row.get("html") or "", row.get("text") or "")
    safe["url"] = web_url(row.get("url"))
    for name in OPTIONAL_URLS:
        if name in safe:
            safe[name] = web_url(safe[name]) or None
    if isinstance(safe.get("embeds"), list):
        safe["embeds"] = [_safe_embed(e) for e in safe["embeds"]]
    if isinstance(safe.get("related"), list):
        safe["related"] = [_safe_embed(r) for r in safe["related"]]
    return safe


def article_detail(article_id: int) -> ArticleDetail:
    """Return one article with every exported field, or raise NotFoundError."""
    found = rows.article_rows([article_id])
    if not found:
        raise NotFoundError(f"no article with id {article_id}")
    return ArticleDetail(article_id, MappingProxyType(_safe_fields(found[0])))
