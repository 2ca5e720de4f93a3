"""Inputs the fuzzer (benchmarks/fuzz.py) made crash the feed parsers, each now a typed refusal."""

from __future__ import annotations

import pytest

from broadsheet.errors import FeedParseError
from broadsheet.parse import parse_feed

URL = "https://news.example.com/feed.xml"


def test_gml_position_outside_georss_where_is_a_feed_parse_error() -> None:
    # feedparser's GeoRSS handler looks up the enclosing <georss:where> and raised KeyError.
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:gml="http://www.opengis.net/gml">'
        b"<title>t</title><entry><title>a</title><gml:pos>1 2</gml:pos></entry></feed>"
    )
    with pytest.raises(FeedParseError, match="only its publisher can fix it") as refused:
        parse_feed(body, URL)
    assert URL in str(refused.value) and "\n" not in str(refused.value)


def _loose_rss(title: bytes) -> bytes:
    # &nbsp; is undeclared in XML, so feedparser reads the document with its loose parser
    return (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t &nbsp; '
        + title
        + b"</title><item><title>a</title></item></channel></rss>"
    )


@pytest.mark.parametrize(
    ("body", "says"),
    [
        # feedparser's loose parser calls chr() on the number: OverflowError, or ValueError
        (_loose_rss(b"&#99999999999999999999;"), "beyond the last Unicode character"),
        (_loose_rss(b"&#x110000;"), "beyond the last Unicode character"),
        # ... then encodes the character as UTF-8: UnicodeEncodeError for a surrogate
        (_loose_rss(b"&#xD800;"), "surrogate"),
        # ... and int() on its digits: ValueError past Python's 4,300-digit limit
        (_loose_rss(b"&#" + b"9" * 5000 + b";"), "too long to read"),
        # the JSON decoder recurses once per level: RecursionError
        (b'{"a":' * 20000, "nested too deeply"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 50000, "too deeply"),
        # int() of a 5,000-digit JSON number: ValueError, not a JSONDecodeError
        (b'{"version": "https://jsonfeed.org/version/1", "n": ' + b"9" * 5000 + b"}", "too long"),
    ],
)
def test_hostile_numbers_and_nesting_are_feed_parse_errors(body: bytes, says: str) -> None:
    with pytest.raises(FeedParseError, match=says) as refused:
        parse_feed(body, URL)
    assert "\n" not in str(refused.value)
