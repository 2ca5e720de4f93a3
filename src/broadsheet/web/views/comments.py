"""Comments: post, edit and delete one's own (htmx fragments or plain redirects); moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from broadsheet import reading
from broadsheet.errors import ThrottledError
from broadsheet.reading import CommentError, NotYourCommentError
from broadsheet.site import throttle
from broadsheet.web.views._common import is_htmx, signed_in, user_id


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _back(article_id: int | None, story_id: int | None) -> str:
    if article_id:
        return reverse("article", args=[article_id]) + "#comments"
    return reverse("story", args=[story_id]) + "#comments"


def _thread(
    request: HttpRequest,
    article_id: int | None,
    story_id: int | None,
    error: str = "",
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    comments = reading.comments_for(
        article_id=article_id, story_id=story_id, viewer_id=user_id(request)
    )
    return render(
        request,
        "web/_comments.html",
        {
            "comments": comments,
            "article_id": article_id,
            "story_id": story_id,
            "error": error,
            "notice": notice,
        },
        status=status,
    )


@signed_in
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    """Post a comment on an article or a story."""
    article_id, story_id = _int(request.POST.get("article_id")), _int(request.POST.get("story_id"))
    error = notice = ""
    try:
        throttle.begin_comment(request)  # per address, whichever account posts
        made = reading.add_comment(
            request.user.id, request.POST.get("text", ""), article_id=article_id, story_id=story_id
        )
        if made.status == "held":
            notice = "Your comment waits for a moderator: " + "; ".join(made.reasons) + "."
    except (CommentError, ThrottledError) as exc:
        error = str(exc)
    if is_htmx(request):
        return _thread(request, article_id, story_id, error, notice, 200)
    if error:
        messages.error(request, error)
    elif notice:
        messages.info(request, notice)
    return redirect(_back(article_id, story_id))


@signed_in
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Show the edit form (GET) or save the new text (POST) of one's own comment."""
    try:
        comment = reading.get_comment(comment_id)
        if comment.user_id != request.user.id:
            raise NotYourCommentError("You can only change your own comments.")
        if request.method == "POST":
            reading.edit_comment(comment_id, request.user.id, request.POST.get("text", ""))
        else:
            return render(request, "web/_comment_edit.html", {"c": comment})
    except CommentError as exc:
        if is_htmx(request):
            return HttpResponse(str(exc), status=400)
        messages.error(request, str(exc))
        return redirect("home")
    if is_htmx(request):
        return _thread(request, comment.article_id, comment.story_id)
    return redirect(_back(comment.article_id, comment.story_id))


@signed_in
@require_POST
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Delete one's own comment (staff: any comment)."""
    try:
        comment = reading.get_comment(comment_id)
        reading.delete_comment(comment_id, request.user.id, staff=request.user.is_staff)
    except CommentError as exc:
        messages.error(request, str(exc))
        return redirect("home")
    if is_htmx(request):
        return _thread(request, comment.article_id, comment.story_id)
    return redirect(_back(comment.article_id, comment.story_id))


@staff_member_required
def queue(request: HttpRequest) -> HttpResponse:
    """The moderation queue: held comments with the filter's reasons, and recent decisions."""
    if request.method == "POST":
        cid = _int(request.POST.get("comment_id"))
        if cid:
            reading.moderate(cid, request.user.id, request.POST.get("action") == "approve")
        return redirect("moderation")
    return render(
        request,
        "web/moderation.html",
        {"held": reading.moderation_queue(), "decisions": reading.moderation_decisions(50)},
    )
