"""Feeds as the outputs list them: identity, schedule and plain-language health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.errors import NotFoundError
from broadsheet.storage import feeds
from broadsheet.untrusted import web_url

__all__ = ["FeedCard", "feed_card", "feed_cards"]


@dataclass(frozen=True)
class FeedCard:
    """One feed with its schedule, health and article count; addresses are http(s) or empty."""

    id: int
    url: str
    title: str
    site_url: str
    category: str
    active: bool
    health: str
    health_message: str
    damage: str
    articles: int
    interval_minutes: int
    last_fetched_at: datetime | None
    last_success_at: datetime | None
    last_new_item_at: datetime | None
    next_fetch_at: datetime


def _card(row: feeds.FeedRow) -> FeedCard:
    fields = {**row.__dict__, "url": web_url(row.url), "site_url": web_url(row.site_url)}
    return FeedCard(**fields)


def feed_cards() -> list[FeedCard]:
    """Return every feed, by category then title."""
    return [_card(row) for row in feeds.list_feeds()]


def feed_card(feed_id: int) -> FeedCard:
    """Return one feed, or raise NotFoundError."""
    for card in feed_cards():
        if card.id == feed_id:
            return card
    raise NotFoundError(f"no feed with id {feed_id}; `broadsheet feeds` lists them")
