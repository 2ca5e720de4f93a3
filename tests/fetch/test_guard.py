"""The private-address guard: before connecting, after every redirect, and pinned to the vetted IP."""

from __future__ import annotations

import ipaddress
import re

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.errors import BlockedAddressError, ConnectionFailedError
from broadsheet.fetch._guard import blocked_reason
from tests.fetch.conftest import LOCAL, make_fetcher
from tests.support.server import LocalServer

pytestmark = pytest.mark.anyio

PUBLIC = "93.184.216.34"


def resolver_for(table: dict[str, list[str]], calls: list[str] | None = None):  # type: ignore[no-untyped-def]
    def resolve(host: str) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    return resolve


def ok_transport() -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, content=b"public"))


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("10.0.0.1", "private"),
        ("192.168.1.5", "private"),
        ("169.254.169.254", "link-local"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback, embedded in IPv6"),
        ("::ffff:10.1.2.3", "private, embedded in IPv6"),
        ("fd00::1", "unique-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("2002:a00:1::1", "private, embedded in IPv6"),  # 6to4 of 10.0.0.1
        ("64:ff9b::7f00:1", "loopback, embedded in IPv6"),  # NAT64 of 127.0.0.1
        ("192.0.0.8", "IPv4 dummy"),  # called global by Python 3.11.7's ipaddress
        ("192.88.99.1", "6to4 relay anycast"),
    ],
)
async def test_resolved_private_addresses_are_refused(address: str, words: str) -> None:
    resolve = resolver_for({"feeds.example": [address]})
    async with make_fetcher(allow_networks=(), resolver=resolve, transport=ok_transport()) as f:
        with pytest.raises(BlockedAddressError) as caught:
            await f.get("http://feeds.example/rss")
    message = str(caught.value)
    assert words in message and str(ipaddress.ip_address(address)) in message
    assert "BROADSHEET_FETCH_ALLOW_NETWORKS" in message and caught.value.kind == "blocked_address"


async def test_one_bad_address_among_good_ones_is_enough_to_refuse() -> None:
    resolve = resolver_for({"feeds.example": [PUBLIC, "10.0.0.1"]})
    async with make_fetcher(allow_networks=(), resolver=resolve, transport=ok_transport()) as f:
        with pytest.raises(BlockedAddressError, match=re.escape("10.0.0.1")):
            await f.get("http://feeds.example/rss")


async def test_public_address_passes_the_guard() -> None:
    resolve = resolver_for({"feeds.example": [PUBLIC, "2606:4700::1111"]})
    async with make_fetcher(allow_networks=(), resolver=resolve, transport=ok_transport()) as f:
        result = await f.get("http://feeds.example/rss")
    assert result.body == b"public"


async def test_ip_literals_are_checked_without_dns() -> None:
    calls: list[str] = []
    resolve = resolver_for({}, calls)
    async with make_fetcher(allow_networks=(), resolver=resolve, transport=ok_transport()) as f:
        with pytest.raises(BlockedAddressError, match=re.escape("169.254.169.254 is a link-local")):
            await f.get("http://169.254.169.254/latest/meta-data/")
        with pytest.raises(BlockedAddressError, match="loopback"):
            await f.get("http://[::1]:8080/")
        assert (await f.get(f"http://{PUBLIC}/")).body == b"public"
    assert calls == []


async def test_allow_networks_lets_a_private_address_through() -> None:
    resolve = resolver_for({"intranet.example": ["10.1.2.3"]})
    allow = (ipaddress.ip_network("10.0.0.0/8"),)
    async with make_fetcher(allow_networks=allow, resolver=resolve, transport=ok_transport()) as f:
        assert (await f.get("http://intranet.example/")).status == 200


async def test_unresolvable_host_is_a_connection_failure() -> None:
    async with make_fetcher(resolver=resolver_for({}), transport=ok_transport()) as f:
        with pytest.raises(
            ConnectionFailedError, match=re.escape("could not resolve nowhere.example")
        ):
            await f.get("http://nowhere.example/")


async def test_redirect_to_a_private_host_is_refused(local_server: LocalServer) -> None:
    resolve = resolver_for({"internal.example": ["10.0.0.1"]})
    target = "http://internal.example/admin"
    async with make_fetcher(resolver=resolve) as fetcher:
        with pytest.raises(
            BlockedAddressError, match=re.escape("internal.example resolves to 10.0.0.1")
        ):
            await fetcher.get(local_server.url(f"/_/redirect-to?url={target}"))
    assert [r.route for r in local_server.requests] == ["/_/redirect-to"]


async def test_redirect_to_a_private_ip_literal_is_refused(local_server: LocalServer) -> None:
    async with make_fetcher() as fetcher:
        with pytest.raises(BlockedAddressError, match="metadata"):
            await fetcher.get(local_server.url("/_/redirect-to?url=http://169.254.169.254/"))


async def test_connection_goes_to_the_vetted_address(local_server: LocalServer) -> None:
    # "feeds.test" does not exist in real DNS: the request can only succeed because the
    # connection is pinned to the address the resolver returned and the guard vetted.
    calls: list[str] = []
    local_server.route("/rss", body=b"pinned")
    resolve = resolver_for({"feeds.test": ["127.0.0.1"]}, calls)
    async with make_fetcher(resolver=resolve) as fetcher:
        result = await fetcher.get(f"http://feeds.test:{local_server.port}/rss")
        await fetcher.get(f"http://feeds.test:{local_server.port}/rss")
    assert result.body == b"pinned"
    assert local_server.requests[0].headers["host"] == f"feeds.test:{local_server.port}"
    assert calls == ["feeds.test"]  # vetted answers are cached, and the connect reuses them


async def test_loopback_server_is_refused_without_the_allowance(local_server: LocalServer) -> None:
    async with make_fetcher(allow_networks=()) as fetcher:
        with pytest.raises(BlockedAddressError, match=re.escape("127.0.0.1 is a loopback")):
            await fetcher.get(local_server.url("/"))
    assert local_server.requests == []


_v4 = st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address)


@given(_v4)
def test_guard_refuses_whatever_python_calls_non_global(ip: ipaddress.IPv4Address) -> None:
    # The guard's own table is the rule; Python's opinion may only ever be narrower than it.
    if not ip.is_global or ip.is_multicast:
        assert blocked_reason(ip) is not None


@given(_v4)
def test_mapped_ipv6_is_judged_like_its_ipv4(ip: ipaddress.IPv4Address) -> None:
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    assert (blocked_reason(mapped) is None) == (blocked_reason(ip) is None)
    assert (blocked_reason(mapped, LOCAL) is None) == (blocked_reason(ip, LOCAL) is None)
