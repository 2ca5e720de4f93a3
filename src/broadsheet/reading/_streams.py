"""One reader's streams as a Google Reader client sees them: subscriptions, items, counts.

A stream is everything the reader follows, one feed, one folder, the saved (starred) articles
or the read ones (``Stream``), narrowed by ``StreamFilter``. Items carry the reading HTML and
http(s) links only; the reader's own changes to a subscription (unfollowing it, its title and
folder) are here too, while adding a feed to the instance is the pipeline's ``subscribe``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from broadsheet.reading._html import reading_html
from broadsheet.reading._rule_check import rule_check, unread_hidden, visible_page
from broadsheet.reading._unread import (
    feed_stats,
    feed_unread,
    followed_feeds,
    followed_ids,
    kept_for_reader,
)
from broadsheet.storage.reader import streams
from broadsheet.storage.reader.streams import Stream, StreamFilter
from broadsheet.untrusted import web_url

__all__ = [
    "ItemRef",
    "ReaderItem",
    "ReaderSubscription",
    "Stream",
    "StreamFilter",
    "UnreadCount",
    "feed_id_for",
    "follow_feed",
    "hidden_unread_counts",
    "item_refs",
    "label_feed",
    "reader_items",
    "reader_subscriptions",
    "unfollow_feed",
    "unread_counts",
]


@dataclass(frozen=True)
class ReaderSubscription:
    """One feed as the reader sees it: their own title and folder if they set one."""

    feed_id: int
    url: str
    title: str
    site_url: str
    folder: str


@dataclass(frozen=True)
class ItemRef:
    """An article's id and time, for paging a stream."""

    id: int
    published: datetime
    feed_id: int | None


@dataclass(frozen=True)
class ReaderItem:
    """An article with the reader's state; ``html`` is the reading HTML, links are http(s)."""

    id: int
    url: str
    title: str
    html: str
    authors: tuple[str, ...]
    published: datetime
    updated: datetime
    feed_id: int | None
    feed_title: str
    feed_url: str
    site_url: str
    read: bool
    saved: bool
    folder: str
    image: str = ""  # the article's image (thumbnail in lists): an http(s) address or empty


@dataclass(frozen=True)
class UnreadCount:
    """How many articles of one followed feed the reader has not read, and the newest one's time."""

    feed_id: int
    count: int
    newest: datetime


def reader_subscriptions(user_id: int) -> list[ReaderSubscription]:
    """Return the feeds the reader follows (every feed but those they unfollowed), by id: kept
    per reader until they follow, unfollow or rename one (``_unread.kept_for_reader``)."""

    def listed() -> list[ReaderSubscription]:
        return [
            ReaderSubscription(s.feed_id, web_url(s.url), s.title, web_url(s.site_url), s.folder)
            for s in streams.subscriptions(user_id)
        ]

    return kept_for_reader("subscriptions", user_id, listed, new_articles=False)


def feed_id_for(ref: str) -> int:
    """Return the feed id for a numeric id or a feed URL, or raise NotFoundError."""
    return streams.feed_id_for(ref)


def item_refs(
    user_id: int,
    stream: Stream,
    flt: StreamFilter,
    limit: int,
    after: tuple[datetime, int] | None = None,
) -> tuple[list[ItemRef], tuple[datetime, int] | None]:
    """Return one page of the stream's articles the reader's rules do not hide and the (time,
    id) cursor of the next page (or None); a page may hold fewer than ``limit`` when rules hide
    some, never skipping or repeating one (``_rule_check.visible_page``).

    A page is kept for the reader until they act (mark, save, follow, mute: their version), an
    article arrives, their rules change or ``_unread.READER_SECONDS`` pass: finding a page of a
    reader's unread articles reads and sorts every unread article of their feeds (20-60 ms at
    1M articles for readers of 30-200 feeds)."""
    check = rule_check(user_id)

    def fetch(
        n: int, at: tuple[datetime, int] | None
    ) -> tuple[list[streams.ItemRef], tuple[datetime, int] | None]:
        return streams.item_refs(user_id, stream, flt, n, at)

    def page() -> tuple[list[ItemRef], tuple[datetime, int] | None]:
        refs, following = visible_page(
            check, fetch, lambda r: r.id, lambda r: (r.published, r.id), limit, after
        )
        return [ItemRef(r.id, r.published, r.feed_id) for r in refs], following

    asked = repr((stream, flt, limit, after, check.fingerprint if check else ""))
    kind = "stream-page:" + hashlib.sha256(asked.encode()).hexdigest()[:24]
    return kept_for_reader(kind, user_id, page)


