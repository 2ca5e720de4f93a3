"""A fast path for plain, well-formed RSS 2.0 / 0.9x and Atom 1.0 documents, read with lxml.

feedparser spends most of its time in per-element SAX callbacks. For the documents most
publishers serve, the fields Broadsheet keeps can be read straight off an lxml tree; this
module does that and hands the result to the same mapping code as the feedparser path, so
the ParsedFeed is identical. Each text value goes through the steps feedparser applies when
an element closes (:func:`_finish`), using feedparser's own helpers for the subtle ones
(URL joining, date parsing, relative URIs inside HTML, HTML detection).

Whatever this module has not been verified against feedparser for makes :func:`parse_fast`
return None and the caller takes the feedparser path: DTDs, other encodings, xml:base or
xml:lang, unknown namespaces, elements feedparser gives a meaning we do not mirror, repeated
elements whose precedence is subtle, markup inside text elements, and so on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from html.entities import name2codepoint
from typing import Any

from feedparser.api import StrictFeedParser
from feedparser.datetimes import _parse_date
from feedparser.encodings import parse_content_type
from feedparser.html import _BaseHTMLProcessor, _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin, make_safe_absolute_uri, resolve_relative_uris
from feedparser.util import FeedParserDict
from lxml import etree

from broadsheet.parse._identity import build_items
from broadsheet.parse._text import absolute, is_absolute, plain_title
from broadsheet.parse._types import ParsedFeed
from broadsheet.parse._xml import _draft, _feed_image, _text, _ttl_minutes

Node = dict[str, Any]
Element = Any  # lxml.etree._Element; lxml ships no stubs mypy reads here


class _Fallback(Exception):
    """The document needs feedparser: something in it is not mirrored here."""


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=False
)
_PREFIXES = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
_CDATA_OR_COMMENT = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.DOTALL)
# Finds every namespace declaration (and perhaps lookalikes in text, which only add caution).
_DECLARATION = re.compile(rb"\sxmlns(?::([A-Za-z_][\w.\-]*))?\s*=\s*[\"']([^\"'<]*)[\"']")
_VERSION_NAMESPACES = {"http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/"}
_RSS_VERSIONS = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
_RELATIVE_URI = frozenset(_FeedParserMixin.can_be_relative_uri)
_HTML_ELEMENTS = frozenset(_FeedParserMixin.can_contain_relative_uris)
_HTML_TYPES = frozenset(_FeedParserMixin.html_types)
_APPLICATION_XML = (
    "application/xml",
    "application/xml-dtd",
    "application/xml-external-parsed-entity",
)
_TEXT_XML = ("text/xml", "text/xml-external-parsed-entity")
_XML_ENCODING = re.compile(rb"\A<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
# xml:base / xml:lang (feedparser also honours bare base= / lang=, in any case) change what
# feedparser resolves against and the language it records: refuse them anywhere.
_BASE_OR_LANG = etree.XPath(
    "boolean(//@*[translate(local-name(), 'ABES', 'abes') = 'base']"
    " | /*//*/@*[translate(local-name(), 'AGLN', 'agln') = 'lang']"
    " | /*/@*[translate(local-name(), 'AGLN', 'agln') = 'lang' and name() != 'xml:lang'])"
)
_ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)
_C1 = re.compile("[\x80-\x9f]")
_SIMPLE_HTML = re.compile(
    r"(?:[^<&]++|&(?:#x[0-9a-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);|</?[a-z][a-z0-9]*>)*+"
)
_TOKEN = re.compile(r"&(#x[0-9a-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);|</?([a-z][a-z0-9]*)>")
_REWRITTEN_TAGS = frozenset(_BaseHTMLProcessor.elements_no_end_tag) | {
    "script",
    "style",
    "plaintext",
    "xmp",
    "listing",
}
_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")
_looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html

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
_HARMLESS_ATOM = frozenset({"updated", "published", "rights", "generator", "category"})
_ATOM_DATES = {
    "published": "published",
    "issued": "published",
    "updated": "updated",
    "modified": "updated",
}
_IMAGE_CHILDREN = frozenset({"title", "link", "url", "description", "width", "height"})


def parse_fast(body: bytes, url: str, content_type: str | None) -> ParsedFeed | None:
    """Return the ParsedFeed feedparser would give for a plain RSS or Atom document, else None."""
    if not _plain_utf8(body, content_type) or not is_absolute(url):
        return None
    base = make_safe_absolute_uri(url, url)
    if not base or make_safe_absolute_uri(base, base) != base:
        return None
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:
        return None
    if root.getroottree().docinfo.doctype or _BASE_OR_LANG(root):
        return None
    if not _plain_namespaces(root, body):
        return None
    try:
        if root.tag == f"{{{_ATOM}}}feed":
            return _read_atom(root, url, base)
        return _read_rss(root, url, base)
    except _Fallback:
        return None


def _plain_utf8(body: bytes, content_type: str | None) -> bool:
    """Return True when feedparser and lxml both read ``body`` as UTF-8 without ambiguity."""
    body = body.removeprefix(b"\xef\xbb\xbf")
    if not body.startswith(b"<"):  # another BOM, or leading space: leave it to feedparser
        return False
    declared = _XML_ENCODING.match(body[:200])
    if declared and declared.group(1).lower() != b"utf-8":
        return False
    if content_type is None:
        return True
    mime, raw_charset = parse_content_type(content_type)
    mime, charset = str(mime), str(raw_charset).lower()
    if mime in _APPLICATION_XML or (mime.startswith("application/") and mime.endswith("+xml")):
        return charset in ("", "utf-8")
    if mime in _TEXT_XML or (mime.startswith("text/") and mime.endswith("+xml")):
        return charset == "utf-8"
    return False


def _plain_namespaces(root: Element, body: bytes) -> bool:
    """Return True when no namespace declaration makes feedparser rename elements.

    feedparser keeps one document-wide map from the document's prefixes to its usual ones
    (whatever element declared them), so a prefix bound twice, or a known namespace bound to
    the prefix another namespace's elements get (xmlns:dc="...mrss/"), renames elements.
    """
    declared = set(root.nsmap.items())
    if body.count(b"xmlns") > len(declared):  # declared below the root too (or lookalikes)
        markup = _CDATA_OR_COMMENT.sub(b"", body)
        for prefix, uri in _DECLARATION.findall(markup):
            declared.add((prefix.decode() or None, uri.decode("utf-8", "replace")))
    if len({prefix for prefix, _ in declared}) != len(declared):
        return False
    usual = {prefix: _usual_prefix(uri) for prefix, uri in declared}
    known = {prefix: mapped for prefix, mapped in usual.items() if prefix and mapped is not None}
    used = {
        (mapped if mapped is not None else prefix or "").lower() for prefix, mapped in usual.items()
    }
    return all(known.get(name, name) == name for name in used)


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


def _finish(text: str, element: str, base: str, kind: str | None = None, guess: bool = True) -> str:
    """Return ``text`` after the steps feedparser's ``pop`` applies when ``element`` closes.

    ``kind`` is the content type of text constructs (title, description, content), None for
    plain elements, which feedparser treats as HTML for the purpose of URI resolution.
    ``guess``: whether plain text that looks like HTML is taken as HTML (not in Atom).
    """
    out = text.strip()
    if out and element in _RELATIVE_URI:
        out = _urljoin(base, out)
    if kind == "text/plain" and guess:
        kind = _upgraded(kind, out)
    if (kind or "text/html") in _HTML_TYPES and element in _HTML_ELEMENTS:
        out = _resolve_html(out, base, kind or "text/html")
    if out.isascii():  # neither repair below can change ASCII text
        return out
    with suppress(UnicodeEncodeError, UnicodeDecodeError):
        # feedparser's repair of UTF-8 that was decoded as Latin-1 somewhere upstream
        out = out.encode("iso-8859-1").decode("utf-8")
    return out.translate(_cp1252) if _C1.search(out) else out


def _resolve_html(html: str, base: str, kind: str) -> str:
    """Return feedparser's ``resolve_relative_uris`` of ``html``, skipping it when it is a no-op.

    feedparser re-serialises embedded HTML through sgmllib. For text holding only known
    entity and character references and attribute-less tags (no void elements) that round
    trip is the identity, apart from its rewriting of &#39; and &#34;.
    """
    if "<" not in html and "&" not in html:
        return html
    simple = html.replace("&#39;", "'").replace("&#34;", '"')
    if _SIMPLE_HTML.fullmatch(simple) and all(map(_plain_token, _TOKEN.finditer(simple))):
        return simple
    out: str = resolve_relative_uris(html, base, "utf-8", kind)
    return out


def _plain_token(match: re.Match[str]) -> bool:
    """Return True when sgmllib writes this reference or tag back exactly as it is."""
    name, tag = match.group(1), match.group(2)
    if tag is not None:
        return tag not in _REWRITTEN_TAGS
    if not name.startswith("#"):
        return name in name2codepoint or name == "apos"
    value = int(name[2:], 16) if name.startswith("#x") else int(name[1:])
    return value not in _cp1252  # C1 references are rewritten to their cp1252 meaning


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
        title=plain_title(_text(feed.get("title"))),
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
            feed["title"] = _finish(_text_of(el), "title", base, "text/plain")
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


def _content_type(kind: str) -> str:
    """Return feedparser's content type for a type attribute; unverified ones fall back."""
    mapped: str = _FeedParserMixin.map_content_type(kind)
    if mapped not in ("text/plain", "text/html"):
        raise _Fallback(f"content of type {kind!r}")
    return mapped


