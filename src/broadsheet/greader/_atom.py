"""The Atom form of a stream, ``/reader/atom/<stream id>``, as Google Reader served it.

Older clients (newsboat's ``feedhq`` source, early Reeder) read each subscription here instead
of ``stream/contents``: the same items, paged by ``n`` and ``c`` and narrowed by ``xt``, ``it``,
``ot``, ``nt`` and ``r``, as an Atom feed whose entries carry the Google Reader item id and the
reader's state as ``<category scheme="http://www.google.com/reader/">`` (read, starred, folder).
The content is the reading HTML of ``broadsheet.reading`` (sanitised), escaped once in the XML.
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from broadsheet.greader._http import endpoint, param
from broadsheet.greader._ids import (
    ITEM_PREFIX,
    READ,
    READING_LIST,
    STARRED,
    label_id,
    parse_stream,
    usec,
)
from broadsheet.greader._streams import MAX_CONTENTS, Origin, origins, stream_page
from broadsheet.reading import ReaderItem, reader_items

__all__ = ["atom_stream"]

ATOM = "http://www.w3.org/2005/Atom"
GR = "http://www.google.com/schemas/reader/atom/"
SCHEME = "http://www.google.com/reader/"
FEED_PREFIX = "tag:google.com,2005:reader/"
ET.register_namespace("", ATOM)
ET.register_namespace("gr", GR)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text:
        element.text = text
    return element


def _category(entry: ET.Element, term: str) -> None:
    _add(entry, "category", term=term, scheme=SCHEME, label=term.rsplit("/", 1)[-1])


def _entry(feed: ET.Element, item: ReaderItem, origin: Origin | None) -> None:
    entry = _add(feed, "entry")
    entry.set(f"{{{GR}}}crawl-timestamp-msec", str(usec(item.published) // 1000))
    ident = _add(entry, "id", f"{ITEM_PREFIX}{item.id:016x}")
    if item.url:
        ident.set(f"{{{GR}}}original-id", item.url)
    for term, present in (
        (READING_LIST, True),
        (READ, item.read),
        (STARRED, item.saved),
        (label_id(item.folder), bool(item.folder)),
    ):
        if present:
            _category(entry, term)
    _add(entry, "title", item.title)
    _add(entry, "published", _iso(item.published))
    _add(entry, "updated", _iso(item.updated))
    if item.url:
        _add(entry, "link", rel="alternate", href=item.url, type="text/html")
    _add(entry, "content", item.html, type="html")
    for name in item.authors:
        _add(_add(entry, "author"), "name", name)
    if origin is not None:
        source = _add(entry, "source")
        source.set(f"{{{GR}}}stream-id", origin.stream_id)
        _add(source, "id", FEED_PREFIX + origin.stream_id)
        _add(source, "title", origin.title)
        if origin.html_url:
            _add(source, "link", rel="alternate", href=origin.html_url, type="text/html")


def _title(stream_id: str, items: list[ReaderItem], found: dict[int, Origin]) -> str:
    parsed = parse_stream(stream_id)
    if parsed.kind == "feed":
        titles = [found[i.id].title for i in items if i.id in found]
        return titles[0] if titles else parsed.ref
    if parsed.kind == "label":
        return parsed.ref
    return {"all": "Reading list", "starred": "Starred", "read": "Read"}[parsed.kind]


@endpoint(methods=("GET",))
def atom_stream(request: HttpRequest, user_id: int, stream_id: str) -> HttpResponse:
    """Return one page of a stream as a Google Reader Atom feed (``gr:continuation`` for more)."""
    refs, more = stream_page(request, user_id, stream_id or param(request, "s"), MAX_CONTENTS)
    items = reader_items(user_id, [r.id for r in refs])
    found = origins(user_id, items)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "generator", "Broadsheet")
    _add(feed, "id", FEED_PREFIX + stream_id)
    _add(feed, "title", _title(stream_id, items, found))
    if more:
        ET.SubElement(feed, f"{{{GR}}}continuation").text = more
    _add(feed, "link", rel="self", href=request.build_absolute_uri())
    _add(feed, "updated", _iso(timezone.now()))
    for item in items:
        _entry(feed, item, found.get(item.id))
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
