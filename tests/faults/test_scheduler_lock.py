"""Two schedulers never lead at once: the lock in Redis is held by one, expires when it dies."""

from __future__ import annotations

import threading
import time

import pytest

from broadsheet.errors import ConfigError
from broadsheet.pipeline.leader import SchedulerLock, lead, lock_url
from tests.faults._cluster import REDIS, reachable, redis_url

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
