"""A reader's own marks on articles and outlets: read, saved (starred) and muted.

These are the reader's state, not the article's: changing them never touches what the pipeline
stored. Unknown article ids are skipped by the bulk marks (clients retry stale ids) and refused
by the one-article forms (NotFoundError).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from broadsheet.errors import NotFoundError
from broadsheet.reading._articles import has_article
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.reader import streams
from broadsheet.storage.reader.streams import Stream

__all__ = [
    "ArticleMarks",
    "article_marks",
    "interests",
    "mark_read",
    "mark_saved",
    "mark_stream_read",
    "marks_among",
    "mute_source",
    "muted_outlets",
    "muted_sources",
    "saved_ids",
    "set_article_marks",
]


@dataclass(frozen=True)
class ArticleMarks:
    """Whether the reader has read and saved one article."""

    id: int
    read: bool
    saved: bool


def _require(article_id: int) -> None:
    if not has_article(article_id):
        raise NotFoundError(f"no article with id {article_id}")


def article_marks(user_id: int, article_id: int) -> ArticleMarks:
    """Return the reader's marks on one article, or raise NotFoundError."""
    _require(article_id)
    read, saved = marks_among(user_id, [article_id])
    return ArticleMarks(article_id, article_id in read, article_id in saved)


def set_article_marks(
    user_id: int, article_id: int, *, read: bool | None = None, saved: bool | None = None
) -> ArticleMarks:
    """Set read and/or saved on one article (None leaves a mark as it is); return the marks."""
    _require(article_id)
    if read is not None:
        reader.mark_read(user_id, [article_id], read)
    if saved is not None:
        reader.save(user_id, article_id, saved)
    now_read, now_saved = marks_among(user_id, [article_id])
    return ArticleMarks(article_id, article_id in now_read, article_id in now_saved)


def marks_among(user_id: int, ids: Sequence[int]) -> tuple[set[int], set[int]]:
    """Return (read ids, saved ids) among ``ids``."""
    if not ids:
        return set(), set()
    return reader.is_read(user_id, ids), reader.is_saved(user_id, ids)


def mark_read(user_id: int, ids: Iterable[int], read: bool = True) -> int:
    """Mark articles read (or unread); unknown ids are skipped; return how many were marked."""
    return reader.mark_read(user_id, ids, read)


def mark_saved(user_id: int, ids: Iterable[int], saved: bool = True) -> int:
    """Save (star) or unsave articles; unknown ids are skipped; return how many were marked."""
    done = 0
    for article_id in ids:
        try:
            reader.save(user_id, article_id, saved)
        except NotFoundError:
            continue
        done += 1
    return done


def mark_stream_read(user_id: int, stream: Stream, before: datetime | None = None) -> int:
    """Mark every unread article of a stream (published up to ``before``) read; return how many."""
    return streams.mark_stream_read(user_id, stream, before)


def saved_ids(user_id: int) -> list[int]:
    """Return the ids of the reader's saved articles, most recently saved first."""
    return reader.saved_ids(user_id)


def mute_source(user_id: int, source_id: int, muted: bool = True) -> set[int]:
    """Hide (or show again) an outlet for the reader; return the outlets now muted.

    Muting an unknown outlet raises NotFoundError."""
    reader.mute_source(user_id, source_id, muted)
    return muted_sources(user_id)


def muted_sources(user_id: int) -> set[int]:
    """Return the ids of the outlets the reader muted."""
    return reader.muted_sources(user_id)


def muted_outlets(user_id: int) -> set[str]:
    """Return the names of the outlets the reader muted (as story cards list their outlets)."""
    return reader.muted_outlets(user_id)


def interests(user_id: int) -> dict[str, float]:
    """Return the topics of what the reader read or saved lately, each with its share (0-1):
    ``{"e:<entity>" | "t:<tag>": share}``, for the personal front page."""
    return reader.interests(user_id)
