"""Comments on articles and stories: anyone may read; token owners post, edit and delete theirs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, model_validator

from broadsheet import reading
from broadsheet.api._app import bearer, user_id
from broadsheet.api._paging import ID_MAX, JSONObject, Paging, object_id, page
from broadsheet.api._schemas import CommentOut, envelope
from broadsheet.errors import BroadsheetError, NotFoundError
from broadsheet.site import throttle

router = Router(tags=["comments"])


class Target(Schema):
    """Exactly one of `article` or `story`."""

    article: int | None = Field(None, ge=1, le=ID_MAX)
    story: int | None = Field(None, ge=1, le=ID_MAX)


class CommentIn(JSONObject):
    """A new comment on an article or a story."""

    text: str = Field(..., min_length=1, max_length=10_000)
    article_id: int | None = Field(None, ge=1, le=ID_MAX)
    story_id: int | None = Field(None, ge=1, le=ID_MAX)

    @model_validator(mode="after")
    def _one_target(self) -> CommentIn:
        if (self.article_id is None) == (self.story_id is None):
            raise ValueError("give exactly one of article_id or story_id")
        return self


class CommentEdit(JSONObject):
    """The new text of a comment."""

    text: str = Field(..., min_length=1, max_length=10_000)


# Community errors that deserve a more precise status than 400.
STATUS: dict[type[BroadsheetError], int] = {
    reading.NotYourCommentError: 403,
    reading.RateLimitedError: 429,
}


def _call(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return action(*args, **kwargs)
    except BroadsheetError as exc:
        status = STATUS.get(type(exc))
        if status is None:
            raise
        raise HttpError(status, str(exc)) from None
    except IntegrityError:  # the article or story vanished between the check and the insert
        raise NotFoundError("the article or story to comment on does not exist") from None


def _check_target(article_id: int | None, story_id: int | None) -> None:
    if article_id is not None and not reading.has_article(article_id):
        raise NotFoundError(f"no article with id {article_id}")
    if story_id is not None:
        reading.story_detail(story_id)  # raises NotFoundError


@router.get(
    "/comments",
    response=envelope(CommentOut, "comments"),
    summary="Comments on an article or a story",
)
def list_comments(
    request: HttpRequest, target: Query[Target], paging: Query[Paging]
) -> dict[str, Any]:
    """Comments in the order the community part keeps them (`article` or `story` required)."""
    if (target.article is None) == (target.story is None):
        raise HttpError(422, "give exactly one of the query parameters `article` or `story`")
    found = reading.comments_for(article_id=target.article, story_id=target.story)
    return page(request, paging, found[paging.offset : paging.offset + paging.limit], len(found))


@router.post("/comments", response={201: CommentOut}, auth=bearer, summary="Post a comment")
def add_comment(request: HttpRequest, body: CommentIn) -> Status[Any]:
    """Post as the token's owner (spam filtering: 400 with the reason; 5 comments per account
    and 20 per address in 10 minutes: 429)."""
    _check_target(body.article_id, body.story_id)
    throttle.begin_comment(request)  # ThrottledError: 429 with Retry-After
    comment = _call(
        reading.add_comment,
        user_id(request),
        body.text,
        article_id=body.article_id,
        story_id=body.story_id,
    )
    return Status(201, comment)


@router.patch(
    "/comments/{comment_id}", response=CommentOut, auth=bearer, summary="Edit your comment"
)
def edit_comment(request: HttpRequest, body: CommentEdit, comment_id: int = object_id()) -> Any:
    """Change the text of a comment the token's owner wrote."""
    return _call(reading.edit_comment, comment_id, user_id(request), body.text)


@router.delete(
    "/comments/{comment_id}", response={204: None}, auth=bearer, summary="Delete your comment"
)
def delete_comment(request: HttpRequest, comment_id: int = object_id()) -> Status[Any]:
    """Delete a comment the token's owner wrote."""
    _call(reading.delete_comment, comment_id, user_id(request))
    return Status(204, None)
