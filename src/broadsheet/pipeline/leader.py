"""The scheduler role beside Celery workers: one scheduler at a time decides what is due.

Several ``broadsheet scheduler`` processes (on several machines, for a spare) may run against
one database and broker; only the holder of a lock in Redis enqueues. The lock is a key with
an expiry, set only when absent and renewed by its holder at every round: when the holder dies
(even by ``kill -9`` or with its machine), the key expires and a standby takes over within
``ttl`` seconds. Even two schedulers at once would not run an article twice: pipeline work is
claimed with a lease in the database before it is sent (``storage.work.claim``); the lock
keeps the feed refreshes and alert mails of a round from being sent twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from django.db import close_old_connections

from broadsheet.errors import ConfigError
from broadsheet.pipeline.outages import report

log = logging.getLogger(__name__)

__all__ = ["SchedulerLock", "lead", "lock_url"]

LOCK_KEY = "broadsheet:scheduler:lock"
# Set the key if it is free, or extend it if this holder has it; 1 when held, else 0.
_HOLD = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def lock_url(broker_url: str, cache_url: str = "") -> str:
    """The Redis URL the scheduler lock lives in: the broker's, else a Redis cache's."""
    for url in (broker_url, cache_url):
        if url.startswith(("redis://", "rediss://", "unix://")):
            return url
    raise ConfigError(
        "`broadsheet scheduler` keeps its lock in Redis: set BROADSHEET_BROKER_URL (or "
        "BROADSHEET_CACHE_URL) to a redis:// URL"
    )


class SchedulerLock:
    """A lock in Redis with an expiry, held by one scheduler process at a time."""

    def __init__(self, url: str, ttl_seconds: float, key: str = LOCK_KEY) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.key = key
        self.ttl_ms = max(int(ttl_seconds * 1000), 1000)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def ping(self) -> None:
        """Raise ConfigError in one line when Redis cannot be reached."""
        import redis

        try:
            self._redis.ping()
        except redis.RedisError as exc:
            raise ConfigError(
                f"cannot reach Redis for the scheduler lock: {exc} (is Redis running? "
                "check BROADSHEET_BROKER_URL)"
            ) from None

    def hold(self) -> bool:
        """Take the lock if it is free or extend it if this process holds it; True when held."""
        return bool(self._redis.eval(_HOLD, 1, self.key, self.holder, self.ttl_ms))

    def release(self) -> None:
        """Give the lock up now if this process holds it (a standby takes over at once)."""
        self._redis.eval(_RELEASE, 1, self.key, self.holder)

    def current(self) -> str | None:
        """Return who holds the lock now, or None."""
        value = self._redis.get(self.key)
        return value.decode() if isinstance(value, bytes) else value


def _holder(lock: SchedulerLock) -> str | None:
    """Who holds the lock, for the log; None when Redis cannot say (it is down)."""
    try:
        return lock.current()
    except Exception:
        return None


def lead(lock: SchedulerLock, interval: float, stop: threading.Event) -> int:
    """Run scheduling rounds every ``interval`` seconds while holding ``lock``, until ``stop``.

    A process that does not hold the lock stands by and tries again every round. Returns the
    number of rounds this process ran. A failing round (database or broker down) is logged and
    the next one still runs: the process reconnects by itself.
    """
    from broadsheet.pipeline.scheduler import run_once

    rounds = 0
    leading: bool | None = None  # logged at the first round, then at each change
    try:
        while not stop.is_set():
            try:
                held = lock.hold()
            except Exception as exc:
                log.warning("scheduler lock unreachable; standing by", extra={"error": str(exc)})
                held = False
            if held != leading:
                leading = held
                log.info(
                    "scheduler leading" if held else "scheduler standing by",
                    extra={"holder": lock.holder if held else _holder(lock)},
                )
            if held:
                try:
                    run_once()
                    rounds += 1
                except Exception as exc:
                    report(log, "scheduler round", exc)
                finally:
                    close_old_connections()
            stop.wait(interval)
    finally:
        try:
            lock.release()
        except Exception:
            log.warning("could not release the scheduler lock; it expires by itself")
    return rounds
