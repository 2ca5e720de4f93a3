"""Fetch failures re-exported from :mod:`broadsheet.errors`, where the whole hierarchy lives."""

from __future__ import annotations

from broadsheet.errors import ContentDecodingError, InvalidURLError, TruncatedError

__all__ = ["ContentDecodingError", "InvalidURLError", "TruncatedError"]
