"""Comments: list, add (rate-limited and filtered, every decision logged), edit, delete, moderate.

Alerts' tables are queried in ``alerts.py``, whose read functions are re-exported here; rules
are parsed, previewed, saved and checked through the search package
(``search.parse_rule``, ``search.create_alert``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from broadsheet.storage.community.alerts import (
    AlertView,
    MatchView,
    alert_matches,
    delete_alert,
    user_alerts,
)
from broadsheet.storage.community.errors import (
    CommentNotFoundError,
    EmptyCommentError,
    NotYourCommentError,
    RateLimitedError,
    RejectedCommentError,
)
from broadsheet.storage.community.models import BlockedTerm, Comment, Decision
from broadsheet.storage.community.moderation import Verdict, judge
from broadsheet.storage.community.render import to_html

__all__ = [
    "AlertView",
    "CommentView",
    "MatchView",
    "add_comment",
    "alert_matches",
    "comments_for",
    "decisions",
    "delete_alert",
    "delete_comment",
    "edit_comment",
    "get_comment",
    "moderate",
    "moderation_queue",
    "user_alerts",
]

log = logging.getLogger("broadsheet.community")

MAX_LENGTH = 5000
RATE_COUNT, RATE_WINDOW = 5, timedelta(minutes=10)


@dataclass(frozen=True)
class CommentView:
    """A comment as pages show it; ``html`` is already sanitised."""

    id: int
    user_id: int
    username: str
    text: str
    html: str
    status: str
    created_at: datetime
    edited_at: datetime | None
    article_id: int | None
    story_id: int | None
    reasons: tuple[str, ...] = ()


def _view(c: Comment, reasons: tuple[str, ...] = ()) -> CommentView:
    return CommentView(
        c.id,
        c.user_id,
        c.user.get_username(),
        c.text,
        to_html(c.text),
        c.status,
        c.created_at,
        c.edited_at,
        c.article_id,
        c.story_id,
        reasons,
    )


def comments_for(
    article_id: int | None = None, story_id: int | None = None, viewer_id: int | None = None
) -> list[CommentView]:
    """Return visible comments, oldest first (plus the viewer's own held ones)."""
    qs = Comment.objects.select_related("user").filter(
        Q(status=Comment.VISIBLE) | Q(status=Comment.HELD, user_id=viewer_id or 0)
    )
    qs = qs.filter(article_id=article_id) if article_id else qs.filter(story_id=story_id)
    return [_view(c) for c in qs.order_by("created_at", "id")]


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise EmptyCommentError("Write something before posting.")
    if len(text) > MAX_LENGTH:
        raise EmptyCommentError(
            f"Comments are limited to {MAX_LENGTH} characters (this one has {len(text)})."
        )
    return text


def _log(
    verdict: Verdict, user_id: int, text: str, comment: Comment | None, moderator: bool = False
) -> None:
    Decision.objects.create(
        comment=comment,
        user_id=user_id,
        action=verdict.action,
        reasons=list(verdict.reasons),
        excerpt=text[:200],
        by_moderator=moderator,
    )
    log.info(
        "comment decision",
        extra={
            "action": verdict.action,
            "reasons": verdict.reasons,
            "user_id": user_id,
            "comment_id": comment and comment.id,
        },
    )


def _judge(user_id: int, text: str, exclude: int | None = None) -> Verdict:
    since = timezone.now() - timedelta(hours=1)
    recent = Comment.objects.filter(user_id=user_id, created_at__gte=since).exclude(id=exclude)
    return judge(
        text,
        recent.values_list("text", flat=True)[:50],
        BlockedTerm.objects.values_list("term", flat=True),
    )


def add_comment(
    user_id: int, text: str, article_id: int | None = None, story_id: int | None = None
) -> CommentView:
    """Store a comment, or raise EmptyComment/RateLimited/RejectedComment errors."""
    if not article_id and not story_id:
        raise EmptyCommentError("A comment belongs to an article or a story.")
    text = _check_text(text)
    since = timezone.now() - RATE_WINDOW
    if Comment.objects.filter(user_id=user_id, created_at__gte=since).count() >= RATE_COUNT:
        minutes = int(RATE_WINDOW.total_seconds() // 60)
        raise RateLimitedError(
            f"You can post {RATE_COUNT} comments every {minutes} minutes; please wait a little."
        )
    verdict = _judge(user_id, text)
    if verdict.action == "reject":
        _log(verdict, user_id, text, None)
        raise RejectedCommentError(
            "Your comment was not posted: " + "; ".join(verdict.reasons) + "."
        )
    status = Comment.HELD if verdict.action == "hold" else Comment.VISIBLE
    comment = Comment.objects.create(
        user_id=user_id, text=text, article_id=article_id, story_id=story_id, status=status
    )
    _log(verdict, user_id, text, comment)
    return _view(Comment.objects.select_related("user").get(id=comment.id), verdict.reasons)


def _own(comment_id: int, user_id: int, staff: bool = False) -> Comment:
    comment = (
        Comment.objects.select_related("user")
        .filter(id=comment_id)
        .exclude(status=Comment.REMOVED)
        .first()
    )
    if comment is None:
        raise CommentNotFoundError(f"Comment {comment_id} does not exist or was removed.")
    if comment.user_id != user_id and not staff:
        raise NotYourCommentError("You can only change your own comments.")
    return comment


def get_comment(comment_id: int) -> CommentView:
    """Return one comment that is not removed, or raise CommentNotFoundError."""
    comment = Comment.objects.select_related("user").filter(id=comment_id).first()
    if comment is None or comment.status == Comment.REMOVED:
        raise CommentNotFoundError(f"Comment {comment_id} does not exist or was removed.")
    return _view(comment)


def edit_comment(comment_id: int, user_id: int, text: str) -> CommentView:
    """Change the text of one's own comment (filtered again)."""
    comment = _own(comment_id, user_id)
    text = _check_text(text)
    verdict = _judge(user_id, text, exclude=comment.id)
    _log(verdict, user_id, text, comment)
    if verdict.action == "reject":
        raise RejectedCommentError("Your edit was not saved: " + "; ".join(verdict.reasons) + ".")
    comment.text, comment.edited_at = text, timezone.now()
    if verdict.action == "hold":
        comment.status = Comment.HELD
    comment.save(update_fields=["text", "edited_at", "status"])
    return _view(comment, verdict.reasons)


def delete_comment(comment_id: int, user_id: int, staff: bool = False) -> None:
    """Remove one's own comment (staff may remove any)."""
    comment = _own(comment_id, user_id, staff)
    comment.status = Comment.REMOVED
    comment.save(update_fields=["status"])
    if staff and comment.user_id != user_id:
        _log(Verdict("remove", ("removed by a moderator",)), user_id, comment.text, comment, True)


def moderation_queue(limit: int = 100) -> list[CommentView]:
    """Return held comments, oldest first, with the filter's reasons."""
    held = list(
        Comment.objects.select_related("user")
        .filter(status=Comment.HELD)
        .order_by("created_at")[:limit]
    )
    reasons: dict[int, tuple[str, ...]] = {}
    for d in Decision.objects.filter(comment__in=held).order_by("created_at"):
        reasons[d.comment_id] = tuple(d.reasons)  # type: ignore[index]
    return [_view(c, reasons.get(c.id, ())) for c in held]


def moderate(comment_id: int, moderator_id: int, approve: bool) -> None:
    """Approve (make visible) or remove a held comment, logging the moderator's decision."""
    comment = Comment.objects.filter(id=comment_id).first()
    if comment is None:
        raise CommentNotFoundError(f"Comment {comment_id} does not exist.")
    comment.status = Comment.VISIBLE if approve else Comment.REMOVED
    comment.save(update_fields=["status"])
    action = "approve" if approve else "remove"
    _log(Verdict(action, (f"{action}d by a moderator",)), moderator_id, comment.text, comment, True)


def decisions(limit: int = 100) -> list[Decision]:
    """Return the newest filter and moderator decisions (for the moderation page)."""
    return list(Decision.objects.order_by("-created_at")[:limit])
