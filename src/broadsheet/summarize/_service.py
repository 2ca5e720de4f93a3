"""The public summarizers: extractive offline; with an LLM, abstractive but verified and cited.

Any LLM failure (timeout, HTTP error, malformed reply, no sentence surviving verification)
falls back to the extractive result, logs ``llm_fallback`` with the reason, and says so in
the result's ``note``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from broadsheet.summarize._ask import MAX_ANSWER_SENTENCES, NOTHING, extractive_answer, rank
from broadsheet.summarize._extractive import Unit, extractive_summary, select, units_of
from broadsheet.summarize._llm import (
    LLMConfig,
    LLMError,
    Task,
    build_messages,
    complete,
    parse_reply,
)
from broadsheet.summarize._story import extractive_story, story_units
from broadsheet.summarize._types import Answer, Document, StorySummary, Summary, SummarySentence
from broadsheet.summarize._verify import verify

log = logging.getLogger("broadsheet.summarize")
MAX_SOURCES = 40  # numbered sentences sent to the model
ANSWER_SOURCES = 8


def _generate(
    task: Task, sources: Sequence[Unit], llm: LLMConfig, question: str = "", limit: int = 4
) -> tuple[tuple[SummarySentence, ...], str]:
    """Verified LLM sentences and a note on any dropped; LLMError when none survive."""
    replies = parse_reply(complete(llm, build_messages(task, sources, question)))
    kept, dropped = verify(replies, sources)
    for reason in dropped:
        log.info("llm_sentence_dropped", extra={"task": task, "reason": reason})
    if not kept and (replies or task != "answer"):
        raise LLMError(
            "unverified", f"no sentence survived citation checks ({len(dropped)} dropped)"
        )
    note = (
        f"{len(dropped)} generated sentence(s) dropped: citations did not support them."
        if dropped
        else ""
    )
    return tuple(kept[:limit]), note


def _fallback(task: Task, error: LLMError, llm: LLMConfig) -> str:
    log.warning(
        "llm_fallback",
        extra={
            "task": task,
            "reason": error.reason,
            "detail": error.detail,
            "llm_url": llm.url,
            "llm_model": llm.model,
        },
    )
    return f"LLM not used ({error.reason}); showing the extractive result."


def summarize_article(doc: Document, llm: LLMConfig | None = None) -> Summary:
    """A 2–4 sentence summary of one article whose every sentence cites the article."""
    offline = extractive_summary(doc)
    if llm is None or not offline.sentences:
        return offline  # nothing to rewrite: the model is not asked
    sources = units_of([doc])[:MAX_SOURCES]
    try:
        sentences, note = _generate("article", sources, llm)
    except LLMError as error:
        return dataclasses.replace(offline, note=_fallback("article", error, llm))
    return Summary(sentences, "llm", note)


def summarize_story(docs: Sequence[Document], llm: LLMConfig | None = None) -> StorySummary:
    """What happened, what each outlet adds, and where outlets disagree, all cited."""
    offline = extractive_story(docs)
    if llm is None or not offline.what_happened:
        return offline
    units = story_units(docs)
    sources = select(units, [d.title for d in docs if d.title], MAX_SOURCES)
    try:
        sentences, note = _generate("story", sources, llm)
    except LLMError as error:
        return dataclasses.replace(offline, note=_fallback("story", error, llm))
    return dataclasses.replace(offline, what_happened=sentences, method="llm", note=note)


def answer_question(
    question: str, docs: Sequence[Document], llm: LLMConfig | None = None
) -> Answer:
    """The sentences that answer ``question``, cited; ``supported=False`` when none do."""
    offline = extractive_answer(question, docs)
    if llm is None or not offline.supported:
        return offline  # the model is never asked when retrieval found no support
    sources = [u for u, bm25, _ in rank(question, units_of(docs)) if bm25 > 0][:ANSWER_SOURCES]
    try:
        sentences, note = _generate("answer", sources, llm, question, MAX_ANSWER_SENTENCES)
    except LLMError as error:
        return dataclasses.replace(offline, note=_fallback("answer", error, llm))
    if not sentences:
        return Answer(question, (), False, "llm", NOTHING)
    return Answer(question, sentences, True, "llm", note)
