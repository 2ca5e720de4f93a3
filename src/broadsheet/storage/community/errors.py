"""Typed errors of the community features; each message tells the reader what to do."""

from broadsheet.errors import BroadsheetError, NotFoundError

__all__ = [
    "CommentError",
    "CommentNotFoundError",
    "EmptyCommentError",
    "NotYourCommentError",
    "RateLimitedError",
    "RejectedCommentError",
]


class CommentError(BroadsheetError):
    """A comment could not be stored or changed."""


class EmptyCommentError(CommentError):
    """The comment has no text, or too much."""


class RateLimitedError(CommentError):
    """The user posted too many comments too quickly."""


class RejectedCommentError(CommentError):
    """The spam/abuse filter refused the comment."""


class NotYourCommentError(CommentError):
    """Someone tried to edit or delete a comment that is not theirs."""


class CommentNotFoundError(NotFoundError, CommentError):
    """No such comment (or it was removed)."""
