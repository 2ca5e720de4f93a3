"""Subscriptions, folders (tags) and unread counts.

Feeds are shared. Following a feed this Broadsheet already has (or following it again after
unsubscribing) is every reader's own choice; adding a new feed to the instance asks
``pipeline.ensure_may_subscribe``, the rule of the web and the JSON API (a refusal is a 403).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from broadsheet.errors import NotFoundError
from broadsheet.greader._http import bad_request, endpoint, param, params, text
from broadsheet.greader._ids import (
    READING_LIST,
    STARRED,
    BadRequest,
    label_id,
    outlet_source,
    outlet_stream,
    parse_stream,
    usec,
)
from broadsheet.pipeline import ensure_may_subscribe, subscribe
from broadsheet.pipeline.dispatch import enqueue
from broadsheet.reading import (
    ReaderOutlet,
    ReaderSubscription,
    feed_id_for,
    follow_feed,
    hidden_unread_counts,
    label_feed,
    outlet_unread_counts,
    reader_outlets,
    reader_subscriptions,
    unfollow_feed,
    unread_counts,
)

__all__ = [
    "preferences",
    "quickadd",
    "stream_preferences",
    "subscription_edit",
    "subscription_list",
    "tag_list",
    "unread_count",
]

MAX_STREAMS = 100


def feed_stream(url: str) -> str:
    """Return the stream id of a feed."""
    return f"feed/{url}"


def _subscription(sub: ReaderSubscription) -> dict[str, Any]:
    categories = [{"id": label_id(sub.folder), "label": sub.folder}] if sub.folder else []
    return {
        "id": feed_stream(sub.url),
        "title": sub.title,
        "categories": categories,
        "url": sub.url,
        "htmlUrl": sub.site_url,
        "iconUrl": "",
    }


def _outlet(outlet: ReaderOutlet) -> dict[str, Any]:
    return {
        "id": outlet_stream(outlet.source_id),
        "title": outlet.title,
        "categories": [],
        "url": outlet.site_url,
        "htmlUrl": outlet.site_url,
        "iconUrl": "",
    }


@endpoint()
def subscription_list(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return the feeds the user follows, with their folder, then one entry per outlet holding
    articles of no feed (imported ones), so every article of the reading list has a stream."""
    subs = [_subscription(s) for s in reader_subscriptions(user_id)]
    subs += [_outlet(o) for o in reader_outlets(user_id)]
    return JsonResponse({"subscriptions": subs})


@endpoint()
def tag_list(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return the starred state and the user's folders."""
    folders = sorted({s.folder for s in reader_subscriptions(user_id) if s.folder})
    tags = [{"id": STARRED}] + [{"id": label_id(f), "type": "folder"} for f in folders]
    return JsonResponse({"tags": tags})


def _count(stream_id: str, count: int, newest: datetime) -> dict[str, Any]:
    return {"id": stream_id, "count": count, "newestItemTimestampUsec": str(usec(newest))}


@endpoint()
def unread_count(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return unread counts per feed, per outlet of feedless articles, per folder and for the
    reading list: the same articles the streams hold."""
    urls = {s.feed_id: (s.url, s.folder) for s in reader_subscriptions(user_id)}
    counts: list[dict[str, Any]] = []
    folders: dict[str, list[Any]] = defaultdict(lambda: [0, None])
    total, newest_all = 0, None
    hidden = hidden_unread_counts(user_id)  # the reader's rules: one query when they have none
    for unread in unread_counts(user_id, hidden):
        feed_id, count, newest = unread.feed_id, unread.count, unread.newest
        if feed_id not in urls:
            continue
        url, folder = urls[feed_id]
        counts.append(_count(feed_stream(url), count, newest))
        total += count
        newest_all = max(newest_all or newest, newest)
        if folder:
            folders[folder][0] += count
            folders[folder][1] = max(folders[folder][1] or newest, newest)
    for outlet in outlet_unread_counts(user_id, hidden):
        counts.append(_count(outlet_stream(outlet.feed_id), outlet.count, outlet.newest))
        total += outlet.count
        newest_all = max(newest_all or outlet.newest, outlet.newest)
    for folder, (count, newest) in sorted(folders.items()):
        counts.append(_count(label_id(folder), count, newest))
    if newest_all is not None:
        counts.append(_count(READING_LIST, total, newest_all))
    return JsonResponse({"max": total, "unreadcounts": counts})


def _feed_url(stream: str) -> str:
    parsed = parse_stream(stream)
    if parsed.kind != "feed":
        raise BadRequest(f"s={stream[:200]!r} is not a feed stream (feed/<url>)")
    if outlet_source(parsed.ref) is not None:
        raise BadRequest(
            f"s={stream[:200]!r} holds articles of no feed, which cannot be subscribed to, "
            "renamed or moved; mute the outlet on its web page to hide them"
        )
    return parsed.ref


def _folder(value: str) -> str:
    parsed = parse_stream(value)
    if parsed.kind != "label":
        raise BadRequest(f"{value[:200]!r} is not a folder (user/-/label/<name>)")
    return parsed.ref


def _subscribe(user_id: int, url: str) -> tuple[int, str, str]:
    try:
        feed_id = feed_id_for(url)  # a feed id, or the URL of a feed we already have
    except NotFoundError:
        if url.isdigit():
            raise
    else:
        follow_feed(user_id, feed_id)
        return feed_id, url, ""
    ensure_may_subscribe(user_id)
    result = subscribe(url)
    if result.created:
        enqueue("refresh_feed", result.feed_id)
    follow_feed(user_id, result.feed_id)
    return result.feed_id, result.url, result.title


@endpoint(methods=("POST",))
def subscription_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """Subscribe, unsubscribe, rename or move feeds (``ac``, ``s``, ``t``, ``a``, ``r``)."""
    action, targets = param(request, "ac"), params(request, "s")[:MAX_STREAMS]
    if action not in ("subscribe", "unsubscribe", "edit"):
        return bad_request("ac must be subscribe, unsubscribe or edit")
    if not targets:
        return bad_request("s (the feed's stream id, feed/<url>) is required")
    title = param(request, "t") or None
    add, remove = param(request, "a"), param(request, "r")
    folder = _folder(add) if add else ("" if remove else None)
    for target in targets:
        url = _feed_url(target)
        feed_id = _subscribe(user_id, url)[0] if action == "subscribe" else feed_id_for(url)
        if action == "unsubscribe":
            unfollow_feed(user_id, feed_id)
        elif title is not None or folder is not None:
            label_feed(user_id, feed_id, title=title, folder=folder)
    return text("OK")


@endpoint(methods=("POST",))
def quickadd(request: HttpRequest, user_id: int) -> HttpResponse:
    """Subscribe to a feed or a site's home page (its feed is discovered)."""
    url = param(request, "quickadd").removeprefix("feed/")
    if not url.startswith(("http://", "https://")):
        return bad_request("quickadd must be an http(s) URL of a feed or a site")
    _, feed_url, title = _subscribe(user_id, url)
    return JsonResponse(
        {
            "numResults": 1,
            "query": url,
            "streamId": feed_stream(feed_url),
            "streamName": title or feed_url,
        }
    )


@endpoint()
def preferences(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return no preferences (some clients ask before syncing)."""
    return JsonResponse({"prefs": []})


@endpoint()
def stream_preferences(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return no per-stream preferences (feed order is the client's own)."""
    return JsonResponse({"streamprefs": {}})
