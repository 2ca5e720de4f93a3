"""The private-address guard: vet every address a host resolves to, then connect only to those.

The guard resolves a host once, refuses it if *any* address lies in a block of IANA's
special-purpose address registries (unless the address lies in
``BROADSHEET_FETCH_ALLOW_NETWORKS``), and caches the vetted list for a short while.
:class:`PinnedBackend` is the httpcore network backend that opens TCP connections: it asks the
same guard for the vetted addresses and connects to those IPs, never re-resolving the name, so
DNS rebinding cannot swap a public answer for a private one between the check and the connect.
TLS still verifies the certificate against the host name (httpcore passes it as SNI).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import httpcore

from broadsheet.errors import BlockedAddressError, ConnectionFailedError
from broadsheet.fetch._special import embedded_ipv4, special_purpose

__all__ = ["AddressGuard", "PinnedBackend", "blocked_reason"]

IPAddress = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network
Resolver = Callable[[str], list[str]]

_CACHE_SECONDS = 60.0


def _allowed(ip: IPAddress, allow: Sequence[Network]) -> bool:
    return any(ip in net for net in allow if net.version == ip.version)


def blocked_reason(ip: IPAddress, allow: Sequence[Network] = ()) -> str | None:
    """Say why the guard refuses ``ip`` (e.g. "private"), or None when it may be fetched.

    An address is refused when it lies in any block of IANA's special-purpose registries (the
    explicit table in :mod:`broadsheet.fetch._special`, never ``ipaddress.is_global``, whose
    answer varies by Python release), unless a network in ``allow`` contains it. An IPv4-mapped,
    NAT64 or 6to4 address is judged by the IPv4 address it carries.
    """
    if _allowed(ip, allow):
        return None
    inner = embedded_ipv4(ip) if isinstance(ip, IPv6Address) else None
    if inner is None:
        return special_purpose(ip)
    if _allowed(inner, allow):
        return None
    reason = special_purpose(inner)
    return f"{reason}, embedded in IPv6" if reason else None


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


async def _system_resolve(host: str) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class AddressGuard:
    """Resolve host names and vet every address; cache the vetted answers for a minute."""

    def __init__(self, allow: Iterable[Network] = (), resolver: Resolver | None = None) -> None:
        self._allow = tuple(allow)
        self._resolver = resolver
        self._cache: dict[str, tuple[float, list[str]]] = {}

    async def vet(self, host: str, url: str = "") -> list[str]:
        """Return the host's addresses, all allowed, or raise BlockedAddressError naming the bad one."""
        literal = _literal(host)
        if literal is not None:
            self._check(host, literal, url)
            return [str(literal)]
        cached = self._cache.get(host)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        addresses = await self._resolve(host, url)
        for address in addresses:
            self._check(host, ipaddress.ip_address(address.split("%", 1)[0]), url)
        self._cache[host] = (time.monotonic() + _CACHE_SECONDS, addresses)
        return addresses

    async def _resolve(self, host: str, url: str) -> list[str]:
        try:
            found = self._resolver(host) if self._resolver else await _system_resolve(host)
        except (OSError, UnicodeError) as exc:
            raise ConnectionFailedError(f"could not resolve {host}: {exc}", url=url) from exc
        if not found:
            raise ConnectionFailedError(f"could not resolve {host}: no addresses", url=url)
        return list(dict.fromkeys(found))

    def _check(self, host: str, ip: IPAddress, url: str) -> None:
        reason = blocked_reason(ip, self._allow)
        if reason is None:
            return
        shown = host if str(ip) == host.strip("[]") else f"{host} resolves to {ip}, which"
        raise BlockedAddressError(
            f"refusing to fetch {url or host}: {shown} is a {reason} address; "
            f"add a network containing {ip} to BROADSHEET_FETCH_ALLOW_NETWORKS to allow it",
            url=url,
        )


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore backend that connects only to addresses the guard has vetted for the host."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Open a TCP stream to the first vetted address of ``host`` that accepts."""
        error: Exception | None = None
        for address in await self._guard.vet(host):
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Refuse Unix sockets: the fetcher only speaks TCP to vetted addresses."""
        raise httpcore.ConnectError("unix sockets are not used by the fetcher")

    async def sleep(self, seconds: float) -> None:
        """Sleep using the inner backend's clock."""
        await self._inner.sleep(seconds)
