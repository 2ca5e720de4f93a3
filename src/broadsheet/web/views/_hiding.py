"""Lists apply the signed-in reader's filter rules: hidden rows go, unless ``?hidden=1`` asks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.http import HttpRequest

from broadsheet.reading import HiddenArticle, hidden_articles, hidden_stories
from broadsheet.web.views._common import user_id

T = TypeVar("T")


@dataclass(frozen=True)
class Hiding:
    """What a list hid (by id, with why), and whether the reader asked to see them anyway."""

    reasons: dict[int, HiddenArticle] = field(default_factory=dict)
    shown: bool = False

    @property
    def count(self) -> int:
        """How many rows of this list the rules hide."""
        return len(self.reasons)


def _apply(
    request: HttpRequest, rows: Sequence[T], key: Callable[[T], int], found: dict[int, Any]
) -> tuple[list[T], Hiding]:
    shown = request.GET.get("hidden") == "1"
    kept = list(rows) if shown else [r for r in rows if key(r) not in found]
    return kept, Hiding(found, shown)


def hide_articles(
    request: HttpRequest, rows: Sequence[T], key: Callable[[T], int] = lambda r: r.id
) -> tuple[list[T], Hiding]:
    """Leave out the articles the reader's rules hide (all kept, marked, with ``?hidden=1``)."""
    ids = [key(r) for r in rows]
    return _apply(request, rows, key, hidden_articles(user_id(request), ids))


def hide_stories(request: HttpRequest, stories: Sequence[T]) -> tuple[list[T], Hiding]:
    """Leave out the stories whose first articles the reader's rules all hide."""
    pairs = [(s.id, s.article_ids) for s in stories]  # type: ignore[attr-defined]
    return _apply(request, stories, lambda s: s.id, hidden_stories(user_id(request), pairs))
