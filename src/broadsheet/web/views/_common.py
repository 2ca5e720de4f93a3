"""Small helpers every view uses: who is asking, htmx detection, keyset cursors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def user_id(request: HttpRequest) -> int | None:
    """The signed-in user's ID, or None."""
    return request.user.id if request.user.is_authenticated else None


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx (or our small shim) sent the request and wants a fragment."""
    return request.headers.get("HX-Request") == "true"


def signed_in(view: Any) -> Any:
    """Like login_required, but to our own sign-in page (settings point at the admin's)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("login"))
        return view(request, *args, **kwargs)

    return wrapper


def decode_cursor(raw: str) -> tuple[datetime, int] | None:
    """Decode ``<microseconds since epoch>_<id>``; anything else means the first page."""
    micros, _, article_id = raw.partition("_")
    try:
        return EPOCH + timedelta(microseconds=int(micros)), int(article_id)
    except (ValueError, OverflowError):
        return None


def encode_cursor(when: datetime, article_id: int) -> str:
    """Encode a keyset position for ``?before=``."""
    return f"{(when - EPOCH) // timedelta(microseconds=1)}_{article_id}"


def page_of(rows: list[Any], size: int) -> tuple[list[Any], str]:
    """Cut one extra row off a keyset query and return (rows, cursor of the next page)."""
    more = len(rows) > size
    rows = rows[:size]
    cursor = encode_cursor(rows[-1].published_at, rows[-1].id) if more and rows else ""
    return rows, cursor


def feed(title: str, route: str, *args: object, query: str = "") -> dict[str, str]:
    """The RSS feed a page offers (``<link rel=alternate>`` and a visible link): title and URL."""
    return {
        "title": title,
        "url": reverse(route, args=[*args, "rss"]) + (f"?{query}" if query else ""),
    }
