"""The front page: top stories (personal for signed-in readers), else the newest articles.

Article lists page by keyset (``?before=``) so they stay fast on large databases.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from broadsheet.reading import kept_for_reader, newest_articles, remember, story_leads
from broadsheet.web import panels
from broadsheet.web.views._common import decode_cursor, feed, page_of, user_id
from broadsheet.web.views._hiding import hide_articles, hide_stories
from broadsheet.web.views._kept import render_kept
from broadsheet.web.views._scope import Scope, scope

PAGE = 40
STORIES = 30
# Story ranks move with every refresh; 20 s of staleness is invisible next to feed polling
# intervals of minutes, and saves the two story queries and the lead lines on every view.
FRONT_CACHE_SECONDS = 20


def home(request: HttpRequest) -> HttpResponse:
    """Render top stories (``?page=``) or the newest articles (``?before=<cursor>``);
    ``?feeds=mine``: only stories with an article from a feed the reader follows."""
    if request.GET.get("view") != "latest":
        page = max(
            1, int(request.GET.get("page", "1")) if request.GET.get("page", "").isdigit() else 1
        )
        limited = scope(request)
        stories, leads = _front(page, user_id(request), limited.reader)
        stories, hiding = hide_stories(request, stories)
        if stories:
            return render_kept(
                request,
                "web/front.html",
                {
                    "stories": stories[:STORIES],
                    "page": page,
                    "more": len(stories) > STORIES,
                    "leads": leads,
                    "hiding": hiding,
                    "tags": panels.top_tags(),
                    "personal": user_id(request) is not None,
                    "scope": limited,
                },
            )
    return latest(request)


def _front(page: int, uid: int | None, feeds_of: int | None) -> tuple[list, dict[int, str]]:
    """One page of top stories and their lead lines; anonymous readers share it for 20 s, a
    signed-in reader keeps theirs as long unless they act."""

    def compute() -> tuple[list, dict[int, str]]:
        stories = panels.front_page(STORIES + 1, (page - 1) * STORIES, uid, feeds_of)
        return stories, _leads(stories[:STORIES])

    if uid:  # kept per reader as long, and dropped at once when they mute or follow
        kind = f"front:{page}:{feeds_of or 0}"
        return kept_for_reader(kind, uid, compute, new_articles=False, fresh=FRONT_CACHE_SECONDS)
    return remember(f"web:front:{page}", FRONT_CACHE_SECONDS, compute)


def _leads(stories: list) -> dict[int, str]:
    """One line per story: the first sentence of its earliest article (one query)."""
    return story_leads((s.id, s.article_ids[0]) for s in stories if s.article_ids)


def latest(request: HttpRequest) -> HttpResponse:
    """Render the newest articles, hiding muted outlets and marking read ones
    (``?feeds=mine``: only those of the feeds the reader follows)."""
    before = decode_cursor(request.GET.get("before", ""))
    limited = scope(request)
    rows, cursor = page_of(newest_articles(PAGE + 1, before, feeds_of=limited.reader), PAGE)
    uid = user_id(request)
    muted = panels.muted_sources(uid)
    if muted:
        rows = [a for a in rows if a.source_id not in muted]
    rows, hiding = hide_articles(request, rows)
    read, saved = panels.reader_state(uid, [a.id for a in rows])
    return render_kept(
        request,
        "web/home.html",
        {
            "articles": rows,
            "cursor": cursor,
            "paged": before,
            "read": read,
            "saved": saved,
            "hiding": hiding,
            "title": "Latest articles",
            "tags": panels.top_tags(),
            "feed": _latest_feed(limited),
            "scope": limited,
        },
    )


def _latest_feed(limited: Scope) -> dict[str, str]:
    """The latest articles' RSS link; limited to the reader's feeds, it needs their API token."""
    if limited.mine:
        return feed("latest articles from my feeds", "syndication_latest", query="feeds=mine")
    return feed("latest articles", "syndication_latest")
