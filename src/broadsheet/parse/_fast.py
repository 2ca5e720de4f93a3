"""A fast path for plain, well-formed RSS 2.0 / 0.9x and Atom 1.0 documents, read with lxml.

feedparser spends most of its time in per-element SAX callbacks. For the documents most
publishers serve, the fields Broadsheet keeps can be read straight off an lxml tree; this
module does that and hands the result to the same mapping code as the feedparser path, so
the ParsedFeed is identical. Each text value goes through the steps feedparser applies when
an element closes (:func:`broadsheet.parse._fast_text._finish`), using feedparser's own helpers for the subtle ones
(URL joining, date parsing, relative URIs inside HTML, HTML detection).

Whatever this module has not been verified against feedparser for makes :func:`parse_fast`
return None and the caller takes the feedparser path: DTDs, other encodings, xml:base or
xml:lang, unknown namespaces, elements feedparser gives a meaning we do not mirror, repeated
elements whose precedence is subtle, markup inside text elements, and so on.
"""

from __future__ import annotations

import re

from feedparser.encodings import parse_content_type
from feedparser.urls import make_safe_absolute_uri
from lxml import etree

from broadsheet.parse._fast_atom import _ATOM, _read_atom
from broadsheet.parse._fast_elements import Element, _Fallback, _usual_prefix
from broadsheet.parse._fast_rss import _read_rss
from broadsheet.parse._fast_text import _resolve_html as _resolve_html  # re-exported for tests
from broadsheet.parse._text import is_absolute
from broadsheet.parse._types import ParsedFeed

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=False
)
_CDATA_OR_COMMENT = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.DOTALL)
# Finds every namespace declaration (and perhaps lookalikes in text, which only add caution).
_DECLARATION = re.compile(rb"\sxmlns(?::([A-Za-z_][\w.\-]*))?\s*=\s*[\"']([^\"'<]*)[\"']")
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
