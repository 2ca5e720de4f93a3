"""parse_feed: the one entry point turning fetched bytes into a ParsedFeed."""

from __future__ import annotations

from broadsheet.parse._fast import parse_fast
from broadsheet.parse._json import parse_json
from broadsheet.parse._sniff import is_json, refuse_early, strip_space_before_declaration
from broadsheet.parse._types import ParsedFeed
from broadsheet.parse._xml import parse_xml


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Return the feed in ``body`` (fetched from ``url``); raise FeedParseError if it is none.

    Plain RSS takes a fast lxml path that gives exactly what feedparser would; everything
    else (and anything the fast path is unsure of) goes through feedparser.
    """
    name = url or "The document"
    refuse_early(body, name)
    if is_json(body):
        return parse_json(body, url, name)
    body = strip_space_before_declaration(body)
    return parse_fast(body, url, content_type) or parse_xml(body, url, content_type, name)


def _parse_slow(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Return what ``parse_feed`` gives without the fast path (for differential tests)."""
    name = url or "The document"
    refuse_early(body, name)
    if is_json(body):
        return parse_json(body, url, name)
    return parse_xml(strip_space_before_declaration(body), url, content_type, name)
