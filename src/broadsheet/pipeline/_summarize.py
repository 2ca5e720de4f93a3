"""Pipeline step: store each article's and each touched story's extractive summary (idempotent).

Page views then read the stored result instead of computing it inside a GET. Only the offline
extractive method runs here; LLM summaries stay on demand. Results already up to date are skipped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from broadsheet.storage.summaries import precompute
from broadsheet.summarize import StorySummary, Summary, summarize_article, summarize_story

log = logging.getLogger(__name__)


def _compute(item: precompute.Pending) -> Summary | StorySummary:
    return summarize_article(item.docs[0]) if item.kind == "article" else summarize_story(item.docs)


def run(article_ids: Sequence[int]) -> dict[str, int]:
    """Summarise the given articles and, once each, the stories they are in; return the counts."""
    started = time.perf_counter()
    done = {"article": 0, "story": 0}
    for item in precompute.pending(article_ids):
        if precompute.store(item, _compute(item)):
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
