"""Ways around the address guard, each tried through the real fetch path and all refused.

Every URL below names a loopback, private, link-local or metadata address in some disguise
(numeric forms the C library still reads as IPv4, IPv6 forms carrying IPv4, names that
resolve privately, DNS answers that change, redirects) or a scheme other than http(s). Each
is fetched by a real :class:`Fetcher` with no allowance for loopback, through its own
transport, against a LocalServer on 127.0.0.1: a form the guard let through would reach
that server. Every TCP connect is also recorded (and refused unless it is to 127.0.0.x), so
"refused" means no connection was even tried. ``blocked_reason`` itself is tested in
test_guard.py and test_special_addresses.py; this module tests the path around it.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from ipaddress import ip_network
from typing import Any

import httpcore
import pytest

from broadsheet.errors import BlockedAddressError, FetchError, InvalidURLError
from broadsheet.fetch import Fetcher
from broadsheet.fetch import _guard as guard_module
from broadsheet.pipeline import refresh_feeds
from broadsheet.storage import feeds
from broadsheet.storage.models import Feed
from tests.fetch.conftest import make_fetcher
from tests.support.server import LocalServer

pytestmark = pytest.mark.anyio

# Stands in for a public host: allowed explicitly, so 127.0.0.1 stays refused.
PUBLIC_IP = "127.0.0.2"
PUBLIC_ONLY = (ip_network(f"{PUBLIC_IP}/32"),)

# {port} is the loopback server's: a form that got past the guard would be answered there.
NUMERIC = [
    ("decimal", "http://2130706433:{port}/feed"),
    ("octal", "http://0177.0.0.1:{port}/feed"),
    ("octal-whole", "http://017700000001:{port}/feed"),
    ("zero-padded", "http://127.000.000.001:{port}/feed"),
    ("hex-dotted", "http://0x7f.0.0.1:{port}/feed"),
    ("hex-whole", "http://0x7f000001:{port}/feed"),
    ("hex-short", "http://0x7f.1:{port}/feed"),
    ("short", "http://127.1:{port}/feed"),
    ("zero", "http://0:{port}/feed"),
    ("unspecified", "http://0.0.0.0:{port}/feed"),
    ("ideographic-dots", "http://127\u30020\u30020\u30021:{port}/feed"),
    ("localhost", "http://localhost:{port}/feed"),
    ("localhost-upper", "http://LOCALHOST:{port}/feed"),
    ("ipv6-loopback", "http://[::1]:{port}/feed"),
    ("ipv6-unspecified", "http://[::]:{port}/feed"),
    ("mapped-dotted", "http://[::ffff:127.0.0.1]:{port}/feed"),
    ("mapped-hex", "http://[::ffff:7f00:1]:{port}/feed"),
    ("mapped-long", "http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/feed"),
    ("ipv4-compatible", "http://[::127.0.0.1]:{port}/feed"),
    ("nat64", "http://[64:ff9b::7f00:1]:{port}/feed"),
    ("6to4", "http://[2002:7f00:1::1]:{port}/feed"),
    ("userinfo", "http://public.example@127.0.0.1:{port}/feed"),
    ("percent-in-host", "http://127.0.0.1%2500.public.example:{port}/feed"),
    ("link-local", "http://169.254.10.20/"),
    ("metadata", "http://169.254.169.254/latest/meta-data/"),
    ("metadata-decimal", "http://2852039166/latest/meta-data/"),
    ("metadata-hex", "http://0xa9fea9fe/latest/meta-data/"),
    ("metadata-mapped", "http://[::ffff:a9fe:a9fe]/latest/meta-data/"),
    ("metadata-aws-ipv6", "http://[fd00:ec2::254]/latest/meta-data/"),
    ("link-local-ipv6-zone", "http://[fe80::1%25eth0]/"),
    ("private-10", "http://10.0.0.1/"),
    ("private-192", "http://192.168.0.1/"),
    ("carrier-nat", "http://100.64.0.1/"),
]

# Names, answered by the resolver below as a hostile or misconfigured DNS would.
NAMES = {
    "metadata.google.internal": ["169.254.169.254"],
    "metadata.azure.internal": ["169.254.169.254"],
    "instance-data.ec2.internal": ["fd00:ec2::254"],
    "intranet.example": ["10.1.2.3"],
    "router.example": ["192.168.1.1"],
    "loopback.example": ["127.0.0.1"],
    "loopback6.example": ["::1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "unspecified.example": ["0.0.0.0"],
    "mixed.example": [PUBLIC_IP, "10.0.0.1"],  # one bad answer among good ones
    "127.0.0.1.": ["127.0.0.1"],  # a trailing dot is no literal; some resolvers answer it
}
SCHEMES = [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "ftp://127.0.0.1:{port}/feed",
    "gopher://127.0.0.1:{port}/_GET%20/feed",
    "data:application/rss+xml,<rss/>",
    "javascript:alert(1)",
    "dict://127.0.0.1:{port}/info",
    "ldap://127.0.0.1:{port}/",
    "ws://127.0.0.1:{port}/",
]


class Connects:
    """Every TCP connect the fetcher's backend tries; only 127.0.0.x may really be opened."""

    def __init__(self) -> None:
        self.tried: list[str] = []


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> Connects:
    record = Connects()
    real = httpcore.AnyIOBackend.connect_tcp

    async def connect_tcp(self: Any, host: str, port: int, **kwargs: Any) -> Any:
        record.tried.append(host)
        if not host.startswith("127.0.0."):
            raise httpcore.ConnectError(f"test refuses to leave the machine ({host})")
        return await real(self, host, port, **kwargs)

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", connect_tcp)
    return record


