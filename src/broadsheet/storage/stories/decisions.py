"""Staff decisions about stories: move an article, merge two stories, split one.

Each decision is stored as pins (article → story) for every article of the stories involved
(staff looked at them all), which the engine obeys when it places articles and when
``broadsheet recluster`` rebuilds everything; a merge also leaves a redirect so the merged
story's ID keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from broadsheet.errors import BroadsheetError, NotFoundError
from broadsheet.storage.models import Article
from broadsheet.storage.stories.assign import bump_generation, new_story, refresh_stories
from broadsheet.storage.stories.models import Membership, Pin, Story

__all__ = ["StoryDecisionError", "merge_stories", "move_article", "split_story"]


class StoryDecisionError(BroadsheetError):
    """A staff decision about stories cannot be applied; the message says what to change."""


def _live(story_id: int) -> Story:
    story = Story.objects.filter(id=story_id).first()
    if story is None:
        raise NotFoundError(f"no story with id {story_id}")
    if story.redirect_to_id:
        raise NotFoundError(
            f"story {story_id} was merged into story {story.redirect_to_id}; use that"
        )
    return story


def _pin(article_ids: Sequence[int], story_id: int, note: str) -> None:
    for aid in article_ids:
        Pin.objects.update_or_create(article_id=aid, defaults={"story_id": story_id, "note": note})
        Membership.objects.filter(article_id=aid).update(
            story_id=story_id, method="staff", explanation={"method": "staff", "text": note}
        )


def _unpinned(story_id: int) -> list[int]:
    return list(
        Membership.objects.filter(story_id=story_id, article__story_pin__isnull=True).values_list(
            "article_id", flat=True
        )
    )


def move_article(article_id: int, story_id: int) -> None:
    """Put an article in another story for good (re-clustering keeps it there)."""
    if not Article.objects.filter(id=article_id).exists():
        raise NotFoundError(f"no article with id {article_id}")
    _live(story_id)
    old = (
        Membership.objects.filter(article_id=article_id).values_list("story_id", flat=True).first()
    )
    if old is None:
        raise NotFoundError(f"article {article_id} is not in a story yet; run the pipeline first")
    with transaction.atomic():
        _pin([article_id], story_id, f"moved by staff from story {old}")
        _pin(_unpinned(old), old, "kept by staff when an article was moved out")
        _pin(_unpinned(story_id), story_id, "kept by staff when an article was moved in")
    refresh_stories({old, story_id})
    bump_generation()


def merge_stories(story_id: int, into_id: int) -> None:
    """Merge ``story_id`` into ``into_id``; the old ID redirects to the surviving story."""
    if story_id == into_id:
        raise StoryDecisionError(
            "a story cannot be merged into itself: give two different story IDs"
        )
    _live(story_id)
    _live(into_id)
    members = list(
        Membership.objects.filter(story_id=story_id).values_list("article_id", flat=True)
    )
    with transaction.atomic():
        _pin(members, into_id, f"story {story_id} merged by staff")
        _pin(_unpinned(into_id), into_id, "kept by staff when a story was merged in")
        Pin.objects.filter(story_id=story_id).update(story_id=into_id)
        Story.objects.filter(redirect_to_id=story_id).update(redirect_to_id=into_id)
        Story.objects.filter(id=story_id).update(redirect_to_id=into_id, size=0)
    refresh_stories({into_id})
    bump_generation()


def split_story(story_id: int, article_ids: Sequence[int]) -> int:
    """Move the given articles of a story into a new story; return the new story's ID."""
    _live(story_id)
    members = set(Membership.objects.filter(story_id=story_id).values_list("article_id", flat=True))
    moving = [a for a in article_ids if a in members]
    if not moving or len(moving) == len(members):
        raise StoryDecisionError("a split needs some, but not all, of the story's article IDs")
    with transaction.atomic():
        new_id = new_story()
        _pin(moving, new_id, f"split by staff from story {story_id}")
        _pin(sorted(members - set(moving)), story_id, "kept by staff when the story was split")
    refresh_stories({story_id, new_id})
    bump_generation()
    return new_id
