"""Summaries and answers for articles and stories: precomputed or computed on demand, cached.

A cached result is reused while its sources' key (``keys.py``: ids, outlets, titles and change
stamps of the source articles, never their text) is unchanged and the requested method
(``extractive`` or ``llm:<model>``) matches, so a hit reads two small rows. The pipeline's
``summarize`` step stores the extractive results ahead of time (``save``); a page view that
finds none computes it and stores it with a short lock wait, serving it uncached if the
database stays busy. Results that fell back from the LLM to the extractive method are not
cached, so a passing outage does not stick.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from broadsheet.errors import NotFoundError
from broadsheet.storage.models import Article
from broadsheet.storage.summaries import codec, keys
from broadsheet.storage.summaries.models import CachedSummary
from broadsheet.summarize import (
    Answer,
    Document,
    LLMConfig,
    StorySummary,
    Summary,
    answer_question,
    summarize_article,
    summarize_story,
)

__all__ = [
    "article_summaries",
    "article_summary",
    "ask",
    "documents",
    "save",
    "stored",
    "story_summary",
    "summarize_articles",
]

log = logging.getLogger(__name__)
WRITE_WAIT_MS = 200  # how long a page view waits for SQLite's write lock to cache a result
T = TypeVar("T")


def _outlet(article: Article) -> str:
    source = article.source
    return (source.name or source.domain) if source is not None else ""


def documents(article_ids: Iterable[int]) -> list[Document]:
    """The existing articles among ``article_ids`` as summarizer documents, in the given order."""
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    rows = (
        Article.objects.select_related("source")
        .only("id", "title", "text", "source__name", "source__domain")
        .in_bulk(ids)
    )
    return [
        Document(a.id, a.text or "", a.title or "", _outlet(a)) for i in ids if (a := rows.get(i))
    ]


def _method(llm: LLMConfig | None) -> str:
    return f"llm:{llm.model}"[:120] if llm else "extractive"


@cache
def _hit_sql() -> str:
    q = connection.ops.quote_name
    return (
        f"SELECT {q('content_hash')}, {q('payload')} FROM {q(CachedSummary._meta.db_table)} "
        f"WHERE {q('kind')} = %s AND {q('key')} = %s AND {q('method')} = %s"
    )


def _hit(kind: str, key: str, method: str, source_key: str) -> dict[str, Any] | None:
    """The stored payload if its sources' key matches (hand-written SQL: the page-view path)."""
    with connection.cursor() as cursor:
        cursor.execute(_hit_sql(), [kind, key, method])
        row = cursor.fetchone()
    if row is None or row[0] != source_key:
        return None
    payload = json.loads(row[1]) if isinstance(row[1], (str, bytes)) else row[1]
    return payload if isinstance(payload, dict) else None


def stored(kind: str, wanted: dict[str, str], method: str = "extractive") -> dict[str, Any]:
    """``{key: payload}`` of the results among ``wanted`` (``{key: sources' key}``) still valid."""
    rows = CachedSummary.objects.filter(kind=kind, method=method, key__in=list(wanted)).values_list(
        "key", "content_hash", "payload"
    )
    return {key: payload for key, source_key, payload in rows if wanted.get(key) == source_key}


