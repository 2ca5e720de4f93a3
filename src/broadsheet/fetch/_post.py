"""A guarded POST for webhooks: the address guard and pinned connections every GET has.

A webhook URL is a reader's, and the server POSTs to it. Vetting its host and then letting
httpx resolve the name again would let a DNS that answers a public address first and a
private one next (rebinding) aim the POST into the private network; here the connection goes
through the same :class:`~broadsheet.fetch._transport.HostPools` as every fetch, so it can
only reach an address the guard vetted. The answer's body is never read.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from broadsheet.errors import FetchTimeoutError
from broadsheet.fetch._fetcher import _connection_error, _host_of
from broadsheet.fetch._guard import AddressGuard, Resolver
from broadsheet.fetch._policy import FetchPolicy
from broadsheet.fetch._transport import HostPools

__all__ = ["post_json"]


async def _post(url: str, payload: Any, policy: FetchPolicy, resolver: Resolver | None) -> int:
    guard = AddressGuard(policy.allow_networks, resolver)
    await guard.vet(_host_of(url), url)
    client = httpx.AsyncClient(
        transport=HostPools(guard, 1, idle_after=policy.timeout),
        headers={"User-Agent": policy.user_agent},
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=False,
        trust_env=False,
    )
    async with client:
        try:
            async with asyncio.timeout(policy.timeout):
                async with client.stream("POST", url, json=payload) as response:
                    return response.status_code
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise FetchTimeoutError(
                f"{url}: no answer within {policy.timeout:g} s", url=url
            ) from exc
        except httpx.HTTPError as exc:
            raise _connection_error(url, exc) from exc


def post_json(
    url: str, payload: Any, *, policy: FetchPolicy | None = None, resolver: Resolver | None = None
) -> int:
    """POST ``payload`` as JSON to a public http(s) URL; return the status or raise FetchError."""
    return asyncio.run(_post(url, payload, policy or FetchPolicy(), resolver))
