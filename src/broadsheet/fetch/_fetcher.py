"""The Fetcher: one shared httpx client, the address guard, limits, retries, redirects and robots.

Flow of one :meth:`Fetcher.get`: for each hop of the redirect chain, check the URL and vet its
host's addresses; for article pages consult robots.txt and wait out the per-host delay; then
make the request under the per-host and global concurrency limits and a total deadline,
retrying transient failures. Redirects are followed here, not by httpx, so every hop passes
the guard again.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

import httpx

from broadsheet.errors import (
    ConnectionFailedError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    RedirectLoopError,
    RobotsDisallowedError,
    TooLargeError,
)
from broadsheet.fetch._body import ACCEPT_ENCODING, read_body
from broadsheet.fetch._challenge import challenge_vendor
from broadsheet.fetch._charset import detect_encoding
from broadsheet.fetch._errors import ContentDecodingError, InvalidURLError, TruncatedError
from broadsheet.fetch._guard import AddressGuard, Resolver
from broadsheet.fetch._policy import FetchPolicy
from broadsheet.fetch._result import FetchResult
from broadsheet.fetch._retry import backoff_delay, parse_retry_after
from broadsheet.fetch._robots import RobotsCache
from broadsheet.fetch._transport import HostPools

__all__ = ["Fetcher", "Purpose", "fetch_sync"]

Purpose = Literal["feed", "page", "robots"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
_TRANSIENT_ERRORS = (FetchTimeoutError, ConnectionFailedError, TruncatedError)
_SMALL_BODY = 64 * 1024
_ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.8",
    "robots": "text/plain, */*;q=0.5",
}


@dataclass(frozen=True)
class _Answer:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    wire: int


def _host_of(url: str) -> str:
    """Return the lower-case host of an http(s) URL, or raise InvalidURLError."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InvalidURLError(f"not a valid URL: {url!r} ({exc})", url=url) from exc
    if parsed.scheme not in {"http", "https"}:
        raise InvalidURLError(f"only http and https URLs can be fetched, not {url!r}", url=url)
    if not parsed.host:
        raise InvalidURLError(f"the URL {url!r} names no host", url=url)
    return parsed.host.lower()


def _status_error(answer: _Answer, retry_after: float | None = None) -> HTTPStatusError:
    """Build the HTTPStatusError for an error answer, worded for the person who must act."""
    status, url = answer.status, answer.url
    vendor = challenge_vendor(status, answer.headers, answer.body)
    if vendor:
        message = f"{url}: blocked by bot protection ({vendor}, HTTP {status})"
    elif status == 404:
        message = f"{url}: not found (HTTP 404)"
    elif status == 410:
        message = f"{url}: gone (HTTP 410): the server says it was removed for good"
    elif retry_after is not None:
        message = f"{url}: HTTP {status}, the server asks to retry after {retry_after:.0f} s"
    else:
        phrase = httpx.codes.get_reason_phrase(status) or "error"
        message = f"{url}: HTTP {status} {phrase}"
    return HTTPStatusError(
        message, url=url, status=status, retry_after=retry_after, body=answer.body
    )


def _redirect_target(answer: _Answer) -> str | None:
    """The absolute URL a redirect answer points to, or None for any other answer."""
    if answer.status not in _REDIRECTS:
        return None
    location = answer.headers.get("location", "").strip()
    if not location:
        raise HTTPStatusError(
            f"{answer.url}: HTTP {answer.status} redirect without a Location header",
            url=answer.url,
            status=answer.status,
        )
    try:
        return str(httpx.URL(answer.url).join(location).copy_with(fragment=None))
    except httpx.InvalidURL as exc:
        raise InvalidURLError(f"{answer.url}: redirect to an invalid URL {location!r}") from exc


def _check_chain(chain: list[str], target: str, limit: int) -> None:
    """Refuse a redirect that revisits a URL of the chain or goes past ``limit`` hops."""
    if target in chain:
        raise RedirectLoopError("redirect loop: " + " → ".join([*chain, target]), url=chain[0])
    if len(chain) > limit:
        raise RedirectLoopError(
            f"too many redirects (more than {limit}): " + " → ".join([*chain, target]), url=chain[0]
        )


