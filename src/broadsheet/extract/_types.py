"""The frozen values the extract package hands to the rest of Broadsheet."""

from __future__ import annotations

import re
from dataclasses import dataclass

_IMAGE = re.compile(r"<img\b", re.IGNORECASE)


@dataclass(frozen=True)
class Embed:
    """One social post or video embedded in an article, found in markup or in flattened text."""

    platform: str
    url: str | None
    author: str | None
    handle: str | None
    published: str | None
    text: str
    source: str


@dataclass(frozen=True)
class Extracted:
    """A publisher page reduced to its article: metadata, clean text, safe reading HTML, embeds."""

    url: str | None
    title: str | None
    authors: tuple[str, ...]
    published: str | None
    language: str | None
    image: str | None
    sitename: str | None
    description: str | None
    text: str
    html: str
    embeds: tuple[Embed, ...]
    word_count: int


@dataclass(frozen=True)
class ContentChoice:
    """Which content to show for an item (the feed's or the page's) and, in plain words, why."""

    source: str
    reason: str
    text: str
    html: str

    @property
    def has_content(self) -> bool:
        """True when the chosen content shows the reader something: text or an image."""
        return bool(self.text.strip() or _IMAGE.search(self.html))
