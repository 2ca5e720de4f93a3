"""The in-process scheduler: polls due feeds and extracts pending articles in a background thread."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from broadsheet import config
from broadsheet.pipeline import tasks
from broadsheet.pipeline.dispatch import enqueue
from broadsheet.storage import articles, feeds, maintenance

log = logging.getLogger(__name__)


def run_once() -> None:
    """Do one scheduling round: refresh due feeds, then extract what is pending."""
    try:
        maintenance.refresh_statistics_daily()
    except Exception:
        log.exception("refreshing database statistics failed; plans may be slower")
    if config.get().broker_url:
        for feed_id in feeds.due_feed_ids():
            enqueue("refresh_feed", feed_id)
        for article_id in articles.pending_extraction_ids(200):
            enqueue("extract_article", article_id)
        return
    report = tasks.refresh_due()
    if report.feeds:
        log.info("scheduled refresh", extra={"feeds": report.feeds, "new_items": report.new_items,
                                              "failed": report.failed})
    for _ in range(20):  # bounded, so one round never runs forever
        if not tasks.extract_pending(50).articles:
            break


class Scheduler(threading.Thread):
    """A daemon thread running :func:`run_once` every ``interval`` seconds until stopped."""

    def __init__(self, interval: float = 30.0) -> None:
        super().__init__(name="broadsheet-scheduler", daemon=True)
        self.interval = interval
        self._stop_event = threading.Event()

    def run(self) -> None:
        """Loop until :meth:`stop`; a failing round is logged and the next one still runs."""
        while not self._stop_event.is_set():
            try:
                run_once()
            except Exception:
                log.exception("scheduler round failed; retrying next round")
            finally:
                close_old_connections()
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        """Ask the thread to finish after the current round."""
        self._stop_event.set()
