"""Publisher page HTML → clean article: text, safe reading HTML, metadata and embedded posts."""

from __future__ import annotations

from ._choose import choose_content
from ._embeds import find_embeds
from ._extract import extract_article
from ._feed import parse_with_display
from ._sanitize import paragraphs_html, sanitize_html
from ._text_embeds import find_text_embeds
from ._types import ContentChoice, Embed, Extracted

__all__ = [
    "ContentChoice",
    "Embed",
    "Extracted",
    "choose_content",
    "extract_article",
    "find_embeds",
    "find_text_embeds",
    "paragraphs_html",
    "parse_with_display",
    "sanitize_html",
]
