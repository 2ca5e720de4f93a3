"""The frozen subscription value OPML files are read into and written from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Subscription:
    """One feed to follow; ``category`` is the folder path, outermost first, () if none."""

    feed_url: str
    title: str | None
    site_url: str | None
    category: tuple[str, ...] = ()
