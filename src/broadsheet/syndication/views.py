"""Outgoing feeds: latest articles, a story, a hashtag, an entity, a search, an alert."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from broadsheet.errors import BroadsheetError, NotFoundError, ThrottledError
from broadsheet.reading import (
    ArticleEntry,
    alert_feed,
    article_entries,
    entity_article_ids,
    latest_entries,
    newest_articles,
    story_detail,
    tag_article_ids,
)
from broadsheet.search import Filters
from broadsheet.search import search as run_search
from broadsheet.site import throttle
from broadsheet.syndication._build import FORMATS, Channel, render

__all__ = ["alert", "entity", "hashtag", "latest", "search", "story"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ID = 2**53
Feed = tuple[Channel, list[ArticleEntry]]


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


def _owner(request: HttpRequest, why: str) -> int:
    """The reader whose API token came with the request (``?token=`` or a Bearer header)."""
    header = request.headers.get("Authorization", "")
    token = request.GET.get("token") or header.removeprefix("Bearer ").strip()
    owner = throttle.token_user(request, token)  # bad tokens from one address are throttled
    if owner is None:
        raise Problem(401, f"{why}: add ?token=<your API token> to the URL")
    return owner


def _feeds_of(request: HttpRequest) -> int | None:
    """For ``?feeds=mine``, the token's reader, whose followed feeds limit the feed."""
    if request.GET.get("feeds") != "mine":
        return None
    return _owner(request, "feeds=mine lists one reader's own feeds")


@_respond
def latest(request: HttpRequest, limit: int) -> Feed:
    """The newest articles from every feed (``feeds=mine``: from the token owner's feeds)."""
    if (reader := _feeds_of(request)) is not None:
        channel = Channel("Broadsheet: my feeds", "The newest articles from the feeds I follow.")
        ids = [a.id for a in newest_articles(limit, feeds_of=reader)]
        return channel, article_entries(ids)
    channel = Channel("Broadsheet: latest articles", "The newest articles from every feed.")
    return channel, latest_entries(limit)


@_respond
def story(request: HttpRequest, limit: int, story_id: int) -> Feed:
    """Every article of one story, newest first."""
    detail = story_detail(story_id)
    found = sorted(
        article_entries([a.id for a in detail.articles]),
        key=lambda a: (a.published is None, a.published),
        reverse=True,
    )
    outlets = ", ".join(detail.outlets[:5])
    return (
        Channel(
            f"Story: {detail.headline}", f"Coverage by {outlets}".strip(), f"/stories/{detail.id}/"
        ),
        found[:limit],
    )


@_respond
def hashtag(request: HttpRequest, limit: int, tag: str) -> Feed:
    """Articles carrying a hashtag."""
    tag = tag.lstrip("#")
    return Channel(f"#{tag}", f"Articles tagged #{tag}."), article_entries(
        tag_article_ids(tag, limit)
    )


@_respond
def entity(request: HttpRequest, limit: int, name: str) -> Feed:
    """Articles mentioning an entity."""
    return Channel(name, f"Articles mentioning {name}."), article_entries(
        entity_article_ids(name, limit)
    )


@_respond
def search(request: HttpRequest, limit: int) -> Feed:
    """Articles matching a search query (``q``; ``feeds=mine``: of the token owner's feeds)."""
    query = request.GET.get("q", "").strip()
    if not query or len(query) > 500:
        raise Problem(400, "q (the search query, 1 to 500 characters) is required")
    hits = run_search(query, Filters(feeds_of=_feeds_of(request)), per_page=limit).hits
    return Channel(
        f"Search: {query}", f"Articles matching {query!r}.", f"/search?q={query}"
    ), article_entries([h.article_id for h in hits])


@_respond
def alert(request: HttpRequest, limit: int, alert_id: int) -> Feed:
    """Articles matching one of the token owner's alerts (``?token=`` since feed readers
    cannot send headers; alerts are private; ``feeds=mine``: of the owner's feeds only)."""
    owner = _owner(request, "alert feeds are private")
    found = alert_feed(owner, alert_id, limit, my_feeds=request.GET.get("feeds") == "mine")
    return Channel(f"Alert: {found.name}", f"Articles matching {found.rule!r}."), list(
        found.entries
    )
