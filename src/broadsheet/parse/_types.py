"""The frozen values the parse package hands to the rest of Broadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, normalised; ``key`` is its identity within the feed."""

    key: str
    key_kind: str
    url: str | None
    title: str
    summary_html: str
    content_html: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    image: str | None
    published: datetime | None
    published_raw: str | None
    updated: datetime | None
    updated_raw: str | None
    content_hash: str
    language: str | None


@dataclass(frozen=True)
class ParsedFeed:
    """A whole feed document; ``damage`` says in plain words what was broken, if anything."""

    format: str
    title: str
    site_url: str | None
    description: str
    language: str | None
    image: str | None
    items: tuple[FeedItem, ...]
    damage: str | None
    ttl_minutes: int | None


@dataclass(frozen=True)
class DiscoveredFeed:
    """A feed advertised by (or guessed from) a web page; ``type`` is "rss", "atom" or "json"."""

    url: str
    title: str | None
    type: str
