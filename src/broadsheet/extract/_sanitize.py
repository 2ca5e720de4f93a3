"""Reduce any HTML to the small, safe subset Broadsheet shows to readers."""

from __future__ import annotations

import html
from urllib.parse import urljoin, urlsplit

import nh3

from broadsheet.untrusted import xml_text

from ._depth import shallow

_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "img",
    "figure",
    "figcaption",
    "em",
    "strong",
    "br",
    "pre",
    "code",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
_DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "noscript",
    "svg",
    "math",
    "template",
    "object",
    "embed",
    "textarea",
    "select",
    "button",
    "head",
    "title",
    "frameset",
    "noembed",
    "xmp",
}
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_ATTRIBUTES = frozenset({"href", "src"})


def absolute_url(value: str, base_url: str | None) -> str | None:
    """Return ``value`` as an absolute http(s)/mailto URL, or None when it is unsafe or unusable."""
    value = value.strip()
    if not value or value.startswith("#"):
        return None
    try:
        joined = urljoin(base_url, value) if base_url else value
        scheme = urlsplit(joined).scheme.lower()
    except ValueError:
        return None
    if scheme in _SAFE_SCHEMES or (not scheme and not base_url and not value.startswith("//")):
        return joined
    return None


def sanitize_html(html: str, base_url: str | None = None) -> str:
    """Return ``html`` cut down to reading markup: no scripts, styles, frames or handlers."""

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES:
            return absolute_url(value, base_url)
        return value

    # nh3 decodes character references, so "&#14;" comes out as U+000E: removed after cleaning
    return xml_text(
        nh3.clean(
            shallow(html),  # deep nesting costs nh3 time by the square of the depth
            tags=_TAGS,
            clean_content_tags=_DROP_WITH_CONTENT,
            attributes=_ATTRIBUTES,
            attribute_filter=keep_attribute,
            url_schemes=set(_SAFE_SCHEMES),
            link_rel="nofollow noopener",
            strip_comments=True,
        )
    ).strip()


def paragraphs_html(text: str) -> str:
    """Return plain text as escaped HTML paragraphs (blank lines separate paragraphs)."""
    return "".join(
        f"<p>{html.escape(xml_text(p), quote=False)}</p>" for p in text.split("\n\n") if p.strip()
    )
