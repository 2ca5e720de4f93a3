"""The feeds page and the reading views: each reader's own feeds, folders and unread articles.

Every signed-in reader subscribes by a feed's or a site's address, imports and exports OPML,
and renames, moves and unsubscribes their feeds (``pipeline.subscribe_reader`` and friends).
Staff also add feeds for every reader and manage the instance's feeds; changing how a feed is
fetched needs ``pipeline.may_edit_feed``. Visitors see the instance's feeds and their health.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from broadsheet import reading
from broadsheet.errors import (
    BroadsheetError,
    NewFeedRefusedError,
    NotFoundError,
    PermissionDeniedError,
)
from broadsheet.pipeline import (
    FeedEdit,
    edit_feed,
    ensure_may_subscribe,
    export_opml,
    export_reader_opml,
    import_opml,
    import_reader_opml,
    may_edit_feed,
    remove_feed,
    subscribe,
    subscribe_reader,
    unsubscribe,
)
from broadsheet.pipeline.dispatch import enqueue
from broadsheet.reading import Stream
from broadsheet.web.views._common import decode_cursor, encode_cursor, signed_in, user_id
from broadsheet.web.views._hiding import hide_articles

PAGE = 50


def _staff(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def feed_list(request: HttpRequest) -> HttpResponse:
    """The reader's own feeds by folder (with the instance's feeds for staff and visitors)."""
    uid, staff = user_id(request), _staff(request)
    mine = reading.my_feeds(uid, staff=staff) if uid else []
    muted = reading.muted_sources(uid) if uid else set()
    context = {
        "mine": mine,
        "instance": reading.feed_cards(uid, staff=staff) if staff or not uid else [],
        "sidebar": reading.sidebar(uid) if uid else None,
        "muted": reading.muted_outlet_list(uid) if muted else [],
        "staff": staff,
    }
    return render(request, "web/feeds.html", context)


def _listing(request: HttpRequest, **where: object) -> HttpResponse:
    uid = user_id(request)
    if uid is None:
        return redirect(f"{reverse('login')}?next={request.path}")
    unread_only = request.GET.get("unread") == "1"
    try:
        listing = reading.feed_listing(
            uid,
            unread_only=unread_only,
            limit=PAGE,
            after=decode_cursor(request.GET.get("before", "")),
            staff=_staff(request),
            **where,  # type: ignore[arg-type]
        )
    except NotFoundError as exc:
        raise Http404(str(exc)) from None
    cursor = encode_cursor(*listing.next_cursor) if listing.next_cursor else ""
    items, hiding = hide_articles(request, listing.items)  # the reader's filter rules
    listing = replace(listing, items=tuple(items))
    context = {
        "listing": listing,
        "sidebar": reading.sidebar(uid),
        "cursor": cursor,
        "hiding": hiding,
    }
    return render(request, "web/listing.html", context)


def feed_view(request: HttpRequest, feed_id: int) -> HttpResponse:
    """One followed feed's articles, newest first (``?unread=1``: only those not read)."""
    return _listing(request, feed_id=feed_id)


def folder_view(request: HttpRequest, folder: str) -> HttpResponse:
    """The articles of every feed in one of the reader's folders."""
    return _listing(request, folder=folder.strip("/"))


def unread_view(request: HttpRequest) -> HttpResponse:
    """Every unread article of the feeds the reader follows."""
    return _listing(request)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("back", "")
    return target if target.startswith("/") and not target.startswith("//") else reverse("feeds")


