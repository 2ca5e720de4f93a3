"""Running the steps of ``pipeline/flow.py``: one batch of one step, or every due batch.

``run_step`` is the unit of work on both runners: in-process it is called by :func:`drain`,
on Celery by the ``run_step`` task (``pipeline/tasks.py``) with the IDs the scheduler or the
previous step claimed. A failing batch is retried article by article, so one bad article
cannot hold back the others. A failing article is tried again with backoff (30 s, doubling;
``broadsheet status`` counts it as retrying); after ``MAX_ATTEMPTS`` it goes on to the next
step without this one, since the steps after a broken one are still worth having (a story,
search), and the error is logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import DatabaseError
from django.utils import timezone

from broadsheet import config
from broadsheet.pipeline.flow import BY_NAME, FIRST, STEPS, next_step
from broadsheet.storage import articles, work

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
Progress = Callable[[int, int], None]


@dataclass
class ExtractReport:
    """What one run over a set of articles did."""

    articles: int = 0
    from_page: int = 0
    from_feed: int = 0
    page_failures: int = 0
    seconds: float = 0.0


def lease() -> timedelta:
    """How long a claimed batch is held before another process may take it."""
    return timedelta(seconds=config.get().work_lease_seconds)


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def run_step(name: str, article_ids: Sequence[int]) -> list[int]:
    """Run step ``name`` over the given articles still at it; return those that moved on.

    An article another process is running right now (the same task delivered twice, or sent
    again after its lease expired) is left to that process.
    """
    with work.held(article_ids) as mine:
        return _run_held(name, mine)


def _run_held(name: str, article_ids: Sequence[int]) -> list[int]:
    step = BY_NAME[name]
    ids = list(work.rows(article_ids, name))
    if not ids:
        return []
    try:
        result = step.run(ids)
    except Exception as exc:
        if _storage_unwritable(exc):  # no article's fault: retrying one by one fails the same way
            raise
        if len(ids) > 1:
            log.warning(
                "pipeline batch failed; retrying one by one",
                extra={"step": name, "articles": len(ids)},
            )
            return [i for one in ids for i in _run_held(name, [one])]
        log.exception("pipeline step failed", extra={"step": name, "article_id": ids[0]})
        attempts = work.rows(ids, name)[ids[0]].attempts
        if attempts >= MAX_ATTEMPTS:
            log.error(
                "pipeline step given up for an article; it goes on without it",
                extra={"step": name, "article_id": ids[0], "attempts": attempts},
            )
            return _advance(name, ids, {})
        error = f"{type(exc).__name__}: {exc}"
        work.record_failure(ids, name, error, timezone.now() + _retry_delay(attempts))
        return []
    return _advance(name, ids, result if isinstance(result, dict) else {})


# SQLite's words for a data directory that takes no more writes (full, or mounted read-only);
# the command line then says which in one line (cli._disk).
_UNWRITABLE = ("database or disk is full", "disk i/o error", "readonly database")


def _storage_unwritable(exc: BaseException) -> bool:
    """True when ``exc`` says the database cannot be written at all, rather than about one batch."""
    return isinstance(exc, DatabaseError) and any(w in str(exc).lower() for w in _UNWRITABLE)


def _advance(name: str, ids: list[int], moves: dict[int, str | None]) -> list[int]:
    """Move each article to its next step (or the one the step chose); close finished rows."""
    default = next_step(name)
    by_target: dict[str | None, list[int]] = {}
    for article_id in ids:
        target = moves.get(article_id, default)
        if target != name:
            by_target.setdefault(target, []).append(article_id)
    for target, group in by_target.items():
        if target is None:
            work.finish(group, name, FIRST)
        else:
            work.move(group, name, target)
    return [i for group in by_target.values() for i in group]


def drain(
    only: Sequence[int] | None = None,
    budget_seconds: float | None = None,
    progress: Progress | None = None,
) -> int:
    """Run every due batch, later steps first, until none is due (or the budget is spent).

    Later steps go first so an article that is ready goes all the way through before more
    pages are fetched. Returns how many batches ran.
    """
    started, batches = time.monotonic(), 0
    total = work.waiting(only)
    while True:
        ran = 0
        for step in reversed(STEPS):
            ids = work.claim(step.name, step.batch, lease(), only)
            if ids:
                run_step(step.name, ids)
                ran += 1
        batches += ran
        if progress and total:
            progress(max(total - work.waiting(only), 0), total)
        if not ran or (budget_seconds is not None and time.monotonic() - started > budget_seconds):
            return batches


def extract_articles(ids: Sequence[int], progress: Progress | None = None) -> ExtractReport:
    """Take the given articles through every step now: page, extraction and all the rest."""
    t0 = time.perf_counter()
    known = articles.existing_ids(ids)
    work.enter(known, FIRST)
    drain(only=known, progress=progress)
    report = ExtractReport(articles=len(known))
    for source, error in articles.extraction_outcomes(known).values():
        report.from_page += source == "page"
        report.from_feed += source != "page"
        report.page_failures += error.startswith("page ")
    report.seconds = time.perf_counter() - t0
    return report


def dispatch_due(send: Callable[[str, list[int], str], None], limit: int = 2000) -> int:
    """Claim due batches of every step and hand each to ``send(step, ids, queue)``."""
    sent = 0
    for step in STEPS:
        while sent < limit:
            ids = work.claim(step.name, step.batch, lease())
            if not ids:
                break
            send(step.name, ids, step.queue)
            sent += len(ids)
    return sent
