"""The feeds page: subscriptions with their health diagnosis; staff can add, import and refresh.

Who may add and import is decided by ``pipeline.may_subscribe``, the rule the JSON and Google
Reader APIs obey too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from broadsheet.errors import BroadsheetError, PermissionDeniedError
from broadsheet.pipeline import (
    ensure_may_subscribe,
    export_opml,
    import_opml,
    may_subscribe,
    subscribe,
)
from broadsheet.pipeline.dispatch import enqueue
from broadsheet.storage import feeds
from broadsheet.storage.reader import streams
from broadsheet.storage.search import browse
from broadsheet.web import panels
from broadsheet.web.views._common import signed_in, user_id


def feed_list(request: HttpRequest) -> HttpResponse:
    """Render every feed with its diagnosis, and the reader's unread counts and muted outlets."""
    uid = user_id(request)
    muted = panels.muted_sources(uid)
    return render(
        request,
        "web/feeds.html",
        {
            "feeds": feeds.list_feeds(),
            "unread": panels.unread_by_feed(uid),
            "reader": uid is not None,
            "may_subscribe": may_subscribe(uid),
            "muted": browse.sources_by_ids(sorted(muted)) if muted else [],
        },
    )


@signed_in
@require_POST
def feed_mark_read(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Mark every article of one feed read for the signed-in reader."""
    n = streams.mark_stream_read(request.user.id, streams.Stream("feed", feed_id))
    messages.info(request, f"{n} article{'s' if n != 1 else ''} marked read.")
    return redirect("feeds")


def opml_export(request: HttpRequest) -> HttpResponse:
    """Download the subscriptions as OPML."""
    response = HttpResponse(export_opml(), content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="broadsheet.opml"'
    return response


def _subscribers_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send visitors to sign in; refuse (403, one plain line) accounts that may not subscribe."""

    @signed_in
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            ensure_may_subscribe(request.user.id)
        except PermissionDeniedError as exc:
            return HttpResponseForbidden(str(exc), content_type="text/plain; charset=utf-8")
        return view(request, *args, **kwargs)

    return wrapper


@_subscribers_only
@require_POST
def feed_add(request: HttpRequest) -> HttpResponse:
    """Subscribe to the posted URL (a feed or a site's home page)."""
    url = request.POST.get("url", "").strip()
    category = tuple(p for p in request.POST.get("category", "").split("/") if p.strip())
    try:
        result = subscribe(url, category)
    except BroadsheetError as exc:
        messages.error(request, str(exc))
    else:
        enqueue("refresh_feed", result.feed_id)
        messages.success(request, f"Subscribed to {result.title or result.url}.")
    return redirect("feeds")


@_subscribers_only
@require_POST
def feed_import(request: HttpRequest) -> HttpResponse:
    """Import an uploaded OPML file."""
    upload = request.FILES.get("opml")
    if upload is None:
        messages.error(request, "Choose an OPML file to import.")
        return redirect("feeds")
    try:
        report = import_opml(upload.read())
    except BroadsheetError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{report.added} feeds added, {report.existing} already there.")
    return redirect("feeds")


@staff_member_required
@require_POST
def feed_refresh(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Refresh one feed now."""
    enqueue("refresh_feed", feed_id)
    messages.info(request, "Feed refreshed.")
    return redirect("feeds")