@signed_in
@require_POST
def feed_mark_read(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Mark every article of one feed read for the signed-in reader."""
    n = reading.mark_stream_read(request.user.id, Stream("feed", feed_id))
    messages.info(request, f"{_plural(n, 'article')} marked read.")
    return redirect(_back(request))


@signed_in
@require_POST
def folder_mark_read(request: HttpRequest) -> HttpResponse:
    """Mark every article of one of the reader's folders (or all they follow) read."""
    folder = request.POST.get("folder", "")
    stream = Stream("label", label=folder) if folder else Stream("all")
    n = reading.mark_stream_read(request.user.id, stream)
    messages.info(request, f"{_plural(n, 'article')} marked read.")
    return redirect(_back(request))


def opml_export(request: HttpRequest) -> HttpResponse:
    """Download the reader's own feeds as OPML (a visitor: the instance's feeds)."""
    uid = user_id(request)
    body = export_reader_opml(uid) if uid else export_opml()
    response = HttpResponse(body, content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="broadsheet.opml"'
    return response


def _for_everyone(request: HttpRequest) -> bool:
    """Whether staff asked to add for every reader (raises PermissionDeniedError for others)."""
    if request.POST.get("everyone") != "1":
        return False
    ensure_may_subscribe(request.user.id)
    return True


@signed_in
@require_POST
def feed_add(request: HttpRequest) -> HttpResponse:
    """Subscribe to the posted address (a feed or a site's home page) in a folder."""
    url, folder = request.POST.get("url", "").strip(), request.POST.get("folder", "")
    try:
        if _for_everyone(request):
            result = subscribe(url, tuple(p for p in folder.split("/") if p.strip()))
        else:
            result = subscribe_reader(request.user.id, url, folder)
    except NewFeedRefusedError as exc:
        messages.error(request, str(exc))
        return redirect("feeds")
    except PermissionDeniedError as exc:
        return HttpResponseForbidden(str(exc), content_type="text/plain; charset=utf-8")
    except BroadsheetError as exc:
        messages.error(request, str(exc))
        return redirect("feeds")
    enqueue("refresh_feed", result.feed_id)
    messages.success(request, f"Subscribed to {result.title or result.url}.")
    return redirect("feed_view", result.feed_id)


@signed_in
@require_POST
def feed_import(request: HttpRequest) -> HttpResponse:
    """Import an uploaded OPML file into the reader's own feeds (staff: for everyone)."""
    upload = request.FILES.get("opml")
    if upload is None:
        messages.error(request, "Choose an OPML file to import.")
        return redirect("feeds")
    try:
        data = upload.read()
        if _for_everyone(request):
            report = import_opml(data)
        else:
            report = import_reader_opml(request.user.id, data)
    except PermissionDeniedError as exc:
        return HttpResponseForbidden(str(exc), content_type="text/plain; charset=utf-8")
    except BroadsheetError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{_plural(report.added, 'feed')} added, {report.existing} already there."
        )
        if report.refused:
            shown = "; ".join(report.refused[:3]) + ("; …" if len(report.refused) > 3 else "")
            messages.warning(request, f"{_plural(len(report.refused), 'feed')} left out: {shown}.")
    return redirect("feeds")


def _interval(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError("the refresh interval is a whole number of minutes (0: learn it)")
    return int(raw)


@signed_in
@require_POST
def feed_edit(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Rename, move, and (staff or the only reader) change a feed's address, interval, pages."""
    post = request.POST
    try:
        edit = FeedEdit(
            title=post["title"].strip() if "title" in post else None,
            folder=post.get("folder"),
            url=post["url"].strip() if post.get("url", "").strip() else None,
            interval=_interval(post.get("interval", "")),
            fetch_pages=(post.get("no_page") != "1") if "pages" in post else None,
        )
        edit_feed(request.user.id, feed_id, edit)
    except ValueError as exc:
        messages.error(request, str(exc))
    except PermissionDeniedError as exc:  # a shared feed's fetching: staff only, as on delete
        return HttpResponseForbidden(str(exc), content_type="text/plain; charset=utf-8")
    except BroadsheetError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Feed saved.")
    return redirect(_back(request))


@signed_in
@require_POST
def feed_unsubscribe(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Stop following a feed (a private feed goes with its last reader; saved articles stay)."""
    try:
        outcome = unsubscribe(request.user.id, feed_id)
    except NotFoundError as exc:
        raise Http404(str(exc)) from None
    note = " It was yours alone, so it was deleted; your saved articles stay." * (
        outcome == "deleted"
    )
    messages.info(request, f"Unsubscribed.{note}")
    return redirect("feeds")


@signed_in
@require_POST
def feed_delete(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Delete a feed for every reader, keeping the articles readers saved."""
    try:
        deleted, kept = remove_feed(request.user.id, feed_id)
    except PermissionDeniedError as exc:
        return HttpResponseForbidden(str(exc), content_type="text/plain; charset=utf-8")
    except NotFoundError as exc:
        raise Http404(str(exc)) from None
    messages.info(
        request,
        f"Feed deleted with {_plural(deleted, 'article')}; {kept} saved by readers kept.",
    )
    return redirect("feeds")


@signed_in
@require_POST
def feed_refresh(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Refresh one feed now (staff, or the only reader of a private feed)."""
    if not may_edit_feed(request.user.id, feed_id):
        return HttpResponseForbidden(
            "Only staff may refresh a feed other readers follow.",
            content_type="text/plain; charset=utf-8",
        )
    enqueue("refresh_feed", feed_id)
    messages.info(request, "Feed refreshed.")
    return redirect(_back(request))
