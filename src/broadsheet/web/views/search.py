"""The search page: ranked full-text results with highlighted snippets and filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from django.http import HttpRequest, HttpResponse

from broadsheet.search import Filters, search
from broadsheet.web.views._common import feed
from broadsheet.web.views._hiding import Hiding, hide_articles
from broadsheet.web.views._kept import render_kept
from broadsheet.web.views._scope import scope


def _date(raw: str) -> datetime | None:
    try:
        return datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=UTC) if raw else None
    except ValueError:
        return None


def filters_from(params: dict[str, str]) -> Filters:
    """Build search filters from query-string parameters (bad dates are ignored)."""
    until = _date(params.get("until", ""))
    return Filters(
        source=params.get("source", "").strip(),
        since=_date(params.get("since", "")),
        until=until + timedelta(days=1) if until else None,
        entity=params.get("entity", "").strip(),
        hashtag=params.get("tag", "").strip(),
        language=params.get("lang", "").strip(),
    )


def search_page(request: HttpRequest) -> HttpResponse:
    """Render the search form and, for ``?q=``, one page of results (``?feeds=mine``: only
    articles of the feeds the reader follows)."""
    q = request.GET.get("q", "").strip()
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    limited = scope(request)
    filters = replace(filters_from(request.GET.dict()), feeds_of=limited.reader)
    results = search(q, filters, page=page) if q else None
    hiding = Hiding()
    if results is not None:  # the reader's filter rules hide hits of this page
        hits, hiding = hide_articles(request, results.hits, lambda h: h.article_id)
        results = replace(results, hits=tuple(hits))
    params = request.GET.copy()
    params.pop("page", None)
    if limited.offered:
        params["feeds"] = limited.value
    template = "web/_results.html" if request.headers.get("HX-Request") else "web/search.html"
    offered = feed(f"search “{q}”", "syndication_search", query=params.urlencode()) if q else None
    return render_kept(
        request,
        template,
        {
            "q": q,
            "results": results,
            "params": params.urlencode(),
            "f": request.GET,
            "feed": offered,
            "hiding": hiding,
            "scope": limited,
        },
    )
