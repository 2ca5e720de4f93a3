"""The pipeline, declared in order: how one article travels from a feed to the reader.

Feed level (``pipeline/_refresh.py``, per feed, one transaction per feed):

1. **fetch feed**: conditional GET under the fetch policy (``broadsheet.fetch``);
2. **parse**: the document into frozen items, each item's markup sanitised for display, in the
   parse pool (``broadsheet.parse``, ``broadsheet.extract.parse_with_display``);
3. **store items**: new and changed items stored once, each entered at the first article step
   below in the same transaction (``storage.articles``, ``storage.work``).

Article level, the steps below, each over a small batch of article IDs. Every step is
load (storage reads) → decide (the pure core) → apply (storage writes), idempotent, and skips
articles that are no longer at its step. ``storage.work`` records per article the step it
waits for, with a lease while a process works on it; when the lease of a crashed process
expires, another claims the article again. The same step functions run in-process (the
scheduler, ``broadsheet refresh``) or as Celery tasks taking IDs (``pipeline/tasks.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from broadsheet.pipeline import (
    _cluster,
    _dedupe,
    _enrich,
    _extract,
    _index,
    _page,
    _panels,
    _rules,
    _summarize,
)

# A step returns nothing (every article goes on to the next step) or, for some articles, the
# step they go to instead (None: they are done).
StepResult = dict[int, str | None] | object


@dataclass(frozen=True)
class Step:
    """One article step: what it does, its code, how many articles per batch, its queue."""

    name: str
    does: str
    run: Callable[[Sequence[int]], StepResult]
    batch: int
    queue: str


STEPS: tuple[Step, ...] = (
    Step(
        "page",
        "fetch the article's web page under a total deadline; on failure the "
        "article goes on with its feed text and the page is retried later",
        _page.run,
        batch=25,
        queue="pages",
    ),
    Step(
        "extract",
        "extract the page and choose page or feed text, with the reason",
        _extract.run,
        batch=25,
        queue="articles",
    ),
    Step(
        "dedupe",
        "canonical URL, exact and near (syndicated) copies",
        _dedupe.run,
        batch=50,
        queue="articles",
    ),
    Step(
        "cluster",
        "place the article in a story (incremental engine)",
        _cluster.run,
        batch=50,
        queue="articles",
    ),
    Step(
        "enrich",
        "people, organisations, places, quotes with speakers, hashtags",
        _enrich.run,
        batch=25,
        queue="articles",
    ),
    Step(
        "index",
        "full-text search index, then alert matches",
        _index.run,
        batch=100,
        queue="articles",
    ),
    Step(
        "rules",
        "every reader's filter rules (block, keep) checked once and the articles they hide "
        "stored, so pages look matches up (a changed rule is applied by its backfill)",
        _rules.run,
        batch=100,
        queue="articles",
    ),
    Step(
        "summarize",
        "extractive summaries of the article and of its story",
        _summarize.run,
        batch=50,
        queue="articles",
    ),
    Step(
        "panels",
        "the article page's story box, related coverage and intelligence, built once "
        "and stored (pages whose story changed since build their own)",
        _panels.run,
        batch=50,
        queue="articles",
    ),
)
BY_NAME = {step.name: step for step in STEPS}
FIRST = STEPS[0].name


def next_step(name: str) -> str | None:
    """Return the step after ``name``, or None after the last."""
    names = [step.name for step in STEPS]
    position = names.index(name)
    return names[position + 1] if position + 1 < len(names) else None
