"""robots.txt, fetched once per origin and cached, consulted before every article page.

Outcomes, following RFC 9309 where it is kind to publishers and the brief where it is not:
a 4xx answer (usually 404) means no rules, so everything is allowed. A 5xx answer, a timeout
or a connection failure also means "allowed" here, although RFC 9309 suggests assuming a full
disallow: a feed reader fetches only pages the publisher itself links from its feed, and a
flaky robots.txt should not silently empty every article. Failures are cached for ten minutes
only, answers for a day (the RFC's upper bound).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from urllib.robotparser import RobotFileParser

import httpx

from broadsheet.errors import FetchError
from broadsheet.fetch._result import FetchResult

__all__ = ["ROBOTS_AGENT", "RobotsCache"]

ROBOTS_AGENT = "Broadsheet"
_ANSWER_TTL = 24 * 3600.0
_FAILURE_TTL = 600.0

Fetch = Callable[[str], Awaitable[FetchResult]]


class RobotsCache:
    """Per-origin robots.txt rules; concurrent first requests to one origin share one fetch."""

    def __init__(self, fetch: Fetch, agent: str = ROBOTS_AGENT) -> None:
        self._fetch = fetch
        self._agent = agent
        self._tasks: dict[str, asyncio.Task[RobotFileParser | None]] = {}
        self._expires: dict[str, float] = {}

    async def allowed(self, url: str) -> bool:
        """True when the origin's robots.txt lets Broadsheet fetch ``url``."""
        parsed = httpx.URL(url)
        origin = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        task = self._tasks.get(origin)
        if task is None or (task.done() and self._expires.get(origin, 0.0) < time.monotonic()):
            self._expires[origin] = float("inf")
            task = self._tasks[origin] = asyncio.ensure_future(self._load(origin))
        rules = await asyncio.shield(task)
        return rules is None or rules.can_fetch(self._agent, url)

    async def _load(self, origin: str) -> RobotFileParser | None:
        ttl = 0.0  # anything unexpected (cancellation) is retried on the next page
        try:
            result = await self._fetch(origin + "/robots.txt")
        except FetchError as exc:
            status = exc.status or 0
            ttl = _ANSWER_TTL if 400 <= status < 500 else _FAILURE_TTL
            return None
        else:
            ttl = _ANSWER_TTL
            rules = RobotFileParser(origin + "/robots.txt")
            rules.parse(result.text().splitlines())
            return rules
        finally:
            self._expires[origin] = time.monotonic() + ttl
