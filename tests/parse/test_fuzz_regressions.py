"""Inputs the fuzzer (benchmarks/fuzz.py) made crash the feed parsers, each now a typed refusal."""

from __future__ import annotations

import pytest

from broadsheet.errors import FeedParseError
from broadsheet.parse import parse_feed
from broadsheet.parse._xml import _declaration_alone

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


def test_a_declaration_that_never_ends_is_refused_before_feedparser_backtracks() -> None:
    # 2,352 copies of an unclosed declaration on a first line with no "?>" kept feedparser's
    # encoding regex busy for more than ten minutes (it is cubic in the line); 30 pass 1 KB
    body = b'<?xml version="1.0" encoding="UTF-8"' * 30 + b"\n<feed><title>t</title></feed>"
    with pytest.raises(FeedParseError, match="XML declaration that does not end"):
        parse_feed(body, URL)


def test_a_one_line_feed_quoting_encoding_gets_its_declaration_on_a_line_of_its_own() -> None:
    # each encoding="..." after the declaration's ?> on the first line makes feedparser's
    # regex backtrack over the line again: 1.7 s for these 27 KB before the fix
    items = "".join(
        f'<item><title>t{i}</title><description>say encoding="utf-8" {i}</description></item>'
        for i in range(300)
    )
    declaration = b'<?xml version="1.0" encoding="utf-8"?>'
    rest = f'<rss version="2.0"><channel><title>T &nbsp;</title>{items}</channel></rss>'.encode()
    assert _declaration_alone(declaration + rest, URL) == declaration + b"\n" + rest
    feed = parse_feed(declaration + rest, URL)
    assert len(feed.items) == 300 and feed.items[299].title == "t299"


def test_an_ordinary_feed_reaches_feedparser_unchanged() -> None:
    declaration = b'<?xml version="1.0" encoding="utf-8"?>'
    quoting = (
        b'<rss version="2.0"><channel><title>T</title>'
        + b'encoding="x" ' * 200
        + b"</channel></rss>"
    )
    body = declaration + b"\n" + quoting
    assert _declaration_alone(body, URL) is body  # its first line is short
    one_line = declaration + quoting.replace(b'encoding="x"', b"x")
    assert _declaration_alone(one_line, URL) is one_line  # long, but no encoding= after ?>


def test_json_feed_attachments_not_a_list_and_a_broken_ipv6_url_are_ignored() -> None:
    # "attachments": 1.5 raised TypeError; urlsplit("http://[::1") raises ValueError
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": ['
        b'{"id": "1", "title": "A", "attachments": 1.5},'
        b'{"id": "2", "title": "B", "url": "http://[::1", "image": "http://[::1/x.png"}]}'
    )
    feed = parse_feed(body, URL)
    assert [(i.title, i.url, i.image) for i in feed.items] == [("A", None, None), ("B", None, None)]
