"""Feed bytes → ParsedFeed: RSS, Atom and JSON Feed, item identity, and feed autodiscovery."""

from broadsheet.parse._discover import discover_feeds
from broadsheet.parse._parse import parse_feed
from broadsheet.parse._sniff import looks_like_feed
from broadsheet.parse._types import DiscoveredFeed, FeedItem, ParsedFeed

__all__ = [
    "DiscoveredFeed",
    "FeedItem",
    "ParsedFeed",
    "discover_feeds",
    "looks_like_feed",
    "parse_feed",
]
