"""Fast path: a plain RSS 2.0 / 0.9x <rss> document read into a ParsedFeed."""

from __future__ import annotations

import re

from feedparser.datetimes import _parse_date

from broadsheet.parse._fast_elements import (
    _ENTRY_KEYS,
    _FEED_KEYS,
    _VERSION_NAMESPACES,
    _XML_LANG,
    Element,
    Node,
    _attrs,
    _children,
    _Fallback,
    _inert,
    _key,
    _once,
    _text_of,
)
from broadsheet.parse._fast_link import _link
from broadsheet.parse._fast_text import _content_type, _finish, _upgraded
from broadsheet.parse._identity import build_items
from broadsheet.parse._text import absolute, plain_title
from broadsheet.parse._types import ParsedFeed
from broadsheet.parse._xml import _draft, _feed_image, _text, _title_type, _ttl_minutes

_RSS_VERSIONS = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)

# Elements feedparser handles, whose effects stay in keys the mapping code never reads.
_HARMLESS_CHANNEL = frozenset(
    [
        "category", "copyright", "dc_date", "dc_rights", "dc_creator", "dc_publisher", "generator",
        "lastbuilddate", "managingeditor", "pubdate", "webmaster", "cloud",
        "feedburner_browserfriendly", "info",
    ]
)  # fmt: skip
_HARMLESS_ITEM = frozenset({"dc_publisher", "media_credit"})
_ITEM_TEXT = frozenset({"title", "guid", "feedburner_origlink"})
_ITEM_DATES = {
    "pubdate": "published",
    "dc_date": "updated",
    "dcterms_modified": "updated",
    "modified": "updated",
    "updated": "updated",
}
_MEDIA_CONTAINERS = frozenset({"enclosure", "media_content", "media_thumbnail", "media_group"})
_MEDIA_CHILDREN = {
    "enclosure": frozenset(),
    "media_thumbnail": frozenset(),
    "media_content": frozenset(
        {"media_credit", "media_thumbnail", "media_title", "media_description", "media_keywords"}
    ),
    "media_group": frozenset(
        {
            "media_content",
            "media_credit",
            "media_thumbnail",
            "media_title",
            "media_description",
            "media_keywords",
        }
    ),
}
_IMAGE_CHILDREN = frozenset({"title", "link", "url", "description", "width", "height"})


def _read_rss(root: Element, url: str, base: str) -> ParsedFeed:
    """Return the ParsedFeed of an <rss> document with exactly one <channel>."""
    if root.get(_XML_LANG) is not None:
        raise _Fallback("xml:lang on <rss>")
    if _key(root) != "rss" or any(
        uri.lower() in _VERSION_NAMESPACES for uri in root.nsmap.values()
    ):
        raise _Fallback("not a plain RSS root")
    channels = [
        el for key, el in _children(root) if key == "channel" or _inert(key, el, _FEED_KEYS)
    ]
    if len(channels) > 1 or any(channel.attrib for channel in channels):
        raise _Fallback("several <channel>s, or CDF attributes (lastmod, href) on one")
    version = _attrs(root).get("version", "")
    version = _RSS_VERSIONS.get(version) or ("rss20" if version.startswith("2.") else "rss")
    feed, entries = _read_channel(channels[0], base) if channels else ({}, [])
    language = _text(feed.get("language")) or None
    items = build_items(_draft(entry, url, language) for entry in entries)
    return ParsedFeed(
        format=version,
        title=plain_title(_text(feed.get("title")), _title_type(feed)),
        site_url=absolute(_text(feed.get("link")), url),
        description=_text(feed.get("subtitle")),
        language=language,
        image=_feed_image(feed, url),
        items=items,
        damage=None,
        ttl_minutes=_ttl_minutes(feed),
    )


