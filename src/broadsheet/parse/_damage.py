"""Plain-language descriptions of what was wrong with a feed document feedparser recovered."""

from __future__ import annotations

import re
import xml.sax

import feedparser

_ITEM_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?:item|entry)[\s/>]")


def count_item_tags(body: bytes) -> int:
    """Return how many <item>/<entry> start tags the raw bytes contain (an estimate of M)."""
    return len(_ITEM_TAG.findall(body))


def _what_went_wrong(exc: BaseException) -> str | None:
    """Return the plain-language problem for one feedparser bozo exception, None if harmless."""
    if isinstance(exc, feedparser.NonXMLContentType):
        return None  # served as text/plain or text/html: a header slip, not damage
    if isinstance(exc, xml.sax.SAXParseException):
        return f"XML error at line {exc.getLineNumber()} ({exc.getMessage()})"
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return f"wrong character encoding: {exc}"
    if isinstance(exc, feedparser.CharacterEncodingUnknown):
        return "character encoding could not be determined"
    return f"malformed feed ({exc})" if str(exc) else f"malformed feed ({type(exc).__name__})"


def describe_damage(exc: BaseException | None, recovered: int, body: bytes) -> str | None:
    """Return e.g. "XML error at line 12 (undefined entity); 18 of 20 items recovered", or None."""
    if exc is None:
        return None
    problem = _what_went_wrong(exc)
    if problem is None:
        return None
    expected = count_item_tags(body)
    if expected >= recovered and expected > 0:
        return f"{problem}; {recovered} of {expected} items recovered"
    noun = "item" if recovered == 1 else "items"
    return f"{problem}; {recovered} {noun} recovered"