def _upgraded(kind: str, value: str) -> str:
    """Return "text/html" for plain text that feedparser decides looks like HTML."""
    if kind == "text/plain" and ("<" in value or "&" in value) and _looks_like_html(value):
        return "text/html"
    return kind


def _item_text(entry: Node, key: str, el: Element, base: str) -> None:
    """Store an item's title, guid or feedburner:origLink."""
    if key == "title":
        entry["title"] = _finish(_text_of(el), "title", base, "text/plain")
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


def _read_atom(root: Element, url: str, base: str) -> ParsedFeed:
    """Return the ParsedFeed of an Atom 1.0 <feed> (the Atom namespace as the default)."""
    if root.nsmap.get(None) != _ATOM or any(
        uri.lower() in _VERSION_NAMESPACES for uri in root.nsmap.values()
    ):
        raise _Fallback("Atom namespace not the root's default")
    lang = root.get(_XML_LANG)  # feedparser records it as the feed's and every text's language
    feed: Node = {"language": lang.replace("_", "-") if lang else None}
    entries: list[Node] = []
    seen: set[str] = set()
    for key, el in _children(root):
        if key == "entry":
            entries.append(_read_entry(el, base))
        elif key in ("title", "subtitle", "icon", "logo", "id"):
            _once(seen, key)
            if key in ("title", "subtitle"):
                kind = _content_type(_attrs(el).get("type", "text"))
                feed[key] = _finish(_text_of(el, frozenset({"type"})), key, base, kind, False)
            else:
                feed[key] = _finish(_text_of(el), key, base)
            if key == "id":  # feedparser lets the id stand for a link no earlier element gave
                feed.setdefault("link", feed["id"])
        elif key == "link":
            _link(feed, el, base, in_item=False)
        elif key in ("author", "contributor"):
            _person_children(el)
        elif key in _HARMLESS_ATOM:
            _text_of(el, None)
        else:
            _inert(key, el, _FEED_KEYS)
    language = feed["language"]
    return ParsedFeed(
        format="atom10",
        title=plain_title(_text(feed.get("title"))),
        site_url=absolute(_text(feed.get("link")), url),
        description=_text(feed.get("subtitle")),
        language=language,
        image=_feed_image(feed, url),
        items=build_items(_draft(entry, url, language) for entry in entries),
        damage=None,
        ttl_minutes=_ttl_minutes(feed),
    )


