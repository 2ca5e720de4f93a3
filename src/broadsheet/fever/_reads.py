"""The Fever read calls: groups, feeds, favicons, items, links, unread and saved item ids."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.http import HttpRequest

from broadsheet.fever._params import BadCall, has, id_list, number
from broadsheet.reading import (
    FeverFeed,
    FeverItem,
    fever_feeds,
    fever_group_id,
    fever_page,
    fever_saved_ids,
    fever_unread_ids,
)

__all__ = ["FAVICON_ID", "reads", "saved_section", "unread_section"]

# Broadsheet keeps no feed icons: every feed names this one, a transparent 1x1 GIF, so clients
# that require an icon draw their own placeholder.
FAVICON_ID = 1
FAVICON = "image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _unix(when: datetime | None) -> int:
    return int(when.timestamp()) if when else 0


def _feeds_groups(feeds: list[FeverFeed]) -> list[dict[str, Any]]:
    members: dict[str, list[int]] = defaultdict(list)
    for feed in feeds:
        if feed.folder:
            members[feed.folder].append(feed.id)
    return [
        {"group_id": fever_group_id(folder), "feed_ids": ",".join(map(str, ids))}
        for folder, ids in sorted(members.items())
    ]


def _groups(feeds: list[FeverFeed]) -> list[dict[str, Any]]:
    folders = sorted({f.folder for f in feeds if f.folder})
    return [{"id": fever_group_id(folder), "title": folder} for folder in folders]


def _feed(feed: FeverFeed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "favicon_id": FAVICON_ID,
        "title": feed.title,
        "url": feed.url,
        "site_url": feed.site_url,
        "is_spark": 0,
        "last_updated_on_time": _unix(feed.updated),
    }


def _item(entry: FeverItem) -> dict[str, Any]:
    item = entry.item
    return {
        "id": item.id,
        "feed_id": entry.feed_id,
        "title": item.title,
        "author": ", ".join(item.authors),
        "html": item.html,
        "url": item.url,
        "is_saved": int(item.saved),
        "is_read": int(item.read),
        "created_on_time": _unix(item.published),
    }


def _items(request: HttpRequest, user_id: int) -> dict[str, Any]:
    """Items the reader's rules hide are left out (docs/api.md), ``total_items`` agreeing."""
    if has(request, "with_ids"):
        found = fever_page(user_id, with_ids=id_list(request, "with_ids"))
    else:
        since_id, max_id = number(request, "since_id"), number(request, "max_id")
        if since_id is not None and max_id is not None:
            raise BadCall("give since_id or max_id, not both")
        if max_id is not None:
            found = fever_page(user_id, max_id=max_id or None)
        else:
            found = fever_page(user_id, since_id=since_id or 0)
    return {"total_items": found.total, "items": [_item(i) for i in found.items]}


def unread_section(user_id: int) -> dict[str, str]:
    """Return the ``unread_item_ids`` member: every unread article id, comma-separated."""
    return {"unread_item_ids": ",".join(map(str, fever_unread_ids(user_id)))}


def saved_section(user_id: int) -> dict[str, str]:
    """Return the ``saved_item_ids`` member: every saved article id, comma-separated."""
    return {"saved_item_ids": ",".join(map(str, fever_saved_ids(user_id)))}


def reads(request: HttpRequest, user_id: int) -> dict[str, Any]:
    """Return the members of every read call the request names (none is fine: auth only)."""
    body: dict[str, Any] = {}
    if has(request, "groups") or has(request, "feeds"):
        feeds = fever_feeds(user_id)
        if has(request, "groups"):
            body["groups"] = _groups(feeds)
        if has(request, "feeds"):
            body["feeds"] = [_feed(f) for f in feeds]
        body["feeds_groups"] = _feeds_groups(feeds)
    if has(request, "favicons"):
        body["favicons"] = [{"id": FAVICON_ID, "data": FAVICON}]
    if has(request, "items"):
        body |= _items(request, user_id)
    if has(request, "links"):
        body["links"] = []  # Broadsheet has no "hot links"; its stories are on the web pages
    if has(request, "unread_item_ids"):
        body |= unread_section(user_id)
    if has(request, "saved_item_ids"):
        body |= saved_section(user_id)
    return body