def _read_channel(channel: Element, base: str) -> tuple[Node, list[Node]]:
    """Return feedparser's feed dict (the keys Broadsheet reads) and its entry dicts."""
    feed: Node = {}
    entries: list[Node] = []
    seen: set[str] = set()
    for key, el in _children(channel):
        if key == "item":
            entries.append(_read_item(el, base))
        elif key == "title":
            _once(seen, key)
            raw = _text_of(el)
            feed["title"] = _finish(raw, "title", base, "text/plain")
            feed["title_detail"] = {"type": _upgraded("text/plain", raw.strip())}
        elif key == "link":
            _link(feed, el, base, in_item=False)
        elif key == "description":
            _once(seen, key)
            feed["subtitle"] = _finish(_text_of(el), "description", base, "text/html")
        elif key in ("language", "dc_language"):  # the last one wins, as in feedparser
            feed["language"] = _finish(_text_of(el), "language", base)
        elif key in ("ttl", "sy_updateperiod", "sy_updatefrequency"):
            _once(seen, key)
            feed[key] = _finish(_text_of(el), key, base)
        elif key == "image":
            _once(seen, key)
            feed["image"] = _channel_image(el, base)
        elif key in _HARMLESS_CHANNEL:
            if len(el):
                raise _Fallback(f"<{key}> with children")
        else:
            _inert(key, el, _FEED_KEYS)
    return feed, entries


def _channel_image(el: Element, base: str) -> Node:
    """Return the channel image dict: only its <url> (as ``href``) matters to Broadsheet."""
    image: Node = {}
    seen: set[str] = set()
    for key, child in _children(el):
        if key not in _IMAGE_CHILDREN:
            raise _Fallback(f"<image> child <{key}>")
        _once(seen, key)
        text = _text_of(child, None if key != "url" else frozenset())
        if key == "url":
            image["href"] = _finish(text, "href", base)
    return image


def _read_item(item: Element, base: str) -> Node:
    """Return feedparser's entry dict for one <item>, limited to the keys Broadsheet reads."""
    if item.attrib:
        raise _Fallback("<item> with attributes")
    reader = _ItemReader(base)
    for key, el in _children(item):
        reader.element(key, el, 0)
    return reader.finish()


