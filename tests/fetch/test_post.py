"""post_json: a webhook POST through the address guard, answering only with the status."""

from __future__ import annotations

import pytest

from broadsheet.errors import BlockedAddressError, InvalidURLError
from broadsheet.fetch import FetchPolicy, post_json
from tests.fetch.conftest import FAST
from tests.support.server import LocalServer


def test_the_status_is_returned(local_server: LocalServer) -> None:
    # LocalServer answers GET and HEAD only, so a POST that arrives gets 501.
    assert post_json(local_server.url("/hook"), {"x": 1}, policy=FAST) == 501
    assert local_server.connections_opened == 1


def test_a_private_address_is_refused_before_connecting(local_server: LocalServer) -> None:
    with pytest.raises(BlockedAddressError, match="loopback"):
        post_json(local_server.url("/hook"), {"x": 1}, policy=FetchPolicy(timeout=1.0))
    assert local_server.connections_opened == 0


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:x"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(InvalidURLError):
        post_json(url, {}, policy=FAST)
