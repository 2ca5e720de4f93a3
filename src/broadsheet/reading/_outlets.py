"""Where reader clients list the articles that came from no feed: one stream per outlet.

Imported and demo articles belong to no feed, yet the reading list shows them; a client that
shows feeds (Google Reader, Fever) lists each such outlet beside the feeds, so its counts and
its streams agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.reading._streams import UnreadCount, hidden_unread_counts
from broadsheet.reading._unread import kept_for_reader
from broadsheet.storage.reader import outlets
from broadsheet.untrusted import web_url

__all__ = ["ReaderOutlet", "item_outlets", "outlet_unread_counts", "reader_outlets"]

NO_OUTLET_TITLE = "Imported articles"


@dataclass(frozen=True)
class ReaderOutlet:
    """An outlet holding articles of no feed: its id (0 for none), title and http(s) site."""

    source_id: int
    title: str
    site_url: str


def _site(row: outlets.OutletRow) -> str:
    return web_url(row.site_url) or (web_url(f"https://{row.domain}/") if row.domain else "")


def reader_outlets(user_id: int) -> list[ReaderOutlet]:
    """Return the outlets whose feedless articles are in the reader's reading list, by id."""
    return [
        ReaderOutlet(r.source_id, r.name or r.domain or NO_OUTLET_TITLE, _site(r))
        for r in outlets.outlets(user_id)
    ]


def outlet_unread_counts(
    user_id: int, hidden: tuple[dict[int, int], dict[int, int]] | None = None
) -> list[UnreadCount]:
    """Return each such outlet's unread count and newest time (``feed_id`` holds the outlet id),
    leaving out the articles the reader's rules hide as the outlet's stream does (``hidden``
    as ``hidden_unread_counts`` returns it, read here when not given)."""
    per_outlet = (hidden or hidden_unread_counts(user_id))[1]
    counts = []
    # Kept per reader as their feeds' counts are: counting their feedless unread articles read
    # the horizon's articles of no feed (25 ms at 1M articles).
    stored = kept_for_reader(
        "outlet-unread", user_id, lambda: list(outlets.outlet_unread_counts(user_id))
    )
    for source_id, count, newest in stored:
        if (left := count - per_outlet.get(source_id, 0)) > 0:
            counts.append(UnreadCount(source_id, left, newest))
    return counts


def item_outlets(ids: Sequence[int]) -> dict[int, int]:
    """Return the outlet id (0 for none) of each given article that came from no feed."""
    return outlets.article_outlets(ids)
