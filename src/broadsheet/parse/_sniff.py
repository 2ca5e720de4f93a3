"""Cheap looks at raw bytes: is this a feed, JSON, compressed, or what else is it?"""

from __future__ import annotations

import codecs
import re

from broadsheet.errors import FeedParseError

GZIP_MAGIC = b"\x1f\x8b"
_HEAD_BYTES = 4096
_NAME = re.compile(r"<([A-Za-z_][\w:.\-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_HTML_ROOTS = frozenset({"html", "head", "body", "title", "meta", "div", "p", "a"})
_FEED_TYPES = ("rss", "atom", "rdf", "feed+json", "jsonfeed")
_XML_DECL_AFTER_SPACE = re.compile(rb"\A\s+(?=<\?xml)")


def _head_text(body: bytes) -> str:
    """Return the first few KB as text good enough to find tag names (BOMs honoured)."""
    head = body[:_HEAD_BYTES]
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "ignore")
    return head.decode("latin-1").removeprefix("\u00ef\u00bb\u00bf")


def root_element(body: bytes) -> str | None:
    """Return the lower-cased local name of the root element ("html" for an HTML doctype)."""
    text = _head_text(body).lstrip()
    while text.startswith("<!") or text.startswith("<?"):
        if text.startswith("<!--"):
            end, width = text.find("-->"), 3
        elif text.startswith("<?"):
            end, width = text.find("?>"), 2
        else:
            end, width = text.find(">"), 1
            if text[:14].lower().startswith("<!doctype html"):
                return "html"
        if end < 0:
            return None
        text = text[end + width :].lstrip()
    match = _NAME.match(text)
    return match.group(1).rsplit(":", 1)[-1].lower() if match else None


def is_json(body: bytes) -> bool:
    """Return True when the document starts like a JSON object."""
    return body[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def looks_like_feed(body: bytes, content_type: str | None = None) -> bool:
    """Return True when the bytes (or their content type) plausibly hold RSS, Atom or JSON Feed."""
    if not body.strip() or body.startswith(GZIP_MAGIC):
        return False
    if is_json(body):
        return b"jsonfeed.org/version" in body[:_HEAD_BYTES].replace(b"\\/", b"/")
    root = root_element(body)
    if root in _FEED_ROOTS:
        return True
    if root is None and content_type:
        return any(kind in content_type.lower() for kind in _FEED_TYPES)
    return False


def strip_space_before_declaration(body: bytes) -> bytes:
    """Return ``body`` without whitespace before ``<?xml``, a common harmless publishing slip."""
    return _XML_DECL_AFTER_SPACE.sub(b"", body, count=1)


def refuse_early(body: bytes, name: str) -> None:
    """Raise FeedParseError for documents that cannot be feeds whatever the parser says."""
    if not body.strip():
        raise FeedParseError(f"{name} is empty, not a feed")
    if body.startswith(GZIP_MAGIC):
        raise FeedParseError(
            f"{name} is gzip-compressed data, not a feed "
            "(the server compressed it without saying so in Content-Encoding)"
        )


def not_a_feed(body: bytes, name: str) -> FeedParseError:
    """Return the FeedParseError explaining what the document is instead of a feed."""
    root = root_element(body)
    if root in _HTML_ROOTS:
        return FeedParseError(f"{name} is an HTML page, not a feed")
    if root is None:
        return FeedParseError(f"{name} is not RSS, Atom or JSON Feed: no XML root element found")
    return FeedParseError(f"{name} is not RSS, Atom or JSON Feed: root element <{root}>")
