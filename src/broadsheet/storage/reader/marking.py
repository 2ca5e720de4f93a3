"""A reader's reading settings and the marks bounded by a list: "mark read up to here".

Which of some posted article ids belong to a list is decided here, by the list's own
definition (its stream or the newest articles, from its cursor on), so a view never trusts ids
a page sent; marking them and counting how many were unread is one transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from broadsheet.storage.articles import not_copies
from broadsheet.storage.models import Article
from broadsheet.storage.reader.models import ArticleState, MutedSource, ReadingPreferences
from broadsheet.storage.reader.queries import state_changed
from broadsheet.storage.reader.streams import Stream, StreamFilter, _filtered

__all__ = ["in_latest", "in_stream", "mark_unread_read", "scroll_read", "set_scroll_read"]


def scroll_read(user_id: int) -> bool:
    """Return whether the reader marks articles read by scrolling past them (default off)."""
    found = ReadingPreferences.objects.filter(user_id=user_id).values_list("scroll_read", flat=True)
    return bool(found.first())


def set_scroll_read(user_id: int, on: bool) -> None:
    """Turn marking read on scroll on or off for the reader."""
    ReadingPreferences.objects.update_or_create(user_id=user_id, defaults={"scroll_read": on})


def _from(qs: QuerySet[Article], before: tuple[datetime, int] | None) -> QuerySet[Article]:
    """The rows of a newest-first list at or after its cursor (the cursor row itself excluded)."""
    if before is None:
        return qs
    when, last = before
    # The range first keeps SQLite on the newest index from the cursor (see streams.item_refs).
    return qs.filter(published_at__lte=when).filter(Q(published_at__lt=when) | Q(id__lt=last))


def in_stream(
    user_id: int, stream: Stream, ids: Collection[int], before: tuple[datetime, int] | None
) -> set[int]:
    """Return which of ``ids`` the reader's stream holds from ``before`` on, read or not."""
    qs = _filtered(user_id, stream, StreamFilter()).filter(id__in=list(ids))
    return set(_from(qs, before).values_list("id", flat=True))


def in_latest(user_id: int, ids: Collection[int], before: tuple[datetime, int] | None) -> set[int]:
    """Return which of ``ids`` the newest-articles list shows the reader from ``before`` on
    (exact copies and muted outlets' articles are not in it)."""
    muted = MutedSource.objects.filter(user_id=user_id).values("source_id")
    qs = not_copies(Article.objects.filter(id__in=list(ids))).exclude(source_id__in=muted)
    return set(_from(qs, before).values_list("id", flat=True))


def mark_unread_read(user_id: int, ids: Collection[int]) -> int:
    """Mark these existing articles read in one transaction; return how many were unread."""
    ids = list(ids)
    with transaction.atomic():
        read = set(
            ArticleState.objects.filter(user_id=user_id, article_id__in=ids, read=True).values_list(
                "article_id", flat=True
            )
        )
        unread = [i for i in ids if i not in read]
        ArticleState.objects.bulk_create(
            [ArticleState(user_id=user_id, article_id=i) for i in unread],
            ignore_conflicts=True,
            batch_size=500,
        )
        ArticleState.objects.filter(user_id=user_id, article_id__in=unread).update(
            read=True, read_at=timezone.now()
        )
    state_changed(user_id)
    return len(unread)
