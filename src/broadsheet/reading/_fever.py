"""The reader's Fever API view: their key, feeds and folders with Fever ids, items paged by id.

Fever (https://feedafever.com/api) names feeds and groups by integers. A feed keeps its
Broadsheet id; an outlet holding articles of no feed (``_outlets``) is the feed
``OUTLET_BASE + outlet id``; a folder is the group whose id is a stable checksum of its name,
and group 0 is everything. The key a client sends is md5("<username>:<password>") of a Fever
password the reader sets here, apart from their account password.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from broadsheet.errors import NotFoundError
from broadsheet.reading._outlets import item_outlets, reader_outlets
from broadsheet.reading._rule_check import (
    RuleCheck,
    hidden_unread_ids,
    listed_hidden,
    rule_check,
    visible_page,
)
from broadsheet.reading._streams import ReaderItem, reader_items, reader_subscriptions
from broadsheet.reading._unread import kept_for_reader, reading_list_total
from broadsheet.storage.reader import fever
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.reader.streams import Stream, StreamFilter

__all__ = [
    "FEVER_PAGE",
    "OUTLET_BASE",
    "FeverFeed",
    "FeverItem",
    "FeverPage",
    "clear_fever_password",
    "fever_feeds",
    "fever_group_id",
    "fever_item_ids",
    "fever_items",
    "fever_key",
    "fever_last_refreshed",
    "fever_page",
    "fever_saved_ids",
    "fever_stream",
    "fever_total",
    "fever_unread_ids",
    "fever_user",
    "has_fever_password",
    "set_fever_password",
]

FEVER_PAGE = 50  # items per page, as the protocol defines
OUTLET_BASE = 1_000_000_000  # outlet feeds sit above every feed id and below 2**31
MIN_PASSWORD = 8
UNREAD = StreamFilter(exclude_read=True)


@dataclass(frozen=True)
class FeverFeed:
    """A feed (or an outlet of feedless articles) as Fever lists it."""

    id: int
    title: str
    url: str
    site_url: str
    folder: str
    updated: datetime | None


@dataclass(frozen=True)
class FeverItem:
    """An article as Fever lists it; ``item`` carries the reading HTML and the reader's marks."""

    feed_id: int
    item: ReaderItem


@dataclass(frozen=True)
class FeverPage:
    """The ``items`` answer: the page's items and how many the reading list holds in all."""

    items: tuple[FeverItem, ...]
    total: int


def fever_key(username: str, password: str) -> str:
    """Return the key a Fever client sends for this name and password."""
    return hashlib.md5(f"{username}:{password}".encode()).hexdigest()  # the protocol says md5


def set_fever_password(user_id: int, password: str) -> str:
    """Set the reader's Fever password (replacing any); return the user name clients sign in with.

    Raises ValueError when the password is shorter than ``MIN_PASSWORD`` characters."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a Fever password needs at least {MIN_PASSWORD} characters")
    username = reader.get_user(user_id).username
    fever.set_key(user_id, fever_key(username, password))
    return username


def clear_fever_password(user_id: int) -> bool:
    """Turn the reader's Fever access off; return whether it was on."""
    return fever.clear_key(user_id)


def has_fever_password(user_id: int) -> bool:
    """Return whether the reader has set a Fever password."""
    return fever.has_key(user_id)


def fever_user(api_key: str) -> int | None:
    """Return the reader whose Fever key this is, or None."""
    return fever.key_user(api_key.strip())


def fever_group_id(folder: str) -> int:
    """Return the Fever group id of a folder: positive, stable while its name stays."""
    return zlib.crc32(folder.encode()) % (2**31 - 1) + 1


def fever_feeds(user_id: int) -> list[FeverFeed]:
    """Return the reader's feeds, then their outlets of feedless articles, with Fever ids."""
    subs = reader_subscriptions(user_id)
    times = fever.feed_update_times([s.feed_id for s in subs])
    feeds = [
        FeverFeed(s.feed_id, s.title, s.url, s.site_url, s.folder, times.get(s.feed_id))
        for s in subs
    ]
    for o in reader_outlets(user_id):
        feeds.append(
            FeverFeed(OUTLET_BASE + o.source_id, o.title, o.site_url, o.site_url, "", None)
        )
    return feeds


