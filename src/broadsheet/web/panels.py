"""The data behind each optional panel of a page, fetched so that one failing panel never breaks it.

A page's main content (the article, the story's articles) comes from the view itself and its
errors are the page's errors. The panels around it (story box, related articles, AI panel,
summary, reader state, sections) come from here: if one raises, the error is logged with the
panel's name and the page is served without that panel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.cache import cache

from broadsheet import reading
from broadsheet.errors import NotFoundError
from broadsheet.reading import ArticleIntel, ArticlePanels, RelatedCoverage, StoryCard, remember
from broadsheet.summarize import Answer, StorySummary, Summary

log = logging.getLogger(__name__)
T = TypeVar("T")
# The pipeline changes an article's panels (new related articles, a story growing) every few
# minutes at most; readers see those changes within this many seconds. A reader's own hashtag
# edit drops the entry (forget_article), so it shows at once.
PANELS_CACHE_SECONDS = 60
# A reader's interests move slowly (30 days of reading); muting an outlet applies at once.
INTERESTS_CACHE_SECONDS = 300


def _isolated(default: Callable[[], Any]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Return ``default()`` instead of raising: NotFoundError quietly, anything else logged."""

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        @wraps(fn)
        def panel(*args: Any, **kwargs: Any) -> T:
            try:
                return fn(*args, **kwargs)
            except NotFoundError:
                return default()  # type: ignore[no-any-return]
            except Exception:
                log.exception("panel failed", extra={"panel": fn.__name__})
                return default()  # type: ignore[no-any-return]

        return panel

    return wrap


@_isolated(list)
def front_page(
    limit: int, offset: int = 0, user_id: int | None = None, feeds_of: int | None = None
) -> list[StoryCard]:
    """Top stories by breadth of coverage and recency, for a signed-in reader also by interest
    (``feeds_of``, a reader: only stories with an article from a feed they follow)."""
    if not user_id:
        return reading.front_stories(limit, offset)
    wants = remember(
        f"web:interests:{user_id}", INTERESTS_CACHE_SECONDS, lambda: reading.interests(user_id)
    )
    return reading.front_stories(
        limit,
        offset,
        interests=wants,
        muted_outlets=reading.muted_outlets(user_id),
        feeds_of=feeds_of,
    )


@_isolated(lambda: None)
def article_story(article_id: int) -> StoryCard | None:
    """The story an article belongs to, if any."""
    return reading.article_story(article_id)


@_isolated(lambda: None)
def related(
    article_id: int, limit: int = 8, story: StoryCard | bool | None = True
) -> RelatedCoverage | None:
    """Related coverage: other outlets on the article's story, then related articles, with why.

    ``story``: the article's story card if the caller read it already (True: read it here).
    """
    return reading.related_coverage(article_id, limit, story=story)


def article_panels(article_id: int) -> ArticlePanels:
    """The article's story, related articles and intelligence: as the pipeline stored them
    while its story is unchanged, else built here and shared by all readers for a minute."""
    found = _stored_panels(article_id)
    if found is not None:
        return found

    def build() -> ArticlePanels:
        story = article_story(article_id)  # read once: the related block starts from it too
        return ArticlePanels(story, related(article_id, story=story), article_intel(article_id))

    return remember(_panels_key(article_id), PANELS_CACHE_SECONDS, build)


@_isolated(lambda: None)
def _stored_panels(article_id: int) -> ArticlePanels | None:
    return reading.stored_panels(article_id)


def forget_article(article_id: int) -> None:
    """Rebuild the stored panels of an article and drop its cached ones, so a reader's own edit
    shows at once."""
    reading.build_panels([article_id])
    cache.delete(_panels_key(article_id))


def _panels_key(article_id: int) -> str:
    return f"web:article:{article_id}"


@_isolated(lambda: None)
def article_intel(article_id: int) -> ArticleIntel | None:
    """Entities, hashtags, quotes and embeds of an article."""
    return reading.article_intel(article_id)


@_isolated(lambda: None)
def article_summary(article_id: int) -> Summary | None:
    """A cited summary of an article, as stored (the page never waits for one to be made)."""
    return reading.article_summary(article_id)


@_isolated(lambda: None)
def story_summary(story_id: int) -> StorySummary | None:
    """A cited summary of a story, with outlet additions and disagreements, as stored."""
    return reading.story_summary(story_id)


@_isolated(lambda: None)
def ask(question: str, article_ids: list[int]) -> Answer | None:
    """An answer with citations to the given articles, or None when answering failed."""
    return reading.ask(question, article_ids)


def reader_state(user_id: int | None, ids: list[int]) -> tuple[set[int], set[int]]:
    """(read IDs, saved IDs) among ``ids`` for a signed-in user."""
    if not user_id or not ids:
        return set(), set()
    return _reader_state(user_id, ids)


@_isolated(lambda: (set(), set()))
def _reader_state(user_id: int, ids: list[int]) -> tuple[set[int], set[int]]:
    return reading.marks_among(user_id, ids)


def muted_sources(user_id: int | None) -> set[int]:
    """Source IDs the user muted (none for anonymous readers)."""
    return _muted(user_id) if user_id else set()


@_isolated(set)
def _muted(user_id: int) -> set[int]:
    return reading.muted_sources(user_id)


@_isolated(list)
def top_tags(limit: int = 12) -> list[str]:
    """The most used hashtags in recent coverage (the front page's sections)."""
    return [t.tag for t in reading.top_tags(limit)]


@_isolated(list)
def top_entities(limit: int = 12) -> list[str]:
    """The most mentioned people and organisations in recent coverage."""
    return [e.name for e in reading.top_entities(limit)]


def unread_by_feed(user_id: int | None) -> dict[int, int]:
    """Unread article count per feed for a signed-in reader."""
    return _unread(user_id) if user_id else {}


@_isolated(dict)
def _unread(user_id: int) -> dict[int, int]:
    return {c.feed_id: c.count for c in reading.unread_counts(user_id)}
