"""Fast path: <link> and <atom:link>, applied as feedparser does in both RSS and Atom."""

from __future__ import annotations

import re

from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin

from broadsheet.parse._fast_elements import Element, Node, _attrs, _Fallback, _text_of
from broadsheet.parse._fast_text import _HTML_TYPES, _finish

_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")


def _link(node: Node, el: Element, base: str, in_item: bool) -> None:
    """Apply a <link> or <atom:link> as feedparser's ``_start_link`` and ``pop`` do.

    Later links overwrite earlier ones, as in feedparser; links with an href are also
    recorded in ``links`` (an item's may be an image enclosure).
    """
    attrs = _attrs(el)
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))
    if href:
        attrs["href"] = href
        attrs.pop("url", None)
        attrs.pop("uri", None)
    if "href" not in attrs:
        value = _finish(_text_of(el, None), "link", base)
        if in_item:
            value = value.replace("&amp;", "&")
        node["link"] = _LINK_ENTITY.sub(r"&\g<1>", value)
        return
    if len(el):
        raise _Fallback("<link href> with children")
    rel = attrs.setdefault("rel", "alternate")
    kind = attrs.setdefault("type", "application/atom+xml" if rel == "self" else "text/html")
    attrs["href"] = _urljoin(base, attrs["href"])
    node.setdefault("links", []).append(attrs)
    if rel == "alternate" and _FeedParserMixin.map_content_type(kind) in _HTML_TYPES:
        node["link"] = attrs["href"]