def resolve(host: str) -> list[str]:
    """The table above, else what the C library reads numerically (never a DNS query)."""
    if host in NAMES:
        return NAMES[host]
    if host == "localhost":
        return ["127.0.0.1", "::1"]
    infos = socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def refused(fetcher: Fetcher, url: str) -> FetchError:
    """Fetch ``url`` and return the error; fail if it was fetched or failed any other way."""
    with pytest.raises((BlockedAddressError, InvalidURLError)) as caught:
        await fetcher.get(url)
    return caught.value


@pytest.mark.parametrize(("name", "url"), NUMERIC, ids=[n for n, _ in NUMERIC])
async def test_numeric_and_ipv6_forms_are_refused_by_the_system_resolver_path(
    local_server: LocalServer, connects: Connects, name: str, url: str
) -> None:
    # resolver=None: the fetcher's own getaddrinfo, which reads these forms as numbers.
    async with make_fetcher(allow_networks=(), retries=0) as fetcher:
        error = await refused(fetcher, url.format(port=local_server.port))
    assert "BROADSHEET_FETCH_ALLOW_NETWORKS" in str(error) or error.kind == "invalid_url"
    assert local_server.requests == [] and connects.tried == []


@pytest.mark.parametrize("name", sorted(NAMES))
async def test_names_resolving_to_private_addresses_are_refused(
    local_server: LocalServer, connects: Connects, name: str
) -> None:
    async with make_fetcher(allow_networks=PUBLIC_ONLY, resolver=resolve, retries=0) as fetcher:
        error = await refused(fetcher, f"http://{name}:{local_server.port}/feed")
    assert isinstance(error, BlockedAddressError) and "resolves to" in str(error)
    assert local_server.requests == [] and connects.tried == []


@pytest.mark.parametrize("url", SCHEMES)
async def test_other_schemes_are_refused(
    local_server: LocalServer, connects: Connects, url: str
) -> None:
    async with make_fetcher(allow_networks=(), resolver=resolve) as fetcher:
        error = await refused(fetcher, url.format(port=local_server.port))
    assert isinstance(error, InvalidURLError)
    assert local_server.requests == [] and connects.tried == []


