"""parse_feed: the one entry point turning fetched bytes into a ParsedFeed."""

from __future__ import annotations

from dataclasses import replace

from broadsheet.parse._elements import refuse_too_many_elements, refuse_too_many_objects
from broadsheet.parse._entities import refuse_entity_bombs
from broadsheet.parse._fast import parse_fast
from broadsheet.parse._json import parse_json
from broadsheet.parse._sniff import is_json, refuse_early, strip_space_before_declaration
from broadsheet.parse._types import FeedItem, ParsedFeed
from broadsheet.parse._xml import parse_xml
from broadsheet.untrusted import web_url, xml_text


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Return the feed in ``body`` (fetched from ``url``); raise FeedParseError if it is none.

    Plain RSS takes a fast lxml path that gives exactly what feedparser would; everything
    else (and anything the fast path is unsure of) goes through feedparser.
    """
    name = url or "The document"
    refuse_early(body, name)
    if is_json(body):
        refuse_too_many_objects(body, name)
        return _storable(parse_json(body, url, name))
    refuse_entity_bombs(body, name)
    refuse_too_many_elements(body, name)
    body = strip_space_before_declaration(body)
    return _storable(
        parse_fast(body, url, content_type) or parse_xml(body, url, content_type, name)
    )


def _parse_slow(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Return what ``parse_feed`` gives without the fast path (for differential tests)."""
    name = url or "The document"
    refuse_early(body, name)
    if is_json(body):
        refuse_too_many_objects(body, name)
        return _storable(parse_json(body, url, name))
    refuse_entity_bombs(body, name)
    refuse_too_many_elements(body, name)
    return _storable(parse_xml(strip_space_before_declaration(body), url, content_type, name))


def _optional_url(value: str | None) -> str | None:
    return web_url(value) or None


def _storable_item(item: FeedItem) -> FeedItem:
    return replace(
        item,
        url=_optional_url(item.url),
        title=xml_text(item.title),
        summary_html=xml_text(item.summary_html),
        content_html=xml_text(item.content_html),
        authors=tuple(xml_text(a) for a in item.authors),
        categories=tuple(xml_text(c) for c in item.categories),
        image=_optional_url(item.image),
        published_raw=xml_text(item.published_raw) if item.published_raw else item.published_raw,
        updated_raw=xml_text(item.updated_raw) if item.updated_raw else item.updated_raw,
        language=xml_text(item.language) if item.language else item.language,
    )


def _storable(feed: ParsedFeed) -> ParsedFeed:
    """Return ``feed`` with no XML-forbidden character in its text and only http(s) URLs."""
    return replace(
        feed,
        title=xml_text(feed.title),
        description=xml_text(feed.description),
        site_url=_optional_url(feed.site_url),
        image=_optional_url(feed.image),
        language=xml_text(feed.language) if feed.language else feed.language,
        items=tuple(_storable_item(item) for item in feed.items),
    )
