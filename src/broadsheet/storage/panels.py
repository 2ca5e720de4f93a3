"""The article pages' panels as the pipeline built them: stored, read back with their story's
current stamp, forgotten.

What a payload holds is the reading layer's (``reading._panels``); here it is JSON with a format
number and the stamp of the story it was built against (``story_stamp``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from broadsheet.storage.models import Article, ArticlePanels
from broadsheet.storage.stories.models import Membership

__all__ = ["StoredPanels", "forget", "stamp", "store", "stored", "story_stamps"]


@dataclass(frozen=True)
class StoredPanels:
    """One article's stored panels, the stamp they were built against and its story's stamp now."""

    format: int
    payload: Any
    built_stamp: str
    current_stamp: str


def stamp(story_id: int | None, size: int | None, updated: datetime | None) -> str:
    """The stamp of a story as it is now ("" for no story): its id, size and last change."""
    if story_id is None:
        return ""
    return f"{story_id}:{size or 0}:{updated.isoformat() if updated else ''}"


def stored(article_id: int) -> StoredPanels | None:
    """Return the article's stored panels with its story's current stamp, in one query."""
    row = (
        ArticlePanels.objects.filter(article_id=article_id)
        .values_list(
            "format",
            "payload",
            "story_stamp",
            "article__membership__story_id",
            "article__membership__story__size",
            "article__membership__story__updated_at",
        )
        .first()
    )
    if row is None:
        return None
    fmt, payload, built, story_id, size, updated = row
    return StoredPanels(fmt, payload, built, stamp(story_id, size, updated))


def story_stamps(article_ids: Sequence[int]) -> dict[int, str]:
    """Return the current stamp of each given article's story (articles in none are left out)."""
    rows = Membership.objects.filter(article_id__in=list(article_ids)).values_list(
        "article_id", "story_id", "story__size", "story__updated_at"
    )
    return {a: stamp(s, size, updated) for a, s, size, updated in rows}


def store(panels: Mapping[int, tuple[str, Any]], fmt: int) -> int:
    """Store each article's (story stamp, payload) in one transaction, replacing older ones;
    articles deleted meanwhile are skipped. Return how many were stored."""
    if not panels:
        return 0
    now = timezone.now()
    with transaction.atomic():
        alive = set(Article.objects.filter(id__in=list(panels)).values_list("id", flat=True))
        rows = [
            ArticlePanels(article_id=a, format=fmt, story_stamp=s[:80], payload=p, built_at=now)
            for a, (s, p) in panels.items()
            if a in alive
        ]
        ArticlePanels.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["format", "story_stamp", "payload", "built_at"],
        )
    return len(rows)


def forget(article_ids: Sequence[int]) -> None:
    """Delete the stored panels of the given articles (their pages build them until rebuilt)."""
    ArticlePanels.objects.filter(article_id__in=list(article_ids)).delete()
