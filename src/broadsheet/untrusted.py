"""Strings from outside (feeds, pages, import files) made safe to store and to serve as XML.

Two rules hold for every text and URL field Broadsheet stores:

- no character that XML 1.0 forbids (C0 controls other than tab, line feed and carriage
  return; U+FFFE and U+FFFF; lone surrogates): one such character in one article would make
  every RSS and Atom document that lists it unserialisable, and PostgreSQL refuses NUL;
- a URL field (an article's image, a feed's own and site address, an embed's link) holds an
  absolute http or https address or nothing: ``javascript:``, ``data:``, ``file:`` and
  relative addresses are never stored, so nothing can render or follow them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["url_problem", "web_url", "xml_text"]

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_WEB_SCHEMES = ("http", "https")


def xml_text(value: str) -> str:
    """Return ``value`` without the characters XML 1.0 forbids (tab, LF and CR are kept)."""
    return _FORBIDDEN.sub("", value) if _FORBIDDEN.search(value) else value


def url_problem(value: str | None) -> str | None:
    """Return in a few words why ``value`` is not an absolute http(s) URL, or None if it is."""
    value = xml_text(value or "").strip()
    if not value:
        return "the address is empty"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return "the address is malformed"
    scheme = parts.scheme.lower()
    if scheme not in _WEB_SCHEMES:
        return f"only http and https addresses are accepted, not {scheme or 'relative'} ones"
    if not host:
        return "the address has no host"
    return None


def web_url(value: str | None) -> str:
    """Return ``value`` stripped if it is an absolute http(s) URL with a host, else ""."""
    if not value:
        return ""
    return xml_text(value).strip() if url_problem(value) is None else ""
