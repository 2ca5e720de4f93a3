"""A reader's own subscriptions: follow by feed or site address, folders, OPML, and feed edits.

Every reader keeps their own list. Following a feed the instance has already is following it
(or showing it again); a new address becomes a private feed, fetched once however many readers
follow it and deleted with its last one (``storage.reader.subscriptions``). Titles and folders
are each reader's own. Changing how a feed is fetched (its address, refresh interval, pages or
feed text) or deleting it touches every follower, so :func:`may_edit_feed` allows it to staff
and to the only reader of a private feed; the command line is the operator's and is not asked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from broadsheet import config
from broadsheet.errors import (
    FeedEditError,
    InvalidURLError,
    NewFeedRefusedError,
    NotFoundError,
    PermissionDeniedError,
)
from broadsheet.opml import Subscription, parse_opml, write_opml
from broadsheet.pipeline._outlets import outlet_of, settle_names
from broadsheet.pipeline._subscribe import OPMLReport, Subscribed, find_feed, may_subscribe
from broadsheet.storage import feeds
from broadsheet.storage.reader import streams
from broadsheet.storage.reader import subscriptions as subs
from broadsheet.untrusted import url_problem, web_url, xml_text

log = logging.getLogger(__name__)

MIN_INTERVAL, MAX_INTERVAL = 5, 7 * 24 * 60
FOLDER_MAX = 200


@dataclass(frozen=True)
class FeedEdit:
    """What to change on a feed; None leaves a field alone (``interval`` 0: learn it again)."""

    title: str | None = None
    folder: str | None = None
    url: str | None = None
    interval: int | None = None
    fetch_pages: bool | None = None


def _folder(folder: str) -> str:
    parts = [p.strip() for p in folder.split("/") if p.strip()]
    return "/".join(parts)[:FOLDER_MAX]


def _existing(url: str) -> int | None:
    try:
        return streams.feed_id_for(url) if not url.isdigit() else None
    except NotFoundError:
        return None


def may_add_feeds(user_id: int | None) -> bool:
    """Whether this reader may add feed addresses the instance does not have yet."""
    return config.get().reader_feeds == "everyone" or may_subscribe(user_id)


def _ensure_may_add(user_id: int, url: str) -> None:
    # A new feed's articles reach the shared pages of every reader: with open sign-up, letting
    # any account add one would let anyone put content on everyone's front page.
    if not may_add_feeds(user_id):
        raise NewFeedRefusedError(
            f"{url[:200]} is not one of this Broadsheet's feeds, and only staff add new ones "
            "here: ask an administrator to add it (BROADSHEET_READER_FEEDS=staff)."
        )


def _follow(user_id: int, url: str, title: str, site_url: str) -> tuple[int, bool]:
    """Follow the feed at ``url`` (already checked to be one), creating a private feed if new."""
    feed_id = _existing(url)
    if feed_id is not None:
        return feed_id, subs.follow(user_id, feed_id, private=subs.is_private(feed_id))
    _ensure_may_add(user_id, url)
    feed_id, created = feeds.add_feed(
        url, title=title, site_url=site_url, outlet=outlet_of(url, site_url, title)
    )
    if not created:  # added by someone else a moment ago
        return feed_id, subs.follow(user_id, feed_id, private=subs.is_private(feed_id))
    subs.follow(user_id, feed_id, private=True)
    settle_names(feeds.outlets_of_feeds([feed_id]), pages=False)
    return feed_id, True


def subscribe_reader(user_id: int, url: str, folder: str = "") -> Subscribed:
    """Follow a feed given its address or its site's (the feed is discovered), in a folder."""
    url = url.strip()
    problem = url_problem(url)
    if problem:
        raise InvalidURLError(f"Cannot subscribe to {url[:200]!r}: {problem}.")
    known = _existing(url)
    if known is not None:
        new = subs.follow(user_id, known, private=subs.is_private(known))
        feed_url, title = url, subs.feed_settings(known).title
    else:
        feed_url, parsed = find_feed(url)
        title = parsed.title
        known, new = _follow(user_id, feed_url, parsed.title, parsed.site_url or "")
    if folder.strip():
        streams.label_feed(user_id, known, folder=_folder(folder))
    log.info("reader subscribed", extra={"feed_id": known, "user_id": user_id, "new": new})
    return Subscribed(known, new, feed_url, title)


def _follows(user_id: int, feed_id: int) -> bool:
    return subs.followed_feeds(user_id).filter(id=feed_id).exists()