class Fetcher:
    """Polite, guarded HTTP GETs sharing one client; use one per event loop as ``async with``."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._guard = AddressGuard(self.policy.allow_networks, resolver)
        pools = HostPools(self._guard, self.policy.per_host, idle_after=self.policy.timeout)
        self._client = httpx.AsyncClient(
            transport=transport or pools,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            trust_env=False,
        )
        self._slots = asyncio.Semaphore(self.policy.concurrency)
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._next_page: dict[str, float] = {}
        self._robots = RobotsCache(lambda url: self.get(url, purpose="robots"))

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the shared client and its kept-alive connections."""
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        purpose: Purpose = "feed",
    ) -> FetchResult:
        """Fetch ``url`` (conditionally when etag/last_modified are given) or raise a FetchError."""
        started = time.monotonic()
        headers = {"Accept": _ACCEPT[purpose]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        _host_of(url)
        chain, permanent, wire = [str(httpx.URL(url).copy_with(fragment=None))], True, 0
        while True:
            answer = await self._hop(chain[-1], headers, purpose)
            wire += answer.wire
            target = _redirect_target(answer)
            if target is None:
                break
            _check_chain(chain, target, self.policy.max_redirects)
            permanent = permanent and answer.status in _PERMANENT
            chain.append(target)
        moved = chain[-1] if permanent and len(chain) > 1 else None
        return _result(url, answer, chain, moved, etag, last_modified, started, wire)

    async def _hop(self, url: str, headers: dict[str, str], purpose: Purpose) -> _Answer:
        """One URL of the chain: guard, robots, then the request with its retries."""
        host = _host_of(url)
        await self._guard.vet(host, url)
        if purpose == "page" and self.policy.respect_robots and not await self._robots.allowed(url):
            raise RobotsDisallowedError(
                f"{url}: the site's robots.txt does not allow Broadsheet to fetch this page",
                url=url,
            )
        for attempt in itertools.count():
            try:
                answer = await self._attempt(url, host, headers, purpose)
            except _TRANSIENT_ERRORS:
                if attempt >= self.policy.retries:
                    raise
                delay = backoff_delay(
                    attempt, self.policy.backoff_base, self.policy.max_retry_after
                )
            else:
                pause = self._retry_pause(answer, attempt)
                if pause is None:
                    return answer
                delay = pause
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _retry_pause(self, answer: _Answer, attempt: int) -> float | None:
        """None to accept the answer, seconds to wait before retrying, or raise HTTPStatusError."""
        status = answer.status
        if status < 400:
            return None
        if status not in _TRANSIENT_STATUSES or challenge_vendor(
            status, answer.headers, answer.body
        ):
            raise _status_error(answer)
        retry_after = None
        if status in {429, 503}:
            retry_after = parse_retry_after(answer.headers.get("retry-after"))
        if retry_after is not None and retry_after > self.policy.max_retry_after:
            raise _status_error(answer, retry_after)
        if attempt >= self.policy.retries:
            raise _status_error(answer, retry_after)
        if retry_after is not None:
            return retry_after
        return backoff_delay(attempt, self.policy.backoff_base, self.policy.max_retry_after)

    async def _attempt(
        self, url: str, host: str, headers: dict[str, str], purpose: Purpose
    ) -> _Answer:
        """Make one request under the concurrency limits and the total deadline."""
        if purpose == "page":
            await self._wait_turn(host)
        host_slots = self._host_slots.get(host)
        if host_slots is None:
            host_slots = self._host_slots[host] = asyncio.Semaphore(self.policy.per_host)
        async with host_slots, self._slots:
            try:
                async with asyncio.timeout(self.policy.timeout):
                    return await self._exchange(url, headers)
            except (TimeoutError, httpx.TimeoutException) as exc:
                raise FetchTimeoutError(
                    f"{url}: no complete answer within {self.policy.timeout:g} s", url=url
                ) from exc
            except httpx.HTTPError as exc:
                raise _connection_error(url, exc) from exc

    async def _wait_turn(self, host: str) -> None:
        """Keep article-page requests to one host at least ``host_delay`` seconds apart."""
        if self.policy.host_delay <= 0:
            return
        now = time.monotonic()
        turn = max(now, self._next_page.get(host, 0.0))
        self._next_page[host] = turn + self.policy.host_delay
        if turn > now:
            await asyncio.sleep(turn - now)

    async def _exchange(self, url: str, headers: dict[str, str]) -> _Answer:
        """Send the request and read the body: fully for 2xx, a bounded peek otherwise."""
        async with self._client.stream("GET", url, headers=headers) as response:
            if 200 <= response.status_code < 300:
                body, wire = await read_body(response, self.policy.max_bytes, url)
            else:
                body, wire = await _read_small(response, url)
            return _Answer(url, response.status_code, dict(response.headers.items()), body, wire)


async def _read_small(response: httpx.Response, url: str) -> tuple[bytes, int]:
    """Read a redirect's or error's body (for diagnosis and connection reuse), giving up quietly."""
    try:
        return await read_body(response, _SMALL_BODY, url)
    except (TooLargeError, ContentDecodingError, TruncatedError):
        return b"", 0


def _connection_error(url: str, exc: httpx.HTTPError) -> FetchError:
    """Translate an httpx failure that is not a timeout into our hierarchy."""
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return InvalidURLError(f"{url}: {exc}", url=url)
    if isinstance(exc, httpx.RemoteProtocolError):
        return ConnectionFailedError(
            f"{url}: the server closed the connection without a valid answer{_detail(exc)}",
            url=url,
        )
    return ConnectionFailedError(f"{url}: could not connect{_detail(exc)}", url=url)


def _detail(exc: httpx.HTTPError) -> str:
    """The library's reason in brackets, or a few plain words where it gave none (never a class name)."""
    if str(exc):
        return f" ({exc})"
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return " (the connection broke off)"
    return ""


def _result(
    url: str,
    answer: _Answer,
    chain: list[str],
    moved: str | None,
    etag: str | None,
    last_modified: str | None,
    started: float,
    wire: int,
) -> FetchResult:
    """Assemble the FetchResult; a 304 keeps the validators that were sent if it repeats none."""
    headers = answer.headers
    not_modified = answer.status == 304
    return FetchResult(
        url=url,
        final_url=answer.url,
        status=answer.status,
        headers=headers,
        body=answer.body if not not_modified else b"",
        encoding=detect_encoding(headers.get("content-type"), answer.body) if answer.body else None,
        etag=headers.get("etag") or (etag if not_modified else None),
        last_modified=headers.get("last-modified") or (last_modified if not_modified else None),
        permanent_redirect=moved,
        redirects=tuple(chain[1:]),
        elapsed=time.monotonic() - started,
        wire_bytes=wire,
    )


def fetch_sync(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    purpose: Purpose = "page",
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """Fetch one URL from synchronous code (the CLI) in a fresh event loop."""

    async def one() -> FetchResult:
        async with Fetcher(policy) as fetcher:
            return await fetcher.get(url, etag=etag, last_modified=last_modified, purpose=purpose)

    return asyncio.run(one())
