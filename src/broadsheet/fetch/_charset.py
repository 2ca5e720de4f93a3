"""Find a document's character encoding and decode it without ever failing."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

__all__ = ["decode", "detect_encoding", "header_charset"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)""")
_META = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_SNIFF_BYTES = 2048
# WHATWG: these labels mean windows-1252 on the web, a superset that decodes more real pages.
_WEB_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


def _known(label: str) -> str | None:
    label = label.strip().strip("'\"").lower()
    try:
        codecs.lookup(label)
    except LookupError:
        return None
    return label or None


def header_charset(content_type: str | None) -> str | None:
    """Return the known charset named by a Content-Type header value, if any."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return _known(value)
    return None


def _sniff(body: bytes) -> str | None:
    head = body[:_SNIFF_BYTES]
    match = _XML_DECL.match(head) or _META.search(head)
    if not match:
        return None
    label = _known(match.group(1).decode("ascii", "replace"))
    # A document readable as ASCII cannot really be UTF-16/32 without a BOM (WHATWG rule).
    if label and label.replace("-", "").startswith(("utf16", "utf32")):
        return "utf-8"
    return label


def detect_encoding(content_type: str | None, body: bytes) -> str | None:
    """Name the body's encoding: a BOM first, then the Content-Type charset, then an in-document declaration."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return header_charset(content_type) or _sniff(body)


def decode(body: bytes, encoding: str | None) -> str:
    """Decode ``body``, guessing with charset_normalizer when no encoding is known; never raises."""
    if encoding:
        text = body.decode(_WEB_ALIASES.get(encoding, encoding), "replace")
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(body).best()
            text = str(best) if best is not None else body.decode("utf-8", "replace")
    return text.removeprefix("\ufeff")
