"""An article page's panels, built once per change: its story, related coverage and intelligence.

The pipeline's ``panels`` step (and a reader's hashtag edit) builds them with ``build_panels``
and stores them; the page reads them back in one query with ``stored_panels``. Stored panels
are served only while the article's story is as it was when they were built (same id, size
and last change): a story that grew or split since makes the page build them itself, as it
does for an article the step has not reached. Related articles deleted since are left out.
"""

from __future__ import annotations

import logging
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from functools import cache
from typing import Any

from broadsheet.reading._related import RelatedCoverage, related_coverage
from broadsheet.reading._stories import StoryCard, article_story
from broadsheet.reading._topics import ArticleIntel, article_intel
from broadsheet.storage import panels as stored
from broadsheet.storage.articles import existing_ids

__all__ = ["ArticlePanels", "build_panels", "forget_panels", "panels_of", "stored_panels"]

log = logging.getLogger(__name__)
# The encoding of the view models below: bump it when one of them changes shape, and rows of
# the old format are ignored (pages build their panels until the step rebuilds them).
FORMAT = 1


@dataclass(frozen=True)
class ArticlePanels:
    """What the pipeline found about one article: its story, related articles and intelligence."""

    story: StoryCard | None
    related: RelatedCoverage | None
    intel: ArticleIntel | None


def panels_of(article_id: int) -> ArticlePanels:
    """Build the article's panels from storage now (story first: the related block starts there)."""
    story = article_story(article_id)
    return ArticlePanels(
        story, related_coverage(article_id, story=story), article_intel(article_id)
    )


def build_panels(article_ids: Sequence[int]) -> int:
    """Build and store the panels of the given articles; return how many were stored."""
    ids = list(dict.fromkeys(article_ids))
    stamps = stored.story_stamps(ids)
    built = {}
    for article_id in ids:
        panels = panels_of(article_id)
        built[article_id] = (stamps.get(article_id, ""), _encode(panels))
    return stored.store(built, FORMAT)


def forget_panels(article_ids: Sequence[int]) -> None:
    """Drop the stored panels of the given articles: their pages build them until rebuilt."""
    stored.forget(article_ids)


def stored_panels(article_id: int) -> ArticlePanels | None:
    """Return the article's stored panels if they are still current (else None), without
    related articles deleted since they were built."""
    row = stored.stored(article_id)
    if row is None or row.format != FORMAT or row.built_stamp != row.current_stamp:
        return None
    try:
        panels = _decode(ArticlePanels, row.payload)
    except (KeyError, TypeError, ValueError):
        log.warning("stored panels unreadable: building them", extra={"article": article_id})
        return None
    related = panels.related
    if related is not None and related.items:
        alive = set(existing_ids([item.article_id for item in related.items]))
        if len(alive) < len(related.items):
            items = tuple(item for item in related.items if item.article_id in alive)
            related = RelatedCoverage(related.article_id, related.story_id, items)
            panels = ArticlePanels(panels.story, related, panels.intel)
    return panels  # type: ignore[no-any-return]


def _encode(value: Any) -> Any:
    """A view model as JSON: dataclasses as objects, tuples and lists as arrays, datetimes as
    ISO strings (their type comes back from the field's annotation)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(kind: Any, raw: Any) -> Any:
    """The value of type ``kind`` that ``_encode`` wrote as ``raw``."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if raw is None and type(None) in options:
            return None
        (inner,) = [o for o in options if o is not type(None)]
        return _decode(inner, raw)
    if origin in (tuple, list):
        inner = typing.get_args(kind)[0]
        items = [_decode(inner, v) for v in raw]
        return tuple(items) if origin is tuple else items
    if isinstance(kind, type) and is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: _decode(hints[f.name], raw[f.name]) for f in fields(kind)})
    if kind is datetime:
        return datetime.fromisoformat(raw)
    if kind is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    if kind in (int, float, str, bool) and not isinstance(raw, kind):
        raise TypeError(f"{raw!r} is not {kind.__name__}")
    return raw
