"""Entities and hashtags from the intelligence part, and the articles mentioning them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from broadsheet import reading
from broadsheet.api._paging import Paging, object_id, page
from broadsheet.api._plain import plain
from broadsheet.api._schemas import ArticleOut, EntityOut, TagOut, envelope
from broadsheet.api._viewer import ReaderView, hide, viewer
from broadsheet.errors import NotFoundError

router = Router(tags=["entities"])
NAME = Path(..., min_length=1, max_length=300)
ArticleList = envelope(ArticleOut, "articles")


def _top(request: HttpRequest, paging: Paging, found: list[Any]) -> dict[str, Any]:
    more = len(found) == paging.offset + paging.limit
    return page(request, paging, found[paging.offset :], None if more else len(found))


@router.get("/entities", response=envelope(EntityOut, "entities"), summary="Most named entities")
def list_entities(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """People, organisations and places, named by the most articles first."""
    return _top(request, paging, reading.top_entities(paging.offset + paging.limit))


@router.get("/entities/{name}/articles", response=ArticleList, summary="Articles naming an entity")
def entity_articles(
    request: HttpRequest, paging: Query[Paging], view: Query[ReaderView], name: str = NAME
) -> dict[str, Any]:
    """Articles naming the entity (canonical name, any case), newest first; with a token, as
    your filter rules and `feeds` say."""
    uid = viewer(request, view)
    mine = uid if view.feeds == "mine" else None
    ids = reading.entity_article_ids(name, paging.limit, paging.offset, feeds_of=mine)
    return _articles(request, paging, view, uid, ids)


@router.get("/hashtags", response=envelope(TagOut, "hashtags"), summary="Most used hashtags")
def list_hashtags(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Hashtags, carried by the most articles first."""
    return _top(request, paging, reading.top_tags(paging.offset + paging.limit))


@router.get("/hashtags/{tag}/articles", response=ArticleList, summary="Articles with a hashtag")
def tag_articles(
    request: HttpRequest, paging: Query[Paging], view: Query[ReaderView], tag: str = NAME
) -> dict[str, Any]:
    """Articles carrying the hashtag (with or without '#'), newest first; with a token, as your
    filter rules and `feeds` say."""
    uid = viewer(request, view)
    mine = uid if view.feeds == "mine" else None
    ids = reading.tag_article_ids(tag, paging.limit, paging.offset, feeds_of=mine)
    return _articles(request, paging, view, uid, ids)


def _articles(
    request: HttpRequest, paging: Paging, view: ReaderView, uid: int | None, ids: list[int]
) -> dict[str, Any]:
    """The page of these candidates the viewer sees: `next` counts every candidate, so a page
    whose articles the viewer's rules hide holds fewer than `limit` without ending the list."""
    cards = reading.article_cards(ids)
    body = page(request, paging, cards, None)
    body["items"] = hide(uid, view, cards, lambda c: c.id, _out)
    return body


def _out(card: Any, hidden_by: str | None) -> ArticleOut:
    return ArticleOut.model_validate(card).model_copy(update={"hidden_by": hidden_by})


@router.get("/articles/{article_id}/intel", summary="Entities, hashtags and quotes of an article")
def article_intel(request: HttpRequest, article_id: int = object_id()) -> Any:
    """What the intelligence part found in one article, or 404."""
    found = reading.article_intel(article_id)
    if found is None:
        raise NotFoundError(f"article {article_id} has no entities, hashtags or quotes (yet)")
    return plain(found)
