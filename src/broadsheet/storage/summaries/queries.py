"""Summaries and answers for articles and stories: computed on demand, cached by content hash.

A cached result is reused while the hash of its source texts (titles and bodies) is unchanged
and the requested method (``extractive`` or ``llm:<model>``) matches. Results that fell back
from the LLM to the extractive method are not cached, so a passing outage does not stick.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

from broadsheet.errors import NotFoundError
from broadsheet.storage.models import Article
from broadsheet.storage.summaries import codec
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

__all__ = ["article_summary", "ask", "documents", "story_summary", "summarize_articles"]

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


def _hash(docs: Sequence[Document], extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for doc in docs:
        digest.update(f"\0{doc.article_id}\0{doc.outlet}\0{doc.title}\0{doc.text}".encode())
    return digest.hexdigest()


def _method(llm: LLMConfig | None) -> str:
    return f"llm:{llm.model}"[:120] if llm else "extractive"


def _cached(
    kind: str,
    key: str,
    docs: Sequence[Document],
    llm: LLMConfig | None,
    compute: Callable[[], T],
    load: Callable[[dict[str, Any]], T],
    extra: str = "",
) -> T:
    method, content_hash = _method(llm), _hash(docs, extra)
    row = CachedSummary.objects.filter(kind=kind, key=key, method=method).first()
    if row is not None and row.content_hash == content_hash:
        return load(row.payload)
    result = compute()
    fell_back = llm is not None and getattr(result, "method", "") != "llm"
    if not fell_back:
        values = {"content_hash": content_hash, "payload": codec.dump(result)}
        try:
            with transaction.atomic():
                CachedSummary.objects.update_or_create(
                    kind=kind, key=key, method=method, defaults=values
                )
        except IntegrityError:
            pass  # a concurrent request stored the same result first
    return result


def article_summary(
    article_id: int, llm: LLMConfig | None = None, *, use_llm: bool = True
) -> Summary:
    """The cited 2–4 sentence summary of one article; NotFoundError if it does not exist."""
    docs = documents([article_id])
    if not docs:
        raise NotFoundError(f"no article with id {article_id}")
    llm = (llm or LLMConfig.from_settings()) if use_llm else None
    return _cached(
        "article",
        str(article_id),
        docs,
        llm,
        lambda: summarize_article(docs[0], llm),
        codec.summary_from,
    )


def summarize_articles(
    article_ids: Sequence[int], llm: LLMConfig | None = None, *, key: str | None = None
) -> StorySummary:
    """The story summary of these articles (cached under ``key`` when given)."""
    docs = documents(article_ids)
    if not docs:
        raise NotFoundError(f"none of the articles {list(article_ids)[:10]} exists")
    llm = llm or LLMConfig.from_settings()
    if key is None:
        return summarize_story(docs, llm)
    return _cached("story", key, docs, llm, lambda: summarize_story(docs, llm), codec.story_from)


def story_summary(story_id: int, llm: LLMConfig | None = None) -> StorySummary:
    """The cited summary of a story (what happened, outlet additions, disagreements)."""
    from broadsheet.storage.stories.queries import get_story  # the story engine's public name

    story = get_story(story_id)
    articles = list(getattr(story, "articles", ()))
    # Duplicates and syndicated copies repeat another member's text: they would fake agreement.
    ids = [a.id for a in articles if not (a.duplicate_of or a.syndicated_from)]
    ids = ids or [a.id for a in articles] or list(story.article_ids)
    return summarize_articles(ids, llm, key=str(story.id))


def ask(question: str, article_ids: Sequence[int], llm: LLMConfig | None = None) -> Answer:
    """Answer ``question`` from these articles with cited sentences, or say nothing supports it."""
    question = " ".join(question.split())[:500]
    docs = documents(article_ids)
    llm = llm or LLMConfig.from_settings()
    if not question or not docs:
        return answer_question(question, docs, None)
    key = hashlib.sha256(
        f"{question.lower()}\0{sorted(d.article_id for d in docs)}".encode()
    ).hexdigest()
    return _cached(
        "answer",
        key,
        docs,
        llm,
        lambda: answer_question(question, docs, llm),
        codec.answer_from,
        extra=question,
    )
