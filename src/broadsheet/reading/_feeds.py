"""Feeds as the outputs list them: identity, schedule and plain-language health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.errors import NotFoundError
from broadsheet.storage import feeds
from broadsheet.storage.reader import subscriptions as subs
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


def feed_cards(viewer: int | None = None, *, staff: bool = True) -> list[FeedCard]:
    """Return the feeds this viewer may see listed, by category then title.

    Staff see every feed; anyone else the instance's feeds and the private ones they follow
    (``viewer`` None: the instance's only).
    """
    rows = feeds.list_feeds()
    if not staff:
        visible = set(subs.visible_feeds(viewer).values_list("id", flat=True))
        rows = [r for r in rows if r.id in visible]
    return [_card(row) for row in rows]


def feed_card(feed_id: int, viewer: int | None = None, *, staff: bool = True) -> FeedCard:
    """Return one feed the viewer may see, or raise NotFoundError."""
    for card in feed_cards(viewer, staff=staff):
        if card.id == feed_id:
            return card
    raise NotFoundError(f"no feed with id {feed_id}; `broadsheet feeds` lists them")
