"""Read a streamed body, decompressing it ourselves so the *decompressed* size stays bounded.

httpx's own decoders inflate each network chunk in one go, so a 64 KiB chunk of a gzip bomb
could become ~64 MiB before anyone could count it. Here every ``decompress`` call is capped
with ``max_length``, so memory never exceeds the limit plus one chunk.
"""

from __future__ import annotations

import zlib

import httpx

from broadsheet.errors import TooLargeError
from broadsheet.fetch._errors import ContentDecodingError, TruncatedError

__all__ = ["ACCEPT_ENCODING", "read_body"]

ACCEPT_ENCODING = "gzip, deflate"
_GZIP_MAGIC = b"\x1f\x8b"


class _Identity:
    def feed(self, data: bytes, room: int) -> bytes:
        return data

    def flush(self) -> bytes:
        return b""


class _Inflater:
    """gzip (several members allowed) or deflate (zlib-wrapped or raw), output capped per call."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding in {"gzip", "x-gzip"}
        self._wbits = 31 if self._gzip else 15
        self._zlib = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        parts: list[bytes] = []
        while data:
            try:
                out = self._zlib.decompress(data, room + 1)
            except zlib.error as exc:
                if self._started or self._gzip or self._wbits < 0:
                    raise ContentDecodingError(f"corrupt compressed body: {exc}") from exc
                self._wbits = -15  # "deflate" sent as a raw stream, as some servers do
                self._zlib = zlib.decompressobj(self._wbits)
                continue
            self._started = True
            parts.append(out)
            room -= len(out)
            if room < 0:
                break
            data = self._next_member()
        return b"".join(parts)

    def _next_member(self) -> bytes:
        rest = self._zlib.unused_data if self._zlib.eof else b""
        if not rest.startswith(_GZIP_MAGIC) or not self._gzip:
            return b""  # trailing garbage after the stream is ignored, as browsers do
        self._zlib = zlib.decompressobj(self._wbits)
        return rest

    def flush(self) -> bytes:
        return self._zlib.flush()


def _decoder(response: httpx.Response) -> _Identity | _Inflater:
    header = response.headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in {"gzip", "x-gzip", "deflate"}:
        return _Inflater(codings[0])
    raise ContentDecodingError(
        f"the server sent a body encoded as {header!r}; only {ACCEPT_ENCODING} are supported"
    )


def _too_large(url: str, limit: int, what: str) -> TooLargeError:
    return TooLargeError(
        f"{url}: {what} is larger than the {limit:,}-byte limit (BROADSHEET_FETCH_MAX_BYTES)",
        url=url,
    )


async def read_body(response: httpx.Response, limit: int, url: str) -> tuple[bytes, int]:
    """Return (decompressed body, bytes on the wire); raise TooLargeError past ``limit`` decompressed bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(url, limit, f"the declared body ({int(declared):,} bytes)")
    if response.is_stream_consumed:  # a transport that hands over finished responses (mocks)
        return response.content, len(response.content)
    decoder = _decoder(response)
    parts: list[bytes] = []
    size = wire = 0
    try:
        async for chunk in response.aiter_raw():
            wire += len(chunk)
            out = decoder.feed(chunk, limit - size)
            size += len(out)
            if size > limit:
                raise _too_large(url, limit, "the body")
            parts.append(out)
    except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise TruncatedError(
            f"{url}: the connection closed after {wire:,} bytes, before the whole body arrived ({exc})",
            url=url,
            status=response.status_code,
        ) from exc
    parts.append(decoder.flush())
    if size + len(parts[-1]) > limit:
        raise _too_large(url, limit, "the body")
    return b"".join(parts), wire