def fever_stream(user_id: int, kind: str, ident: int) -> Stream | None:
    """Return the stream of a Fever feed or group id (None for the empty Sparks group -1), or
    raise NotFoundError."""
    if kind == "group":
        if ident == 0:  # Kindling: everything
            return Stream("all")
        if ident == -1:  # Sparks: Broadsheet has no feeds of that kind
            return None
        folders = {
            fever_group_id(s.folder): s.folder for s in reader_subscriptions(user_id) if s.folder
        }
        if ident not in folders:
            raise NotFoundError(f"no group with id {ident}; ?api&groups lists them")
        return Stream("label", label=folders[ident])
    if ident >= OUTLET_BASE:
        return Stream("outlet", source_id=ident - OUTLET_BASE)
    if ident not in {s.feed_id for s in reader_subscriptions(user_id)}:
        raise NotFoundError(f"no feed with id {ident}; ?api&feeds lists them")
    return Stream("feed", feed_id=ident)


def fever_item_ids(
    user_id: int,
    *,
    since_id: int | None = None,
    max_id: int | None = None,
    check: RuleCheck | None = None,
) -> list[int]:
    """Return one page of the reading list's ids the reader's rules do not hide: above
    ``since_id`` ascending, else below ``max_id`` (or the newest) descending.

    A page holds up to ``FEVER_PAGE`` ids and fewer only when rules hide many (the scan is
    bounded); clients page on from its last id, so none is skipped."""
    everything = Stream("all")
    check = check or rule_check(user_id)

    def fetch(n: int, at: int | None) -> tuple[list[int], int | None]:
        if since_id is not None:
            ids = fever.stream_ids_after(user_id, everything, since_id if at is None else at, n)
        else:
            ids = fever.stream_ids_before(user_id, everything, max_id if at is None else at, n)
        return ids, (ids[-1] if len(ids) == n else None)

    return visible_page(check, fetch, lambda i: i, lambda i: i, FEVER_PAGE, None)[0]


def fever_page(
    user_id: int,
    *,
    since_id: int | None = None,
    max_id: int | None = None,
    with_ids: Sequence[int] | None = None,
) -> FeverPage:
    """Return the items of ``with_ids`` (those the rules hide left out), else one page as
    ``fever_item_ids`` pages, with ``total_items`` (one rules query for it all)."""
    check = rule_check(user_id)
    if with_ids is not None:
        hidden = check.check(with_ids)[0] if check else {}
        ids = [i for i in with_ids if i not in hidden]
    else:
        ids = fever_item_ids(user_id, since_id=since_id, max_id=max_id, check=check)
    total = reading_list_total(user_id)  # kept per reader
    if check is not None:
        total -= _hidden_total(user_id, check)
    return FeverPage(tuple(fever_items(user_id, ids)), max(total, 0))


def _hidden_total(user_id: int, check: RuleCheck) -> int:
    """How many of the reading list's articles the rules hide (saved ones never are), kept per
    reader until they act or an article arrives: a count of their stored matches."""
    kind = f"fever-hidden:{check.fingerprint}"
    return kept_for_reader(kind, user_id, lambda: listed_hidden(user_id))


def fever_items(user_id: int, ids: Sequence[int]) -> list[FeverItem]:
    """Return the given articles (unknown ids left out) with the Fever feed each belongs to."""
    items = reader_items(user_id, ids)
    feedless = item_outlets([i.id for i in items if i.feed_id is None])
    return [
        FeverItem(i.feed_id if i.feed_id is not None else OUTLET_BASE + feedless.get(i.id, 0), i)
        for i in items
    ]


def fever_total(user_id: int) -> int:
    """Return how many articles the reader's reading list holds, less those their rules hide
    (their stored matches)."""
    total = reading_list_total(user_id)  # kept per reader
    check = rule_check(user_id)
    return max(total - _hidden_total(user_id, check), 0) if check else total


def fever_unread_ids(user_id: int) -> list[int]:
    """Return the ids of every unread article of the reading list the reader's rules do not
    hide (their stored matches; one query more without rules), ascending."""
    ids = kept_for_reader(  # kept per reader until they act (``_unread``)
        "fever-unread", user_id, lambda: fever.stream_ids(user_id, Stream("all"), UNREAD)
    )
    check = rule_check(user_id)
    if check is None:
        return ids
    hidden = kept_for_reader(
        f"fever-hidden-ids:{check.fingerprint}", user_id, lambda: hidden_unread_ids(user_id)
    )
    return [i for i in ids if i not in hidden]


def fever_saved_ids(user_id: int) -> list[int]:
    """Return the ids of the reader's saved articles, ascending: rules never hide a saved one."""
    return sorted(reader.saved_ids(user_id))


def fever_last_refreshed() -> datetime | None:
    """Return when a feed was last fetched successfully, or None."""
    return fever.last_refreshed()
