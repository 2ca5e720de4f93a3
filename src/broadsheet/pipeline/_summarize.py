"""Summaries are made here, never by a page: the ``summarize`` step and the requests' writer.

``run`` is the flow's last step: it stores each article's and each touched story's extractive
summary (idempotent; results already up to date are skipped). ``write_requested`` writes what
pages asked for and did not find (``storage.summaries.requests``): the model's summary when
``BROADSHEET_LLM_URL`` is set, or an offline one for data the step never saw. It runs in the
scheduler's round in-process, and as the ``write_summary`` task (one request ID) on Celery.
A page shows the offline summary meanwhile and never waits for the model.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from broadsheet.errors import NotFoundError
from broadsheet.storage.summaries import keys, precompute, requests
from broadsheet.storage.summaries.queries import EXTRACTIVE, SourceText, method_for, save, sources
from broadsheet.summarize import (
    Document,
    LLMConfig,
    StorySummary,
    Summary,
    summarize_article,
    summarize_story,
    to_json,
)

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # longer than a model call (30 s) times a claimed batch
BATCH = 10


def _docs(texts: Sequence[SourceText]) -> list[Document]:
    return [Document(t.article_id, t.text, t.title, t.outlet) for t in texts]


def _compute(item: precompute.Pending) -> Summary | StorySummary:
    docs = _docs(item.texts)
    return summarize_article(docs[0]) if item.kind == "article" else summarize_story(docs)


def run(article_ids: Sequence[int]) -> dict[str, int]:
    """Summarise the given articles and, once each, the stories they are in; return the counts."""
    started = time.perf_counter()
    done = {"article": 0, "story": 0}
    for item in precompute.pending(article_ids):
        if precompute.store(item, to_json(_compute(item))):
            done[item.kind] += 1
    log.info(
        "summaries stored",
        extra={
            "articles": done["article"],
            "stories": done["story"],
            "seconds": round(time.perf_counter() - started, 3),
        },
    )
    return done


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(60 * 5 ** max(attempts - 1, 0), 3600))  # 1, 5, 25, 60 min


def _sources(wanted: requests.Wanted) -> tuple[str, list[Document]]:
    """The sources' key and documents of a requested summary; NotFoundError when gone."""
    if wanted.kind == "story":
        found = keys.story_sources(int(wanted.key))
        return found.key, _docs(sources(found.article_ids))
    part = keys.article_parts([int(wanted.key)]).get(int(wanted.key))
    if part is None:
        raise NotFoundError(f"no article with id {wanted.key}")
    return keys.digest([part]), _docs(sources([int(wanted.key)]))


def write(wanted: requests.Wanted) -> bool:
    """Write one requested summary and close the request; False when it must be tried again."""
    llm = LLMConfig.from_settings() if wanted.method != EXTRACTIVE else None
    try:
        if method_for(llm.model if llm else None) != wanted.method:
            raise NotFoundError(f"{wanted.method} is no longer configured")
        source_key, docs = _sources(wanted)
    except NotFoundError:
        requests.close(wanted.id)  # deleted, emptied, or a model no longer configured
        return True
    if not any(d.text.strip() for d in docs):
        requests.close(wanted.id)
        return True
    result = (
        summarize_article(docs[0], llm) if wanted.kind == "article" else summarize_story(docs, llm)
    )
    if llm is not None and result.method != "llm":  # fell back: keep the offline one on the page
        reason = re.search(r"\(([^)]*)\)", result.note)
        error = reason.group(1) if reason else result.note or "no reply"
        requests.postpone(wanted.id, error, timezone.now() + _retry_delay(wanted.attempts))
        return False
    if not save(wanted.kind, wanted.key, wanted.method, source_key, to_json(result)):
        requests.postpone(wanted.id, "database busy", timezone.now() + _retry_delay(1))
        return False
    requests.close(wanted.id)
    return True


def write_requested(budget_seconds: float = 60.0) -> int:
    """Write due requested summaries (in-process) until none is due or the budget is spent."""
    started, written = time.monotonic(), 0
    while time.monotonic() - started < budget_seconds:
        claimed = requests.claim(BATCH, LEASE)
        if not claimed:
            break
        for wanted in claimed:
            written += write(wanted)
    if written:
        log.info("requested summaries written", extra={"summaries": written})
    return written


def write_one(request_id: int) -> bool:
    """Write one requested summary by its ID (the Celery task); a closed request is a no-op."""
    wanted = requests.get(request_id)
    return write(wanted) if wanted is not None else True
