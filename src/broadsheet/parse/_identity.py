"""Item identity: pick each item's key, drop empty items and duplicates within one document."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from broadsheet.parse._text import collapse
from broadsheet.parse._types import FeedItem

# guid values some publishers put on every item; they identify nothing.
_MEANINGLESS_GUIDS = frozenset({"", "0", "null", "none", "undefined", "nil", "-"})


@dataclass(frozen=True)
class ItemDraft:
    """Everything about an item except its identity, which needs the whole document."""

    guid: str | None
    url: str | None
    title: str
    summary_html: str
    content_html: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    image: str | None
    published: datetime | None
    published_raw: str | None
    updated: datetime | None
    updated_raw: str | None
    language: str | None

    def is_empty(self) -> bool:
        """Return True for an item carrying nothing a reader could show or link to."""
        return not (self.guid or self.url or self.title or self.summary_html or self.content_html)


def content_hash(title: str, url: str | None, body: str) -> str:
    """Return the sha256 hex digest of whitespace-normalised title, URL and body."""
    text = "\x1f".join((collapse(title), url or "", collapse(body)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def usable_guid(raw: object) -> str | None:
    """Return the guid stripped, or None when it is missing or obviously not unique."""
    if not isinstance(raw, str):
        return None
    guid = raw.strip()
    return None if guid.lower() in _MEANINGLESS_GUIDS else guid


def _shared_guids(drafts: list[ItemDraft]) -> set[str]:
    """Return guids that items with *different* links share (a broken CMS): no identity."""
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for draft in drafts:
        if draft.guid is None or draft.url is None:
            continue
        if seen.setdefault(draft.guid, draft.url) != draft.url:
            shared.add(draft.guid)
    return shared


def _finish(draft: ItemDraft, guid: str | None) -> FeedItem:
    """Return the FeedItem for ``draft`` keyed by guid, else URL, else content hash."""
    digest = content_hash(draft.title, draft.url, draft.content_html or draft.summary_html)
    if guid:
        key, kind = guid, "guid"
    elif draft.url:
        key, kind = draft.url, "link"
    else:
        key, kind = f"sha256:{digest}", "hash"
    return FeedItem(
        key=key,
        key_kind=kind,
        url=draft.url,
        title=draft.title,
        summary_html=draft.summary_html,
        content_html=draft.content_html,
        authors=draft.authors,
        categories=draft.categories,
        image=draft.image,
        published=draft.published,
        published_raw=draft.published_raw,
        updated=draft.updated,
        updated_raw=draft.updated_raw,
        content_hash=digest,
        language=draft.language,
    )


def build_items(drafts: Iterable[ItemDraft]) -> tuple[FeedItem, ...]:
    """Return the document's items with keys, empty ones dropped, the first of each key kept."""
    kept = [draft for draft in drafts if not draft.is_empty()]
    shared = _shared_guids(kept)
    items: list[FeedItem] = []
    seen: set[str] = set()
    for draft in kept:
        item = _finish(draft, None if draft.guid in shared else draft.guid)
        if item.key not in seen:
            seen.add(item.key)
            items.append(item)
    return tuple(items)


def unique_strings(values: Iterable[str | None]) -> tuple[str, ...]:
    """Return the non-blank values stripped, first occurrence kept, order preserved."""
    out: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            out.setdefault(value.strip(), None)
    return tuple(out)
