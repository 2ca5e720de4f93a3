"""Outgoing feeds: latest articles, a story, a hashtag, an entity, a search, an alert."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse

from broadsheet.api.search import SearchQuery, search_results
from broadsheet.errors import BroadsheetError, NotFoundError, ThrottledError
from broadsheet.site import throttle
from broadsheet.storage.community import alerts
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.reader import rows
from broadsheet.storage.stories import queries as stories
from broadsheet.syndication._build import FORMATS, Channel, render

__all__ = ["alert", "entity", "hashtag", "latest", "search", "story"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ID = 2**53


class Problem(Exception):
    """A request we answer with a plain-text 4xx."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _limit(request: HttpRequest) -> int:
    raw = request.GET.get("limit", str(DEFAULT_LIMIT))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise Problem(400, f"limit must be a number from 1 to {MAX_LIMIT}")
    return int(raw)


def _ids(found: Iterable[Any]) -> list[int]:
    """Other parts return ids, dicts or objects; each carries an article id somehow."""
    ids = []
    for row in found:
        if isinstance(row, int):
            ids.append(row)
        elif isinstance(row, dict):
            ids.append(int(row.get("article_id") or row["id"]))
        else:
            ids.append(int(getattr(row, "article_id", None) or row.id))
    return ids


def _respond(view: Any) -> Any:
    def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in FORMATS:
            return HttpResponse("format must be rss or atom", status=404, content_type="text/plain")
        if any(isinstance(v, int) and v > MAX_ID for v in kwargs.values()):
            return HttpResponse("no such id", status=404, content_type="text/plain")
        try:
            channel, articles = view(request, _limit(request), **kwargs)
        except Problem as exc:
            return HttpResponse(str(exc), status=exc.status, content_type="text/plain")
        except NotFoundError as exc:
            return HttpResponse(str(exc), status=404, content_type="text/plain")
        except ThrottledError as exc:
            return throttle.too_many(exc)
        except BroadsheetError as exc:
            return HttpResponse(str(exc), status=400, content_type="text/plain")
        return render(request, fmt, channel, articles)

    wrapped.__doc__, wrapped.__name__ = view.__doc__, view.__name__
    return wrapped


@_respond
def latest(request: HttpRequest, limit: int) -> tuple[Channel, list[rows.ArticleSummary]]:
    """The newest articles from every feed."""
    page = rows.article_page(limit)
    return Channel(
        "Broadsheet: latest articles", "The newest articles from every feed."
    ), page.items


@_respond
def story(
    request: HttpRequest, limit: int, story_id: int
) -> tuple[Channel, list[rows.ArticleSummary]]:
    """Every article of one story, newest first."""
    detail = stories.get_story(story_id)
    ids = _ids(detail.articles)
    found = sorted(
        rows.summaries(ids), key=lambda a: (a.published is None, a.published), reverse=True
    )
    outlets = ", ".join(list(detail.outlets)[:5]) if getattr(detail, "outlets", None) else ""
    return (
        Channel(
            f"Story: {detail.headline}", f"Coverage by {outlets}".strip(), f"/stories/{detail.id}/"
        ),
        found[:limit],
    )


@_respond
def hashtag(
    request: HttpRequest, limit: int, tag: str
) -> tuple[Channel, list[rows.ArticleSummary]]:
    """Articles carrying a hashtag."""
    tag = tag.lstrip("#")
    found = intel.articles_for_tag(tag, limit, 0)
    return Channel(f"#{tag}", f"Articles tagged #{tag}."), rows.summaries(_ids(found))


@_respond
def entity(
    request: HttpRequest, limit: int, name: str
) -> tuple[Channel, list[rows.ArticleSummary]]:
    """Articles mentioning an entity."""
    found = intel.articles_for_entity(name, limit, 0)
    return Channel(name, f"Articles mentioning {name}."), rows.summaries(_ids(found))


def _search(query: str, limit: int) -> list[rows.ArticleSummary]:
    results = search_results(SearchQuery(q=query, per_page=limit))
    return rows.summaries(_ids(results.hits))


@_respond
def search(request: HttpRequest, limit: int) -> tuple[Channel, list[rows.ArticleSummary]]:
    """Articles matching a search query (``q``)."""
    query = request.GET.get("q", "").strip()
    if not query or len(query) > 500:
        raise Problem(400, "q (the search query, 1 to 500 characters) is required")
    return Channel(
        f"Search: {query}", f"Articles matching {query!r}.", f"/search?q={query}"
    ), _search(query, limit)


@_respond
def alert(
    request: HttpRequest, limit: int, alert_id: int
) -> tuple[Channel, list[rows.ArticleSummary]]:
    """Articles matching one of the token owner's alerts (``?token=`` since feed readers
    cannot send headers; alerts are private)."""
    header = request.headers.get("Authorization", "")
    token = request.GET.get("token") or header.removeprefix("Bearer ").strip()
    owner = throttle.token_user(request, token)  # bad tokens from one address are throttled
    if owner is None:
        raise Problem(401, "alert feeds are private: add ?token=<your API token> to the URL")
    mine = [a for a in alerts.user_alerts(owner) if a.id == alert_id]
    if not mine:
        raise NotFoundError(f"you have no alert with id {alert_id}")
    found = rows.summaries(_ids(alerts.alert_matches(alert_id, limit)))
    return Channel(f"Alert: {mine[0].name}", f"Articles matching {mine[0].rule!r}."), found
