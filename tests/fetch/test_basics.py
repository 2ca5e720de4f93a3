"""Plain fetches: bodies, headers, the User-Agent, conditional GET and compression."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from broadsheet.fetch import ContentDecodingError, fetch_sync
from tests.fetch.conftest import FAST, make_fetcher
from tests.support.server import LocalServer

pytestmark = pytest.mark.anyio


def _write(server: LocalServer, name: str, data: bytes) -> Path:
    assert server.root is not None
    path = server.root / name
    path.write_bytes(data)
    return path


async def test_static_file_comes_back_with_validators(local_server: LocalServer) -> None:
    _write(local_server, "feed.xml", b"<rss>" + b"a" * 5000 + b"</rss>")
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/feed.xml"))
    assert result.status == 200 and not result.not_modified
    assert result.body.startswith(b"<rss>") and len(result.body) == 5011
    assert result.etag and result.last_modified
    assert result.final_url == result.url == local_server.url("/feed.xml")
    assert result.redirects == () and result.permanent_redirect is None
    assert result.headers["content-encoding"] == "gzip"  # names are lower-case
    assert 0 < result.wire_bytes < len(result.body)  # counted compressed
    assert result.elapsed > 0


async def test_user_agent_names_broadsheet_and_accept_encoding_is_supported(
    local_server: LocalServer,
) -> None:
    async with make_fetcher(user_agent="Broadsheet/9 (+https://x; ops@example.org)") as fetcher:
        result = await fetcher.get(local_server.url("/_/echo"))
    sent = json.loads(result.body)
    assert sent["user-agent"] == "Broadsheet/9 (+https://x; ops@example.org)"
    assert sent["accept-encoding"] == "gzip, deflate"
    assert "application/rss+xml" in sent["accept"]


async def test_etag_gives_304_with_empty_body(local_server: LocalServer) -> None:
    _write(local_server, "feed.xml", b"<rss/>")
    async with make_fetcher() as fetcher:
        first = await fetcher.get(local_server.url("/feed.xml"))
        again = await fetcher.get(first.url, etag=first.etag)
    assert again.status == 304 and again.not_modified and again.body == b""
    assert again.etag == first.etag
    assert local_server.requests[-1].headers["if-none-match"] == first.etag


async def test_last_modified_gives_304_and_keeps_the_validator(local_server: LocalServer) -> None:
    _write(local_server, "feed.xml", b"<rss/>")
    async with make_fetcher() as fetcher:
        first = await fetcher.get(local_server.url("/feed.xml"))
        again = await fetcher.get(first.url, last_modified=first.last_modified)
    assert again.not_modified and again.last_modified == first.last_modified
    assert local_server.requests[-1].headers["if-modified-since"] == first.last_modified


async def test_changed_file_is_fetched_again(local_server: LocalServer) -> None:
    path = _write(local_server, "feed.xml", b"<rss>1</rss>")
    async with make_fetcher() as fetcher:
        first = await fetcher.get(local_server.url("/feed.xml"))
        path.write_bytes(b"<rss>22</rss>")
        again = await fetcher.get(first.url, etag=first.etag)
    assert again.status == 200 and again.body == b"<rss>22</rss>"


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate"])
async def test_compressed_bodies_are_decoded(local_server: LocalServer, coding: str) -> None:
    local_server.route("/doc", body=b"hello " * 1000)
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url(f"/_/encoded/{coding}/doc"))
    assert result.body == b"hello " * 1000


async def test_concatenated_gzip_members_are_all_decoded(local_server: LocalServer) -> None:
    body = gzip.compress(b"one ", mtime=0) + gzip.compress(b"two", mtime=0)
    local_server.route("/two", body=body, headers={"Content-Encoding": "gzip"})
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/two"))
    assert result.body == b"one two"


async def test_unrequested_encoding_is_a_clear_error(local_server: LocalServer) -> None:
    local_server.route("/doc", body=b"hello")
    async with make_fetcher() as fetcher:
        with pytest.raises(ContentDecodingError, match="br") as caught:
            await fetcher.get(local_server.url("/_/encoded/br/doc"))
    assert caught.value.kind == "bad_encoding"


async def test_corrupt_gzip_is_a_decoding_error(local_server: LocalServer) -> None:
    local_server.route(
        "/bad", body=b"\x1f\x8bnot really gzip", headers={"Content-Encoding": "gzip"}
    )
    async with make_fetcher() as fetcher:
        with pytest.raises(ContentDecodingError, match="corrupt"):
            await fetcher.get(local_server.url("/bad"))


async def test_generated_feed_supports_conditional_get(local_server: LocalServer) -> None:
    async with make_fetcher() as fetcher:
        first = await fetcher.get(local_server.url("/_/feed/7?items=3"))
        again = await fetcher.get(first.url, etag=first.etag)
    assert first.text().count("<item>") == 3 and again.not_modified


async def test_connections_are_kept_alive(local_server: LocalServer) -> None:
    local_server.route("/a", body=b"a")
    async with make_fetcher() as fetcher:
        for _ in range(5):
            await fetcher.get(local_server.url("/a"))
    assert local_server.connections_opened == 1


def test_fetch_sync_runs_one_request(local_server: LocalServer) -> None:
    local_server.route("/page", body=b"<html>hi</html>", headers={"Content-Type": "text/html"})
    result = fetch_sync(local_server.url("/page"), policy=FAST)
    assert result.body == b"<html>hi</html>"
    assert local_server.requests[0].route == "/robots.txt"  # purpose="page" consults robots
