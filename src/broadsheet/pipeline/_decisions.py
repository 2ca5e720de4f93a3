"""Staff decisions about stories: move an article, merge two stories, split one.

Each decision is pinned, so the clusterer (incremental or ``recluster``) obeys it from then on;
an unknown article or story (or one merged away) raises NotFoundError, a decision the stories
cannot take (merging a story into itself, splitting off none or all) ``StoryDecisionError``.
"""

from __future__ import annotations

from collections.abc import Sequence

from broadsheet.storage.stories import decisions
from broadsheet.storage.stories.decisions import StoryDecisionError

__all__ = ["StoryDecisionError", "merge_stories", "move_article", "split_story"]


def move_article(article_id: int, story_id: int) -> None:
    """Move an article into another story and pin it there."""
    decisions.move_article(article_id, story_id)


def merge_stories(story_id: int, into_id: int) -> None:
    """Merge a story into another; the merged story's id then leads to the other one."""
    decisions.merge_stories(story_id, into_id)


def split_story(story_id: int, article_ids: Sequence[int]) -> int:
    """Move some articles of a story into a new story, pinned there; return the new story's id."""
    return decisions.split_story(story_id, article_ids)
