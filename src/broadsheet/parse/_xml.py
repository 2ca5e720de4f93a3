"""RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and CDF through feedparser, mapped to ParsedFeed."""

from __future__ import annotations

import codecs
import html
import re
from typing import Any

import feedparser

from broadsheet.errors import FeedParseError
from broadsheet.parse._damage import describe_damage
from broadsheet.parse._identity import ItemDraft, build_items, unique_strings, usable_guid
from broadsheet.parse._sniff import not_a_feed, root_element
from broadsheet.parse._text import (
    absolute,
    is_absolute,
    plain_title,
    plausible_raw_date,
    struct_to_utc,
)
from broadsheet.parse._types import ParsedFeed

Entry = dict[str, Any]

_DECLARATION_MAX = 1024  # an XML declaration takes under 100 bytes
_ENCODING_ATTRIBUTE = re.compile(rb"encoding=[\"']")
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)", re.IGNORECASE)
_PERIOD_MINUTES = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200, "yearly": 525600}


def parse_xml(body: bytes, url: str, content_type: str | None, name: str) -> ParsedFeed:
    """Return the ParsedFeed for an XML feed document; raise FeedParseError for non-feeds."""
    # Without a content type feedparser assumes a bare HTTP answer; application/xml makes it
    # trust the document's own encoding declaration, as it does for plain bytes.
    headers = {"content-type": content_type or "application/xml"}
    if is_absolute(url):
        headers["content-location"] = url
    result = _feedparser(body, headers, name)
    feed: Entry = result.get("feed", {})
    base = url if is_absolute(url) else absolute(feed.get("link"), None)
    language = _text(feed.get("language")) or _detail_language(feed)
    drafts = [_draft(entry, base, language) for entry in result.get("entries", [])]
    items = build_items(drafts)
    version = str(result.get("version") or "")
    if not version and not items:
        raise not_a_feed(body, name)
    damage = describe_damage(result.get("bozo_exception"), len(items), body)
    return ParsedFeed(
        format=version or _guess_format(body),
        title=plain_title(_text(feed.get("title")), _title_type(feed)),
        site_url=absolute(_text(feed.get("link")), base),
        description=_text(feed.get("subtitle")),
        language=language,
        image=_feed_image(feed, base),
        items=items,
        damage=damage,
        ttl_minutes=_ttl_minutes(feed),
    )


def _feedparser(body: bytes, headers: dict[str, str], name: str) -> Any:
    """Return feedparser's result; raise FeedParseError where its handlers break on bad markup."""
    try:
        return feedparser.parse(
            _declaration_alone(body, name),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=True,
        )
    except (KeyError, OverflowError, ValueError) as exc:
        raise FeedParseError(
            f"{name} could not be read: it has {_what_broke(exc)}; the feed is broken and only "
            "its publisher can fix it"
        ) from exc


def _declaration_alone(body: bytes, name: str) -> bytes:
    """Return ``body``, its XML declaration put alone on the first line if feedparser would
    otherwise spend minutes on that line; raise FeedParseError if the declaration never ends.

    feedparser finds the declared encoding with ``^<\\?.*encoding=['"](.*?)['"].*\\?>`` over the
    first line, which backtracks once per quote for each ``encoding=`` after the line's last
    ``?>``: over a 77 KB line of repeated ``<?xml ... encoding="UTF-8"`` it ran for more than ten
    minutes (benchmarks/fuzz.py). A newline after the declaration changes nothing but the line
    numbers of XML errors in the damage note (one more).
    """
    start = len(codecs.BOM_UTF8) if body.startswith(codecs.BOM_UTF8) else 0
    newline = body.find(b"\n", start)
    line = body[start : newline if newline >= 0 else len(body)]
    if not line.startswith(b"<?") or len(line) <= _DECLARATION_MAX:
        return body
    last_end = line.rfind(b"?>")
    if not _ENCODING_ATTRIBUTE.search(line, last_end + 2 if last_end >= 0 else 0):
        return body
    end = line.find(b"?>", 0, _DECLARATION_MAX)
    if end < 0:
        raise FeedParseError(
            f"{name} starts with an XML declaration that does not end ('<?' and no '?>' in "
            f"its first {_DECLARATION_MAX} bytes): the feed is broken"
        )
    cut = start + end + 2
    return body[:cut] + b"\n" + body[cut:]


def _what_broke(exc: Exception) -> str:
    """Name the markup that made feedparser raise (found by benchmarks/fuzz.py)."""
    if isinstance(exc, KeyError):  # its GeoRSS handler looks up the enclosing element
        return "an element outside the one it belongs in (e.g. <gml:pos> outside <georss:where>)"
    if isinstance(exc, UnicodeError):
        return "a character reference to a surrogate (U+D800 to U+DFFF), which is no character"
    if isinstance(exc, OverflowError) or "chr()" in str(exc):
        return "a character reference beyond the last Unicode character"
    return "a character reference or number too long to read"


def _guess_format(body: bytes) -> str:
    """Return "cdf" for Channel Definition Format documents, else "unknown"."""
    return "cdf" if root_element(body) == "channel" else "unknown"


