"""Unread counts per followed feed, kept per reader: the sidebar's, the feeds page's, Google
Reader's ``unread-count`` and Fever's ``total_items`` read them here.

Unread has a horizon (``BROADSHEET_UNREAD_DAYS``, as Feedly and NewsBlur have one): articles
published before it count as read. A feed's count is its articles since the horizon (shared by
every reader, one scan of the horizon's rows) less the reader's read states among them (the
reader's states from the horizon's first id on) and their muted outlets' unread ones. What is
kept for a reader is keyed by the horizon's hour and their state version, which each of their
own marks, saves, mutes and follows changes (a click shows at once); what a new article changes
(their counted feeds, Fever's total and unread ids) by the newest article id too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from broadsheet.reading._cache import remember
from broadsheet.storage.reader import fever, streams
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.reader import subscriptions as subs

__all__ = [
    "feed_stats",
    "feed_unread",
    "followed_feeds",
    "followed_ids",
    "kept_for_reader",
    "reading_list_total",
    "unread_horizon",
]

T = TypeVar("T")

SHARED_SECONDS = 300  # deleted articles leave the shared per-feed totals within this long
READER_SECONDS = 60  # a reader's counts, unless they act or an article arrives
# What new articles do not change (their read counts, their feed list) is kept longer: their own
# acts change the version at once; deleted articles and a staff rename show within this long.
STEADY_SECONDS = 300


def unread_horizon() -> datetime:
    """Articles published before this count as read (``BROADSHEET_UNREAD_DAYS`` ago)."""
    return reader.unread_since()


def _reader_key(kind: str, user_id: int, *, newest: bool = True) -> str:
    since = int(unread_horizon().timestamp())
    stored = subs.newest_article_id() if newest else "-"
    return f"reading:{kind}:{user_id}:{since}:{stored}:{reader.state_version(user_id)}"


def kept_for_reader(
    kind: str,
    user_id: int,
    compute: Callable[[], T],
    *,
    new_articles: bool = True,
    fresh: int | None = None,
) -> T:
    """``compute()`` for this reader, kept until they act or the horizon moves, and then until
    an article arrives or ``READER_SECONDS`` pass (``new_articles``), else ``STEADY_SECONDS``
    (or ``fresh`` seconds when given)."""
    if fresh is None:
        fresh = READER_SECONDS if new_articles else STEADY_SECONDS
    return remember(_reader_key(kind, user_id, newest=new_articles), fresh, compute)


def followed_feeds(user_id: int) -> dict[int, streams.Subscription]:
    """The reader's subscriptions (their titles and folders) by feed, kept until they follow,
    unfollow or rename one (their version) or ``STEADY_SECONDS`` pass (a staff change to a
    shared feed): reading them for each page of items cost 4-5 ms at 1M articles."""

    def listed() -> dict[int, streams.Subscription]:
        return {s.feed_id: s for s in streams.subscriptions(user_id)}

    return kept_for_reader("followed-feeds", user_id, listed, new_articles=False)


def followed_ids(user_id: int) -> list[int]:
    """The ids of the feeds the reader follows, ascending (``followed_feeds``' keys)."""
    return sorted(followed_feeds(user_id))


def feed_stats() -> dict[int, tuple[int, datetime]]:
    """(Articles since the horizon, newest time) per feed, shared by every reader."""
    since = unread_horizon()
    key = f"reading:feed-stats:{int(since.timestamp())}:{subs.newest_article_id()}"
    return remember(key, SHARED_SECONDS, lambda: streams.feed_article_stats(since))


def feed_unread(user_id: int, feed_ids: Sequence[int]) -> dict[int, int]:
    """Unread articles per followed feed (since the horizon, less read and muted ones): the
    reader's read counts are kept until they act or ``STEADY_SECONDS`` pass."""
    ids = sorted(set(feed_ids))
    since = unread_horizon()
    # A new article arrives unread: the reader's read counts do not change with it, only with
    # their own marks (the version) and the horizon, so they are kept across new articles while
    # the shared totals are recounted once for every reader.
    key = _reader_key("read-counts", user_id, newest=False) + f":{hash(tuple(ids)) & 0xFFFFFFF}"
    read = remember(key, STEADY_SECONDS, lambda: subs.read_counts(user_id, ids, since))
    stats = feed_stats()
    muted = kept_for_reader(  # the outlet index (25 ms for some readers at 1M); none muted: none
        f"muted-unread:{hash(tuple(ids)) & 0xFFFFFFF}",
        user_id,
        lambda: subs.muted_unread_counts(user_id, ids, since),
    )
    return {f: max(0, stats.get(f, (0, None))[0] - read.get(f, 0) - muted.get(f, 0)) for f in ids}


def reading_list_total(user_id: int) -> int:
    """How many articles the reader's reading list holds (Fever ``total_items``), kept per
    reader as the unread counts are: its count reads every followed feed's index entries."""
    key = _reader_key("reading-list-total", user_id)
    return remember(key, READER_SECONDS, lambda: fever.stream_count(user_id, streams.Stream("all")))
