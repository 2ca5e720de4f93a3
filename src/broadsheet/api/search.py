"""Full-text search over articles, with the search part's filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from broadsheet.api._schemas import HitOut
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


def search_results(query: SearchQuery) -> SearchResults:
    """Run a search through the search part (used by the API and the search feeds)."""
    return run_search(query.q, _filters(query), query.page, query.per_page)


class SearchPage(Schema):
    """A page of hits; `next` is the next page's URL (null on the last page)."""

    items: list[HitOut]
    total: int
    page: int
    per_page: int
    next: str | None


@router.get("/search", response=SearchPage, summary="Search articles")
def search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    """Matching articles with highlighted snippets, total and the next page's URL."""
    results = search_results(query)
    hits = list(results.hits)
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