def _text(value: object) -> str:
    """Return ``value`` when it is a string, else ""."""
    return value if isinstance(value, str) else ""


def _detail_language(node: Entry) -> str | None:
    """Return the xml:lang feedparser recorded on the node's title, summary or content."""
    for key in ("title_detail", "summary_detail", "subtitle_detail"):
        detail = node.get(key)
        if isinstance(detail, dict) and detail.get("language"):
            return str(detail["language"])
    return None


def _html_of(detail: Entry | None, value: str) -> str:
    """Return a text construct as HTML: plain text is escaped, HTML kept as given."""
    if detail and detail.get("type") == "text/plain":
        return html.escape(value, quote=False)
    return value


def _content(entry: Entry) -> str:
    """Return the entry's full content (first HTML-ish content element), or ""."""
    contents = entry.get("content") or []
    chosen = next((c for c in contents if "html" in str(c.get("type", ""))), None)
    chosen = chosen or (contents[0] if contents else None)
    return _html_of(chosen, _text(chosen.get("value"))) if chosen else ""


def _summary(entry: Entry) -> str:
    """Return the entry's own summary; feedparser's copy of the content does not count."""
    detail = entry.get("summary_detail")
    if detail is None:
        return ""
    return _html_of(detail, _text(entry.get("summary")))


def _date(entry: Entry, key: str) -> tuple[Any, str | None]:
    """Return (UTC datetime or None, raw string or None) for ``published`` or ``updated``."""
    raw = _text(entry.get(key)) or None
    if not plausible_raw_date(raw):
        return None, raw
    return struct_to_utc(entry.get(f"{key}_parsed")), raw


def _authors(entry: Entry) -> tuple[str, ...]:
    """Return author names (or e-mail addresses when no name is given)."""
    people = entry.get("authors") or []
    names: list[str | None] = [
        p.get("name") or p.get("email") for p in people if isinstance(p, dict)
    ]
    return unique_strings(names or [_text(entry.get("author"))])


def _categories(entry: Entry) -> tuple[str, ...]:
    """Return category terms (labels when a term is missing)."""
    tags = entry.get("tags") or []
    return unique_strings(t.get("term") or t.get("label") for t in tags if isinstance(t, dict))


def _looks_image(mime: object, medium: object, href: str) -> bool:
    """Return True when a media reference is an image by type, medium or file extension."""
    if isinstance(mime, str) and mime:
        return mime.startswith("image/")
    if isinstance(medium, str) and medium:
        return medium == "image"
    return bool(_IMAGE_EXT.search(href))


def _image(entry: Entry, base: str | None) -> str | None:
    """Return the item's picture from enclosure, media:content or media:thumbnail."""
    for link in entry.get("links") or []:
        href = _text(link.get("href"))
        if link.get("rel") == "enclosure" and href and _looks_image(link.get("type"), None, href):
            return absolute(href, base)
    for media in entry.get("media_content") or []:
        href = _text(media.get("url"))
        if href and _looks_image(media.get("type"), media.get("medium"), href):
            return absolute(href, base)
    for thumb in entry.get("media_thumbnail") or []:
        if _text(thumb.get("url")):
            return absolute(thumb["url"], base)
    return None


def _draft(entry: Entry, base: str | None, feed_language: str | None) -> ItemDraft:
    """Return the ItemDraft for one feedparser entry."""
    link = _text(entry.get("feedburner_origlink")) or _text(entry.get("link"))
    published, published_raw = _date(entry, "published")
    updated, updated_raw = _date(entry, "updated")
    return ItemDraft(
        guid=usable_guid(entry.get("id")),
        url=absolute(link, base),
        title=plain_title(_text(entry.get("title")), _title_type(entry)),
        summary_html=_summary(entry),
        content_html=_content(entry),
        authors=_authors(entry),
        categories=_categories(entry),
        image=_image(entry, base),
        published=published,
        published_raw=published_raw,
        updated=updated,
        updated_raw=updated_raw,
        language=_detail_language(entry) or feed_language,
    )


def _title_type(node: Entry) -> str:
    """Return the content type feedparser gave the node's title (RSS titles: as guessed)."""
    detail = node.get("title_detail")
    return _text(detail.get("type")) if isinstance(detail, dict) else "text/plain"


def _feed_image(feed: Entry, base: str | None) -> str | None:
    """Return the channel image, Atom logo or icon, absolute."""
    image = feed.get("image")
    href = _text(image.get("href")) if isinstance(image, dict) else ""
    return absolute(href or _text(feed.get("logo")) or _text(feed.get("icon")), base)


def _ttl_minutes(feed: Entry) -> int | None:
    """Return the publisher's refresh hint in minutes from <ttl> or sy:updatePeriod."""
    ttl = _text(feed.get("ttl")).strip()
    if ttl.isdigit() and int(ttl) > 0:
        return int(ttl)
    period = _PERIOD_MINUTES.get(_text(feed.get("sy_updateperiod")).strip().lower())
    if period is None:
        return None
    frequency = _text(feed.get("sy_updatefrequency")).strip()
    per = int(frequency) if frequency.isdigit() and int(frequency) > 0 else 1
    return max(1, period // per)
