"""An outage of the database, the broker or the disk is waited out: long-running loops log it in
one line and go on, Celery tasks are retried, and a Celery worker's child can extract pages."""

from __future__ import annotations

import errno
import logging
import multiprocessing
import threading
from collections.abc import Callable

import psycopg
import pytest
import redis
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from broadsheet.pipeline import outages, scheduler
from broadsheet.pipeline.leader import lead
from broadsheet.processes import parse_pool, shutdown

OUTAGES = [
    OperationalError("connection failed: Connection refused"),
    InterfaceError("connection already closed"),
    psycopg.OperationalError("server closed the connection unexpectedly"),
    redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379"),
    BrokerError("[Errno 111] Connection refused"),
    ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EROFS, "Read-only file system"),
]
BUGS = [ValueError("a bug"), KeyError("step"), OSError(errno.ENOENT, "No such file")]


@pytest.mark.parametrize("exc", OUTAGES, ids=lambda e: type(e).__name__)
def test_outages_are_told_from_bugs(exc: BaseException) -> None:
    assert outages.is_outage(exc)


@pytest.mark.parametrize("exc", BUGS, ids=lambda e: type(e).__name__)
def test_bugs_are_not_outages(exc: BaseException) -> None:
    assert not outages.is_outage(exc)


def test_an_outage_is_one_line_and_a_bug_keeps_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logging.getLogger("test.outages")
    with caplog.at_level(logging.WARNING, logger="test.outages"):
        outages.report(log, "scheduler round", OperationalError("server closed\nmore detail"))
        outages.report(log, "scheduler round", ValueError("a bug"))
    outage, bug = caplog.records
    assert outage.levelno == logging.WARNING and outage.exc_info is None
    assert outage.error == "OperationalError: server closed"  # type: ignore[attr-defined]
    assert bug.levelno == logging.ERROR and bug.exc_info is not None


def _failing(exc: BaseException) -> Callable[[], None]:
    def run_once() -> None:
        raise exc

    return run_once


def test_a_scheduler_round_that_loses_the_database_logs_one_line_and_returns(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(scheduler, "run_once", _failing(OperationalError("the connection is lost")))
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    with caplog.at_level(logging.WARNING, logger="broadsheet.pipeline.scheduler"):
        scheduler.run_round()  # must not raise
    (record,) = caplog.records
    assert "unavailable" in record.getMessage() and record.exc_info is None


class _RedisDown:
    """A scheduler lock whose Redis is gone: every call fails as redis-py fails."""

    holder = "here:1:abc"

    def __init__(self, stop: threading.Event, rounds: int) -> None:
        self.stop, self.left = stop, rounds

    def hold(self) -> bool:
        self.left -= 1
        if self.left <= 0:
            self.stop.set()
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def current(self) -> str | None:
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def release(self) -> None:
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_the_scheduler_stands_by_while_redis_is_down_instead_of_dying() -> None:
    stop = threading.Event()
    assert lead(_RedisDown(stop, rounds=3), 0.0, stop) == 0  # type: ignore[arg-type]


@pytest.mark.django_db
def test_celery_tasks_are_retried_while_the_database_is_unavailable() -> None:
    from broadsheet.pipeline.celery_app import app

    for name in ("broadsheet.run_step", "broadsheet.refresh_feed"):
        retried = app.tasks[name].autoretry_for
        for error in (OperationalError, InterfaceError, psycopg.OperationalError):
            assert issubclass(error, retried), (name, error)
    assert app.conf.broker_connection_max_retries is None  # a worker waits for its broker


def _extract_in(conn: multiprocessing.connection.Connection) -> None:
    conn.send(parse_pool().submit(sum, [1, 2, 3]).result(timeout=30))
    shutdown()


def test_the_parse_pool_works_in_a_daemonic_process() -> None:
    """Celery's prefork children are daemonic and may not start processes of their own."""
    ctx = multiprocessing.get_context("fork")
    mine, theirs = ctx.Pipe()
    child = ctx.Process(target=_extract_in, args=(theirs,), daemon=True)
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0 and mine.poll(0) and mine.recv() == 6


def test_articles_the_broker_cannot_take_stay_leased_for_the_scheduler(
    monkeypatch: pytest.MonkeyPatch,
    settings_env: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A finished step whose broker is down keeps its result: the next step's work stays
    claimed in the database (the scheduler sends it when the lease expires), no task fails."""
    from broadsheet.pipeline import tasks

    settings_env.setenv("BROADSHEET_BROKER_URL", "redis://127.0.0.1:1/0")
    claimed: list[str] = []

    def claim(step: str, *_: object, **__: object) -> list[int]:
        claimed.append(step)
        return [7, 8]

    def send(*_: object) -> None:
        raise BrokerError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.work, "claim", claim)
    monkeypatch.setattr(tasks, "_send", send)
    with caplog.at_level(logging.WARNING, logger="broadsheet.pipeline.tasks"):
        tasks._go_on([7, 8])  # must not raise
    assert claimed == ["page"]
    (record,) = caplog.records
    assert "lease expires" in record.getMessage() and record.exc_info is None
    monkeypatch.setattr(tasks, "_send", lambda *_: _failing(ValueError("a bug"))())
    with pytest.raises(ValueError):
        tasks._go_on([7, 8])
