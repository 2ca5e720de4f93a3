"""A failure the HTTP library gives no words for is still told in words, never by its class name."""

from __future__ import annotations

import httpx
import pytest

from broadsheet.errors import ConnectionFailedError
from tests.fetch.conftest import make_fetcher

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "error", [httpx.ReadError(""), httpx.ConnectError(""), httpx.RemoteProtocolError("")]
)
async def test_a_wordless_transport_error_names_no_class(error: httpx.HTTPError) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    async with make_fetcher(retries=0, transport=httpx.MockTransport(fail)) as fetcher:
        with pytest.raises(ConnectionFailedError) as caught:
            await fetcher.get("http://127.0.0.1:9/feed")
    message = str(caught.value)
    assert type(error).__name__ not in message and "()" not in message, message
    assert message.startswith("http://127.0.0.1:9/feed: ")
