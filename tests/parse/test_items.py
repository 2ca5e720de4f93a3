"""Item identity, titles, dates, images, refresh hints and damage on small hand-written feeds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from broadsheet.errors import FeedParseError
from broadsheet.parse import looks_like_feed, parse_feed
from tests.support.shared import FIXTURES, require

URL = "https://news.example.com/feed.xml"


def rss(items: str, channel: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Example</title><link>https://news.example.com/</link>{channel}"
        f"{items}</channel></rss>"
    ).encode()


def test_key_prefers_guid_then_link_then_hash() -> None:
    feed = parse_feed(
        rss(
            "<item><guid isPermaLink='false'>id-1</guid><link>/a</link><title>A</title></item>"
            "<item><link>/b</link><title>B</title></item>"
            "<item><title>C</title><description>only text</description></item>"
            "<item><guid>  </guid><link>/d</link><title>D</title></item>"
        ),
        URL,
    )
    got = [(i.key_kind, i.key, i.url) for i in feed.items]
    assert got[0] == ("guid", "id-1", "https://news.example.com/a")
    assert got[1] == ("link", "https://news.example.com/b", "https://news.example.com/b")
    assert got[2][0] == "hash" and got[2][1] == f"sha256:{feed.items[2].content_hash}"
    assert got[3] == ("link", "https://news.example.com/d", "https://news.example.com/d")


def test_guid_shared_by_different_articles_is_not_an_identity() -> None:
    items = "".join(
        f"<item><guid>https://news.example.com/</guid><link>/story/{n}</link><title>S{n}</title></item>"
        for n in range(3)
    )
    feed = parse_feed(rss(items), URL)
    assert [i.key_kind for i in feed.items] == ["link", "link", "link"]
    assert len(feed.items) == 3


def test_permalinks_fixture_url_selection() -> None:
    feed = parse_feed(require(FIXTURES / "feeds/feedjira/Permalinks.xml").read_bytes(), URL)
    got = [(i.key, i.url) for i in feed.items]
    assert got == [
        ("http://example.com/1", None),  # isPermaLink="false": the guid is not a link
        ("http://example.com/2", "http://example.com/2"),
        ("http://example.com/3", "http://example.com/3"),
        ("http://example.com/5", "http://example.com/4"),  # <link> wins for the URL
    ]


def test_duplicate_items_keep_the_first() -> None:
    item = "<item><guid>x</guid><title>{}</title></item>"
    feed = parse_feed(rss(item.format("first") + item.format("second")), URL)
    assert [i.title for i in feed.items] == ["first"]


def test_titles_are_plain_text() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &amp;amp; B</title>'
        b'<entry><id>1</id><title type="html">Big &lt;b&gt;news&lt;/b&gt;\n  today &amp;amp; more'
        b"</title></entry></feed>"
    )
    feed = parse_feed(atom, URL)
    assert feed.title == "A & B"
    assert feed.items[0].title == "Big news today & more"


def test_escaped_html_in_pre_is_kept_in_content() -> None:
    body = require(FIXTURES / "feeds/feedjira/AtomEscapedHTMLInPreTag.xml").read_bytes()
    item = parse_feed(body, URL).items[0]
    assert item.title == "Test entry"
    assert "<pre>&lt;b&gt;test&lt;b&gt;</pre>" in item.content_html


def test_dates_are_utc_and_raw_is_kept() -> None:
    feed = parse_feed(
        rss(
            "<item><guid>1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 -0500</pubDate></item>"
            "<item><guid>2</guid><pubDate>not a date</pubDate></item>"
            "<item><guid>3</guid><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>"
        ),
        URL,
    )
    first, second, future = feed.items
    assert first.published == datetime(2003, 6, 10, 9, 0, tzinfo=UTC)
    assert first.published_raw == "Tue, 10 Jun 2003 04:00:00 -0500"
    assert (second.published, second.published_raw) == (None, "not a date")
    assert future.published == datetime(2100, 1, 1, tzinfo=UTC)  # kept; storage decides


def test_invalid_date_format_fixture() -> None:
    feed = parse_feed(require(FIXTURES / "feeds/feedjira/InvalidDateFormat.xml").read_bytes(), URL)
    first = feed.items[0]
    assert first.published == datetime(2017, 10, 16, 15, 10, tzinfo=UTC)
    assert (first.updated, first.updated_raw) == (None, "1518478934")


def test_content_summary_authors_categories_image() -> None:
    feed = parse_feed(
        rss(
            "<item><guid>1</guid><title>T</title><description>&lt;p&gt;short&lt;/p&gt;</description>"
            "<content:encoded><![CDATA[<p>long</p>]]></content:encoded>"
            "<author>ann@example.com (Ann)</author><category>World</category>"
            "<category>World</category><category>Europe</category>"
            "<enclosure url='/audio.mp3' type='audio/mpeg' length='1'/>"
            "<media:content url='/big.jpg' medium='image'/>"
            "<media:thumbnail url='/small.jpg'/></item>"
        ),
        URL,
    )
    item = feed.items[0]
    assert item.summary_html == "<p>short</p>"
    assert item.content_html == "<p>long</p>"
    assert item.authors == ("Ann",)
    assert item.categories == ("World", "Europe")
    assert item.image == "https://news.example.com/big.jpg"


def test_atom_summary_is_not_invented_from_content() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>t</title><entry><id>1</id>'
        b'<content type="html">&lt;p&gt;body&lt;/p&gt;</content></entry></feed>'
    )
    item = parse_feed(atom, URL).items[0]
    assert (item.summary_html, item.content_html, item.language) == ("", "<p>body</p>", "de")


@pytest.mark.parametrize(
    ("channel", "minutes"),
    [
        ("<ttl>30</ttl>", 30),
        ("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>", 30),
        ("<sy:updatePeriod>daily</sy:updatePeriod>", 1440),
        ("<ttl>soon</ttl>", None),
        ("", None),
    ],
)
def test_ttl_minutes(channel: str, minutes: int | None) -> None:
    assert parse_feed(rss("", channel), URL).ttl_minutes == minutes


def test_valid_feed_without_items_is_fine() -> None:
    feed = parse_feed(rss(""), URL)
    assert (feed.format, feed.items, feed.damage) == ("rss20", (), None)


def test_damage_counts_recovered_items() -> None:
    body = rss(
        "<item><guid>1</guid><title>ok</title></item>"
        "<item><guid>2</guid><title>bad &nbsp; entity</title></item>"
    )
    feed = parse_feed(body, URL)
    assert feed.damage == "XML error at line 2 (undefined entity); 2 of 2 items recovered"


def test_whitespace_before_xml_declaration_is_not_damage() -> None:
    feed = parse_feed(b"\n\n  " + rss("<item><guid>1</guid></item>"), URL)
    assert feed.damage is None


def test_http_charset_is_honoured() -> None:
    body = '<rss version="2.0"><channel><title>Caf\xe9</title></channel></rss>'.encode("latin-1")
    feed = parse_feed(body, URL, "application/rss+xml; charset=iso-8859-1")
    assert feed.title == "Café"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "is empty"),
        (b"  \n ", "is empty"),
        (b"\x1f\x8b\x08\x00garbage", "gzip-compressed"),
        (b"<!DOCTYPE html><html><body><p>hi</p></body></html>", "is an HTML page, not a feed"),
        (b"<?xml version='1.0'?><backslash><story/></backslash>", "root element <backslash>"),
        (b"just some text", "no XML root element"),
    ],
)
def test_not_a_feed(body: bytes, message: str) -> None:
    with pytest.raises(FeedParseError, match=message) as caught:
        parse_feed(body, URL)
    assert URL in str(caught.value)


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (rss(""), None, True),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', None, True),
        (b"<rdf:RDF xmlns:rdf='x'/>", None, True),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', None, True),
        (b'{"version":"https:\\/\\/jsonfeed.org\\/version\\/1"}', None, True),
        (b'{"hello": "world"}', "application/json", False),
        (b"<!doctype html><html></html>", "text/html", False),
        (b"<html><head></head></html>", "application/rss+xml", False),
        (b"\x1f\x8b\x08\x00", "application/rss+xml", False),
        (b"", None, False),
    ],
)
def test_looks_like_feed(body: bytes, content_type: str | None, expected: bool) -> None:
    assert looks_like_feed(body, content_type) is expected
