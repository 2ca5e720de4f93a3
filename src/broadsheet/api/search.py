"""Full-text search over articles, with the search part's filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from broadsheet.api._schemas import HitOut
from broadsheet.api._viewer import ReaderView, hide, viewer
from broadsheet.search import Filters, SearchResults
from broadsheet.search import search as run_search

router = Router(tags=["search"])
MAX_PAGE = 500
MAX_PER_PAGE = 100


class SearchQuery(Schema):
    """The query and its optional filters; pages count from 1."""

    q: str = Field(..., min_length=1, max_length=500, description="words, phrases in quotes")
    source: str | None = Field(None, max_length=255, description="outlet name or domain")
    entity: str | None = Field(None, max_length=300)
    hashtag: str | None = Field(None, max_length=100)
    language: str | None = Field(None, max_length=35)
    since: date | None = None
    until: date | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


def _filters(query: SearchQuery) -> Filters:
    given = {
        k: v
        for k, v in query.dict().items()
        if k not in ("q", "page", "per_page") and v is not None
    }
    if "hashtag" in given:
        given["hashtag"] = given["hashtag"].lstrip("#")
    if query.since is not None:  # whole days, in UTC
        given["since"] = datetime.combine(query.since, time.min, UTC)
    if query.until is not None:
        given["until"] = datetime.combine(query.until, time.max, UTC)
    return Filters(**given)


def search_results(query: SearchQuery, feeds_of: int | None = None) -> SearchResults:
    """Run a search through the search part (used by the API and the search feeds);
    ``feeds_of``, a reader's id, keeps only the feeds that reader follows."""
    filters = replace(_filters(query), feeds_of=feeds_of)
    return run_search(query.q, filters, query.page, query.per_page)


def _out(hit: Any, hidden_by: str | None) -> HitOut:
    return HitOut.model_validate(hit, from_attributes=True).model_copy(
        update={"hidden_by": hidden_by}
    )


class SearchPage(Schema):
    """A page of hits; `next` is the next page's URL (null on the last page)."""

    items: list[HitOut]
    total: int
    page: int
    per_page: int
    next: str | None


@router.get("/search", response=SearchPage, summary="Search articles")
def search(
    request: HttpRequest, query: Query[SearchQuery], view: Query[ReaderView]
) -> dict[str, Any]:
    """Matching articles with highlighted snippets, total and the next page's URL. With a
    token, hits your filter rules hide are left out (`include_hidden` keeps them, with
    `hidden_by`; `total` counts them) and `feeds=mine` searches your feeds only."""
    uid = viewer(request, view)
    results = search_results(query, uid if view.feeds == "mine" else None)
    hits = hide(uid, view, list(results.hits), lambda h: h.article_id, _out)
    total = int(results.total)
    more = query.page * query.per_page < total and query.page < MAX_PAGE
    following = None
    if more:
        params = request.GET.copy()
        params["page"] = str(query.page + 1)
        following = f"{request.path}?{params.urlencode()}"
    return {
        "items": hits,
        "total": total,
        "page": query.page,
        "per_page": query.per_page,
        "next": following,
    }
