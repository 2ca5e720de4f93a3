"""What one successful fetch returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from broadsheet.fetch._charset import decode

__all__ = ["FetchResult"]


@dataclass(frozen=True)
class FetchResult:
    """A 2xx or 304 answer with its decompressed body and what the pipeline needs to fetch politely next time."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    encoding: str | None
    etag: str | None
    last_modified: str | None
    permanent_redirect: str | None
    redirects: tuple[str, ...]
    elapsed: float
    wire_bytes: int

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304: the copy we hold is current."""
        return self.status == 304

    def text(self) -> str:
        """Return the body as text, decoded with ``encoding`` or a best guess; never raises."""
        return decode(self.body, self.encoding)