def reader_items(user_id: int, ids: Sequence[int], *, with_html: bool = True) -> list[ReaderItem]:
    """Return the given articles with the reader's state, in the order given (unknown ids left
    out); each item's HTML is sanitised, or its text as escaped paragraphs (``with_html=False``:
    empty, for lists that show headlines only)."""
    return [
        ReaderItem(
            id=i.id,
            url=web_url(i.url),
            title=i.title,
            html=reading_html(i.html, i.text) if with_html else "",
            authors=tuple(i.authors or ()),
            published=i.published,
            updated=i.updated,
            feed_id=i.feed_id,
            feed_title=i.feed_title,
            feed_url=web_url(i.feed_url),
            site_url=web_url(i.site_url),
            read=i.read,
            saved=i.saved,
            folder=i.folder,
            image=web_url(i.image),
        )
        for i in streams.items(user_id, ids, with_text=with_html, followed=followed_feeds(user_id))
    ]


def unread_counts(
    user_id: int, hidden: tuple[dict[int, int], dict[int, int]] | None = None
) -> list[UnreadCount]:
    """Return the unread count and newest article time of each followed feed with unread ones.

    A feed's count is its articles (with a time) minus those the reader read and those of
    outlets they muted: what its stream holds unread. The per-feed totals and newest times are
    one scan shared by every reader, recounted as soon as an article is stored (counting unread
    per article for each reader took 20 s over 1M articles in SQLite). Unread articles the
    reader's rules hide are left out as their streams leave them out (``hidden``: what
    ``hidden_unread_counts`` returns, read here when not given)."""
    ids = followed_ids(user_id)  # not their titles and folders: thousands for some
    stats, unread_of = feed_stats(), feed_unread(user_id, ids)
    per_feed = (hidden or hidden_unread_counts(user_id))[0]
    counts = []
    for feed_id in sorted(ids):
        newest = stats.get(feed_id, (0, None))[1]
        unread = unread_of.get(feed_id, 0) - per_feed.get(feed_id, 0)
        if unread > 0 and newest is not None:
            counts.append(UnreadCount(feed_id, unread, newest))
    return counts


def hidden_unread_counts(user_id: int) -> tuple[dict[int, int], dict[int, int]]:
    """Return how many unread articles the reader's rules hide, per feed and per outlet of
    feedless articles (0 for none): a count of their stored matches (the rules step's and
    backfill's), kept per reader until they act or an article arrives; nothing for a reader
    without rules."""
    check = rule_check(user_id)
    if check is None:
        return {}, {}
    return kept_for_reader(
        f"hidden-unread:{check.fingerprint}", user_id, lambda: unread_hidden(user_id)
    )


def unfollow_feed(user_id: int, feed_id: int) -> None:
    """Stop showing a feed to this reader; the shared feed and its articles stay."""
    streams.hide_feed(user_id, feed_id)


def follow_feed(user_id: int, feed_id: int) -> None:
    """Show a feed the instance already has to this reader (again)."""
    streams.hide_feed(user_id, feed_id, hidden=False)


def label_feed(
    user_id: int, feed_id: int, *, title: str | None = None, folder: str | None = None
) -> None:
    """Set the reader's own title and/or folder for a feed (an empty string clears it)."""
    streams.label_feed(user_id, feed_id, title=title, folder=folder)
