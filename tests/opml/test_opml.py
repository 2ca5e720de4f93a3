"""OPML import and export: Miniflux and FreshRSS formats, real files, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.errors import OPMLError
from broadsheet.opml import Subscription, parse_opml, write_opml
from tests.support.shared import FIXTURES, require

# As exported by Miniflux (internal/reader/opml/serializer.go): one level of category
# outlines, feeds carrying title, text, xmlUrl, htmlUrl and description.
MINIFLUX = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:miniflux="https://miniflux.app/opml">
    <head>
        <title>Miniflux</title>
        <dateCreated>Mon, 02 Jan 2006 15:04:05 UTC</dateCreated>
    </head>
    <body>
        <outline text="News" title="News">
            <outline title="BBC News - World" text="BBC News - World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml" htmlUrl="https://www.bbc.co.uk/news/world" description="BBC News - World"></outline>
            <outline title="Ars &amp; Technica" text="Ars &amp; Technica" xmlUrl="https://feeds.arstechnica.com/arstechnica/index" htmlUrl="https://arstechnica.com" description=""></outline>
        </outline>
        <outline text="All" title="All">
            <outline title="Julia Evans" text="Julia Evans" xmlUrl="https://jvns.ca/atom.xml" htmlUrl="https://jvns.ca/" description=""></outline>
        </outline>
    </body>
</opml>
"""

# As exported by FreshRSS (app/views/helpers/export/opml.phtml through lib_opml): frss
# namespace, categories one level deep with text only, feeds with text but no title.
FRESHRSS = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:frss="https://freshrss.org/opml">
  <head>
    <title>FreshRSS</title>
    <dateCreated>Sat, 23 Nov 2024 10:00:00</dateCreated>
  </head>
  <body>
    <outline text="Uncategorized">
      <outline text="The Guardian" type="rss" xmlUrl="https://www.theguardian.com/world/rss" htmlUrl="https://www.theguardian.com/world" description="Latest World news"/>
    </outline>
    <outline text="Tech">
      <outline text="LWN.net" type="rss" xmlUrl="https://lwn.net/headlines/rss" htmlUrl="https://lwn.net" description="" frss:cssFullContent="div.ArticleText"/>
      <outline text="Example scraped" type="HTML+XPath" xmlUrl="https://example.org/news" htmlUrl="https://example.org/" frss:xPathItem="//article" frss:xPathItemTitle="./h2"/>
    </outline>
  </body>
</opml>
"""


def test_miniflux_export() -> None:
    assert parse_opml(MINIFLUX) == (
        Subscription(
            "https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News - World",
            "https://www.bbc.co.uk/news/world", ("News",),
        ),
        Subscription(
            "https://feeds.arstechnica.com/arstechnica/index", "Ars & Technica",
            "https://arstechnica.com", ("News",),
        ),
        Subscription("https://jvns.ca/atom.xml", "Julia Evans", "https://jvns.ca/", ("All",)),
    )  # fmt: skip


def test_freshrss_export() -> None:
    subs = parse_opml(FRESHRSS.encode())
    assert [(s.title, s.category) for s in subs] == [
        ("The Guardian", ("Uncategorized",)),
        ("LWN.net", ("Tech",)),
        ("Example scraped", ("Tech",)),
    ]
    assert subs[1] == Subscription(
        "https://lwn.net/headlines/rss", "LWN.net", "https://lwn.net", ("Tech",)
    )


@pytest.mark.parametrize("source", [MINIFLUX, FRESHRSS])
def test_exporter_files_round_trip(source: str) -> None:
    subs = parse_opml(source)
    assert parse_opml(write_opml(subs)) == subs


def test_written_document_shape() -> None:
    subs = [
        Subscription("https://a.example/feed", "A", "https://a.example/", ("Tech", "Linux")),
        Subscription("https://b.example/feed", None, None, ()),
    ]
    text = write_opml(subs, title="Mine")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert "<title>Mine</title>" in text
    assert '<outline text="Tech" title="Tech">' in text
    assert (
        '<outline type="rss" text="A" title="A" xmlUrl="https://a.example/feed" '
        'htmlUrl="https://a.example/" />'
    ) in text
    assert (
        '<outline type="rss" text="https://b.example/feed" xmlUrl="https://b.example/feed" />'
        in text
    )


def test_nested_categories_and_dedupe() -> None:
    doc = """<opml version="1.0"><body>
      <outline text="Outer"><outline title="Inner">
        <outline text="Feed" xmlUrl="https://x.example/rss"/>
      </outline>
      <outline text="Again" xmlUrl="https://x.example/rss"/></outline>
      <outline text="Top" xmlUrl="https://top.example/rss"/>
    </body></opml>"""
    assert parse_opml(doc) == (
        Subscription("https://x.example/rss", "Feed", None, ("Outer", "Inner")),
        Subscription("https://top.example/rss", "Top", None, ()),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "is empty"),
        ("<opml><body><outline text='a'></body></opml>", "not valid XML: mismatched tag at line 1"),
        ("<rss><channel/></rss>", "not OPML: its root element is <rss>"),
        ("<opml><body><outline text='Folder'/></body></opml>", "lists no subscriptions"),
        (
            '<!DOCTYPE x [<!ENTITY a "boom">]><opml><body>&a;</body></opml>',
            "refused for safety",
        ),
    ],
)
def test_errors(data: str, message: str) -> None:
    with pytest.raises(OPMLError, match=message):
        parse_opml(data)


def test_bare_ampersands_are_tolerated() -> None:
    doc = '<opml><body><outline text="News & Views" xmlUrl="https://n.example/?a=1&b=2"/></body></opml>'
    assert parse_opml(doc)[0] == Subscription(
        "https://n.example/?a=1&b=2", "News & Views", None, ()
    )


@pytest.mark.parametrize(
    ("name", "count", "category"),
    [
        ("awesome-rss-feeds_News.opml", 11, "News"),
        ("awesome-rss-feeds_United_Kingdom.opml", 5, "United Kingdom"),
        ("awesome-rss-feeds_United_States.opml", 10, "United States"),
        ("awesome-rss-feeds_India.opml", 36, "India"),
    ],
)
def test_real_files(name: str, count: int, category: str) -> None:
    # These exports contain unescaped "&" in titles; they are read anyway.
    subs = parse_opml(require(FIXTURES / "opml" / name).read_bytes())
    assert len(subs) == count
    assert all(s.category == (category,) for s in subs)
    assert all(s.feed_url.startswith("http") and s.title for s in subs)
    assert parse_opml(write_opml(subs)) == subs


_text = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
_url = st.builds(lambda s: f"https://example.com/{s}", st.text("abc/?&=<>\"'é%", max_size=20))
_subscription = st.builds(
    Subscription,
    feed_url=_url,
    title=st.none() | _text,
    site_url=st.none() | _url,
    category=st.lists(_text, max_size=3).map(tuple),
)


@given(st.lists(_subscription, min_size=1, max_size=12, unique_by=lambda s: s.feed_url))
def test_round_trip_property(subs: list[Subscription]) -> None:
    assert parse_opml(write_opml(subs)) == tuple(subs)


def test_empty_export_is_valid_opml_that_lists_nothing() -> None:
    text = write_opml([])
    assert "<body />" in text
    with pytest.raises(OPMLError, match="lists no subscriptions"):
        parse_opml(text)
