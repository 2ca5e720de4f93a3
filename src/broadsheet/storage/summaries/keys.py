"""Cheap validity keys for cached summaries, built from small columns and never from article text.

A source's key part is its id, outlet, title, ``updated_at`` (bumped when a feed item or an
import changes), ``extracted_at`` (set by every (re-)extraction) and ``item_hash``: every writer
of ``Article.text`` in ``broadsheet.storage.articles`` changes one of them. A story's key covers
its summarised members in page order, so a member joining, leaving or becoming a copy changes it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection

from broadsheet.errors import NotFoundError
from broadsheet.storage.models import Article, Source
from broadsheet.storage.stories.models import Membership, Signature, Story

__all__ = ["StorySources", "article_parts", "digest", "stories_of", "story_sources"]

# Hand-written SQL: this runs on every page view, and the ORM's query building costs ~20 times
# the query itself. Plain joins and quoted names, the same on SQLite and PostgreSQL.
_COLUMNS = (
    "a.id, g.duplicate_of_id, g.syndicated_from_id, a.title, a.updated_at, "
    "a.extracted_at, a.item_hash, s.name, s.domain, a.language"
)


def _tables() -> dict[str, str]:
    models = {"a": Article, "g": Signature, "s": Source, "m": Membership, "st": Story}
    return {alias: connection.ops.quote_name(m._meta.db_table) for alias, m in models.items()}


@cache
def _from_articles() -> str:
    t = _tables()
    return (
        f"SELECT {_COLUMNS} FROM {t['a']} a LEFT JOIN {t['s']} s ON s.id = a.source_id "
        f"LEFT JOIN {t['g']} g ON g.article_id = a.id"
    )


@cache
def _from_story(live_only: bool) -> str:
    t = _tables()
    live = (
        f" JOIN {t['st']} st ON st.id = m.story_id AND st.redirect_to_id IS NULL"
        if live_only
        else ""
    )
    return (
        f"{_from_articles()} JOIN {t['m']} m ON m.article_id = a.id{live} "
        "WHERE m.story_id = %s ORDER BY m.published_at, m.article_id"
    )


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


@dataclass(frozen=True)
class StorySources:
    """The articles a story's summary is made from (copies left out), and their key."""

    story_id: int
    article_ids: tuple[int, ...]
    key: str


def _part(row: tuple[Any, ...]) -> str:
    """One source's key part from a ``_COLUMNS`` row (stamps as the database returns them)."""
    article_id, _dup, _syn, title, updated, extracted, item_hash, name, domain, _lang = row
    return (
        f"{article_id}\0{name or domain or ''}\0{title}\0{updated}\0{extracted or ''}\0{item_hash}"
    )


def digest(parts: Iterable[str], extra: str = "") -> str:
    """SHA-256 over ``extra`` and the key parts in order: the value stored in ``content_hash``."""
    sha = hashlib.sha256(extra.encode())
    for part in parts:
        sha.update(b"\x01" + part.encode())
    return sha.hexdigest()


def article_parts(article_ids: Iterable[int]) -> dict[int, str]:
    """``{id: key part}`` for the existing articles among ``article_ids`` (no text is read)."""
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):  # well under SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        sql = f"{_from_articles()} WHERE a.id IN ({', '.join(['%s'] * len(chunk))})"
        out.update((row[0], _part(row)) for row in _rows(sql, chunk))
    return out


def _resolve(story_id: int) -> int:
    seen: set[int] = set()
    current: int | None = story_id
    while current is not None and current not in seen:
        seen.add(current)
        row = Story.objects.filter(id=current).values_list("redirect_to_id", flat=True)[:1]
        if not row:
            break
        if row[0] is None:
            return current
        current = row[0]
    raise NotFoundError(f"no story with id {story_id}")


def story_sources(story_id: int) -> StorySources:
    """The summarised members of a story (following merges) and their key; NotFoundError if none."""
    rows = _rows(_from_story(True), [story_id])  # the usual case: one query
    if not rows:
        story_id = _resolve(story_id)
        rows = _rows(_from_story(False), [story_id])
    # Duplicates and syndicated copies repeat another member's text: they would fake agreement.
    kept = _one_language([r for r in rows if not (r[1] or r[2])] or rows)
    if not kept:
        raise NotFoundError(f"story {story_id} has no articles")
    return StorySources(story_id, tuple(r[0] for r in kept), digest(_part(r) for r in kept))


def stories_of(article_ids: Sequence[int]) -> list[int]:
    """The stories the given articles are in now, each once, in order of first appearance."""
    rows = Membership.objects.filter(article_id__in=list(article_ids)).values_list(
        "article_id", "story_id"
    )
    story_of = dict(rows)
    return list(dict.fromkeys(story_of[i] for i in article_ids if i in story_of))


def _one_language(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows in the story's most common language (and those of unknown language).

    A summary mixing a French edition's sentences into English ones reads as noise; the other
    editions stay on the story page, and questions can still use them.
    """
    langs = [(r[-1] or "").split("-")[0].lower() for r in rows]
    known = Counter(lang for lang in langs if lang)
    if len(known) < 2:
        return rows
    main = known.most_common(1)[0][0]
    return [r for r, lang in zip(rows, langs, strict=True) if lang in ("", main)]
