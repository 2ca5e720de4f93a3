"""Feeds: every subscription with its health; staff tokens may subscribe and refresh."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from broadsheet.api._app import bearer, require_staff, user_id
from broadsheet.api._paging import JSONObject, Paging, object_id, page
from broadsheet.pipeline import ensure_may_subscribe, subscribe
from broadsheet.pipeline.dispatch import enqueue
from broadsheet.reading import feed_card, feed_cards

router = Router(tags=["feeds"])


class FeedOut(Schema):
    """A feed with its schedule and plain-language health."""

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


class FeedList(Schema):
    """A page of feeds, by category then title."""

    items: list[FeedOut]
    total: int
    limit: int
    offset: int
    next: str | None


class FeedIn(JSONObject):
    """A feed URL, or a site's home page whose feed is discovered; optional category path."""

    url: str = Field(..., min_length=1, max_length=2000, pattern=r"^https?://\S+$")
    category: str = Field("", max_length=500, description="nested with '/', e.g. 'News/World'")


class Subscribed(Schema):
    """The feed subscribed to and whether it is new."""

    id: int
    created: bool
    url: str
    title: str


@router.get("/feeds", response=FeedList, summary="List feeds with their health")
def list_feeds(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Every feed with its health diagnosis and article count."""
    rows = feed_cards()
    return page(request, paging, rows[paging.offset : paging.offset + paging.limit], len(rows))


@router.get("/feeds/{feed_id}", response=FeedOut, summary="One feed with its health")
def get_feed(request: HttpRequest, feed_id: int = object_id()) -> Any:
    """One feed, or 404."""
    return feed_card(feed_id)


@router.post(
    "/feeds",
    response={201: Subscribed, 200: Subscribed},
    auth=bearer,
    summary="Subscribe to a feed (staff)",
)
def add_feed(request: HttpRequest, body: FeedIn) -> Status[Any]:
    """Subscribe (checking the URL is a feed, or discovering the site's feed), then fetch it."""
    ensure_may_subscribe(user_id(request))  # 403 through the PermissionDeniedError handler
    category = tuple(p.strip() for p in body.category.split("/") if p.strip())
    result = subscribe(body.url, category)
    if result.created:
        enqueue("refresh_feed", result.feed_id)
    return Status(
        201 if result.created else 200,
        {"id": result.feed_id, "created": result.created, "url": result.url, "title": result.title},
    )


@router.post(
    "/feeds/{feed_id}/refresh",
    response={202: FeedOut},
    auth=bearer,
    summary="Refresh a feed now (staff)",
)
def refresh_feed(request: HttpRequest, feed_id: int = object_id()) -> Status[Any]:
    """Queue (or, without a broker, run) a fetch of the feed; return its state."""
    require_staff(request)
    feed_card(feed_id)  # raises NotFoundError
    enqueue("refresh_feed", feed_id)
    return Status(202, feed_card(feed_id))
