"""Small signed-in actions: ask a question (htmx), hashtags, save, read, "read up to here",
the reading settings, mute."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from broadsheet import reading
from broadsheet.errors import BroadsheetError
from broadsheet.web import panels
from broadsheet.web.views._common import decode_cursor, is_htmx, signed_in, user_id


@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    """Answer a question from the given articles, with citations (an htmx fragment)."""
    question = request.POST.get("question", "").strip()
    ids = [int(i) for i in request.POST.get("ids", "").split(",") if i.strip().isdigit()][:50]
    answer = None
    if question and ids:
        answer = panels.ask(question[:500], ids)
    return render(
        request,
        "web/_answer.html",
        {
            "question": question,
            "answer": answer,
            "failed": bool(question and ids) and answer is None,
        },
    )


@signed_in
@require_POST
def tag(request: HttpRequest, article_id: int) -> HttpResponse:
    """Add or remove a hashtag on an article."""
    name = request.POST.get("tag", "").strip().lstrip("#")
    change = reading.remove_tag if request.POST.get("remove") else reading.add_tag
    if name:
        try:
            change(article_id, name, request.user.id)
            panels.forget_article(article_id)
        except BroadsheetError as exc:
            messages.error(request, str(exc))
    return redirect(reverse("article", args=[article_id]) + "#tags")


@signed_in
@require_POST
def save(request: HttpRequest, article_id: int) -> HttpResponse:
    """Save or unsave an article for later."""
    saved = request.POST.get("saved") != "0"
    reading.set_article_marks(request.user.id, article_id, saved=saved)
    if is_htmx(request):
        return render(request, "web/_save.html", {"a_id": article_id, "saved": saved})
    return redirect("article", article_id)


@signed_in
@require_POST
def read(request: HttpRequest, article_id: int) -> HttpResponse:
    """Mark an article read or unread."""
    reading.mark_read(request.user.id, [article_id], read=request.POST.get("read") != "0")
    return redirect(_back(request))


def _back(request: HttpRequest, default: str = "home") -> str:
    """The page to return to: a local path the form sent, else ``default``'s address."""
    target = request.POST.get("back", "")
    return target if target.startswith("/") and not target.startswith("//") else reverse(default)


def _ids(raw: str) -> list[int]:
    return [int(i) for i in raw.split(",") if i.strip().isdigit()]


def _up_to(ids: list[int], target: str) -> list[int]:
    """The ids from the top of the list down to and including ``target`` (all when empty)."""
    if not target.isdigit():
        return ids
    if int(target) not in ids:
        raise reading.ReadUpToError(f"article {target} is not on this page; reload the page")
    return ids[: ids.index(int(target)) + 1]


def _scope(request: HttpRequest) -> reading.ListScope:
    post = request.POST
    feed = post.get("feed", "")
    return reading.ListScope(
        kind=post.get("list", ""),
        feed_id=int(feed) if feed.isdigit() else None,
        folder=post.get("folder", "").strip("/"),
        before=decode_cursor(post.get("before", "")),
    )


def _plural(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'} marked read."


@require_POST
def read_up_to(request: HttpRequest) -> HttpResponse:
    """Mark read the rows of a list from its top down to the chosen one, in one request.

    The page posts its list (``list``, ``feed``, ``folder``, ``before``), the ids of its rows in
    order (``ids``) and the chosen row (``to``); a script asking for JSON gets the count, a form
    is sent back to its page with a message."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    uid = user_id(request)
    if uid is None:
        if wants_json:
            return JsonResponse({"error": "Sign in to mark articles read."}, status=403)
        return redirect(f"{reverse('login')}?next={_back(request)}")
    try:
        ids = _up_to(_ids(request.POST.get("ids", "")), request.POST.get("to", ""))
        marked = reading.mark_read_up_to(uid, _scope(request), ids)
    except reading.ReadUpToError as exc:
        if wants_json:
            return JsonResponse({"error": f"Nothing marked: {exc}."}, status=400)
        messages.error(request, f"Nothing marked: {exc}.")
        return redirect(_back(request))
    if wants_json:
        return JsonResponse({"marked": marked, "ids": ids, "message": _plural(marked)})
    messages.info(request, _plural(marked))
    return redirect(_back(request))


@signed_in
@require_POST
def reading_settings(request: HttpRequest) -> HttpResponse:
    """Save the reader's reading settings (mark read on scroll) and return to the page."""
    on = (request.POST.getlist("scroll_read") or ["0"])[-1] == "1"
    reading.set_scroll_read(request.user.id, on)
    messages.success(
        request,
        "Articles are marked read as you scroll past them."
        if on
        else "Scrolling no longer marks articles read.",
    )
    return redirect(_back(request, "apps"))


@signed_in
@require_POST
def mute(request: HttpRequest, source_id: int) -> HttpResponse:
    """Mute or unmute an outlet (its articles leave the reader's lists)."""
    muted = request.POST.get("muted") != "0"
    reading.mute_source(request.user.id, source_id, muted)
    messages.info(request, "Outlet muted." if muted else "Outlet unmuted.")
    return redirect(_back(request))
