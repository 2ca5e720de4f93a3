"""Stories (clusters of articles about one event) from the story engine."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from broadsheet import reading
from broadsheet.api._paging import Paging, object_id, page
from broadsheet.api._schemas import RelatedOut, StoryCardOut, StoryDetailOut, envelope
from broadsheet.api._viewer import ReaderView, viewer
from broadsheet.errors import NotFoundError

router = Router(tags=["stories"])


@router.get(
    "/stories",
    response=envelope(StoryCardOut, "stories"),
    summary="Front page: stories ranked by outlets and recency",
)
def list_stories(
    request: HttpRequest, paging: Query[Paging], view: Query[ReaderView]
) -> dict[str, Any]:
    """A page of story cards (`total` is null: the ranking is computed per page). With a
    token, the stories whose first articles your filter rules all hide are left out
    (`include_hidden` keeps them with `hidden_by`); `feeds=mine` is not applied to stories."""
    uid = viewer(request, view)
    cards = reading.front_stories(paging.limit, offset=paging.offset)
    hidden = reading.hidden_stories(uid, [(c.id, c.article_ids) for c in cards])
    body = page(request, paging, cards, None)
    if view.include_hidden:
        body["items"] = [_card(c, hidden[c.id].reason if c.id in hidden else None) for c in cards]
    else:
        body["items"] = [_card(c, None) for c in cards if c.id not in hidden]
    return body


def _card(card: Any, hidden_by: str | None) -> StoryCardOut:
    return StoryCardOut.model_validate(card, from_attributes=True).model_copy(
        update={"hidden_by": hidden_by}
    )


@router.get("/stories/{story_id}", response=StoryDetailOut, summary="One story with its articles")
def get_story(request: HttpRequest, story_id: int = object_id()) -> Any:
    """The story (merged stories answer with the surviving story) or 404."""
    return reading.story_detail(story_id)


@router.get(
    "/articles/{article_id}/story", response=StoryCardOut, summary="The story an article belongs to"
)
def article_story(request: HttpRequest, article_id: int = object_id()) -> Any:
    """The article's story card, or 404 if it is in none."""
    card = reading.article_story(article_id)
    if card is None:
        raise NotFoundError(f"article {article_id} is not part of any story")
    return card


@router.get(
    "/articles/{article_id}/related",
    response=envelope(RelatedOut, "related articles"),
    summary="Articles related to one article",
)
def related(
    request: HttpRequest, paging: Query[Paging], article_id: int = object_id()
) -> dict[str, Any]:
    """Related articles with a score and the reason (the first `limit`; `offset` is applied)."""
    found = reading.related_articles(article_id, limit=paging.offset + paging.limit)
    return page(request, paging, found[paging.offset :], None)
