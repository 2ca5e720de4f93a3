"""The shared cache every output reads through: a value is computed by one request, then shared.

Which cache backs it (a file cache in the data directory, locmem or Redis) is the site's
setting (``broadsheet.site.caching``); how long each view keeps its values is decided where the
value is read (the reading layer and the web panels).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

__all__ = ["expire", "remember"]

log = logging.getLogger(__name__)
T = TypeVar("T")
STALE_FACTOR = 10  # a stale value may still be served for this many times its fresh period


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
    except Exception as exc:  # one line: a full disk would log a traceback per request
        log.warning("cache unavailable: result not kept", extra={"key": key, "error": str(exc)})
    return value


def expire(key: str) -> None:
    """Mark a remembered value stale: the next caller recomputes it, the others still get it."""
    entry = _get(key)
    if entry is not None:
        try:
            cache.set(key, (entry[0], 0.0), 60 * STALE_FACTOR)
        except Exception as exc:
            log.warning("cache unavailable: not expired", extra={"key": key, "error": str(exc)})


def _get(key: str) -> Any:
    try:
        entry = cache.get(key)
    except Exception as exc:
        log.warning("cache unavailable: computing", extra={"key": key, "error": str(exc)})
        return None
    return entry if isinstance(entry, tuple) and len(entry) == 2 else None


def _claim(key: str) -> bool:
    """True for the one caller that should recompute a stale value (for up to 30 s)."""
    try:
        return bool(cache.add(f"{key}:refreshing", 1, 30))
    except Exception:
        return True
