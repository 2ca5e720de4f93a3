"""The front page: newest articles, paged by keyset so it stays fast on large databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from broadsheet.storage import articles

PAGE = 40


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _cursor(raw: str) -> tuple[datetime, int] | None:
    """Decode ``<microseconds since epoch>_<id>``; anything else means the first page."""
    micros, _, article_id = raw.partition("_")
    try:
        return EPOCH + timedelta(microseconds=int(micros)), int(article_id)
    except (ValueError, OverflowError):
        return None


def _encode(when: datetime, article_id: int) -> str:
    return f"{(when - EPOCH) // timedelta(microseconds=1)}_{article_id}"


def home(request: HttpRequest) -> HttpResponse:
    """Render the newest articles; older pages via ?before=<cursor>."""
    before = _cursor(request.GET.get("before", ""))
    rows = articles.newest(PAGE + 1, before)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    cursor = _encode(rows[-1].published_at, rows[-1].id) if more and rows else ""
    return render(request, "web/home.html", {"articles": rows, "cursor": cursor, "paged": before})
