"""What the pipeline's ``summarize`` step reads and writes: extractive results to store ahead of time.

Only the offline extractive method is precomputed; LLM results stay on demand (they are slow
and need a server). Results already stored under the current sources' key are skipped, so the
step is idempotent and cheap to repeat.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from broadsheet.errors import NotFoundError
from broadsheet.storage.summaries import keys
from broadsheet.storage.summaries.queries import documents, save, stored
from broadsheet.summarize import Document, StorySummary, Summary

__all__ = ["Pending", "pending", "store"]

METHOD = "extractive"


@dataclass(frozen=True)
class Pending:
    """One result to compute: ``kind`` (article | story), its cache key, sources' key, documents."""

    kind: str
    key: str
    source_key: str
    docs: tuple[Document, ...]


def _articles(article_ids: Sequence[int]) -> Iterator[Pending]:
    wanted = {str(i): keys.digest([part]) for i, part in keys.article_parts(article_ids).items()}
    fresh = set(stored("article", wanted, METHOD))
    todo = [int(k) for k in wanted if k not in fresh]
    for doc in documents(todo):
        if doc.text.strip():
            yield Pending("article", str(doc.article_id), wanted[str(doc.article_id)], (doc,))


def _stories(article_ids: Sequence[int]) -> Iterator[Pending]:
    sources = []
    for story_id in keys.stories_of(article_ids):
        try:
            sources.append(keys.story_sources(story_id))
        except NotFoundError:
            continue  # deleted, or left without articles, since the batch was placed
    wanted = {str(s.story_id): s.key for s in sources}
    fresh = set(stored("story", wanted, METHOD))
    for s in sources:
        key = str(s.story_id)
        if key in fresh:
            continue
        fresh.add(key)  # two stories of the batch merged into one: summarise it once
        docs = documents(s.article_ids)
        if any(d.text.strip() for d in docs):
            yield Pending("story", key, s.key, tuple(docs))


def pending(article_ids: Sequence[int]) -> Iterator[Pending]:
    """The given articles' and then their stories' extractive results that are missing or stale."""
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    yield from _articles(ids)
    yield from _stories(ids)


def store(item: Pending, result: Summary | StorySummary) -> bool:
    """Store a precomputed extractive result; False when the database refused the write."""
    return save(item.kind, item.key, METHOD, item.source_key, result)
