"""The front page: newest articles, paged by keyset so it stays fast on large databases."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from broadsheet.storage import articles

PAGE = 40


def _cursor(raw: str) -> tuple[datetime, int] | None:
    when, _, article_id = raw.rpartition("_")
    try:
        return datetime.fromisoformat(when), int(article_id)
    except ValueError:
        return None


def home(request: HttpRequest) -> HttpResponse:
    """Render the newest articles, older pages via ?before=<time>_<id>."""
    before = _cursor(request.GET.get("before", ""))
    rows = articles.newest(PAGE + 1, before)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    cursor = f"{rows[-1].published_at.isoformat()}_{rows[-1].id}" if more and rows else ""
    return render(request, "web/home.html", {"articles": rows, "cursor": cursor, "paged": before})
