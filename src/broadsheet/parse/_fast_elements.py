"""Fast path: lxml elements as feedparser names and records them, and the signal to fall back."""

from __future__ import annotations

from typing import Any

from feedparser.api import StrictFeedParser
from feedparser.mixin import _FeedParserMixin
from feedparser.util import FeedParserDict

Node = dict[str, Any]
Element = Any  # lxml.etree._Element; lxml ships no stubs mypy reads here


class _Fallback(Exception):
    """The document needs feedparser: something in it is not mirrored here."""


_PREFIXES = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
_VERSION_NAMESPACES = {"http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Keys the mapping code reads; an element feedparser would store under one of them must be
# handled explicitly, never ignored.
_ENTRY_KEYS = frozenset(
    [
        "title", "title_detail", "link", "links", "id", "guidislink", "summary", "summary_detail",
        "content", "authors", "author", "author_detail", "tags", "media_content", "media_thumbnail",
        "published", "published_parsed", "updated", "updated_parsed", "feedburner_origlink",
        "subtitle_detail",
    ]
)  # fmt: skip
_FEED_KEYS = frozenset(
    [
        "title", "title_detail", "link", "links", "language", "subtitle", "subtitle_detail",
        "summary_detail", "image", "logo", "icon", "ttl", "sy_updateperiod", "sy_updatefrequency",
    ]
)  # fmt: skip


def _usual_prefix(uri: str) -> str | None:
    """Return feedparser's prefix for a namespace URI ("" for the feed formats' own), or None."""
    lowered = uri.lower()
    if "backend.userland.com/rss" in lowered:
        return ""
    return _PREFIXES.get(lowered)


def _key(el: Element) -> str:
    """Return feedparser's name for an element: known prefix + "_" + lower-cased local name."""
    tag: str = el.tag
    if tag[0] != "{":
        return tag.lower()
    uri, local = tag[1:].split("}", 1)
    prefix = _usual_prefix(uri)
    if prefix is None:
        prefix = el.prefix
    if prefix is None:
        raise _Fallback("element in an unknown default namespace")
    return f"{prefix}_{local}".lower() if prefix else local.lower()


def _has_handler(key: str) -> bool:
    return hasattr(StrictFeedParser, "_start_" + key) or hasattr(StrictFeedParser, "_end_" + key)


def _children(el: Element) -> list[tuple[str, Element]]:
    """Return (key, element) for the element children; comments and PIs are skipped."""
    return [(_key(child), child) for child in el if isinstance(child.tag, str)]


def _attrs(el: Element) -> dict[str, str]:
    """Return attributes as feedparser records them: names lower-cased, rel/type values too."""
    out: dict[str, str] = {}
    for name, value in el.attrib.items():
        if name[0] == "{":
            raise _Fallback("namespaced attribute")
        name = name.lower()
        if name in out:
            raise _Fallback("attributes differing only in case")
        out[name] = value.lower() if name in ("rel", "type") else value
    return out


def _text_of(el: Element, allowed_attrs: frozenset[str] | None = frozenset()) -> str:
    """Return the text of a text-only element; markup, comments or odd attributes fall back.

    ``allowed_attrs`` are lower-cased attribute names that may appear (None: any).
    """
    if len(el) or (allowed_attrs is not None and not set(_attrs(el)) <= allowed_attrs):
        raise _Fallback("text element with markup or attributes")
    text: str | None = el.text
    return text or ""


def _once(seen: set[str], key: str) -> None:
    """Fall back on a repeated element: feedparser's precedence rules for those are subtle."""
    if key in seen:
        raise _Fallback(f"repeated <{key}>")
    seen.add(key)


def _inert(key: str, el: Element, sensitive: frozenset[str]) -> bool:
    """Accept (returning False) an element feedparser has no handler for and stores under a
    key Broadsheet never reads; fall back on anything else."""
    stored = FeedParserDict.keymap.get(key, key)  # e.g. <date> is stored as "updated"
    if _has_handler(key) or not isinstance(stored, str) or {key, stored} & sensitive or len(el):
        raise _Fallback(f"unmirrored element <{key}>")
    return False
