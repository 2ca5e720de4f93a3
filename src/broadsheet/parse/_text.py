"""Small text helpers shared by the XML and JSON readers: titles, URLs and dates."""

from __future__ import annotations

import html
import re
import time
from calendar import timegm
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL)
_SPACE = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Return ``text`` with runs of whitespace turned into one space and the ends trimmed."""
    return _SPACE.sub(" ", text).strip()


def plain_title(text: str | None) -> str:
    """Return a title as plain text: tags stripped, entities decoded, whitespace collapsed."""
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return collapse(text)


def is_absolute(url: str | None) -> bool:
    """Return True when ``url`` has an http(s) scheme and a host."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def absolute(url: str | None, base: str | None) -> str | None:
    """Return ``url`` as a web address resolved against ``base``; None if blank or not http(s).

    Without a usable base a relative URL stays relative; ``tag:``, ``mailto:``, ``data:`` and
    other non-web schemes are never returned, since nothing can link to them.
    """
    if not url or not url.strip():
        return None
    url = url.strip()
    if base and not is_absolute(url):
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    return url if scheme in ("", "http", "https") else None


def struct_to_utc(value: time.struct_time | None) -> datetime | None:
    """Return feedparser's UTC ``struct_time`` as an aware datetime, None when impossible."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def iso_to_utc(raw: str | None) -> datetime | None:
    """Return an RFC 3339 date as an aware UTC datetime (naive means UTC); None if invalid."""
    if not raw or not isinstance(raw, str):
        return None
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def plausible_raw_date(raw: str | None) -> bool:
    """Return False for raw dates feedparser would misread, such as bare digit runs."""
    return bool(raw) and not str(raw).strip().isdigit()
