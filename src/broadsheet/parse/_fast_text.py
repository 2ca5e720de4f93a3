"""Fast path: text values finished as feedparser finishes them when an element closes."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from html.entities import name2codepoint

from feedparser.html import _BaseHTMLProcessor, _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin, resolve_relative_uris

from broadsheet.parse._fast_elements import _Fallback

_RELATIVE_URI = frozenset(_FeedParserMixin.can_be_relative_uri)
_HTML_ELEMENTS = frozenset(_FeedParserMixin.can_contain_relative_uris)
_HTML_TYPES = frozenset(_FeedParserMixin.html_types)
_C1 = re.compile("[\x80-\x9f]")
_SIMPLE_HTML = re.compile(
    r"(?:[^<&]++|&(?:#x[0-9a-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);|</?[a-z][a-z0-9]*>)*+"
)
_TOKEN = re.compile(r"&(#x[0-9a-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);|</?([a-z][a-z0-9]*)>")
_REWRITTEN_TAGS = frozenset(_BaseHTMLProcessor.elements_no_end_tag) | {
    "script",
    "style",
    "plaintext",
    "xmp",
    "listing",
}
_looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html


def _finish(text: str, element: str, base: str, kind: str | None = None, guess: bool = True) -> str:
    """Return ``text`` after the steps feedparser's ``pop`` applies when ``element`` closes.

    ``kind`` is the content type of text constructs (title, description, content), None for
    plain elements, which feedparser treats as HTML for the purpose of URI resolution.
    ``guess``: whether plain text that looks like HTML is taken as HTML (not in Atom).
    """
    out = text.strip()
    if out and element in _RELATIVE_URI:
        out = _urljoin(base, out)
    if kind == "text/plain" and guess:
        kind = _upgraded(kind, out)
    if (kind or "text/html") in _HTML_TYPES and element in _HTML_ELEMENTS:
        out = _resolve_html(out, base, kind or "text/html")
    if out.isascii():  # neither repair below can change ASCII text
        return out
    with suppress(UnicodeEncodeError, UnicodeDecodeError):
        # feedparser's repair of UTF-8 that was decoded as Latin-1 somewhere upstream
        out = out.encode("iso-8859-1").decode("utf-8")
    return out.translate(_cp1252) if _C1.search(out) else out


def _resolve_html(html: str, base: str, kind: str) -> str:
    """Return feedparser's ``resolve_relative_uris`` of ``html``, skipping it when it is a no-op.

    feedparser re-serialises embedded HTML through sgmllib. For text holding only known
    entity and character references and attribute-less tags (no void elements) that round
    trip is the identity, apart from its rewriting of &#39; and &#34;.
    """
    if "<" not in html and "&" not in html:
        return html
    simple = html.replace("&#39;", "'").replace("&#34;", '"')
    if _SIMPLE_HTML.fullmatch(simple) and all(map(_plain_token, _TOKEN.finditer(simple))):
        return simple
    out: str = resolve_relative_uris(html, base, "utf-8", kind)
    return out


def _plain_token(match: re.Match[str]) -> bool:
    """Return True when sgmllib writes this reference or tag back exactly as it is."""
    name, tag = match.group(1), match.group(2)
    if tag is not None:
        return tag not in _REWRITTEN_TAGS
    if not name.startswith("#"):
        return name in name2codepoint or name == "apos"
    value = int(name[2:], 16) if name.startswith("#x") else int(name[1:])
    return value not in _cp1252  # C1 references are rewritten to their cp1252 meaning


def _content_type(kind: str) -> str:
    """Return feedparser's content type for a type attribute; unverified ones fall back."""
    mapped: str = _FeedParserMixin.map_content_type(kind)
    if mapped not in ("text/plain", "text/html"):
        raise _Fallback(f"content of type {kind!r}")
    return mapped


def _upgraded(kind: str, value: str) -> str:
    """Return "text/html" for plain text that feedparser decides looks like HTML."""
    if kind == "text/plain" and ("<" in value or "&" in value) and _looks_like_html(value):
        return "text/html"
    return kind
