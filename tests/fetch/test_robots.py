"""robots.txt governs article pages (purpose="page") only, fetched once per host."""

from __future__ import annotations

import re

import pytest

from broadsheet.errors import RobotsDisallowedError
from tests.fetch.conftest import make_fetcher
from tests.support.server import LocalServer

pytestmark = pytest.mark.anyio


def _pages(server: LocalServer) -> None:
    server.route("/private/a", body=b"secret")
    server.route("/public/a", body=b"open")


async def test_disallowed_page_is_refused(local_server: LocalServer) -> None:
    _pages(local_server)
    local_server.robots = "User-agent: *\nDisallow: /private"
    async with make_fetcher() as fetcher:
        with pytest.raises(RobotsDisallowedError, match=re.escape("robots.txt")) as caught:
            await fetcher.get(local_server.url("/private/a"), purpose="page")
        assert (await fetcher.get(local_server.url("/public/a"), purpose="page")).body == b"open"
    assert caught.value.kind == "robots_disallowed"
    assert [r.route for r in local_server.requests] == ["/robots.txt", "/public/a"]


async def test_rules_for_broadsheet_by_name(local_server: LocalServer) -> None:
    _pages(local_server)
    local_server.robots = "User-agent: Broadsheet\nDisallow: /public\n\nUser-agent: *\nDisallow: /"
    async with make_fetcher() as fetcher:
        with pytest.raises(RobotsDisallowedError):
            await fetcher.get(local_server.url("/public/a"), purpose="page")
        assert (await fetcher.get(local_server.url("/private/a"), purpose="page")).body == b"secret"


async def test_robots_is_fetched_once_per_host_even_concurrently(local_server: LocalServer) -> None:
    import asyncio

    _pages(local_server)
    local_server.robots = "User-agent: *\nAllow: /"
    async with make_fetcher() as fetcher:
        await asyncio.gather(
            *(fetcher.get(local_server.url("/public/a"), purpose="page") for _ in range(6))
        )
    assert [r.route for r in local_server.requests].count("/robots.txt") == 1


async def test_missing_robots_allows_everything(local_server: LocalServer) -> None:
    _pages(local_server)
    async with make_fetcher() as fetcher:
        assert (await fetcher.get(local_server.url("/private/a"), purpose="page")).status == 200


@pytest.mark.parametrize("status", [500, 503])
async def test_failing_robots_allows(local_server: LocalServer, status: int) -> None:
    _pages(local_server)
    local_server.route("/robots.txt", status=status)
    async with make_fetcher(retries=0) as fetcher:
        assert (await fetcher.get(local_server.url("/private/a"), purpose="page")).status == 200


async def test_stalling_robots_allows(local_server: LocalServer) -> None:
    _pages(local_server)
    local_server.route("/robots.txt", body=b"User-agent: *\nDisallow: /", delay=5)
    async with make_fetcher(retries=0, timeout=0.3) as fetcher:
        assert (await fetcher.get(local_server.url("/private/a"), purpose="page")).status == 200


async def test_feeds_ignore_robots(local_server: LocalServer) -> None:
    _pages(local_server)
    local_server.robots = "User-agent: *\nDisallow: /"
    async with make_fetcher() as fetcher:
        assert (await fetcher.get(local_server.url("/private/a"))).body == b"secret"
    assert [r.route for r in local_server.requests] == ["/private/a"]


async def test_respect_robots_can_be_turned_off(local_server: LocalServer) -> None:
    _pages(local_server)
    local_server.robots = "User-agent: *\nDisallow: /"
    async with make_fetcher(respect_robots=False) as fetcher:
        assert (await fetcher.get(local_server.url("/private/a"), purpose="page")).status == 200
