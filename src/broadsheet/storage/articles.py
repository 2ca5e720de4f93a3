"""Articles: storing feed items and imports once, extraction results, export and reading."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import In
from django.utils import timezone

from broadsheet.errors import NotFoundError
from broadsheet.storage._feed_items import (
    FeedDocument,
    StoreResult,
    store_feed_documents,
    store_feed_items,
)
from broadsheet.storage._feed_items import key_hash as _key_hash
from broadsheet.storage._feed_items import seen_at as _published
from broadsheet.storage.feeds import OutletRef, source_for
from broadsheet.storage.models import Article, Feed, Work

__all__ = [
    "ArticleForExtraction",
    "FeedDocument",
    "ImportedArticle",
    "StoreResult",
    "existing_ids",
    "export_rows",
    "extraction_outcomes",
    "for_extraction",
    "get_article",
    "imported_already",
    "newest",
    "save_extraction",
    "save_page",
    "store_feed_documents",
    "store_feed_items",
    "store_imported",
]


@dataclass(frozen=True)
class ArticleForExtraction:
    """What the extraction step needs to know about one article."""

    id: int
    url: str
    feed_html: str  # raw, as the feed or import file gave it: for the extractor only
    title: str
    imported: bool
    text: str  # an imported article's own text ("" for feed items)


@dataclass(frozen=True)
class ImportedArticle:
    """An already-fetched article from ``broadsheet import-articles``, validated."""

    url: str
    title: str
    text: str
    html: str
    published: datetime | None
    published_raw: str
    source: str
    source_url: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    language: str
    image: str
    extra: dict[str, Any]
    display_html: str = ""  # the sanitised reading HTML shown until extraction replaces it
    outlet: OutletRef | None = None  # its publisher, as the pipeline identified it
    feed_url: str = ""  # the feed it came from, when this instance follows that feed


def store_imported(record: ImportedArticle) -> tuple[int, bool]:
    """Store an imported article once (keyed by URL); return its id and whether it was new."""
    now = timezone.now()
    key = record.url
    fields: dict[str, Any] = {
        "item_key": key,
        "key_kind": "link",
        "url": record.url,
        "title": record.title[:5000],
        "authors": list(record.authors),
        "categories": list(record.categories),
        "image": record.image[:2000],
        "language": record.language[:35],
        "published_at": _published(record.published, now),
        "published_raw": record.published_raw[:200],
        "feed_content_html": record.html,
        "html": record.display_html,
        "text": record.text,
        "extra": record.extra,
        "updated_at": now,
        "item_hash": _key_hash(record.title + "\0" + record.text + "\0" + record.html),
        "extraction_status": "pending",
    }
    feed = (
        Feed.objects.filter(url=record.feed_url).values("id", "source_id").first()
        if record.feed_url
        else None
    )
    if feed is not None:  # a feed this instance follows: the article is that feed's
        fields["feed_id"] = feed["id"]
    if feed is not None and feed["source_id"] is not None:  # and its publisher the feed's
        fields["source_id"] = feed["source_id"]
    elif record.outlet is not None:  # without one, a re-import keeps the article's outlet
        fields["source"] = source_for(record.outlet)
    with transaction.atomic():
        article, created = Article.objects.update_or_create(
            origin="import",
            key_hash=_key_hash(key),
            defaults=fields,
            create_defaults=fields | {"discovered_at": now},
        )
    return article.id, created


def imported_already(records: Sequence[ImportedArticle]) -> dict[str, tuple[int, bool]]:
    """Return, by URL, the records stored unchanged by an earlier import: each one's ID and
    whether its pipeline work is still to finish (an import resumed after an interruption)."""
    by_key = {_key_hash(r.url): r for r in records}
    rows = Article.objects.filter(origin="import", key_hash__in=list(by_key)).values_list(
        "key_hash", "id", "item_hash"
    )
    same = {
        key: article_id
        for key, article_id, item_hash in rows
        if item_hash
        == _key_hash(by_key[key].title + "\0" + by_key[key].text + "\0" + by_key[key].html)
    }
    busy = set(
        Work.objects.filter(article_id__in=list(same.values())).values_list("article_id", flat=True)
    )
    return {by_key[key].url: (i, i in busy) for key, i in same.items()}


def newest_first(published: dict[int, datetime | None]) -> list[int]:
    """Article IDs ordered as listings order them: newest first, undated last, ties by higher ID."""
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(
        published, key=lambda a: (published[a] is not None, published[a] or epoch, a), reverse=True
    )


def for_extraction(article_id: int) -> ArticleForExtraction | None:
    """Return what extraction needs for an article, or None if it no longer exists."""
    row = (
        Article.objects.filter(id=article_id)
        .values_list(
            "id", "url", "feed_content_html", "feed_summary_html", "title", "origin", "text"
        )
        .first()
    )
    if row is None:
        return None
    article_id, url, content, summary, title, origin, text = row
    imported = origin == "import"
    return ArticleForExtraction(
        id=article_id,
        url=url,
        feed_html=content or summary,
        title=title,
        imported=imported,
        text=text if imported else "",
    )


def save_extraction(
    article_id: int,
    *,
    text: str,
    html: str,
    source: str,
    reason: str,
    status: str,
    error: str = "",
    embeds: Sequence[dict[str, Any]] = (),
    metadata: dict[str, Any] | None = None,
    raw_html: bytes | None = None,
    site_name: str = "",
) -> None:
    """Store the chosen text of an article, why it was chosen, and the compressed raw page.

    ``site_name`` is the name the page gives its site (kept in ``extra`` to name the outlet).
    """
    fields: dict[str, Any] = {
        "text": text,
        "html": html,
        "content_source": source,
        "content_reason": reason,
        "extraction_status": status,
        "extraction_error": error[:2000],
        "embeds": list(embeds),
        "word_count": len(text.split()),
        "extracted_at": timezone.now(),
    }
    if raw_html is not None:
        fields["raw_html"] = zlib.compress(raw_html, 6)
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(id=article_id).first()
        if article is None:
            return
        for name, value in (metadata or {}).items():
            if value and not getattr(article, name):
                fields[name] = value
        extra = article.extra if isinstance(article.extra, dict) else {}
        if site_name and extra.get("site_name") != site_name[:300]:
            fields["extra"] = {**extra, "site_name": site_name[:300]}
        Article.objects.filter(id=article_id).update(**fields)


def existing_ids(ids: Sequence[int]) -> list[int]:
    """Return the given article IDs that exist, in the order given, each once."""
    found = set(Article.objects.filter(id__in=list(ids)).values_list("id", flat=True))
    return [i for i in dict.fromkeys(ids) if i in found]


def extraction_outcomes(ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Return each article's content source and extraction error."""
    rows = Article.objects.filter(id__in=list(ids)).values_list(
        "id", "content_source", "extraction_error"
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def save_page(article_id: int, page: bytes) -> None:
    """Store an article's fetched page (compressed), for extraction now and re-extraction later."""
    Article.objects.filter(id=article_id).update(raw_html=zlib.compress(page, 6))


def raw_html(article_id: int) -> bytes | None:
    """Return the stored page HTML of an article, decompressed, if any."""
    blob = Article.objects.filter(id=article_id).values_list("raw_html", flat=True).first()
    return zlib.decompress(bytes(blob)) if blob else None


def get_article(article_id: int) -> Article:
    """Return one article with its outlet and feed, or raise NotFoundError."""
    article = (
        Article.objects.select_related("source", "feed")
        .defer("raw_html")
        .filter(id=article_id)
        .first()
    )
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    return article


def not_copies(qs: QuerySet[Article]) -> QuerySet[Article]:
    """Leave out exact copies (another feed's or URL's copy of a stored article) from a listing."""
    return qs.filter(Q(signature__isnull=True) | Q(signature__duplicate_of__isnull=True))


FEW_FEEDS = 10  # a list of up to this many feeds reads each feed's index (see newest)


def newest(
    limit: int = 50,
    before: tuple[datetime, int] | None = None,
    feeds: QuerySet[Any, Any] | None = None,
) -> list[Article]:
    """Return the newest articles, exact copies left out (keyset paging: older than ``before``);
    ``feeds``, a subquery of feed ids, keeps only those feeds' articles."""
    qs = not_copies(
        Article.objects.select_related("source").defer(
            "raw_html", "html", "feed_content_html", "feed_summary_html"
        )
    )
    if feeds is not None:
        # Few feeds: read each one's newest articles from the (feed, published) index. More:
        # walk the newest-first index and test each row (``feed_id + 0`` keeps SQLite off the
        # feed index, which would read and sort every article of every followed feed: 4 s
        # against 33 ms for a reader of 1,650 feeds at 200,000 articles).
        column = F("feed_id") if feeds.count() <= FEW_FEEDS else F("feed_id") + 0
        qs = qs.filter(In(column, feeds))
    if before is not None:
        when, article_id = before
        qs = qs.filter(published_at__lt=when) | qs.filter(published_at=when, id__lt=article_id)
    return list(qs.order_by("-published_at", "-id")[:limit])


def count() -> int:
    """Return how many articles are stored."""
    return Article.objects.count()


def export_row(a: Article) -> dict[str, Any]:
    """Return one article (loaded with its source and feed) as a plain dict of every base field."""
    return {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "authors": a.authors,
        "published": a.published_at.isoformat() if a.published_at else None,
        "published_raw": a.published_raw or None,
        "updated_raw": a.updated_raw or None,
        "discovered": a.discovered_at.isoformat(),
        "source": a.source.name if a.source else None,
        "source_domain": a.source.domain if a.source else None,
        "feed_url": a.feed.url if a.feed else None,
        "origin": a.origin,
        "item_key": a.item_key,
        "key_kind": a.key_kind,
        "language": a.language or None,
        "image": a.image or None,
        "categories": a.categories,
        "text": a.text,
        "html": a.html,
        "word_count": a.word_count,
        "embeds": a.embeds,
        "content_source": a.content_source,
        "content_reason": a.content_reason,
        "extraction_status": a.extraction_status,
        "extraction_error": a.extraction_error or None,
        "extra": a.extra,
    }


def export_rows(ids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
    """Yield every stored article (or the given ones, in id order) with every base field."""
    qs = Article.objects.select_related("source", "feed").defer("raw_html").order_by("id")
    if ids is not None:
        qs = qs.filter(id__in=list(ids))
    for a in qs.iterator(chunk_size=500):
        yield export_row(a)
