"""Comments on articles and stories: reading them, and a reader's own posts, edits and deletions.

A comment's ``html`` is its text escaped, with http(s) links only (``CommentView``); the
community part's rate limit, spam filter and ownership rules apply to every change and speak
through ``CommentError``'s subclasses. Staff read the held comments and the filter's decisions
here and approve or remove a held comment (``moderate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.storage.community import queries as community
from broadsheet.storage.community.errors import (
    CommentError,
    NotYourCommentError,
    RateLimitedError,
)
from broadsheet.storage.community.queries import CommentView

__all__ = [
    "CommentError",
    "CommentView",
    "ModerationDecision",
    "NotYourCommentError",
    "RateLimitedError",
    "add_comment",
    "comments_for",
    "delete_comment",
    "edit_comment",
    "get_comment",
    "moderate",
    "moderation_decisions",
    "moderation_queue",
]


@dataclass(frozen=True)
class ModerationDecision:
    """Why the filter (or a moderator) let a comment through, held, rejected or removed it."""

    action: str
    reasons: tuple[str, ...]
    excerpt: str
    by_moderator: bool
    created_at: datetime


def comments_for(
    article_id: int | None = None, story_id: int | None = None, viewer_id: int | None = None
) -> list[CommentView]:
    """Return an article's or a story's visible comments, oldest first (and the viewer's own
    held ones)."""
    return community.comments_for(article_id=article_id, story_id=story_id, viewer_id=viewer_id)


def add_comment(
    user_id: int, text: str, *, article_id: int | None = None, story_id: int | None = None
) -> CommentView:
    """Post a comment on an article or a story (CommentError says why one is refused)."""
    return community.add_comment(user_id, text, article_id=article_id, story_id=story_id)


def edit_comment(comment_id: int, user_id: int, text: str) -> CommentView:
    """Change the text of a comment the reader wrote."""
    return community.edit_comment(comment_id, user_id, text)


def delete_comment(comment_id: int, user_id: int, staff: bool = False) -> None:
    """Delete a comment the reader wrote (staff: any comment)."""
    community.delete_comment(comment_id, user_id, staff)


def get_comment(comment_id: int) -> CommentView:
    """Return one comment that is not removed, or raise CommentError (not found)."""
    return community.get_comment(comment_id)


def moderation_queue(limit: int = 100) -> list[CommentView]:
    """Return the held comments, oldest first, each with the filter's reasons (staff only)."""
    return community.moderation_queue(limit)


def moderation_decisions(limit: int = 100) -> list[ModerationDecision]:
    """Return the newest filter and moderator decisions, newest first (staff only)."""
    return [
        ModerationDecision(
            d.action, tuple(d.reasons or ()), d.excerpt, d.by_moderator, d.created_at
        )
        for d in community.decisions(limit)
    ]


def moderate(comment_id: int, moderator_id: int, approve: bool) -> None:
    """Approve (make visible) or remove a held comment, logging the moderator's decision."""
    community.moderate(comment_id, moderator_id, approve)
