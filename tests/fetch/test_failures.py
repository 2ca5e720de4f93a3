"""Each failure maps to one FetchError subclass whose ``kind`` and message say what happened."""

from __future__ import annotations

import re
import time

import pytest

from broadsheet.errors import (
    ConnectionFailedError,
    FetchTimeoutError,
    HTTPStatusError,
    TooLargeError,
)
from broadsheet.fetch import InvalidURLError, TruncatedError
from tests.fetch.conftest import make_fetcher
from tests.support.server import LocalServer

pytestmark = pytest.mark.anyio


async def test_slow_headers_time_out(local_server: LocalServer) -> None:
    local_server.route("/ok", body=b"ok")
    async with make_fetcher(timeout=0.3, retries=0) as fetcher:
        with pytest.raises(FetchTimeoutError, match=re.escape("within 0.3 s")) as caught:
            await fetcher.get(local_server.url("/_/slow/5/ok"))
    assert caught.value.kind == "timeout"


async def test_stalled_body_times_out(local_server: LocalServer) -> None:
    async with make_fetcher(timeout=0.3, retries=0) as fetcher:
        with pytest.raises(FetchTimeoutError):
            await fetcher.get(local_server.url("/_/stall"))


async def test_trickling_server_is_cut_off_by_the_total_deadline(local_server: LocalServer) -> None:
    # A byte every 0.05 s never trips the read timeout; only the whole-request deadline ends it.
    started = time.monotonic()
    async with make_fetcher(timeout=0.5, retries=0) as fetcher:
        with pytest.raises(FetchTimeoutError):
            await fetcher.get(local_server.url("/_/trickle?interval=0.05"))
    assert time.monotonic() - started < 1.5


async def test_timeouts_are_retried(local_server: LocalServer) -> None:
    async with make_fetcher(timeout=0.2, retries=2) as fetcher:
        with pytest.raises(FetchTimeoutError):
            await fetcher.get(local_server.url("/_/stall"))
    assert len(local_server.requests) == 3


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/_/status/404", 404, "not found"),
        ("/_/gone", 410, "gone"),
        ("/_/status/401", 401, "Unauthorized"),
    ],
)
async def test_client_errors_are_not_retried(
    local_server: LocalServer, path: str, status: int, words: str
) -> None:
    async with make_fetcher() as fetcher:
        with pytest.raises(HTTPStatusError, match=words) as caught:
            await fetcher.get(local_server.url(path))
    assert caught.value.status == status and caught.value.kind == "http_status"
    assert len(local_server.requests) == 1


async def test_server_errors_are_retried_with_backoff_then_succeed(
    local_server: LocalServer,
) -> None:
    local_server.route("/ok", body=b"fine")
    async with make_fetcher(retries=2) as fetcher:
        result = await fetcher.get(local_server.url("/_/flaky/2/ok"))
    assert result.body == b"fine" and len(local_server.requests) == 3


async def test_persistent_server_error_raises_after_the_retries(local_server: LocalServer) -> None:
    async with make_fetcher(retries=1) as fetcher:
        with pytest.raises(HTTPStatusError) as caught:
            await fetcher.get(local_server.url("/_/status/502"))
    assert caught.value.status == 502 and len(local_server.requests) == 2


async def test_short_retry_after_is_waited_out(local_server: LocalServer) -> None:
    local_server.route("/ok", body=b"fine")
    started = time.monotonic()
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/_/retry-after/0.2/ok"))
    assert result.body == b"fine"
    assert time.monotonic() - started >= 0.2


async def test_retry_after_as_http_date_is_understood(local_server: LocalServer) -> None:
    local_server.route("/ok", body=b"fine")
    async with make_fetcher(max_retry_after=3.0) as fetcher:
        result = await fetcher.get(local_server.url("/_/retry-after/1/ok?date=1&status=503"))
    assert result.body == b"fine"