def unsubscribe(user_id: int, feed_id: int) -> str:
    """Stop following a feed; return ``hidden``, ``left`` or ``deleted`` (its last reader left)."""
    if not _follows(user_id, feed_id):
        raise NotFoundError(f"you do not follow feed {feed_id}")
    return subs.unfollow(user_id, feed_id)


def may_edit_feed(user_id: int | None, feed_id: int) -> bool:
    """Whether the account may change how a feed is fetched or delete it for everyone."""
    if user_id is None:
        return False
    if may_subscribe(user_id):  # staff
        return True
    return subs.subscriber_ids(feed_id) == (user_id,)


def edit_feed(user_id: int | None, feed_id: int, edit: FeedEdit) -> None:
    """Apply an edit: title and folder are the reader's own (the feed's own for the operator,
    ``user_id`` None); address, interval and pages need :func:`may_edit_feed` for a reader."""
    subs.feed_settings(feed_id)  # NotFoundError for an unknown feed
    if user_id is not None and not _follows(user_id, feed_id) and not may_subscribe(user_id):
        raise NotFoundError(f"you do not follow feed {feed_id}")
    shared_change = (
        edit.url is not None or edit.interval is not None or edit.fetch_pages is not None
    )
    if user_id is not None and shared_change and not may_edit_feed(user_id, feed_id):
        raise PermissionDeniedError(
            "Other readers follow this feed, so only staff may change its address, refresh "
            "interval or page fetching; you can rename it or move it to a folder."
        )
    url = None
    if edit.url is not None:
        url = edit.url.strip()
        problem = url_problem(url)
        if problem:
            raise InvalidURLError(f"Cannot use {url[:200]!r} as the feed's address: {problem}.")
        other = _existing(url)
        if other is not None and other != feed_id:
            raise FeedEditError(f"feed {other} already has the address {url[:200]}")
    interval = edit.interval
    if interval is not None and interval and not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        raise FeedEditError(
            f"a refresh interval of {interval} minutes is out of range: choose {MIN_INTERVAL} "
            f"to {MAX_INTERVAL}, or 0 to let Broadsheet learn the feed's rhythm"
        )
    operator = user_id is None
    folder = _folder(edit.folder) if edit.folder is not None else None
    subs.set_feed(
        feed_id,
        url=url,
        title=edit.title if operator else None,
        interval_minutes=interval or None,
        learn_interval=interval == 0,
        fetch_pages=edit.fetch_pages,
        category=tuple(p for p in folder.split("/") if p)
        if operator and folder is not None
        else None,
    )
    if user_id is not None and (edit.title is not None or folder is not None):
        streams.label_feed(user_id, feed_id, title=edit.title, folder=folder)


def remove_feed(user_id: int | None, feed_id: int) -> tuple[int, int]:
    """Delete a feed for everyone, keeping the articles readers saved; return (deleted, kept)."""
    if user_id is not None and not may_edit_feed(user_id, feed_id):
        raise PermissionDeniedError(
            "Other readers follow this feed, so only staff may delete it; unsubscribe instead."
        )
    return subs.delete_feed(feed_id)


def import_reader_opml(user_id: int, data: bytes | str) -> OPMLReport:
    """Follow every feed of an OPML document, its outlines' folders as the reader's (no fetching)."""
    added = existing = 0
    refused: list[str] = []
    for sub in parse_opml(data):
        problem = url_problem(sub.feed_url)
        if problem:
            refused.append(f"{sub.feed_url[:200]!r}: {problem}")
            continue
        try:
            feed_id, new = _follow(
                user_id, web_url(sub.feed_url), xml_text(sub.title or ""), web_url(sub.site_url)
            )
        except NewFeedRefusedError:
            refused.append(f"{sub.feed_url[:200]!r}: not one of this Broadsheet's feeds")
            continue
        if sub.category:
            streams.label_feed(user_id, feed_id, folder=_folder("/".join(sub.category)))
        added += new
        existing += not new
    return OPMLReport(added, existing, tuple(refused))


def export_reader_opml(user_id: int) -> str:
    """Return the feeds the reader follows as OPML 2.0, in their own folders and titles."""
    return write_opml(
        [
            Subscription(
                feed_url=s.url,
                title=s.title or None,
                site_url=s.site_url or None,
                category=tuple(p for p in s.folder.split("/") if p),
            )
            for s in streams.subscriptions(user_id)
        ]
    )