class _ItemReader:
    """Replays one <item>'s elements through the feedparser state that matters.

    <description> and <media:description> share feedparser's ``_start_description``: once a
    summary exists and no content has been seen, the next one becomes *content* (as plain
    text by default); otherwise it replaces the summary only when it is not nested deeper
    than the one that set it, yet always replaces ``summary_detail`` (and with it the type).
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.entry: Node = {"links": [], "authors": [], "tags": [], "content": []}
        self.seen: set[str] = set()
        self.has_content = False
        self.summary_depth: int | None = None

    def element(self, key: str, el: Element, depth: int) -> None:
        """Apply one child element (``depth`` counts Media RSS containers above it)."""
        entry, base = self.entry, self.base
        if key == "link" and not depth:
            _link(entry, el, base, in_item=True)
        elif key in ("description", "media_description"):
            self.description(el, depth)
        elif key in _ITEM_TEXT and not depth:
            _once(self.seen, key)
            _item_text(entry, key, el, base)
        elif key == "content_encoded" and not depth:
            self.has_content = True
            value = _finish(_text_of(el), "content", base, "text/html")
            entry["content"].append({"type": "text/html", "value": value})
            entry.setdefault("summary", value)
        elif key in _ITEM_DATES and not depth:
            field = _ITEM_DATES[key]
            _once(self.seen, field)
            entry[field] = _finish(_text_of(el), field, base)
            entry[f"{field}_parsed"] = _parse_date(entry[field])
        elif key in ("author", "dc_creator") and not depth:
            entry["authors"].append(_person(_finish(_text_of(el), "author", base)))
        elif key == "category" and not depth:
            value = _finish(_text_of(el, frozenset({"domain"})), "category", base)
            entry["tags"].extend([value] if value else [])
        elif key == "media_keywords":
            value = _finish(_text_of(el), "media_keywords", base)
            entry["tags"].extend(term.strip() for term in value.split(",") if term.strip())
        elif key == "media_title":
            _text_of(el, None)  # only ever ignored: see finish()
            self.seen.add(key)
        elif key in _MEDIA_CONTAINERS:
            self.media(key, el, depth)
        elif key not in _HARMLESS_ITEM or len(el):
            _inert(key, el, _ENTRY_KEYS)

    def description(self, el: Element, depth: int) -> None:
        """Apply <description>/<media:description> as feedparser's _start_description does."""
        attrs = _attrs(el)
        text = _text_of(el, frozenset({"type"}))
        entry = self.entry
        if "summary" in entry and not self.has_content:
            self.has_content = True
            kind = _upgraded(_content_type(attrs.get("type", "text/plain")), text)
            value = _finish(text, "content", self.base, kind)
            entry["content"].append({"type": kind, "value": value})
            return
        kind = _upgraded(_content_type(attrs.get("type", "text/html")), text)
        value = _finish(text, "description", self.base, kind)
        if self.summary_depth is None or depth <= self.summary_depth:
            entry["summary"], self.summary_depth = value, depth
        entry["summary_detail"] = {"type": kind}

    def media(self, key: str, el: Element, depth: int) -> None:
        """Record enclosures, Media RSS pictures and what media containers hold."""
        attrs = _attrs(el)
        if key == "enclosure" and not depth:
            href = attrs.get("url", attrs.get("uri", attrs.get("href")))
            if href:
                attrs["href"] = href
            attrs["rel"] = "enclosure"
            self.entry["links"].append(attrs)
        elif key == "media_thumbnail" and "url" not in attrs and (el.text or "").strip():
            raise _Fallback("<media:thumbnail> URL given as text")
        elif key in ("media_content", "media_thumbnail"):
            self.entry.setdefault(key, []).append(attrs)
        elif key != "media_group" or attrs:
            raise _Fallback(f"<{key}> here")
        for child_key, child in _children(el):
            if child_key not in _MEDIA_CHILDREN[key]:
                raise _Fallback(f"<{key}> child <{child_key}>")
            self.element(child_key, child, depth + 1)

    def finish(self) -> Node:
        """Return the entry dict as the mapping code expects to read it."""
        entry = self.entry
        if "media_title" in self.seen and not entry.get("title"):
            # Which of <title> and <media:title> wins depends on order and nesting when the
            # real title is missing or empty.
            raise _Fallback("<media:title> without a <title>")
        if "updated" not in entry and "published" in entry:  # FeedParserDict's issue 310
            entry["updated"] = entry["published"]
            entry["updated_parsed"] = entry["published_parsed"]
        entry["tags"] = [{"term": term} for term in entry["tags"]]
        return entry


def _item_text(entry: Node, key: str, el: Element, base: str) -> None:
    """Store an item's title, guid or feedburner:origLink."""
    if key == "title":
        raw = _text_of(el)
        entry["title"] = _finish(raw, "title", base, "text/plain")
        entry["title_detail"] = {"type": _upgraded("text/plain", raw.strip())}
    elif key == "guid":
        is_link = _attrs(el).get("ispermalink", "true") == "true"
        text = _text_of(el, frozenset({"ispermalink"}))
        # feedparser resolves a guid only when it is a permalink ("guid" is a name _finish
        # leaves unresolved), and then lets it stand for a link no earlier element gave.
        entry["id"] = _finish(text, "id" if is_link else "guid", base)
        if is_link:
            entry.setdefault("link", entry["id"])
    else:
        entry[key] = _finish(_text_of(el), key, base)


def _person(value: str) -> Node:
    """Return feedparser's author dict for "name", "email" or "email (name)" text."""
    author, email = value, None
    if not author:
        return {}
    match = _EMAIL.search(author)
    if match:
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "")
        author = author.replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    person: Node = {}
    if author:
        person["name"] = author
    if email:
        person["email"] = email
    return person
