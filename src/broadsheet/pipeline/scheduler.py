"""The in-process scheduler: polls due feeds and extracts pending articles in a background thread."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from broadsheet import config
from broadsheet.pipeline import _rules, _run, outages, tasks
from broadsheet.pipeline.dispatch import enqueue
from broadsheet.pipeline.mail import deliver_alerts
from broadsheet.storage import feeds, maintenance, work

log = logging.getLogger(__name__)
ROUND_BUDGET_SECONDS = 120.0


def run_once() -> None:
    """Do one scheduling round: refresh due feeds, then run (or send) the pipeline work due."""
    try:
        maintenance.refresh_statistics_daily()
    except Exception as exc:
        outages.report(log, "refreshing database statistics", exc)
    if config.get().broker_url:
        # each due feed is put off by the work lease as it is sent: a slow feed is not sent
        # again every round while it is refreshed, and is sent again if its worker died
        for feed_id in feeds.claim_due_feeds(_run.lease()):
            enqueue("refresh_feed", feed_id)
        tasks.work_due()
        _rules.resume()  # unfinished backfills of changed filter rules (a crashed one too)
        _deliver()
        return
    report = tasks.refresh_due()
    if report.feeds:
        log.info(
            "scheduled refresh",
            extra={"feeds": report.feeds, "new_items": report.new_items, "failed": report.failed},
        )
    tasks.work_due(budget_seconds=ROUND_BUDGET_SECONDS)  # bounded: feeds are polled again soon
    _rules.resume(budget_seconds=_rules.ROUND_SECONDS)
    _deliver()


def run_round() -> None:
    """Run :func:`run_once`, never raising: a failure is logged (an outage of the database or
    the broker in one line) and the next round tries again on fresh connections."""
    try:
        run_once()
    except Exception as exc:
        outages.report(log, "scheduler round", exc)
    finally:
        close_old_connections()


def _deliver() -> None:
    """Mail and POST the alerts' new matches (a failure is logged and tried next round)."""
    try:
        done = deliver_alerts()
    except Exception as exc:
        outages.report(log, "delivering alerts", exc)
        return
    if done.mailed or done.posted or done.failed:
        log.info(
            "alerts delivered",
            extra={"mailed": done.mailed, "posted": done.posted, "failed": done.failed},
        )


def resume() -> int:
    """Free the leases a killed process left, so its work is taken up now; return how many.

    Only for the in-process scheduler starting up (no broker): it is then the only worker, so
    every lease belongs to a process that is gone. With a broker, leases expire by themselves.
    """
    if config.get().broker_url:
        return 0
    try:
        freed = work.release_all_leases()
    except Exception as exc:
        outages.report(
            log, "freeing the leases of an earlier run", exc, "they expire by themselves"
        )
        return 0
    if freed:
        log.info("resuming work left by an earlier run", extra={"articles": freed})
    return freed


class Scheduler(threading.Thread):
    """A daemon thread running :func:`run_once` every ``interval`` seconds until stopped."""

    def __init__(self, interval: float = 30.0) -> None:
        super().__init__(name="broadsheet-scheduler", daemon=True)
        self.interval = interval
        self._stop_event = threading.Event()

    def run(self) -> None:
        """Loop until :meth:`stop`; a failing round is logged and the next one still runs."""
        self._resume()
        while not self._stop_event.is_set():
            run_round()
            self._stop_event.wait(self.interval)

    def _resume(self) -> None:
        resume()

    def stop(self) -> None:
        """Ask the thread to finish after the current round."""
        self._stop_event.set()
