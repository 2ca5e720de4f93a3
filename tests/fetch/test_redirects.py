"""Redirects are followed by hand: chains, permanence, loops and limits."""

from __future__ import annotations

import pytest

from broadsheet.errors import HTTPStatusError, RedirectLoopError
from tests.fetch.conftest import make_fetcher
from tests.support.server import LocalServer

pytestmark = pytest.mark.anyio


async def test_temporary_chain_is_followed_without_a_permanent_move(
    local_server: LocalServer,
) -> None:
    local_server.route("/feed", body=b"<rss/>")
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/_/redirect/3/feed"))
    assert result.body == b"<rss/>" and result.final_url == local_server.url("/feed")
    assert len(result.redirects) == 3 and result.redirects[-1] == result.final_url
    assert result.permanent_redirect is None


@pytest.mark.parametrize("status", [301, 308])
async def test_all_permanent_hops_report_the_new_url(
    local_server: LocalServer, status: int
) -> None:
    local_server.route("/feed", body=b"<rss/>")
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url(f"/_/redirect/2/feed?status={status}"))
    assert result.permanent_redirect == local_server.url("/feed")


async def test_moved_is_a_single_permanent_redirect(local_server: LocalServer) -> None:
    local_server.route("/new", body=b"x")
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/_/moved/new"))
    assert result.permanent_redirect == local_server.url("/new")
    assert result.redirects == (local_server.url("/new"),)


async def test_one_temporary_hop_makes_the_chain_temporary(local_server: LocalServer) -> None:
    local_server.route("/feed", body=b"x")
    local_server.route("/start", status=301, headers={"Location": "/_/redirect/1/feed"})
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/start"))
    assert result.final_url == local_server.url("/feed") and result.permanent_redirect is None


async def test_loop_is_named_hop_by_hop(local_server: LocalServer) -> None:
    a, b = local_server.url("/_/redirect-loop"), local_server.url("/_/redirect-loop/b")
    async with make_fetcher() as fetcher:
        with pytest.raises(RedirectLoopError) as caught:
            await fetcher.get(a)
    assert str(caught.value) == f"redirect loop: {a} → {b} → {a}"
    assert caught.value.kind == "redirect_loop"


async def test_too_many_redirects(local_server: LocalServer) -> None:
    local_server.route("/feed", body=b"x")
    async with make_fetcher(max_redirects=3) as fetcher:
        assert (await fetcher.get(local_server.url("/_/redirect/3/feed"))).body == b"x"
        with pytest.raises(RedirectLoopError, match=r"too many redirects \(more than 3\)"):
            await fetcher.get(local_server.url("/_/redirect/4/feed"))


async def test_redirect_without_location_is_an_error(local_server: LocalServer) -> None:
    local_server.route("/odd", status=302)
    async with make_fetcher() as fetcher:
        with pytest.raises(HTTPStatusError, match="without a Location"):
            await fetcher.get(local_server.url("/odd"))


async def test_relative_and_absolute_locations(local_server: LocalServer) -> None:
    local_server.route("/dir/feed", body=b"x")
    local_server.route("/dir/start", status=302, headers={"Location": "feed#frag"})
    local_server.route("/abs", status=307, headers={"Location": local_server.url("/dir/start")})
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/abs"))
    assert result.final_url == local_server.url("/dir/feed")


async def test_conditional_headers_follow_the_redirect(local_server: LocalServer) -> None:
    local_server.route("/feed", status=304, headers={"ETag": '"v1"'})
    async with make_fetcher() as fetcher:
        result = await fetcher.get(local_server.url("/_/moved/feed"), etag='"v1"')
    assert result.not_modified and result.permanent_redirect == local_server.url("/feed")
    assert local_server.requests[-1].headers["if-none-match"] == '"v1"'
