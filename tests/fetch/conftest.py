"""Fixtures for fetch tests: a LocalServer per test and a fast, local-only FetchPolicy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import pytest

from broadsheet.fetch import Fetcher, FetchPolicy
from tests.support.server import LocalServer

LOCAL = (ip_network("127.0.0.0/8"), ip_network("::1/128"))
FAST = FetchPolicy(
    allow_networks=LOCAL, timeout=1.0, backoff_base=0.01, host_delay=0.0, max_retry_after=1.0
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[LocalServer]:
    """A started LocalServer serving ``tmp_path / "www"`` as static files."""
    root = tmp_path / "www"
    root.mkdir()
    with LocalServer(root=root) as server:
        yield server


def make_fetcher(**changes: Any) -> Fetcher:
    """A Fetcher with the FAST policy, optionally changed (``resolver``/``transport`` pass through)."""
    extra = {k: changes.pop(k) for k in ("resolver", "transport") if k in changes}
    return Fetcher(replace(FAST, **changes), **extra)
