"""Summaries as pages show them: only stored ones, so a page never waits for the model.

The pipeline's ``summarize`` step stores every article's and story's offline (extractive)
summary. With ``BROADSHEET_LLM_URL`` set, a page shows the model's summary once it is stored;
until then it shows the offline one with a note, and asks for the model's (one request per
summary, written by a background job: ``pipeline._summarize.write_requested``). A summary
missing altogether (data older than the step) is asked for the same way and shown once written.

Answers to "Ask about this" are made here on request: the question is not known ahead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from broadsheet.errors import NotFoundError
from broadsheet.storage.summaries import keys, requests
from broadsheet.storage.summaries import queries as summaries
from broadsheet.storage.summaries.queries import EXTRACTIVE
from broadsheet.summarize import (
    ANSWERER_VERSION,
    Answer,
    Document,
    LLMConfig,
    StorySummary,
    Summary,
    answer_from_json,
    answer_question,
    story_from_json,
    summary_from_json,
    to_json,
)

__all__ = ["article_summary", "ask", "story_summary"]

WRITING = "A fuller summary is being written; this is the offline one."
FAILING = "The fuller summary could not be written yet ({error}); this is the offline one."
T = TypeVar("T", Summary, StorySummary)


def _method(llm: LLMConfig | None) -> str:
    return summaries.method_for(llm.model if llm else None)


def _ask_for(kind: str, key: str, method: str) -> requests.Wanted | None:
    with summaries.short_lock_wait():  # a page: never held up by the scheduler's writes
        return requests.want(kind, key, method)


def _citations(data: Any) -> Iterator[dict[str, Any]]:
    """Every citation object in a stored summary payload, however deep."""
    if isinstance(data, dict):
        if "article_id" in data and "sentence_index" in data:
            yield data
        for value in data.values():
            yield from _citations(value)
    elif isinstance(data, list):
        for value in data:
            yield from _citations(value)


def _name_outlets(payload: dict[str, Any]) -> dict[str, Any]:
    """Name the outlet of citations stored before citations carried it (their marks said "Source
    N"); the payload is changed in place and returned."""
    # Only payloads from before the field (no "outlet" key): an article of no outlet stores ""
    # and must not cost a query on every view.
    unnamed = [c for c in _citations(payload) if "outlet" not in c]
    if unnamed:
        names = summaries.outlet_names(c["article_id"] for c in unnamed)
        for c in unnamed:
            c["outlet"] = names.get(int(c["article_id"]), "")
    return payload


def _shown(kind: str, key: str, source_key: str, load: Callable[[dict[str, Any]], T]) -> T | None:
    """The model's stored summary, else the offline one (with a note), else None; asks for what
    is missing."""
    model = _method(LLMConfig.from_settings())
    found = {
        method: _name_outlets(payload)
        for method, payload in summaries.hits(
            kind, key, sorted({EXTRACTIVE, model}), source_key
        ).items()
    }
    if model in found:
        return load(found[model])
    if EXTRACTIVE not in found:
        _ask_for(kind, key, EXTRACTIVE)
    if model == EXTRACTIVE:
        return load(found[EXTRACTIVE]) if EXTRACTIVE in found else None
    wanted = _ask_for(kind, key, model)
    if EXTRACTIVE not in found:
        return None
    error = wanted.last_error if wanted else ""
    note = FAILING.format(error=error) if error else WRITING
    return replace(load(found[EXTRACTIVE]), note=note)


def article_summary(article_id: int) -> Summary | None:
    """The stored cited summary of an article, best method first; NotFoundError if none exists."""
    part = keys.article_parts([article_id]).get(int(article_id))
    if part is None:
        raise NotFoundError(f"no article with id {article_id}")
    return _shown("article", str(int(article_id)), keys.digest([part]), summary_from_json)


def story_summary(story_id: int) -> StorySummary | None:
    """The stored cited summary of a story (following merges); NotFoundError if it has none."""
    found = keys.story_sources(story_id)
    return _shown("story", str(found.story_id), found.key, story_from_json)


def ask(question: str, article_ids: Sequence[int]) -> Answer:
    """Answer ``question`` from these articles with cited sentences, or say nothing supports it.

    Made on request (with the model when configured) and stored under the question and the
    articles' key, so asking again reads it back.
    """
    question = " ".join(question.split())[:500]
    parts = keys.article_parts(article_ids)
    ids = [i for i in dict.fromkeys(int(i) for i in article_ids) if i in parts]
    llm = LLMConfig.from_settings()
    if not question or not ids:
        return answer_question(question, [], None)
    key = hashlib.sha256(f"{question.lower()}\0{sorted(ids)}".encode()).hexdigest()
    # the answerer's version too: an upgrade answers again instead of reading an older answer back
    source_key = keys.digest((parts[i] for i in ids), extra=f"{ANSWERER_VERSION}\0{question}")
    method = _method(llm)
    stored = summaries.hits("answer", key, [method], source_key)
    if method in stored:
        return answer_from_json(stored[method])
    docs = [Document(t.article_id, t.text, t.title, t.outlet) for t in summaries.sources(ids)]
    answer = answer_question(question, docs, llm)
    if llm is None or answer.method == "llm":  # a fallback is not kept: an outage must not stick
        with summaries.short_lock_wait():
            summaries.save("answer", key, method, source_key, to_json(answer))
    return answer
