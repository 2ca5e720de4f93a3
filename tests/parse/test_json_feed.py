"""JSON Feed 1.0 and 1.1, read by Broadsheet's own small module."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from broadsheet.errors import FeedParseError
from broadsheet.parse import parse_feed
from tests.support.shared import FIXTURES, require

URL = "https://example.org/feed.json"

FEED_11 = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Example &amp; <b>Friends</b>",
    "home_page_url": "/",
    "feed_url": URL,
    "language": "en-GB",
    "icon": "/icon.png",
    "authors": [{"name": "Feed Author"}],
    "items": [
        {
            "id": "a-1",
            "url": "/posts/1",
            "title": "First   post",
            "content_html": "<p>Hello</p>",
            "summary": "Say <hello>",
            "date_published": "2024-03-01T10:00:00+02:00",
            "date_modified": "2024-03-01T09:00:00Z",
            "authors": [{"name": "Ann"}, {"name": "Bob"}, {"name": "Ann"}],
            "tags": ["news", "tech"],
            "image": "/img/1.jpg",
            "language": "fr",
        },
        {"id": 2, "content_text": "Plain & simple", "date_published": "yesterday"},
        {"id": "a-1", "title": "Duplicate of the first"},
        {"external_url": "https://other.example/x", "title": "No id"},
        {"content_text": "only text"},
        "not an object",
    ],
}


def _parse(doc: object) -> object:
    return parse_feed(json.dumps(doc).encode(), URL, "application/feed+json")


def test_json_feed_11_fields() -> None:
    feed = parse_feed(json.dumps(FEED_11).encode(), URL)
    assert feed.format == "json11"
    assert feed.title == "Example & Friends"
    assert feed.site_url == "https://example.org/"
    assert feed.image == "https://example.org/icon.png"
    assert feed.language == "en-GB"
    first = feed.items[0]
    assert (first.key, first.key_kind, first.url) == ("a-1", "guid", "https://example.org/posts/1")
    assert first.title == "First post"
    assert first.content_html == "<p>Hello</p>"
    assert first.summary_html == "Say &lt;hello&gt;"
    assert first.published == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert first.published_raw == "2024-03-01T10:00:00+02:00"
    assert first.updated == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert first.authors == ("Ann", "Bob")
    assert first.categories == ("news", "tech")
    assert first.image == "https://example.org/img/1.jpg"
    assert first.language == "fr"


def test_json_feed_items_identity_and_damage() -> None:
    feed = parse_feed(json.dumps(FEED_11).encode(), URL)
    kinds = [(item.key_kind, item.key) for item in feed.items]
    assert kinds[1] == ("guid", "2")  # numeric ids are accepted as text
    assert kinds[2] == ("link", "https://other.example/x")
    assert kinds[3][0] == "hash" and kinds[3][1].startswith("sha256:")
    assert len(feed.items) == 4  # the duplicate "a-1" and the non-object are dropped
    second = feed.items[1]
    assert second.content_html == "Plain &amp; simple"
    assert second.published is None and second.published_raw == "yesterday"
    assert second.language == "en-GB"
    assert feed.damage == "some items are not JSON objects; 4 of 6 items recovered"


def test_json_feed_10_with_single_author() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Old",
        "items": [{"id": "x", "author": {"name": "Solo"}, "content_text": "t"}],
    }
    feed = parse_feed(json.dumps(doc).encode(), URL)
    assert feed.format == "json10"
    assert feed.items[0].authors == ("Solo",)
    assert feed.damage is None


def test_npr_technology_json_feed() -> None:
    body = require(FIXTURES / "feeds/trafilatura/npr_technology.jsonfeed.json").read_bytes()
    feed = parse_feed(body, "https://feeds.npr.org/1019/feed.json")
    raw = json.loads(body)
    assert feed.format == "json10"
    assert feed.title == "Technology"
    assert len(feed.items) == len(raw["items"]) == 25
    first = feed.items[0]
    assert first.key == "1050315385"
    assert first.title == "Keller Rinaudo: How can delivery drones save lives?"
    assert first.authors == ("Manoush Zomorodi",)
    assert first.image is not None and first.image.startswith("https://media.npr.org/")
    assert first.published == datetime(2021, 10, 29, 14, 26, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"title": "no version", "items": []}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": [', "broken JSON at line 1"),
    ],
)
def test_json_that_is_not_a_feed(body: bytes, message: str) -> None:
    with pytest.raises(FeedParseError, match=message):
        parse_feed(body, URL)


def test_json_feed_without_items_is_empty_and_damaged() -> None:
    feed = parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "title": "x"}', URL)
    assert feed.items == ()
    assert feed.damage == "JSON Feed has no items list; 0 items recovered"
