"""Streams: item ids, item contents, and contents of a stream with paging."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from broadsheet.greader._http import bad_request, endpoint, param, params
from broadsheet.greader._ids import (
    READ,
    READING_LIST,
    STARRED,
    BadRequest,
    StreamId,
    continuation,
    item_id,
    label_id,
    outlet_source,
    outlet_stream,
    parse_continuation,
    parse_item_id,
    parse_stream,
    parse_time,
    usec,
)
from broadsheet.greader._subs import feed_stream
from broadsheet.reading import (
    ItemRef,
    ReaderItem,
    Stream,
    StreamFilter,
    feed_id_for,
    item_outlets,
    item_refs,
    reader_items,
    reader_outlets,
)

__all__ = [
    "Origin",
    "item_ids",
    "items_contents",
    "origins",
    "stream_contents",
    "stream_for",
    "stream_page",
]

DEFAULT_N = 20
MAX_CONTENTS = 1000
MAX_IDS = 10_000


def _count(request: HttpRequest, cap: int) -> int:
    raw = param(request, "n", str(DEFAULT_N))
    try:
        n = int(raw)
    except ValueError:
        raise BadRequest(f"invalid n={raw[:40]!r}: expected a number of items") from None
    if n < 1:
        raise BadRequest("n must be at least 1")
    return min(n, cap)  # clients ask for "everything" with huge n; they get the largest page


def _filter(request: HttpRequest) -> StreamFilter:
    excluded = {parse_stream(x).kind for x in params(request, "xt") if _known(x)}
    included = {parse_stream(x).kind for x in params(request, "it") if _known(x)}
    ot, nt = param(request, "ot"), param(request, "nt")
    order = param(request, "r")
    if order not in ("", "o", "n", "d"):
        raise BadRequest(f"invalid r={order[:10]!r}: use o (oldest first) or n (newest first)")
    return StreamFilter(
        exclude_read="read" in excluded,
        exclude_starred="starred" in excluded,
        only_read="read" in included,
        only_starred="starred" in included,
        newer_than=parse_time(ot, "ot") if ot else None,
        older_than=parse_time(nt, "nt") if nt else None,
        oldest_first=order == "o",
    )


def _known(stream: str) -> bool:
    """Unknown exclusion targets (e.g. kept-unread) are ignored, as Google Reader did."""
    try:
        parse_stream(stream)
    except BadRequest:
        return False
    return True


def stream_for(parsed: StreamId) -> Stream:
    """Return the reading stream for a parsed stream id (feeds looked up by URL or id)."""
    if parsed.kind == "feed":
        source_id = outlet_source(parsed.ref)
        if source_id is not None:
            return Stream("outlet", source_id=source_id)
        return Stream("feed", feed_id=feed_id_for(parsed.ref))
    return Stream(parsed.kind, label=parsed.ref)


def stream_page(
    request: HttpRequest, user_id: int, stream_id: str, cap: int
) -> tuple[list[ItemRef], str | None]:
    """Return one page of a stream's refs (``n``, ``c``, ``xt``, ``it``, ``ot``, ``nt``, ``r``)
    and the continuation of the next page, or None."""
    if not stream_id:
        raise BadRequest("s (the stream id) is required")
    stream = stream_for(parse_stream(stream_id))
    c = param(request, "c")
    refs, after = item_refs(
        user_id,
        stream,
        _filter(request),
        _count(request, cap),
        parse_continuation(c) if c else None,
    )
    return refs, (continuation(*after) if after else None)


@endpoint()
def item_ids(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return the ids (decimal) and times of a stream's items, newest first by default."""
    refs, c = stream_page(request, user_id, param(request, "s"), MAX_IDS)
    body: dict[str, Any] = {
        "itemRefs": [
            {"id": str(r.id), "directStreamIds": [], "timestampUsec": str(usec(r.published))}
            for r in refs
        ]
    }
    if c:
        body["continuation"] = c
    return JsonResponse(body)


@dataclass(frozen=True)
class Origin:
    """The stream an item is listed under: its feed, or the outlet of a feedless article."""

    stream_id: str
    title: str
    html_url: str


def origins(user_id: int, items: list[ReaderItem]) -> dict[int, Origin]:
    """Return each item's origin; feedless articles are listed under their outlet's stream."""
    found = {
        i.id: Origin(feed_stream(i.feed_url), i.feed_title, i.site_url) for i in items if i.feed_url
    }
    feedless = item_outlets([i.id for i in items if not i.feed_url])
    if feedless:
        outlets = {o.source_id: o for o in reader_outlets(user_id)}
        for item_id, source_id in feedless.items():
            outlet = outlets.get(source_id)
            title, site = (outlet.title, outlet.site_url) if outlet else ("", "")
            found[item_id] = Origin(outlet_stream(source_id), title, site)
    return found


def _item(item: ReaderItem, origin: Origin | None) -> dict[str, Any]:
    categories = [READING_LIST]
    if item.folder:
        categories.append(label_id(item.folder))
    if item.read:
        categories.append(READ)
    if item.saved:
        categories.append(STARRED)
    content = {"direction": "ltr", "content": item.html}
    return {
        "id": item_id(item.id),
        "crawlTimeMsec": str(usec(item.published) // 1000),
        "timestampUsec": str(usec(item.published)),
        "published": int(item.published.timestamp()),
        "updated": int(item.updated.timestamp()),
        "title": item.title,
        "author": ", ".join(item.authors),
        "canonical": [{"href": item.url}],
        "alternate": [{"href": item.url, "type": "text/html"}],
        "categories": categories,
        "origin": {
            "streamId": origin.stream_id if origin else "",
            "title": origin.title if origin else "",
            "htmlUrl": origin.html_url if origin else "",
        },
        "summary": content,
        "content": content,
    }


def _contents(
    user_id: int, stream_id: str, title: str, items: list[ReaderItem], c: str | None
) -> JsonResponse:
    found = origins(user_id, items)
    body: dict[str, Any] = {
        "direction": "ltr",
        "id": stream_id,
        "title": title,
        "author": "",
        "updated": int(timezone.now().timestamp()),
        "items": [_item(i, found.get(i.id)) for i in items],
    }
    if c:
        body["continuation"] = c
    return JsonResponse(body)


@endpoint()
def stream_contents(request: HttpRequest, user_id: int, stream_id: str = "") -> HttpResponse:
    """Return a page of a stream's items with their content."""
    stream_id = stream_id or param(request, "s", READING_LIST)
    refs, c = stream_page(request, user_id, stream_id, MAX_CONTENTS)
    items = reader_items(user_id, [r.id for r in refs])
    return _contents(user_id, stream_id, stream_id.rsplit("/", 1)[-1], items, c)


@endpoint()
def items_contents(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return the items whose ids (``i``, long or short form) are given, in that order."""
    raw = params(request, "i")
    if not raw:
        return bad_request("i (one or more item ids) is required")
    if len(raw) > MAX_CONTENTS:
        return bad_request(f"at most {MAX_CONTENTS} item ids per request; split the request")
    ids = list(dict.fromkeys(parse_item_id(v) for v in raw))
    return _contents(user_id, READING_LIST, "Items", reader_items(user_id, ids), None)
