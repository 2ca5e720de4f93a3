"""Two schedulers never lead at once: the lock in Redis is held by one, expires when it dies."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from broadsheet.errors import ConfigError
from broadsheet.pipeline.leader import SchedulerLock, lead, lock_url
from tests.faults._cluster import (
    REDIS,
    cli,
    database,
    environment,
    reachable,
    redis_url,
    skip_without_services,
    start,
    stop,
    until,
)

pytestmark = [pytest.mark.faults]


@pytest.fixture
def url() -> str:
    if not REDIS or not reachable(REDIS, 6379):
        pytest.skip(f"needs Redis at TEST_REDIS_URL ({REDIS or 'not set'}); .ci/run sets it")
    return redis_url()


def test_one_holder_at_a_time_and_a_standby_takes_over_after_expiry(url: str) -> None:
    first, second = SchedulerLock(url, ttl_seconds=1), SchedulerLock(url, ttl_seconds=1)
    assert first.hold() and not second.hold()
    assert first.hold(), "the holder renews its own lock"
    assert first.current() == first.holder
    time.sleep(1.2)  # the holder died: nobody renewed the lock
    assert second.hold() and not first.hold()
    first.release()  # not its lock any more: a no-op
    assert second.current() == second.holder
    second.release()
    assert second.current() is None and first.hold()


def test_lead_runs_rounds_only_while_holding(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rounds: list[str] = []
    monkeypatch.setattr(
        "broadsheet.pipeline.scheduler.run_once",
        lambda: rounds.append(threading.current_thread().name),
    )
    monkeypatch.setattr("broadsheet.pipeline.leader.close_old_connections", lambda: None)
    stop = threading.Event()
    leader, standby = SchedulerLock(url, ttl_seconds=5), SchedulerLock(url, ttl_seconds=5)
    assert leader.hold()
    threads = [
        threading.Thread(target=lead, args=(lock, 0.05, stop), name=name)
        for name, lock in (("leader", leader), ("standby", standby))
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    assert rounds and set(rounds) == {"leader"}
    assert leader.current() is None, "a stopped leader gives the lock up at once"


def test_the_lock_needs_redis() -> None:
    assert lock_url("amqp://host//", "redis://cache:6379/1") == "redis://cache:6379/1"
    with pytest.raises(ConfigError, match="lock in Redis"):
        lock_url("amqp://host//", "")


def test_a_second_scheduler_and_the_one_of_serve_stand_by(tmp_path: Path) -> None:
    """`broadsheet scheduler` twice, and `broadsheet refresh` (what `serve` runs beside the web
    server) with a broker: one leads, the others stand by."""
    skip_without_services()
    broker = redis_url()
    with database() as db:
        env = environment(tmp_path / "data", db, broker)
        cli(env, "migrate")
        logs = [tmp_path / f"{n}.log" for n in ("first", "second", "refresh")]
        sched = ("scheduler", "--interval", "1", "--lock-seconds", "5")
        roles = [start(env, logs[0], *sched)]
        try:
            until(
                "the first scheduler leads",
                lambda: "scheduler leading" in logs[0].read_text(),
                60,
                *logs,
            )
            roles += [start(env, logs[1], *sched), start(env, logs[2], "refresh")]
            for log in logs[1:]:
                until(
                    f"{log.stem} stands by",
                    lambda log=log: log.exists() and "scheduler standing by" in log.read_text(),
                    60,
                    *logs,
                )
            time.sleep(2)
            assert all("scheduler leading" not in log.read_text() for log in logs[1:])
        finally:
            stop(*roles)
        for log in logs:
            assert "Traceback" not in log.read_text(), log.read_text()[-2000:]
