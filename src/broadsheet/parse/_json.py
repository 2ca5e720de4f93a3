"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org) read with the standard library."""

from __future__ import annotations

import html
import json
from typing import Any

from broadsheet.errors import FeedParseError
from broadsheet.parse._fast_text import _upgraded
from broadsheet.parse._identity import ItemDraft, build_items, unique_strings, usable_guid
from broadsheet.parse._text import absolute, is_absolute, iso_to_utc, plain_title
from broadsheet.parse._types import ParsedFeed

Obj = dict[str, Any]
_VERSION_PREFIX = "https://jsonfeed.org/version/"


def _title(text: str) -> str:
    """Return a JSON Feed title as text: plain by the spec, HTML when it looks like HTML.

    Publishers put entities and tags in JSON titles as they do in RSS, so the title is
    typed the way feedparser types an RSS title.
    """
    return plain_title(text, _upgraded("text/plain", text.strip()))


def _load(body: bytes, name: str) -> Obj:
    """Return the decoded top-level object, or raise FeedParseError saying what is wrong."""
    try:
        data = json.loads(body.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        raise FeedParseError(f"{name} is broken JSON at line {exc.lineno}: {exc.msg}") from exc
    except RecursionError as exc:  # arrays or objects nested thousands deep
        raise FeedParseError(f"{name} is JSON nested too deeply to be a JSON Feed") from exc
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise FeedParseError(f"{name} is JSON with a number too long to read") from exc
    if not isinstance(data, dict):
        raise FeedParseError(f"{name} is JSON but not a JSON Feed (no top-level object)")
    version = data.get("version")
    if not (isinstance(version, str) and version.replace("\\/", "/").startswith(_VERSION_PREFIX)):
        raise FeedParseError(f"{name} is JSON but not a JSON Feed (no jsonfeed.org version)")
    return data


def _format(version: str) -> str:
    """Return "json10" or "json11" from the version URL (later versions read as 1.1)."""
    return "json10" if version.rstrip("/").endswith("/1") else "json11"


def _str(value: object) -> str:
    """Return strings as they are, numbers as text, anything else as ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _authors(node: Obj) -> tuple[str, ...]:
    """Return author names from 1.1 ``authors`` or 1.0 ``author``."""
    people = node.get("authors")
    if not isinstance(people, list):
        people = [node.get("author")]
    return unique_strings(_str(p.get("name")) for p in people if isinstance(p, dict))


def _image(item: Obj, base: str | None) -> str | None:
    """Return the item image, banner image, or first image attachment, absolute."""
    href = _str(item.get("image")) or _str(item.get("banner_image"))
    attachments = item.get("attachments")
    if not href and isinstance(attachments, list):
        for attachment in attachments:
            if isinstance(attachment, dict) and _str(attachment.get("mime_type")).startswith(
                "image/"
            ):
                href = _str(attachment.get("url"))
                break
    return absolute(href, base)


def _draft(item: Obj, base: str | None, feed_language: str | None) -> ItemDraft:
    """Return the ItemDraft for one JSON Feed item."""
    content = _str(item.get("content_html"))
    if not content and _str(item.get("content_text")):
        content = html.escape(_str(item["content_text"]), quote=False)
    published_raw = _str(item.get("date_published")) or None
    updated_raw = _str(item.get("date_modified")) or None
    tags = item.get("tags")
    return ItemDraft(
        guid=usable_guid(_str(item.get("id"))),
        url=absolute(_str(item.get("url")) or _str(item.get("external_url")), base),
        title=_title(_str(item.get("title"))),
        summary_html=html.escape(_str(item.get("summary")), quote=False),
        content_html=content,
        authors=_authors(item),
        categories=unique_strings(_str(t) for t in tags) if isinstance(tags, list) else (),
        image=_image(item, base),
        published=iso_to_utc(published_raw),
        published_raw=published_raw,
        updated=iso_to_utc(updated_raw),
        updated_raw=updated_raw,
        language=_str(item.get("language")) or feed_language,
    )


def _damage(data: Obj, valid: int, kept: int) -> str | None:
    """Return a plain description of a missing items list or items that are not objects."""
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        return "JSON Feed has no items list; 0 items recovered"
    if valid < len(raw_items):
        return f"some items are not JSON objects; {kept} of {len(raw_items)} items recovered"
    return None


def parse_json(body: bytes, url: str, name: str) -> ParsedFeed:
    """Return the ParsedFeed for a JSON Feed document; raise FeedParseError otherwise."""
    data = _load(body, name)
    base = url if is_absolute(url) else (_str(data.get("feed_url")) or None)
    language = _str(data.get("language")) or None
    raw_items = data.get("items")
    raw_items = raw_items if isinstance(raw_items, list) else []
    drafts = [_draft(item, base, language) for item in raw_items if isinstance(item, dict)]
    items = build_items(drafts)
    return ParsedFeed(
        format=_format(_str(data.get("version"))),
        title=_title(_str(data.get("title"))),
        site_url=absolute(_str(data.get("home_page_url")), base),
        description=_str(data.get("description")),
        language=language,
        image=absolute(_str(data.get("icon")) or _str(data.get("favicon")), base),
        items=items,
        damage=_damage(data, len(drafts), len(items)),
        ttl_minutes=None,
    )
