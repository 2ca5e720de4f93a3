"""Browse pages: an outlet, an entity, a hashtag section, and the reader's saved articles."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from broadsheet import reading
from broadsheet.errors import NotFoundError
from broadsheet.web import panels
from broadsheet.web.views._common import decode_cursor, feed, page_of, signed_in, user_id
from broadsheet.web.views._hiding import hide_articles

PAGE = 40


def _listing(request: HttpRequest, title: str, rows: list, **extra: object) -> HttpResponse:
    rows, hiding = hide_articles(request, rows)  # the reader's filter rules, as on latest
    read, saved = panels.reader_state(user_id(request), [a.id for a in rows])
    context = {
        "articles": rows,
        "title": title,
        "read": read,
        "saved": saved,
        "hiding": hiding,
        "cursor": "",
        "paged": None,
    } | extra
    return render(request, "web/home.html", context)


def source(request: HttpRequest, domain: str) -> HttpResponse:
    """An outlet's newest articles (keyset paged), with a mute button for signed-in readers."""
    try:
        outlet = reading.outlet_by_domain(domain)
    except NotFoundError as exc:
        raise Http404(str(exc)) from None
    before = decode_cursor(request.GET.get("before", ""))
    rows, cursor = page_of(reading.outlet_articles(outlet.id, PAGE + 1, before), PAGE)
    muted = outlet.id in panels.muted_sources(user_id(request))
    return _listing(
        request,
        outlet.name or outlet.domain,
        rows,
        cursor=cursor,
        paged=before,
        outlet=outlet,
        muted=muted,
    )


def _ids_page(
    request: HttpRequest, find: Callable[[str, int, int], list[int]], value: str
) -> tuple[list, bool]:
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    ids = find(value, PAGE + 1, (page - 1) * PAGE)
    return reading.listed_articles(ids[:PAGE], copies=False), len(ids) > PAGE


def entity(request: HttpRequest, name: str) -> HttpResponse:
    """Articles that mention one person, organisation or place."""
    rows, more = _ids_page(request, reading.entity_article_ids, name)
    return _listing(
        request, name, rows, kind="entity", more=more, feed=feed(name, "syndication_entity", name)
    )


def tag(request: HttpRequest, tag: str) -> HttpResponse:
    """A section: articles with one hashtag."""
    rows, more = _ids_page(request, reading.tag_article_ids, tag)
    return _listing(
        request,
        f"#{tag}",
        rows,
        kind="tag",
        more=more,
        feed=feed(f"#{tag}", "syndication_hashtag", tag),
    )


@signed_in
def saved(request: HttpRequest) -> HttpResponse:
    """The reader's saved articles."""
    ids = reading.saved_ids(user_id(request))
    return _listing(request, "Saved articles", reading.listed_articles(ids[:200]))
