"""Every special-purpose address block, written out, so the guard never asks ``ipaddress``.

Sources: IANA's *IPv4 Special-Purpose Address Registry* and *IPv6 Special-Purpose Address
Registry* (https://www.iana.org/assignments/iana-ipv4-special-registry/ and
https://www.iana.org/assignments/iana-ipv6-special-registry/, established by RFC 6890 and
updated by RFC 8190 and the RFCs cited per row), IANA's *IPv4 Multicast Address Space Registry*
(224.0.0.0/4) and *IPv6 Address Space* registry (only 2000::/3 is global unicast; site-local
fec0::/10 and multicast ff00::/8 sit outside it).

The table is explicit because ``ipaddress.is_global`` changes between Python patch releases
(3.11.7 calls 192.0.0.8, 192.88.99.1, 3fff::1 and 5f00::1 global). Every registry row is
refused, *including* the rows IANA marks "globally reachable" (PCP and TURN anycast, AS112,
AMT, ORCHIDv2, drone tags): they are infrastructure addresses that no publisher serves a
feed from, and refusing them costs nothing. Three IPv6 forms carry an IPv4 address that decides
instead (:data:`EMBEDDING_V6`): IPv4-mapped, the well-known NAT64 prefix, and 6to4. Teredo
(2001::/32) and the local-use NAT64 prefix 64:ff9b:1::/48 are refused outright: both are
marked not globally reachable, and where 64:ff9b:1::/48 keeps its IPv4 bits depends on the
operator's chosen prefix length.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

__all__ = [
    "EMBEDDING_V6",
    "GLOBAL_UNICAST_V6",
    "SPECIAL_V4",
    "SPECIAL_V6",
    "embedded_ipv4",
    "special_purpose",
]


def _v4(*rows: tuple[str, str, str]) -> tuple[tuple[IPv4Network, str, str], ...]:
    return tuple((IPv4Network(cidr), name, source) for cidr, name, source in rows)


def _v6(*rows: tuple[str, str, str]) -> tuple[tuple[IPv6Network, str, str], ...]:
    return tuple((IPv6Network(cidr), name, source) for cidr, name, source in rows)


# (block, name shown in the refusal, source). A more specific block comes before the block
# that contains it, so the refusal names the narrowest purpose.
SPECIAL_V4 = _v4(
    ("0.0.0.0/32", "unspecified", "RFC 1122"),
    ("0.0.0.0/8", "this-network", "RFC 791"),
    ("10.0.0.0/8", "private", "RFC 1918"),
    ("100.64.0.0/10", "carrier-grade NAT (100.64.0.0/10)", "RFC 6598"),
    ("127.0.0.0/8", "loopback", "RFC 1122"),
    (
        "169.254.0.0/16",
        "link-local (this includes cloud metadata such as 169.254.169.254)",
        "RFC 3927",
    ),
    ("172.16.0.0/12", "private", "RFC 1918"),
    ("192.0.0.0/29", "IPv4 service continuity", "RFC 7335"),
    ("192.0.0.8/32", "IPv4 dummy", "RFC 7600"),
    ("192.0.0.9/32", "PCP anycast", "RFC 7723"),
    ("192.0.0.10/32", "TURN anycast", "RFC 8155"),
    ("192.0.0.170/31", "NAT64/DNS64 discovery", "RFC 8880"),
    ("192.0.0.0/24", "IETF protocol assignments", "RFC 6890"),
    ("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737"),
    ("192.31.196.0/24", "AS112", "RFC 7535"),
    ("192.52.193.0/24", "AMT relay", "RFC 7450"),
    ("192.88.99.2/32", "6a44 relay anycast", "RFC 6751"),
    ("192.88.99.0/24", "deprecated 6to4 relay anycast", "RFC 7526"),
    ("192.168.0.0/16", "private", "RFC 1918"),
    ("192.175.48.0/24", "AS112 direct delegation", "RFC 7534"),
    ("198.18.0.0/15", "benchmarking", "RFC 2544"),
    ("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737"),
    ("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737"),
    ("224.0.0.0/4", "multicast", "RFC 5771"),
    ("255.255.255.255/32", "limited broadcast", "RFC 919"),
    ("240.0.0.0/4", "reserved", "RFC 1112"),
)

SPECIAL_V6 = _v6(
    ("::/128", "unspecified", "RFC 4291"),
    ("::1/128", "loopback", "RFC 4291"),
    ("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", "RFC 8215"),
    ("100::/64", "discard-only", "RFC 6666"),
    ("100:0:0:1::/64", "dummy", "RFC 9780"),
    ("2001::/32", "Teredo", "RFC 4380"),
    ("2001:1::1/128", "PCP anycast", "RFC 7723"),
    ("2001:1::2/128", "TURN anycast", "RFC 8155"),
    ("2001:1::3/128", "DNS-SD SRP anycast", "RFC 9665"),
    ("2001:2::/48", "benchmarking", "RFC 5180"),
    ("2001:3::/32", "AMT", "RFC 7450"),
    ("2001:4:112::/48", "AS112", "RFC 7535"),
    ("2001:10::/28", "deprecated ORCHID", "RFC 4843"),
    ("2001:20::/28", "ORCHIDv2", "RFC 7343"),
    ("2001:30::/28", "drone remote ID tags", "RFC 9374"),
    ("2001::/23", "IETF protocol assignments", "RFC 2928"),
    ("2001:db8::/32", "documentation", "RFC 3849"),
    ("2620:4f:8000::/48", "AS112 direct delegation", "RFC 7534"),
    ("3fff::/20", "documentation", "RFC 9637"),
    ("5f00::/16", "SRv6 segment identifiers", "RFC 9602"),
    ("fc00::/7", "unique-local", "RFC 4193"),
    ("fe80::/10", "link-local", "RFC 4291"),
    ("fec0::/10", "deprecated site-local", "RFC 3879"),
    ("ff00::/8", "multicast", "RFC 4291"),
    ("::/8", "reserved (IPv4-compatible and other IETF-reserved ::/8)", "RFC 4291"),
)

# IPv6 forms whose embedded IPv4 address is judged instead of the IPv6 one.
EMBEDDING_V6 = _v6(
    ("::ffff:0:0/96", "IPv4-mapped", "RFC 4291"),
    ("64:ff9b::/96", "IPv4/IPv6 translation (NAT64)", "RFC 6052"),
    ("2002::/16", "6to4", "RFC 3056"),
)

GLOBAL_UNICAST_V6 = IPv6Network("2000::/3")


def embedded_ipv4(ip: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 address stands for."""
    if ip in EMBEDDING_V6[0][0] or ip in EMBEDDING_V6[1][0]:
        return IPv4Address(int(ip) & 0xFFFF_FFFF)
    if ip in EMBEDDING_V6[2][0]:
        return IPv4Address((int(ip) >> 80) & 0xFFFF_FFFF)
    return None


def special_purpose(ip: IPv4Address | IPv6Address) -> str | None:
    """Name the special-purpose block holding ``ip`` (embedded IPv4 not considered), or None."""
    if isinstance(ip, IPv4Address):
        return next((name for net, name, _ in SPECIAL_V4 if ip in net), None)
    found = next((name for net, name, _ in SPECIAL_V6 if ip in net), None)
    if found is None and ip not in GLOBAL_UNICAST_V6:
        return "reserved (outside the global unicast space 2000::/3)"
    return found
