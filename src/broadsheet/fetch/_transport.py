"""The default transport: one small connection pool per host, each connecting through the guard.

Why per host: httpcore's pool re-scans every connection for every queued request, a cost that
grows with the square of the pool size; with one 32-connection pool a 500-feed refresh spent
most of its time there. A pool per host stays as small as ``per_host``, keeps HTTP keep-alive
for the pages of one site, and lets idle hosts be dropped whole.
"""

from __future__ import annotations

import importlib.util
import ssl
import sys
import time

import httpcore
import httpx

from broadsheet.fetch._guard import AddressGuard, PinnedBackend

__all__ = ["HostPools"]

_KEEPALIVE = 15.0


def _remember_sniffio_missing() -> None:
    """Make httpcore's import of the optional ``sniffio`` fail at once when it is not installed.

    httpcore imports it inside every lock, semaphore and event it sets up, and Python does not
    remember a failed import: each attempt searched ``sys.path`` again (3,500 searches, about
    a quarter of the fetch thread's CPU, for 500 feeds). A ``None`` entry in ``sys.modules`` is
    Python's way to say "not importable" (encode/httpcore#1103 fixes it upstream).
    """
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


_remember_sniffio_missing()


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with a pool whose TCP connects go through the guard."""

    def __init__(self, guard: AddressGuard, size: int, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=size,
            max_keepalive_connections=size,
            keepalive_expiry=_KEEPALIVE,
            network_backend=PinnedBackend(guard),
        )


class HostPools(httpx.AsyncBaseTransport):
    """Route each request to its host's own pool; close pools of hosts idle for a while."""

    def __init__(self, guard: AddressGuard, per_host: int, idle_after: float) -> None:
        self._guard = guard
        self._size = per_host
        self._idle_after = idle_after + _KEEPALIVE  # never closes a pool mid-request
        self._ssl = httpx.create_ssl_context(trust_env=False)
        self._pools: dict[tuple[bytes, bytes, int | None], _PinnedTransport] = {}
        self._used: dict[tuple[bytes, bytes, int | None], float] = {}
        self._next_sweep = time.monotonic() + self._idle_after

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the pool of its scheme, host and port."""
        key = (request.url.raw_scheme, request.url.raw_host, request.url.port)
        now = time.monotonic()
        if now > self._next_sweep:
            await self._sweep(now)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _PinnedTransport(self._guard, self._size, self._ssl)
        self._used[key] = now
        return await pool.handle_async_request(request)

    async def _sweep(self, now: float) -> None:
        self._next_sweep = now + self._idle_after
        stale = [key for key, used in self._used.items() if now - used > self._idle_after]
        for key in stale:
            del self._used[key]
            await self._pools.pop(key).aclose()

    async def aclose(self) -> None:
        """Close every pool."""
        pools, self._pools = list(self._pools.values()), {}
        self._used.clear()
        for pool in pools:
            await pool.aclose()
