"""Articles that came from no feed (imported, demo), grouped by their outlet for reader clients.

The ``all`` stream of ``streams`` includes them, so a client that lists feeds (Google Reader,
Fever) needs a place for them: one stream per outlet (``Stream("outlet", source_id=…)``, 0 for
articles of no outlet). Muted outlets are left out, as the ``all`` stream leaves them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max

from broadsheet.storage.models import Article, Source
from broadsheet.storage.reader.streams import Stream, StreamFilter, _filtered

__all__ = ["OutletRow", "article_outlets", "outlet_unread_counts", "outlets"]


@dataclass(frozen=True)
class OutletRow:
    """An outlet holding articles of no feed: id (0 for none), name, domain and site address."""

    source_id: int
    name: str
    domain: str
    site_url: str


def outlets(user_id: int) -> list[OutletRow]:
    """Return the outlets with articles of no feed in the reader's ``all`` stream, by id."""
    qs = _filtered(user_id, Stream("all"), StreamFilter()).filter(feed_id__isnull=True)
    ids = set(qs.order_by().values_list("source_id", flat=True).distinct())
    named = Source.objects.filter(id__in=[i for i in ids if i])
    rows = [OutletRow(*row) for row in named.values_list("id", "name", "domain", "site_url")]
    if None in ids:
        rows.append(OutletRow(0, "", "", ""))
    return sorted(rows, key=lambda row: row.source_id)


def outlet_unread_counts(user_id: int) -> list[tuple[int, int, datetime]]:
    """Return (outlet id or 0, unread articles of no feed, newest time) for each such outlet."""
    qs = (
        _filtered(user_id, Stream("all"), StreamFilter(exclude_read=True))
        .filter(feed_id__isnull=True)
        .values("source_id")
        .annotate(n=Count("id"), newest=Max("published_at"))
        .order_by("source_id")
    )
    return [(row["source_id"] or 0, row["n"], row["newest"]) for row in qs]


def article_outlets(ids: Sequence[int]) -> dict[int, int]:
    """Return the outlet id (0 for none) of each given article that came from no feed."""
    qs = Article.objects.filter(id__in=list(ids), feed_id__isnull=True)
    return {a: s or 0 for a, s in qs.values_list("id", "source_id")}
