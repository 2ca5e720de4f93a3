"""An article's reading HTML as every output serves it: sanitised, or escaped text."""

from __future__ import annotations

from broadsheet.extract import paragraphs_html, sanitize_html


def reading_html(html: str, text: str = "") -> str:
    """Return stored reading HTML sanitised again (nh3), or ``text`` as escaped paragraphs.

    The stored ``html`` was sanitised when it was written; cleaning it again here (tens of
    microseconds per article) keeps rows written by older versions, or by hand through the
    admin, from reaching a client unsanitised.
    """
    cleaned = sanitize_html(html) if html.strip() else ""
    return cleaned or paragraphs_html(text)
