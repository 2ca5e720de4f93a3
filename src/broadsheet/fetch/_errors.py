"""Fetch failures that ``broadsheet.errors`` does not name yet (each keeps its own ``kind``)."""

from __future__ import annotations

from broadsheet.errors import FetchError

__all__ = ["ContentDecodingError", "InvalidURLError", "TruncatedError"]


class TruncatedError(FetchError):
    """The connection closed before the whole body arrived."""

    kind = "truncated"


class ContentDecodingError(FetchError):
    """The body's Content-Encoding is unknown or the compressed data is corrupt."""

    kind = "bad_encoding"


class InvalidURLError(FetchError):
    """The URL is malformed or uses a scheme other than http or https."""

    kind = "invalid_url"
