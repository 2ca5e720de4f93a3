"""parse_feed: the one entry point turning fetched bytes into a ParsedFeed."""

from __future__ import annotations

from broadsheet.parse._json import parse_json
from broadsheet.parse._sniff import is_json, refuse_early, strip_space_before_declaration
from broadsheet.parse._types import ParsedFeed
from broadsheet.parse._xml import parse_xml


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Return the feed in ``body`` (fetched from ``url``); raise FeedParseError if it is none."""
    name = url or "The document"
    refuse_early(body, name)
    if is_json(body):
        return parse_json(body, url, name)
    return parse_xml(strip_space_before_declaration(body), url, content_type, name)