def _read_entry(el: Element, base: str) -> Node:
    """Return feedparser's entry dict for one Atom <entry>."""
    if el.attrib:
        raise _Fallback("<entry> with attributes")
    entry: Node = {"links": [], "authors": [], "tags": [], "content": []}
    seen: set[str] = set()
    has_content = False
    for key, child in _children(el):
        if key == "link":
            _link(entry, child, base, in_item=True)
        elif key in ("title", "id"):
            _once(seen, key)
            if key == "title":
                kind = _content_type(_attrs(child).get("type", "text"))
                entry[key] = _finish(_text_of(child, frozenset({"type"})), key, base, kind, False)
            else:
                entry["id"] = _finish(_text_of(child), "id", base)
                entry.setdefault("link", entry["id"])
        elif key in ("summary", "content"):
            _once(seen, key)
            kind = _content_type(_attrs(child).get("type", "text"))
            text = _text_of(child, frozenset({"type"}))
            if key == "content" or ("summary" in entry and not has_content):
                has_content = True  # a summary after content-less summary is content
                value = _finish(text, "content", base, kind, False)
                entry["content"].append({"type": kind, "value": value})
                entry.setdefault("summary", value)
            else:
                entry["summary"] = _finish(text, "summary", base, kind, False)
                entry["summary_detail"] = {"type": kind}
        elif key in _ATOM_DATES:
            field = _ATOM_DATES[key]
            _once(seen, field)
            entry[field] = _finish(_text_of(child), field, base)
            entry[f"{field}_parsed"] = _parse_date(entry[field])
        elif key == "author":
            _once(seen, key)
            entry["authors"].append(_person_children(child))
        elif key == "category":
            attrs = _attrs(child)
            if (child.text or "").strip() or len(child):
                raise _Fallback("<category> with content")
            entry["tags"].append(attrs.get("term") or attrs.get("label") or "")
        elif key in ("media_thumbnail", "media_content"):
            if len(child) or (key == "media_thumbnail" and "url" not in _attrs(child)):
                raise _Fallback(f"<{key}> with children or without url")
            entry.setdefault(key, []).append(_attrs(child))
        elif key == "contributor":
            _person_children(child)
        elif key not in _HARMLESS_ATOM:
            _inert(key, child, _ENTRY_KEYS)
    if "updated" not in entry and "published" in entry:  # FeedParserDict's issue 310
        entry["updated"], entry["updated_parsed"] = entry["published"], entry["published_parsed"]
    entry["tags"] = [{"term": term} for term in entry["tags"]]
    return entry


def _person_children(el: Element) -> Node:
    """Return an Atom person's {name, email} as feedparser keeps them (stripped, unrepaired).

    A person given as bare text (RSS style) falls back: feedparser parses it differently.
    """
    children = _children(el)
    if not children:
        raise _Fallback("Atom person without name/email/uri")
    if (el.text or "").strip() or el.attrib:
        raise _Fallback("Atom person with text or attributes")
    person: Node = {}
    for key, child in children:
        if key not in ("name", "email", "uri") or key in person:
            raise _Fallback(f"person child <{key}>")
        text = _text_of(child).strip()
        person[key] = text
        if (child.tail or "").strip():
            raise _Fallback("text between person children")
    person.pop("uri", None)
    return person