async def test_long_retry_after_is_handed_to_the_scheduler(local_server: LocalServer) -> None:
    async with make_fetcher(max_retry_after=1.0) as fetcher:
        with pytest.raises(HTTPStatusError, match="retry after 120") as caught:
            await fetcher.get(local_server.url("/_/retry-after/120/ok"))
    assert caught.value.status == 429 and caught.value.retry_after == 120.0
    assert len(local_server.requests) == 1


async def test_retry_after_past_the_retries_is_reported(local_server: LocalServer) -> None:
    async with make_fetcher(retries=1) as fetcher:
        with pytest.raises(HTTPStatusError) as caught:
            await fetcher.get(local_server.url("/_/retry-after/0/ok?times=5"))
    assert caught.value.retry_after == 0.0 and len(local_server.requests) == 2


@pytest.mark.parametrize("status", [403, 503])
async def test_challenge_page_says_bot_protection(local_server: LocalServer, status: int) -> None:
    async with make_fetcher() as fetcher:
        with pytest.raises(HTTPStatusError, match="blocked by bot protection") as caught:
            await fetcher.get(local_server.url(f"/_/challenge?status={status}"))
    assert caught.value.status == status and b"Just a moment" in caught.value.body
    assert len(local_server.requests) == 1  # a wall is not retried


async def test_truncated_body_is_reported(local_server: LocalServer) -> None:
    async with make_fetcher(retries=0) as fetcher:
        with pytest.raises(TruncatedError, match="closed after 100 bytes") as caught:
            await fetcher.get(local_server.url("/_/truncated"))
    assert caught.value.kind == "truncated"


async def test_connection_dropped_before_answer(local_server: LocalServer) -> None:
    async with make_fetcher(retries=1) as fetcher:
        with pytest.raises(ConnectionFailedError) as caught:
            await fetcher.get(local_server.url("/_/drop"))
    assert caught.value.kind == "connection_failed" and len(local_server.requests) == 2


async def test_refused_connection_is_connection_failed() -> None:
    with LocalServer() as server:
        url = server.url("/gone-server")
    async with make_fetcher(retries=0) as fetcher:
        with pytest.raises(ConnectionFailedError, match="could not connect"):
            await fetcher.get(url)


async def test_gzip_bomb_is_stopped_at_the_decompressed_limit(local_server: LocalServer) -> None:
    async with make_fetcher(max_bytes=1_000_000) as fetcher:
        with pytest.raises(TooLargeError, match="1,000,000-byte limit") as caught:
            await fetcher.get(local_server.url("/_/bomb"))
    assert caught.value.kind == "too_large"


async def test_declared_length_over_the_limit_is_refused_early(local_server: LocalServer) -> None:
    async with make_fetcher(max_bytes=1000) as fetcher:
        with pytest.raises(TooLargeError, match="declared body"):
            await fetcher.get(local_server.url("/_/huge?size=5000"))


async def test_streamed_body_over_the_limit_is_refused(local_server: LocalServer) -> None:
    async with make_fetcher(max_bytes=100_000) as fetcher:
        with pytest.raises(TooLargeError, match="the body is larger"):
            await fetcher.get(local_server.url("/_/huge?size=300000&chunked=1"))


async def test_body_at_exactly_the_limit_is_accepted(local_server: LocalServer) -> None:
    async with make_fetcher(max_bytes=5000) as fetcher:
        result = await fetcher.get(local_server.url("/_/huge?size=5000&chunked=1"))
    assert len(result.body) == 5000


@pytest.mark.parametrize(
    "url", ["ftp://example.com/feed", "file:///etc/passwd", "http://", "nonsense"]
)
async def test_only_http_and_https_urls_are_fetched(url: str) -> None:
    async with make_fetcher() as fetcher:
        with pytest.raises(InvalidURLError) as caught:
            await fetcher.get(url)
    assert caught.value.kind == "invalid_url"
