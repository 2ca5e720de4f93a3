"""What the sign-in throttle's tests share: a clock moved by hand and a cache of their own.

Test processes share the default file cache (and clear it between tests), so counters must
live in a cache no other test touches, or a burst would be cut short by a neighbour's clear.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import override_settings

from broadsheet.site.caching import cache_settings

T0 = 900 * 2_000_000  # the start of a 15-minute window: Retry-After is the whole window
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


class Clock:
    """Stands in for ``throttle.clock``; move ``now`` to cross windows without waiting."""

    def __init__(self) -> None:
        self.now = float(T0)

    def __call__(self) -> float:
        return self.now


def redis_up() -> bool:
    """Whether a Redis answers at REDIS (CI sets TEST_REDIS_URL)."""
    parts = urlsplit(REDIS)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=0.5
        ):
            return True
    except OSError:
        return False


NEEDS_REDIS = pytest.mark.skipif(
    "TEST_REDIS_URL" not in os.environ and not redis_up(),
    reason=f"needs Redis at {REDIS} (.ci/run starts one and sets TEST_REDIS_URL)",
)
CACHES = [
    pytest.param("locmem://", id="locmem"),
    pytest.param("", id="files (the default)"),
    pytest.param(REDIS, id="redis", marks=NEEDS_REDIS),
]


@contextmanager
def own_cache(url: str, tmp_path: Path) -> Iterator[None]:
    """Make the default cache one of ``url``'s kind that only this test uses, empty."""
    backend = cache_settings(url, tmp_path)  # files: a directory under tmp_path
    redis = url.startswith("redis")
    if url.startswith("locmem://"):
        backend["LOCATION"] = f"throttle-{uuid.uuid4()}"
    if redis:  # other test processes may use the same database: touch only our own keys
        backend["KEY_PREFIX"] = prefix = f"throttle-test-{uuid.uuid4()}"
    with override_settings(CACHES={"default": backend}):
        try:
            yield
        finally:
            if redis:
                client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
                keys = client.keys(f"{prefix}:*")
                if keys:
                    client.delete(*keys)
            else:
                cache.clear()