@pytest.fixture
def public_server(tmp_path: Any) -> Iterator[LocalServer]:
    """A LocalServer on 127.0.0.2, the stand-in for a public host."""
    with LocalServer(host=PUBLIC_IP) as server:
        server.route("/feed", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
        yield server


REDIRECTS = [
    ("private-name", "http://loopback.example:{port}/feed"),
    ("loopback", "http://127.0.0.1:{port}/feed"),
    ("decimal", "http://2130706433:{port}/feed"),
    ("mapped", "http://[::ffff:127.0.0.1]:{port}/feed"),
    ("scheme-relative-short", "//127.1:{port}/feed"),
    ("metadata-name", "http://metadata.google.internal/computeMetadata/v1/"),
    ("metadata", "http://169.254.169.254/latest/meta-data/"),
    ("file", "file:///etc/passwd"),
    ("gopher", "gopher://127.0.0.1:{port}/_GET"),
]


@pytest.mark.parametrize(("name", "target"), REDIRECTS, ids=[n for n, _ in REDIRECTS])
async def test_redirect_from_a_public_name_to_a_private_one_is_refused(
    public_server: LocalServer,
    local_server: LocalServer,
    connects: Connects,
    name: str,
    target: str,
) -> None:
    public_server.route(
        "/go", status=302, headers={"Location": target.format(port=local_server.port)}
    )
    table = {**NAMES, "public.example": [PUBLIC_IP]}
    async with make_fetcher(
        allow_networks=PUBLIC_ONLY, resolver=lambda h: table.get(h) or resolve(h), retries=0
    ) as fetcher:
        await refused(fetcher, f"http://public.example:{public_server.port}/go")
    assert [r.route for r in public_server.requests] == ["/go"]
    assert local_server.requests == [] and set(connects.tried) <= {PUBLIC_IP}


class Rebinding:
    """A DNS that answers the public address first and a private one on every later query."""

    def __init__(self, private: str = "127.0.0.1") -> None:
        self.private = private
        self.queries = 0

    def __call__(self, host: str) -> list[str]:
        self.queries += 1
        return [PUBLIC_IP] if self.queries == 1 else [self.private]


async def test_rebinding_dns_cannot_swap_the_address_between_check_and_connect(
    public_server: LocalServer, local_server: LocalServer, connects: Connects
) -> None:
    # The connect uses the answer the guard vetted; the DNS is not asked again, so its
    # private second answer never matters.
    dns = Rebinding()
    async with make_fetcher(allow_networks=PUBLIC_ONLY, resolver=dns, retries=0) as fetcher:
        for _ in range(3):  # later requests reuse the vetted answer, never the new one
            result = await fetcher.get(f"http://rebind.example:{public_server.port}/feed")
            assert result.body == b"<rss/>"
    assert dns.queries == 1 and set(connects.tried) == {PUBLIC_IP}
    assert len(public_server.requests) == 3 and local_server.requests == []


async def test_rebinding_after_the_vetted_answer_expires_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    public_server: LocalServer,
    local_server: LocalServer,
    connects: Connects,
) -> None:
    # With no cache, the connect asks the DNS again, gets the private answer and is refused
    # instead of connecting to it: the backend vets what it connects to, it does not trust
    # the check that came before.
    monkeypatch.setattr(guard_module, "_CACHE_SECONDS", 0.0)
    dns = Rebinding()
    async with make_fetcher(allow_networks=PUBLIC_ONLY, resolver=dns, retries=0) as fetcher:
        with pytest.raises(BlockedAddressError, match=re.escape("127.0.0.1")):
            await fetcher.get(f"http://rebind.example:{local_server.port}/feed")
    assert dns.queries == 2 and connects.tried == []
    assert local_server.requests == [] and public_server.requests == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "form", ["2130706433", "0x7f.0.0.1", "127.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]"]
)
def test_a_feed_at_a_disguised_loopback_address_is_refused_by_the_refresh(
    settings_env: Any, local_server: LocalServer, connects: Connects, form: str
) -> None:
    settings_env.setenv("BROADSHEET_FETCH_ALLOW_NETWORKS", "")
    feed_id, _ = feeds.add_feed(f"http://{form}:{local_server.port}/feed")
    report = refresh_feeds([feed_id])
    feed = Feed.objects.get(id=feed_id)
    assert report.failed == 1 and feed.health == "blocked_address", feed.health_message
    assert "private network" in feed.health_message
    assert local_server.requests == [] and connects.tried == []


def test_a_webhook_cannot_be_rebound_between_the_check_and_the_connect(
    monkeypatch: pytest.MonkeyPatch, settings_env: Any
) -> None:
    # Alert webhooks are the other way out: a reader's URL, POSTed to by the server. The DNS
    # answers the public stand-in to the check and loopback to any later query; both servers
    # listen on the same port, so whichever address the POST connects to is the one counted.
    from broadsheet.errors import MailError
    from broadsheet.pipeline import mail

    settings_env.setenv("BROADSHEET_FETCH_ALLOW_NETWORKS", f"{PUBLIC_IP}/32")
    real, queries = socket.getaddrinfo, []

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "hook.example":
            queries.append(host)
            host = PUBLIC_IP if len(queries) == 1 else "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with LocalServer() as private, LocalServer(host=PUBLIC_IP, port=private.port) as public:
        with pytest.raises(MailError, match="HTTP 501"):  # LocalServer answers no POST
            mail.post_json(f"http://hook.example:{private.port}/hook", {"x": 1})
        assert private.connections_opened == 0 and public.connections_opened == 1
    assert queries == ["hook.example"]
