"""Small text helpers shared by the XML and JSON readers: titles, URLs and dates."""

from __future__ import annotations

import re
import time
from calendar import timegm
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

_SPACE = re.compile(r"\s+")
# HTML types as feedparser's title_detail reports them (RSS titles that look like HTML too)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
_UNCLOSED_COMMENT = re.compile(r"<!--(?:(?!-->).)*\Z", re.DOTALL)
_HIDDEN = frozenset({"script", "style", "noscript", "template", "title", "head"})
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"})


def collapse(text: str) -> str:
    """Return ``text`` with runs of whitespace turned into one space and the ends trimmed."""
    return _SPACE.sub(" ", text).strip()


class _TextOnly(HTMLParser):
    """Collects the text an HTML fragment shows: no tags, comments, declarations or scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """Return the text an HTML fragment displays, one level of references decoded.

    Parsed by an HTML parser (not a regex), so script and style bodies, ``<!DOCTYPE>``,
    processing instructions and comments (an unclosed one runs to the end, as in HTML)
    never become text, and escaped markup such as ``&lt;b&gt;`` stays literal text.
    """
    parser = _TextOnly()
    parser.feed(_UNCLOSED_COMMENT.sub("", markup))
    parser.close()
    return collapse("".join(parser.parts))


def plain_title(text: str | None, kind: str | None = "text/plain") -> str:
    """Return a title as the plain text a reader sees, whitespace collapsed.

    ``kind`` is the title's declared type as feedparser reports it: a ``text/plain`` title
    is already text (literal angle brackets are kept; outputs escape them), an HTML one is
    reduced to its text by an HTML parser. The result is text, never markup.
    """
    if not text:
        return ""
    if kind in HTML_TYPES:
        return html_text(text)
    return collapse(text)


def is_absolute(url: str | None) -> bool:
    """Return True when ``url`` has an http(s) scheme and a host."""
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1": an unclosed IPv6 address
        return False
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
    try:
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    except ValueError:  # "http://[::1": an unclosed IPv6 address
        return None
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
