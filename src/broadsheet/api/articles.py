"""Articles: newest first with a cursor or offset, one article with every exported field, and
the caller's read/saved state."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from broadsheet.api._app import bearer, user_id
from broadsheet.api._paging import ID_MAX, JSONObject, Paging, object_id, page
from broadsheet.api._schemas import ArticleOut
from broadsheet.api._viewer import ReaderView, hide, viewer
from broadsheet.errors import BroadsheetError
from broadsheet.reading import (
    ArticleMarks,
    article_detail,
    article_marks,
    article_page,
    set_article_marks,
)

router = Router(tags=["articles"])


class ArticleList(Schema):
    """A page of articles; `cursor` continues keyset paging (stable while new articles arrive).

    `total` of the unfiltered list is counted at most once a minute, so it may lag behind new
    articles; `next` never relies on it there (it is null only after a short page). With a
    token, the articles your rules hide are left out, so a page may hold fewer than `limit`:
    `offset`, `cursor` and `total` count the hidden ones too.
    """

    items: list[ArticleOut]
    total: int | None
    limit: int
    offset: int
    next: str | None
    cursor: str | None


class ArticleFilters(Schema):
    """Narrow the list to one feed or outlet; `cursor` from a previous page."""

    feed: int | None = Field(None, ge=1, le=ID_MAX)
    source: int | None = Field(None, ge=1, le=ID_MAX)
    cursor: str | None = Field(None, max_length=200)


class StateIn(JSONObject):
    """Set read and/or saved; omitted fields stay as they are."""

    read: bool | None = None
    saved: bool | None = None


class StateOut(Schema):
    """The caller's state of one article."""

    id: int
    read: bool
    saved: bool


def encode_cursor(when: datetime, article_id: int) -> str:
    """Return an opaque cursor for keyset paging after (when, id)."""
    raw = f"{when.timestamp():.6f}:{article_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """Return (when, id) from a cursor, or raise BroadsheetError if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, article_id = raw.split(":")
        return datetime.fromtimestamp(float(stamp), UTC), int(article_id)
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
        raise BroadsheetError(
            f"invalid cursor {cursor[:40]!r}: use the `cursor` value of a previous page, unchanged"
        ) from None


def _out(card: Any, hidden_by: str | None) -> ArticleOut:
    return ArticleOut.model_validate(card).model_copy(update={"hidden_by": hidden_by})


@router.get("/articles", response=ArticleList, summary="List articles, newest first")
def list_articles(
    request: HttpRequest,
    paging: Query[Paging],
    filters: Query[ArticleFilters],
    view: Query[ReaderView],
) -> dict[str, Any]:
    """Articles newest first; page with `offset`, or with `cursor` from the previous page. With
    a token: your filter rules apply (`include_hidden`), and `feeds=mine` lists your feeds'."""
    uid = viewer(request, view)
    before = decode_cursor(filters.cursor) if filters.cursor else None
    result = article_page(
        paging.limit,
        paging.offset,
        feed_id=filters.feed,
        source_id=filters.source,
        before=before,
        feeds_of=uid if view.feeds == "mine" else None,
    )
    candidates = list(result.items)
    body = page(request, paging, candidates, result.total if result.exact else None)
    body["items"] = hide(uid, view, candidates, lambda c: c.id, _out)
    body["total"] = result.total
    last = candidates[-1] if len(candidates) == paging.limit else None
    body["cursor"] = encode_cursor(last.published, last.id) if last and last.published else None
    return body


@router.get("/articles/{article_id}", summary="One article with every exported field")
def get_article(request: HttpRequest, article_id: int = object_id()) -> dict[str, Any]:
    """Every field `broadsheet export` writes (stories, intelligence, summary included)."""
    return dict(article_detail(article_id).fields)


@router.get(
    "/articles/{article_id}/state",
    response=StateOut,
    auth=bearer,
    summary="The caller's read/saved state of an article",
)
def get_state(request: HttpRequest, article_id: int = object_id()) -> ArticleMarks:
    """Whether the token's owner has read or saved the article."""
    return article_marks(user_id(request), article_id)


@router.put(
    "/articles/{article_id}/state",
    response=StateOut,
    auth=bearer,
    summary="Mark an article read/unread, saved/unsaved",
)
def put_state(
    request: HttpRequest, article_id: int = object_id(), *, body: StateIn
) -> ArticleMarks:
    """Set the token owner's read and/or saved state of one article."""
    return set_article_marks(user_id(request), article_id, read=body.read, saved=body.saved)
