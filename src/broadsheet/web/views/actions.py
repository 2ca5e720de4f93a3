"""Small signed-in actions: ask a question (htmx), hashtags, save, read, mute."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from broadsheet import reading
from broadsheet.errors import BroadsheetError
from broadsheet.web import panels
from broadsheet.web.views._common import is_htmx, signed_in


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
    return redirect(request.POST.get("back") or "home")


@signed_in
@require_POST
def mute(request: HttpRequest, source_id: int) -> HttpResponse:
    """Mute or unmute an outlet (its articles leave the reader's lists)."""
    muted = request.POST.get("muted") != "0"
    reading.mute_source(request.user.id, source_id, muted)
    messages.info(request, "Outlet muted." if muted else "Outlet unmuted.")
    return redirect(request.POST.get("back") or "home")
