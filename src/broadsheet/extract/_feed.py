"""A feed document parsed, with each item's reading HTML made safe to show before extraction."""

from __future__ import annotations

from broadsheet.parse import ParsedFeed, parse_feed

from ._sanitize import sanitize_html


def parse_with_display(
    body: bytes, url: str, content_type: str | None = None
) -> tuple[ParsedFeed, dict[str, str]]:
    """Return the parsed feed and each item's sanitised display HTML by item key.

    Runs in the parse pool (no Django here): the display HTML is what every output serves
    until the article's page is extracted; the raw item markup stays for the extractor.
    """
    parsed = parse_feed(body, url, content_type)
    display = {
        item.key: sanitize_html(item.content_html or item.summary_html, item.url or url)
        for item in parsed.items
    }
    return parsed, display
