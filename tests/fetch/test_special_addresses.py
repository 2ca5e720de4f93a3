"""The guard refuses every block of IANA's special-purpose registries, whatever Python thinks.

The blocks below are copied here by hand from the IPv4 and IPv6 Special-Purpose Address
Registries (plus multicast and the IPv6 space outside 2000::/3), independently of the guard's
own table, so dropping a row from the table fails a test instead of silently opening a hole.
"""

from __future__ import annotations

import ipaddress
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

import pytest

from broadsheet.fetch._guard import blocked_reason

V4_BLOCKS = [
    "0.0.0.0/8",
    "0.0.0.0/32",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.0.0/29",
    "192.0.0.8/32",
    "192.0.0.9/32",
    "192.0.0.10/32",
    "192.0.0.170/31",
    "192.0.2.0/24",
    "192.31.196.0/24",
    "192.52.193.0/24",
    "192.88.99.0/24",
    "192.88.99.2/32",
    "192.168.0.0/16",
    "192.175.48.0/24",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255/32",
]
V6_BLOCKS = [
    "::/128",
    "::1/128",
    "::/96",
    "64:ff9b:1::/48",
    "100::/64",
    "100:0:0:1::/64",
    "2001::/23",
    "2001::/32",
    "2001:1::1/128",
    "2001:1::2/128",
    "2001:1::3/128",
    "2001:2::/48",
    "2001:3::/32",
    "2001:4:112::/48",
    "2001:10::/28",
    "2001:20::/28",
    "2001:30::/28",
    "2001:db8::/32",
    "2620:4f:8000::/48",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
]
# Global addresses, including the embedding forms of a global IPv4 (judged by that IPv4).
GLOBAL = [
    "1.1.1.1",
    "8.8.8.8",
    "93.184.216.34",
    "192.0.1.1",
    "192.0.3.1",
    "192.88.98.255",
    "192.88.100.1",
    "198.20.0.1",
    "223.255.255.255",
    "2606:4700::1111",
    "2a00:1450:4001::1",
    "2001:4860:4860::8888",
    "2620:4f:8001::1",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
]


def first_middle_last(cidr: str) -> list[str]:
    net = ip_network(cidr)
    middle = net.network_address + net.num_addresses // 2
    return [str(net.network_address), str(middle), str(net.broadcast_address)]


SAMPLES = [a for block in V4_BLOCKS + V6_BLOCKS for a in first_middle_last(block)]


@pytest.fixture(params=["python's ipaddress", "is_global always True"])
def lying_ipaddress(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test twice: as is, and with ipaddress claiming every address is global."""
    if request.param == "is_global always True":
        for cls in (IPv4Address, IPv6Address):
            monkeypatch.setattr(cls, "is_global", property(lambda self: True))
            monkeypatch.setattr(cls, "is_private", property(lambda self: False))
            monkeypatch.setattr(cls, "is_reserved", property(lambda self: False))


@pytest.mark.usefixtures("lying_ipaddress")
@pytest.mark.parametrize("address", SAMPLES)
def test_first_middle_and_last_address_of_every_block_is_refused(address: str) -> None:
    assert blocked_reason(ip_address(address)) is not None


@pytest.mark.usefixtures("lying_ipaddress")
@pytest.mark.parametrize("address", GLOBAL)
def test_global_addresses_are_allowed(address: str) -> None:
    assert blocked_reason(ip_address(address)) is None


@pytest.mark.usefixtures("lying_ipaddress")
@pytest.mark.parametrize("prefix", ["::ffff:0:0/96", "64:ff9b::/96"])
@pytest.mark.parametrize("v4_block", V4_BLOCKS)
def test_ipv4_carried_in_mapped_and_nat64_addresses_is_judged(prefix: str, v4_block: str) -> None:
    base = int(ip_network(prefix).network_address)
    for v4 in first_middle_last(v4_block):
        reason = blocked_reason(IPv6Address(base | int(IPv4Address(v4))))
        assert reason is not None and reason.endswith("embedded in IPv6"), v4


@pytest.mark.usefixtures("lying_ipaddress")
@pytest.mark.parametrize("v4_block", V4_BLOCKS)
def test_ipv4_carried_in_6to4_addresses_is_judged(v4_block: str) -> None:
    for v4 in first_middle_last(v4_block):
        six_to_four = IPv6Address((0x2002 << 112) | (int(IPv4Address(v4)) << 80) | 1)
        assert six_to_four.sixtofour == IPv4Address(v4)
        assert blocked_reason(six_to_four) is not None, six_to_four


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("192.0.0.8", "IPv4 dummy"),
        ("192.0.0.9", "PCP anycast"),
        ("192.0.0.10", "TURN anycast"),
        ("192.0.0.100", "IETF protocol assignments"),
        ("192.88.99.1", "deprecated 6to4 relay anycast"),
        ("3fff::1", "documentation"),
        ("5f00::1", "SRv6"),
        ("2001:0:4136:e378::1", "Teredo"),
        ("4000::1", "outside the global unicast space"),
    ],
)
def test_the_refusal_names_the_narrowest_block(address: str, words: str) -> None:
    assert words in (blocked_reason(ip_address(address)) or "")


def test_the_allow_list_still_opens_a_block() -> None:
    allow = (ip_network("127.0.0.0/8"), ip_network("192.0.0.0/24"))
    for address in ("127.0.0.1", "::ffff:127.0.0.1", "192.0.0.8"):
        assert blocked_reason(ip_address(address), allow) is None
    assert blocked_reason(ip_address("10.0.0.1"), allow) == "private"


def test_the_monkeypatch_really_fools_ipaddress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IPv4Address, "is_global", property(lambda self: True))
    assert ipaddress.ip_address("10.0.0.1").is_global
