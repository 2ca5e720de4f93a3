"""Which cache Broadsheet uses (``BROADSHEET_CACHE_URL``), and the file cache it uses by default.

The default is a directory of files in the data directory: every process on the machine (web
workers, scheduler, ``broadsheet`` commands) shares it with no extra service, so dropping an entry
in one worker is seen by all. Django's ``FileBasedCache`` lists its whole directory on every
``set`` to decide whether to cull; with a few thousand entries that costs 1.5-3.5 ms, more than a
cached panel saves. ``FileCache`` checks on a random 1/32 of the writes instead, so the directory
stays near ``MAX_ENTRIES`` (a few dozen entries over between checks) at a thirty-second of the cost.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache

log = logging.getLogger(__name__)
T = TypeVar("T")
STALE_FACTOR = 10  # a stale value may still be served for this many times its fresh period

CHECK_ONE_IN = 32
MAX_ENTRIES = 3000


class FileCache(FileBasedCache):
    """A file cache shared by every process on the machine, culled now and then."""

    def _cull(self) -> None:
        if random.randrange(CHECK_ONE_IN) == 0:
            super()._cull()


def cache_settings(url: str, data_dir: Path) -> dict[str, object]:
    """Django's ``CACHES["default"]`` for a ``BROADSHEET_CACHE_URL`` (already validated)."""
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "broadsheet",
        }
    where = url.removeprefix("file://") if url else str(data_dir / "cache")
    return {
        "BACKEND": f"{__name__}.FileCache",
        "LOCATION": where,
        "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES},
    }


def remember(key: str, fresh_seconds: int, compute: Callable[[], T]) -> T:
    """``compute()``, shared through the cache: fresh for ``fresh_seconds``, then recomputed by one
    request while the others keep getting the stale value (no stampede); an outage costs time.
    """
    entry = _get(key)
    if entry is not None:
        value, fresh_until = entry
        if time.time() < fresh_until or not _claim(key):
            return value  # type: ignore[no-any-return]
    value = compute()
    try:
        cache.set(key, (value, time.time() + fresh_seconds), fresh_seconds * STALE_FACTOR)
        cache.delete(f"{key}:refreshing")
    except Exception:
        log.warning("cache unavailable: result not kept", exc_info=True, extra={"key": key})
    return value


def expire(key: str) -> None:
    """Mark a remembered value stale: the next caller recomputes it, the others still get it."""
    entry = _get(key)
    if entry is not None:
        try:
            cache.set(key, (entry[0], 0.0), 60 * STALE_FACTOR)
        except Exception:
            log.warning("cache unavailable: not expired", exc_info=True, extra={"key": key})


def _get(key: str) -> Any:
    try:
        entry = cache.get(key)
    except Exception:
        log.warning("cache unavailable: computing", exc_info=True, extra={"key": key})
        return None
    return entry if isinstance(entry, tuple) and len(entry) == 2 else None


def _claim(key: str) -> bool:
    """True for the one caller that should recompute a stale value (for up to 30 s)."""
    try:
        return bool(cache.add(f"{key}:refreshing", 1, 30))
    except Exception:
        return True
