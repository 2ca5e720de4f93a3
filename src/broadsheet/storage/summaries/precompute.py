"""What the pipeline's ``summarize`` step reads and writes: extractive results, stored ahead.

Only the offline extractive method is precomputed for every article; the model's summaries are
written for the pages that ask for them (``requests.py``). Results already stored under the
current sources' key are skipped, so the step is idempotent and cheap to repeat.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from broadsheet.errors import NotFoundError
from broadsheet.storage.summaries import keys
from broadsheet.storage.summaries.queries import EXTRACTIVE, SourceText, save, sources, stored

__all__ = ["Pending", "pending", "store"]


@dataclass(frozen=True)
class Pending:
    """One result to compute: ``kind`` (article | story), its cache key, sources' key, texts."""

    kind: str
    key: str
    source_key: str
    texts: tuple[SourceText, ...]


def _articles(article_ids: Sequence[int]) -> Iterator[Pending]:
    wanted = {str(i): keys.digest([part]) for i, part in keys.article_parts(article_ids).items()}
    fresh = set(stored("article", wanted, EXTRACTIVE))
    todo = [int(k) for k in wanted if k not in fresh]
    for text in sources(todo):
        if text.text.strip():
            key = str(text.article_id)
            yield Pending("article", key, wanted[key], (text,))


def _stories(article_ids: Sequence[int]) -> Iterator[Pending]:
    found = []
    for story_id in keys.stories_of(article_ids):
        try:
            found.append(keys.story_sources(story_id))
        except NotFoundError:
            continue  # deleted, or left without articles, since the batch was placed
    wanted = {str(s.story_id): s.key for s in found}
    fresh = set(stored("story", wanted, EXTRACTIVE))
    for s in found:
        key = str(s.story_id)
        if key in fresh:
            continue
        fresh.add(key)  # two stories of the batch merged into one: summarise it once
        texts = sources(s.article_ids)
        if any(t.text.strip() for t in texts):
            yield Pending("story", key, s.key, tuple(texts))


def pending(article_ids: Sequence[int]) -> Iterator[Pending]:
    """The given articles' and then their stories' extractive results that are missing or stale."""
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    yield from _articles(ids)
    yield from _stories(ids)


def store(item: Pending, payload: dict[str, Any]) -> bool:
    """Store a precomputed extractive result (its JSON); False when the database refused it."""
    return save(item.kind, item.key, EXTRACTIVE, item.source_key, payload)
