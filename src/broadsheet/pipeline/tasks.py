"""The pipeline's tasks: idempotent functions taking IDs, run inline or on Celery workers.

With a broker (``BROADSHEET_BROKER_URL``) a finished step hands its articles straight on to
their next step's queue, so an article does not wait for the scheduler between steps; the
scheduler only picks up what is new, due again, or left behind by a worker that died.
Summaries pages asked for are written by the same rounds (``write_summary`` on Celery), never
inside the page's request.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from broadsheet import config
from broadsheet.pipeline import _rules, _run, _summarize, outages
from broadsheet.pipeline._refresh import RefreshReport, refresh_feeds
from broadsheet.pipeline._run import ExtractReport, extract_articles
from broadsheet.pipeline.flow import BY_NAME, STEPS
from broadsheet.storage import feeds, work
from broadsheet.storage.summaries import requests as summary_requests

log = logging.getLogger(__name__)

__all__ = [
    "apply_rules",
    "extract_article",
    "refresh_due",
    "refresh_feed",
    "run_step",
    "work_due",
    "write_summary",
]
SUMMARY_QUEUE = "summaries"  # model calls are slow and network-bound: their own queue
SUMMARY_BUDGET_SECONDS = 60.0  # in-process, per round: feeds are polled again soon


def _send(step: str, ids: list[int], queue: str) -> None:
    from broadsheet.pipeline.celery_app import app

    app.conf.broker_url = config.get().broker_url  # settings may have changed since import
    app.send_task("broadsheet.run_step", args=[step, ids], queue=queue)


def _go_on(article_ids: Sequence[int]) -> None:
    """Take these articles on now: inline to the end, or to their next queue on Celery."""
    if not article_ids:
        return
    if not config.get().broker_url:
        _run.drain(only=list(article_ids))
        return
    try:
        for step in STEPS:
            ids = work.claim(step.name, step.batch * 4, _run.lease(), only=list(article_ids))
            for start in range(0, len(ids), step.batch):
                _send(step.name, ids[start : start + step.batch], step.queue)
    except Exception as exc:
        if not outages.is_outage(exc):
            raise
        # the work is stored and leased: once the lease expires the scheduler sends it again
        log.warning(
            "could not hand articles on; the scheduler sends them when their lease expires",
            extra={"articles": len(article_ids), "error": outages.summary(exc)},
        )


def run_step(step: str, article_ids: list[int]) -> int:
    """Run one step over these articles (a Celery task); return how many moved on."""
    if step not in BY_NAME:
        log.error("unknown pipeline step", extra={"step": step})
        return 0
    moved = _run.run_step(step, article_ids)
    if config.get().broker_url:
        _go_on(moved)
    return len(moved)


def refresh_feed(feed_id: int) -> RefreshReport:
    """Fetch one feed now and take its new articles on; a deleted feed is a quiet no-op.

    A feed another worker is refreshing right now (sent again by a scheduler round while a
    slow feed was still being fetched) is left to that worker.
    """
    with work.held([feed_id], kind="feed") as mine:
        if not mine:
            log.info("feed already being refreshed elsewhere", extra={"feed_id": feed_id})
            return RefreshReport()
        report = refresh_feeds([feed_id])
    _go_on(report.new_article_ids)
    return report


def extract_article(article_id: int) -> ExtractReport:
    """Take one article through every step again (a deleted article is a quiet no-op)."""
    return extract_articles([article_id])


def refresh_due(limit: int = 500) -> RefreshReport:
    """Refresh every feed whose poll time has come."""
    return refresh_feeds(feeds.due_feed_ids(limit=limit))


def work_due(budget_seconds: float = 60.0) -> int:
    """Run (inline) or send (Celery) every batch of pipeline work that is due; return batches.

    Then the summaries pages asked for: written inline within ``SUMMARY_BUDGET_SECONDS``, or
    each sent to the ``summaries`` queue as ``write_summary`` with its request ID.
    """
    if config.get().broker_url:
        sent = _run.dispatch_due(_send)
        _send_summaries()
        return sent
    batches = _run.drain(budget_seconds=budget_seconds)
    _summarize.write_requested(budget_seconds=SUMMARY_BUDGET_SECONDS)
    return batches


def _send_summaries(limit: int = 200) -> None:
    from broadsheet.pipeline.celery_app import app

    app.conf.broker_url = config.get().broker_url
    for wanted in summary_requests.claim(limit, _summarize.LEASE):
        app.send_task("broadsheet.write_summary", args=[wanted.id], queue=SUMMARY_QUEUE)


def apply_rules(user_id: int) -> bool:
    """Apply a reader's changed filter rules to their window to the end (a reader deleted
    meanwhile is a quiet no-op); return whether the backfill is finished."""
    return _rules.backfill(user_id)


def write_summary(request_id: int) -> bool:
    """Write one summary a page asked for (the model's, or a missing offline one); idempotent."""
    return _summarize.write_one(request_id)
