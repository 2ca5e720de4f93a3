"""Test-wide defaults: fetch only from 127.0.0.1, quickly, and never from the internet."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("BROADSHEET_FETCH_ALLOW_NETWORKS", "127.0.0.0/8")
os.environ.setdefault("BROADSHEET_FETCH_HOST_DELAY", "0")
os.environ.setdefault("BROADSHEET_FETCH_TIMEOUT", "5")
os.environ.setdefault("BROADSHEET_STARTER", "offline")
# Each test process keeps its own cache, so parallel test workers cannot clear each other's.
os.environ.setdefault("BROADSHEET_CACHE_URL", "locmem://")

from broadsheet import config

config.reset()


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set BROADSHEET_* variables for one test: ``settings_env.setenv(...)``, then re-read."""

    class Env:
        def setenv(self, name: str, value: str) -> None:
            monkeypatch.setenv(name, value)
            config.reset()

    yield Env()  # type: ignore[misc]
    monkeypatch.undo()
    config.reset()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Cached answers (top tags, counts) never leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
