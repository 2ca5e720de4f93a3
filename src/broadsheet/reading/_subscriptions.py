"""A reader's own feeds as the pages show them: the sidebar, the feeds page, a feed's articles.

Everything here is one reader's: the feeds they follow (the instance's ones they kept and their
own), under their own titles and folders, with their unread counts. A folder is a path written
with ``/``; the sidebar shows each folder once with its feeds under it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime

from broadsheet.errors import NotFoundError
from broadsheet.reading._feeds import FeedCard, feed_cards
from broadsheet.reading._rule_check import rule_check
from broadsheet.reading._streams import ReaderItem, hidden_unread_counts, reader_items
from broadsheet.reading._unread import feed_unread, kept_for_reader
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.reader import streams
from broadsheet.storage.reader import subscriptions as subs
from broadsheet.storage.search import browse
from broadsheet.untrusted import web_url

__all__ = [
    "FeedListing",
    "MutedOutlet",
    "MyFeed",
    "Sidebar",
    "SidebarFolder",
    "feed_listing",
    "muted_outlet_list",
    "my_feeds",
    "sidebar",
]


@dataclass(frozen=True)
class MyFeed:
    """One feed the reader follows: their title and folder, unread count and how it is fetched."""

    feed_id: int
    title: str
    url: str
    site_url: str
    folder: str
    unread: int
    private: bool
    may_edit: bool  # staff, or this reader is its only follower
    fetch_pages: bool
    interval_minutes: int | None  # fixed; None: learnt from the feed
    health: str
    health_message: str
    card: FeedCard | None  # article count and schedule, on the feeds page only


@dataclass(frozen=True)
class SidebarFolder:
    """A folder with its feeds and their unread total; the folder named "" holds the loose ones."""

    name: str
    unread: int
    feeds: tuple[MyFeed, ...]


@dataclass(frozen=True)
class Sidebar:
    """The reader's folders and feeds with unread counts, for every page's side column."""

    folders: tuple[SidebarFolder, ...]
    unread: int


@dataclass(frozen=True)
class FeedListing:
    """One page of a feed's, a folder's or all unread articles, and the cursor of the next page."""

    title: str
    kind: str  # feed | folder | unread
    items: tuple[ReaderItem, ...]
    next_cursor: tuple[datetime, int] | None
    unread_only: bool
    feed: MyFeed | None = None
    folder: str = ""


def _unread(user_id: int, feed_ids: list[int]) -> dict[int, int]:
    """Unread articles per followed feed since the unread horizon, less those read or muted
    (kept per reader until they act: ``_unread.feed_unread``) and those their filter rules
    hide (their stored matches, ``hidden_unread_counts``)."""
    hidden = hidden_unread_counts(user_id)[0]
    counts = feed_unread(user_id, feed_ids)
    return {f: max(0, n - hidden.get(f, 0)) for f, n in counts.items()}


def my_feeds(user_id: int, *, staff: bool = False, with_health: bool = True) -> list[MyFeed]:
    """Return the feeds the reader follows, by folder then title (without their health cards:
    kept per reader until they act, as the unread counts are)."""
    if with_health:
        return _counted(user_id, _my_feeds(user_id, staff, True))
    kind = "my-feeds-staff" if staff else "my-feeds"

    def rows() -> list[MyFeed]:  # the list is kept across new articles, not its counts
        return kept_for_reader(
            kind, user_id, lambda: _my_feeds(user_id, staff, False), new_articles=False
        )

    check = rule_check(user_id)  # a rule change shows in the counts at once
    counted = f"{kind}-counted:{check.fingerprint if check else ''}"
    return kept_for_reader(counted, user_id, lambda: _counted(user_id, rows()))


def _counted(user_id: int, rows: list[MyFeed]) -> list[MyFeed]:
    unread = _unread(user_id, [f.feed_id for f in rows])
    return [replace(f, unread=unread.get(f.feed_id, 0)) for f in rows]


def _my_feeds(user_id: int, staff: bool, with_health: bool) -> list[MyFeed]:
    cards = {c.id: c for c in feed_cards()} if with_health else {}
    followed = streams.subscriptions(user_id)
    ids = [s.feed_id for s in followed]
    known = subs.settings_for(ids)
    out = []
    for s in followed:
        settings = known.get(s.feed_id)
        if settings is None:  # deleted meanwhile
            continue
        out.append(
            MyFeed(
                feed_id=s.feed_id,
                title=s.title,
                url=web_url(s.url),
                site_url=web_url(s.site_url),
                folder=s.folder,
                unread=0,  # filled in by my_feeds
                private=settings.private,
                may_edit=staff or settings.subscribers == (user_id,),
                fetch_pages=settings.fetch_pages,
                interval_minutes=settings.interval_minutes,
                health=settings.health,
                health_message=settings.health_message,
                card=cards.get(s.feed_id),
            )
        )
    return sorted(out, key=lambda f: (f.folder.lower(), f.title.lower()))


def sidebar(user_id: int) -> Sidebar:
    """Return the reader's folders (loose feeds first) with their feeds and unread counts."""
    groups: dict[str, list[MyFeed]] = {}
    for feed in my_feeds(user_id, with_health=False):
        groups.setdefault(feed.folder, []).append(feed)
    folders = tuple(
        SidebarFolder(name, sum(f.unread for f in feeds), tuple(feeds))
        for name, feeds in sorted(groups.items(), key=lambda kv: kv[0].lower())
    )
    return Sidebar(folders, sum(f.unread for f in folders))


def feed_listing(
    user_id: int,
    *,
    feed_id: int | None = None,
    folder: str = "",
    unread_only: bool = False,
    limit: int = 50,
    after: tuple[datetime, int] | None = None,
    staff: bool = False,
) -> FeedListing:
    """Return one page of one followed feed, one folder or (neither given) every unread article."""
    flt = streams.StreamFilter(exclude_read=unread_only or (feed_id is None and not folder))
    feed = None
    if feed_id is not None:
        mine = my_feeds(user_id, staff=staff, with_health=False)
        feed = next((f for f in mine if f.feed_id == feed_id), None)
        if feed is None:
            raise NotFoundError(f"you do not follow feed {feed_id}")
        stream, kind, title = streams.Stream("feed", feed_id), "feed", feed.title
    elif folder:
        if folder not in {f.folder for f in my_feeds(user_id, staff=staff, with_health=False)}:
            raise NotFoundError(f"you have no folder {folder[:200]!r}")
        stream, kind, title = streams.Stream("label", label=folder), "folder", folder
    else:
        stream, kind, title = streams.Stream("all"), "unread", "Unread"
    refs, cursor = kept_for_reader(  # until they act or an article arrives (``item_refs``)
        "listing-page:" + hashlib.sha256(repr((stream, flt, limit, after)).encode()).hexdigest(),
        user_id,
        lambda: streams.item_refs(user_id, stream, flt, limit, after),
    )
    items = tuple(reader_items(user_id, [r.id for r in refs], with_html=False))
    return FeedListing(title, kind, items, cursor, flt.exclude_read, feed, folder)


@dataclass(frozen=True)
class MutedOutlet:
    """An outlet the reader muted, to list with an Unmute button."""

    id: int
    domain: str
    name: str


def muted_outlet_list(user_id: int) -> list[MutedOutlet]:
    """Return the outlets the reader muted, by name."""
    ids = sorted(reader.muted_sources(user_id))
    return [MutedOutlet(s.id, s.domain, s.name or s.domain) for s in browse.sources_by_ids(ids)]
