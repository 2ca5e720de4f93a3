"""Feeds: the instance's feeds with their health (staff tokens subscribe, refresh and delete),
and the caller's own feeds under /me/feeds (rename, move, edit, unsubscribe)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from broadsheet.api._app import bearer, require_staff, user_id
from broadsheet.api._paging import JSONObject, Paging, object_id, page
from broadsheet.errors import NotFoundError
from broadsheet.pipeline import (
    FeedEdit,
    edit_feed,
    ensure_may_subscribe,
    remove_feed,
    subscribe,
    unsubscribe,
)
from broadsheet.pipeline.dispatch import enqueue
from broadsheet.reading import MyFeed, feed_card, feed_cards, get_user, my_feeds

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
    """The instance's feeds (not readers' own ones) with their health and article count."""
    rows = feed_cards(None, staff=False)
    return page(request, paging, rows[paging.offset : paging.offset + paging.limit], len(rows))


@router.get("/feeds/{feed_id}", response=FeedOut, summary="One feed with its health")
def get_feed(request: HttpRequest, feed_id: int = object_id()) -> Any:
    """One of the instance's feeds, or 404."""
    return feed_card(feed_id, None, staff=False)


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


class MyFeedOut(Schema):
    """A feed you follow: your title and folder, your unread count and how it is fetched."""

    id: int
    title: str
    url: str
    site_url: str
    folder: str
    unread: int
    private: bool = Field(description="added by readers, not for everyone")
    may_edit: bool = Field(description="you may change its address, interval and pages")
    fetch_pages: bool
    interval_minutes: int | None = Field(description="fixed refresh interval; null: learnt")


class MyFeedList(Schema):
    """A page of the feeds you follow, by folder then title."""

    items: list[MyFeedOut]
    total: int
    limit: int
    offset: int
    next: str | None


class FeedPatch(JSONObject):
    """Changes to a feed you follow; title and folder are yours, the rest every follower's."""

    title: str | None = Field(None, max_length=500)
    folder: str | None = Field(None, max_length=200, description="nested with '/'; '' for none")
    url: str | None = Field(None, min_length=1, max_length=2000, pattern=r"^https?://\S+$")
    interval_minutes: int | None = Field(None, ge=0, le=10080, description="0: learn it")
    fetch_pages: bool | None = Field(None, description="false: use the feed's own text")


class Removed(Schema):
    """What deleting a feed removed and kept."""

    deleted_articles: int
    kept_saved_articles: int


def _mine(uid: int, feed_id: int, staff: bool) -> dict[str, Any]:
    for f in my_feeds(uid, staff=staff, with_health=False):
        if f.feed_id == feed_id:
            return _my_out(f)
    raise NotFoundError(f"you do not follow feed {feed_id}; GET /api/me/feeds lists yours")


def _my_out(f: MyFeed) -> dict[str, Any]:
    return {
        "id": f.feed_id,
        "title": f.title,
        "url": f.url,
        "site_url": f.site_url,
        "folder": f.folder,
        "unread": f.unread,
        "private": f.private,
        "may_edit": f.may_edit,
        "fetch_pages": f.fetch_pages,
        "interval_minutes": f.interval_minutes,
    }


@router.get("/me/feeds", response=MyFeedList, auth=bearer, summary="The feeds you follow")
def my_feed_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Your feeds with your titles, folders and unread counts."""
    uid = user_id(request)
    rows = [_my_out(f) for f in my_feeds(uid, staff=get_user(uid).is_staff, with_health=False)]
    return page(request, paging, rows[paging.offset : paging.offset + paging.limit], len(rows))


@router.patch(
    "/me/feeds/{feed_id}", response=MyFeedOut, auth=bearer, summary="Rename, move or edit a feed"
)
def my_feed_edit(request: HttpRequest, body: FeedPatch, feed_id: int = object_id()) -> Any:
    """Apply the changes given; address, interval and pages need staff or being its only reader."""
    uid = user_id(request)
    staff = get_user(uid).is_staff
    _mine(uid, feed_id, staff)  # 404 unless you follow it
    edit = FeedEdit(
        title=body.title,
        folder=body.folder,
        url=body.url,
        interval=body.interval_minutes,
        fetch_pages=body.fetch_pages,
    )
    edit_feed(uid, feed_id, edit)
    return _mine(uid, feed_id, staff)


@router.delete(
    "/me/feeds/{feed_id}", response={204: None}, auth=bearer, summary="Unsubscribe from a feed"
)
def my_feed_unsubscribe(request: HttpRequest, feed_id: int = object_id()) -> Status[Any]:
    """Stop following the feed; a private feed goes with its last reader, saved articles stay."""
    unsubscribe(user_id(request), feed_id)
    return Status(204, None)


@router.delete(
    "/feeds/{feed_id}",
    response={200: Removed},
    auth=bearer,
    summary="Delete a feed for everyone (staff)",
)
def delete_feed(request: HttpRequest, feed_id: int = object_id()) -> Status[Any]:
    """Delete the feed and its articles, keeping those readers saved."""
    uid = user_id(request)
    deleted, kept = remove_feed(uid, feed_id)
    return Status(200, {"deleted_articles": deleted, "kept_saved_articles": kept})