@contextmanager
def _short_lock_wait() -> Iterator[None]:
    """On SQLite, wait at most ``WRITE_WAIT_MS`` for the write lock instead of the usual 30 s."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {int(WRITE_WAIT_MS)}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


def save(kind: str, key: str, method: str, source_key: str, result: object) -> bool:
    """Store a result in one upsert statement; False (logged, not raised) when the write failed."""
    row = CachedSummary(
        kind=kind,
        key=key,
        method=method,
        content_hash=source_key,
        payload=codec.dump(result),
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            CachedSummary.objects.bulk_create(
                [row],
                update_conflicts=True,
                unique_fields=["kind", "key", "method"],
                update_fields=["content_hash", "payload", "created_at"],
            )
    except IntegrityError:
        pass  # a concurrent request stored the same result first
    except OperationalError as exc:  # the write lock stayed busy: serve the result uncached
        log.info("summary not cached", extra={"kind": kind, "key": key, "error": str(exc)})
        return False
    return True


def _cached(
    kind: str,
    key: str,
    source_key: str,
    llm: LLMConfig | None,
    compute: Callable[[], T],
    load: Callable[[dict[str, Any]], T],
) -> T:
    method = _method(llm)
    payload = _hit(kind, key, method, source_key)
    if payload is not None:
        return load(payload)
    result = compute()
    fell_back = llm is not None and getattr(result, "method", "") != "llm"
    if not fell_back:
        with _short_lock_wait():
            save(kind, key, method, source_key, result)
    return result


def _one(article_id: int) -> Document:
    docs = documents([article_id])
    if not docs:
        raise NotFoundError(f"no article with id {article_id}")
    return docs[0]


def article_summary(
    article_id: int, llm: LLMConfig | None = None, *, use_llm: bool = True
) -> Summary:
    """The cited 2–4 sentence summary of one article; NotFoundError if it does not exist."""
    part = keys.article_parts([article_id]).get(int(article_id))
    if part is None:
        raise NotFoundError(f"no article with id {article_id}")
    llm = (llm or LLMConfig.from_settings()) if use_llm else None
    return _cached(
        "article",
        str(article_id),
        keys.digest([part]),
        llm,
        lambda: summarize_article(_one(article_id), llm),
        codec.summary_from,
    )


def article_summaries(article_ids: Sequence[int]) -> dict[int, Summary | None]:
    """Extractive summaries of many articles, stored ones read in one query; None for empty text."""
    wanted = {str(i): keys.digest([p]) for i, p in keys.article_parts(article_ids).items()}
    out: dict[int, Summary | None] = {
        int(k): codec.summary_from(v) for k, v in stored("article", wanted).items()
    }
    for doc in documents(int(k) for k in wanted if int(k) not in out):
        out[doc.article_id] = None
        if doc.text.strip():
            out[doc.article_id] = summary = summarize_article(doc)
            with _short_lock_wait():
                save(
                    "article",
                    str(doc.article_id),
                    "extractive",
                    wanted[str(doc.article_id)],
                    summary,
                )
    return out


def _story(
    key: str, source_key: str, article_ids: Sequence[int], llm: LLMConfig | None
) -> StorySummary:
    def compute() -> StorySummary:
        docs = documents(article_ids)
        if not docs:
            raise NotFoundError(f"none of the articles {list(article_ids)[:10]} exists")
        return summarize_story(docs, llm)

    return _cached("story", key, source_key, llm, compute, codec.story_from)


def summarize_articles(
    article_ids: Sequence[int], llm: LLMConfig | None = None, *, key: str | None = None
) -> StorySummary:
    """The story summary of these articles (cached under ``key`` when given)."""
    parts = keys.article_parts(article_ids)
    ids = [i for i in dict.fromkeys(int(i) for i in article_ids) if i in parts]
    if not ids:
        raise NotFoundError(f"none of the articles {list(article_ids)[:10]} exists")
    llm = llm or LLMConfig.from_settings()
    if key is None:
        return summarize_story(documents(ids), llm)
    return _story(key, keys.digest(parts[i] for i in ids), ids, llm)


def story_summary(story_id: int, llm: LLMConfig | None = None) -> StorySummary:
    """The cited summary of a story (what happened, outlet additions, disagreements)."""
    sources = keys.story_sources(story_id)
    llm = llm or LLMConfig.from_settings()
    return _story(str(sources.story_id), sources.key, sources.article_ids, llm)


def ask(question: str, article_ids: Sequence[int], llm: LLMConfig | None = None) -> Answer:
    """Answer ``question`` from these articles with cited sentences, or say nothing supports it."""
    question = " ".join(question.split())[:500]
    parts = keys.article_parts(article_ids)
    ids = [i for i in dict.fromkeys(int(i) for i in article_ids) if i in parts]
    llm = llm or LLMConfig.from_settings()
    if not question or not ids:
        return answer_question(question, documents(ids), None)
    key = hashlib.sha256(f"{question.lower()}\0{sorted(ids)}".encode()).hexdigest()
    return _cached(
        "answer",
        key,
        keys.digest((parts[i] for i in ids), extra=question),
        llm,
        lambda: answer_question(question, documents(ids), llm),
        codec.answer_from,
    )
