"""The lxml fast path gives exactly the feedparser path's ParsedFeed whenever it accepts a feed.

Differential tests: every shared fixture, the benchmark's generated feeds and hypothesis-made
RSS documents are parsed both ways and compared as dataclasses. The fast path may decline
(return None); it may never differ.
"""

from __future__ import annotations

import dataclasses
import html
import re
import sys
from functools import cache

import pytest
from feedparser.urls import resolve_relative_uris
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.errors import FeedParseError
from broadsheet.parse import ParsedFeed, parse_feed
from broadsheet.parse._fast import _resolve_html, parse_fast
from broadsheet.parse._parse import _parse_slow
from broadsheet.parse._sniff import strip_space_before_declaration
from tests.support.shared import FIXTURES, REPO, require

FEEDS = FIXTURES / "feeds"
URL = "https://example.com/feeds/main.xml"
_HEADER = re.compile(rb"Header:\s*Content-type:\s*(.*)", re.IGNORECASE)

# Fixtures the fast path must accept (so coverage cannot silently shrink). Everything else
# falls back for a stated reason: RDF roots, DTDs, other encodings, xml:base, <source>,
# iTunes elements, XHTML content, markup inside text elements, broken XML.
FAST_FIXTURES = {
    "feedjira/FeedBurnerUrlNoAlternate.xml",
    "feedjira/google_alerts_atom.xml",
    "rss-parser/heise.atom",
    "rss-parser/missing-fields.atom",
    "node-feedparser/tpm.atom",
    "feedjira/Permalinks.xml",
    "feedjira/RSSWithComments.xml",
    "feedjira/TechCrunch.xml",
    "feedparser-cases/encoding/demoronize-1.xml",
    "feedparser-cases/encoding/demoronize-2.xml",
    "feedparser-cases/encoding/demoronize-3.xml",
    "feedparser-cases/encoding/double-encoded-html.xml",
    "feedparser-cases/encoding/utf-8-bom.xml",
    "node-feedparser/relative-channel-image-url.xml",
    "node-feedparser/rss-with-relative-html-urls-no-base.xml",
    "node-feedparser/rss-with-relative-urls-with-absolute-xmlurl.xml",
    "node-feedparser/rss-with-relative-urls.xml",
    "publishers/20minutos.rss.xml",
    "publishers/ae2-bbc.rss.xml",
    "publishers/ae2-cnn.rss.xml",
    "publishers/ae2-nytimes.rss.xml",
    "publishers/as.rss.xml",
    "publishers/bbc-world-2017.rss.xml",
    "publishers/bbc.rss.xml",
    "publishers/cnn.rss.xml",
    "publishers/eldiario.rss.xml",
    "publishers/elmundo.rss.xml",
    "publishers/expansion.rss.xml",
    "publishers/huffpost.rss.xml",
    "publishers/laopinion.rss.xml",
    "publishers/libertaddigital.rss.xml",
    "publishers/nytimes-science.rss.xml",
    "publishers/nytimes.rss.xml",
    "publishers/periodico-extremadura.rss.xml",
    "publishers/theguardian.rss.xml",
    "publishers/theguardian2.rss.xml",
    "rss-parser/content-encoded.rss",
    "rss-parser/guardian.rss",
    "rss-parser/instant-article.rss",
    "rss-parser/reddit.rss",
}


def _feed_files() -> list[str]:
    if not FEEDS.exists():
        return []
    return sorted(
        str(p.relative_to(FEEDS))
        for p in FEEDS.rglob("*")
        if p.is_file() and p.suffix != ".md" and not p.name.endswith(".json")
    )


def _content_type(body: bytes) -> str | None:
    """Return the Content-Type a feedparser test case declares in its header comment."""
    match = _HEADER.search(body)
    return match.group(1).strip().decode("latin-1") if match else None


def _differences(fast: ParsedFeed, slow: ParsedFeed) -> list[str]:
    """Return "field: fast != slow" lines, item fields included, so a failure explains itself."""
    out: list[str] = []
    for field in dataclasses.fields(ParsedFeed):
        a, b = getattr(fast, field.name), getattr(slow, field.name)
        if field.name == "items" and len(a) == len(b):
            for n, (x, y) in enumerate(zip(a, b, strict=True)):
                out += [
                    f"items[{n}].{f.name}: {getattr(x, f.name)!r} != {getattr(y, f.name)!r}"
                    for f in dataclasses.fields(x)
                    if getattr(x, f.name) != getattr(y, f.name)
                ]
        elif a != b:
            out.append(f"{field.name}: {a!r} != {b!r}")
    return out


def _compare(body: bytes, url: str = URL, content_type: str | None = None) -> bool:
    """Assert both paths agree on ``body``; return True when the fast path accepted it."""
    body = strip_space_before_declaration(body)
    fast = parse_fast(body, url, content_type)
    if fast is None:
        return False
    slow = _parse_slow(body, url, content_type)
    assert fast == slow, "\n".join(_differences(fast, slow))
    return True


@pytest.mark.parametrize("relative", _feed_files() or ["<missing>"])
def test_fixture_fast_path_equals_feedparser(relative: str) -> None:
    body = require(FEEDS / relative).read_bytes()
    accepted = _compare(body, URL, _content_type(body))
    assert accepted == (relative in FAST_FIXTURES), (
        "fast path now declines" if relative in FAST_FIXTURES else "newly accepted: pin it"
    )


@pytest.mark.parametrize("relative", _feed_files() or ["<missing>"])
def test_parse_feed_equals_the_slow_path(relative: str) -> None:
    body = require(FEEDS / relative).read_bytes()
    content_type = _content_type(body)
    try:
        slow = _parse_slow(body, URL, content_type)
    except FeedParseError as exc:
        with pytest.raises(FeedParseError, match=re.escape(str(exc))):
            parse_feed(body, URL, content_type)
        return
    assert parse_feed(body, URL, content_type) == slow


@pytest.mark.parametrize(
    ("content_type", "fast"),
    [
        (None, True),
        ("application/rss+xml", True),
        ("application/rss+xml; charset=UTF-8", True),
        ("application/xml; charset=utf-8", True),
        ("text/xml; charset=utf-8", True),
        ("text/xml", False),  # RFC 3023: us-ascii, whatever the document says
        ("text/html; charset=utf-8", False),
        ("application/rss+xml; charset=iso-8859-1", False),
    ],
)
def test_content_types_agree_or_fall_back(content_type: str | None, fast: bool) -> None:
    body = require(FEEDS / "publishers/bbc.rss.xml").read_bytes()
    assert _compare(body, URL, content_type) is fast


@pytest.mark.parametrize("url", ["", "feed.xml", "javascript:alert(1)", "https://h/a//b?x#f"])
def test_odd_feed_urls_agree_or_fall_back(url: str) -> None:
    body = require(FEEDS / "node-feedparser/rss-with-relative-urls.xml").read_bytes()
    _compare(body, url)


# --- the shortcut around feedparser's HTML round trip ---

_HTML_BITS = st.sampled_from(
    ["a", " ", "\n", "<", ">", "&", ";", "#", "x", "X", "27", "39", "150", "amp", "AMP", "nbsp",
     "foo", "p", "P", "br", "img", "/", '"', "'", "=", "href", "<p>", "</p>", "<br>", "</br>",
     "<b>", "</B>", "&amp;", "&#39;", "&#34;", "&#x27;", "&#X27;", "&#x2A;", "&#150;", "&#x93;",
     "&nbsp;", "&apos;", "&foo;", "<script>", "<img src='/i.png'>", "<a href=\"x\">", "\x93",
     "é", "<!--", "-->", "<!", "<?", "]]>", "<p/>", "<h1>", "&#0;", "&#99999999;"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(_HTML_BITS, max_size=14).map("".join))
def test_html_shortcut_matches_feedparser_resolver(text: str) -> None:
    base = "https://example.com/dir/page.xml"
    assert _resolve_html(text, base, "text/html") == resolve_relative_uris(
        text, base, "utf-8", "text/html"
    )


# --- the benchmark's generated feeds ---


@cache
def _feedgen() -> tuple[object, list[str]]:
    require(REPO / "benchmarks/_feedgen.py")
    require(FIXTURES / "stories/basil_triplets.jsonl")
    sys.path.insert(0, str(REPO / "benchmarks"))
    import _feedgen  # type: ignore[import-not-found]

    return _feedgen, _feedgen.sentences()


@pytest.mark.parametrize("feed", range(0, 40, 3))
def test_generated_feeds_take_the_fast_path_and_agree(feed: int) -> None:
    module, pool = _feedgen()
    for state in (0, 5):
        body = module.render(pool, feed, 20, state)  # type: ignore[attr-defined]
        assert _compare(body, f"http://127.0.0.1:8000/feed/{feed}.xml")


# --- hypothesis: small RSS documents with awkward values ---

_WORDS = st.sampled_from(
    ["News", "Café", "A&B", "x < y", "5 > 4", "“quoted”", "don’t", "\x93smart\x94", "Ã©t", "  "]
)
_ENTITIES = st.sampled_from(["&amp;", "&lt;b&gt;", "&lt;/b&gt;", "&#39;", "&#8217;", "&quot;"])
_MARKUP = st.sampled_from(
    ["<b>bold</b>", "<p>para</p>", "<a href='/rel'>rel</a>", '<img src="i.png">', "<br/>"]
)
_TEXT = st.lists(st.one_of(_WORDS, _ENTITIES, _MARKUP.map(html.escape)), max_size=5).map(" ".join)
_HTML = st.lists(st.one_of(_WORDS.map(html.escape), _MARKUP, _ENTITIES), max_size=5).map("".join)
_DATES = st.sampled_from(
    [
        "Tue, 10 Jun 2003 04:00:00 -0500",
        "Fri, 01 Jan 2100 00:00:00 GMT",
        "2024-02-30T10:00:00Z",
        "2024-05-01T10:00:00+02:00",
        "1518478934",
        "not a date",
        "",
        "Mon, 31 Dec 1999 23:59:60 +0000",
    ]
)
_LINKS = st.sampled_from(["/a", "b/c?x=1&amp;y=2", "https://other.example/p", "", "mailto:x@y"])
_CDATA = _HTML.map(lambda h: f"<![CDATA[{h.replace(']]>', '')}]]>")


def _el(name: str, body: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return body.map(lambda text: f"<{name}>{text}</{name}>")


_ITEM_PARTS = st.one_of(
    _el("title", _TEXT),
    _el("link", _LINKS),
    _el("description", _TEXT),
    _el("content:encoded", _CDATA),
    _el("pubDate", _DATES),
    _el("dc:date", _DATES),
    _el("dc:creator", st.sampled_from(["Ann", "ann@example.com (Ann)", "bob@example.org", ""])),
    _el("category", _WORDS),
    _el("media:keywords", st.sampled_from(["a, b", "a,,c", ""])),
    st.tuples(_LINKS, st.sampled_from(["true", "false", "False"])).map(
        lambda g: f'<guid isPermaLink="{g[1]}">{g[0] or "id-1"}</guid>'
    ),
    _TEXT.map(lambda t: f'<media:description type="plain">{t}</media:description>'),
    _TEXT.map(
        lambda t: f"<media:content url='/m.jpg'><media:title>{t}</media:title></media:content>"
    ),
    _TEXT.map(lambda t: f"<media:title>{t}</media:title>"),
    _TEXT.map(lambda t: f"<media:group><media:description>{t}</media:description></media:group>"),
    st.sampled_from(
        [
            "<enclosure url='/pic.png' type='image/png' length='1'/>",
            "<atom:link rel='alternate' href='/alt'/>",
            "<atom:link href='/alt2' type='text/html'/>",
            "<feedburner:origLink>https://o.example/x</feedburner:origLink>",
            "<date>Tue, 10 Jun 2003 04:00:00 GMT</date>",
            "<dc:title>other</dc:title>",
            "<source url='https://s.example/'>S</source>",
            "<updated>2024-05-01T10:00:00Z</updated>",
            "<description type='text'>a &amp;lt;b&amp;gt;</description>",
            "<media:thumbnail url='thumb.jpg'/>",
            "<atom:link rel='enclosure' type='image/jpeg' href='/e.jpg'/>",
            "<slash:comments>4</slash:comments>",
            "<comments>/c</comments>",
        ]
    ),
)
_CHANNEL_PARTS = st.one_of(
    _el("title", _TEXT),
    _el("link", _LINKS),
    _el("description", _TEXT),
    _el("language", st.sampled_from(["en", "de-DE", ""])),
    _el("ttl", st.sampled_from(["30", "0", "soon"])),
    _el("sy:updatePeriod", st.sampled_from(["hourly", "daily", "never"])),
    _el("image", _LINKS.map(lambda u: f"<url>{u}</url><title>t</title>")),
    st.just("<atom:link rel='self' href='/feed'/>"),
)
_NAMESPACES = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
    'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" '
    'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"'
)
# Prefix trickery: swapped well-known prefixes, and the same map declared on <channel>.
_SWAPPED = (
    _NAMESPACES.replace('xmlns:dc="', 'xmlns:tmp="')
    .replace('xmlns:media="', 'xmlns:dc="')
    .replace('xmlns:tmp="', 'xmlns:media="')
)


@st.composite
def _rss(draw: st.DrawFn) -> bytes:
    channel = "".join(draw(st.lists(_CHANNEL_PARTS, max_size=4)))
    items = [
        "<item>" + "".join(draw(st.lists(_ITEM_PARTS, max_size=7))) + "</item>"
        for _ in range(draw(st.integers(0, 3)))
    ]
    version = draw(st.sampled_from(["2.0", "0.91", "0.92", "2.01", ""]))
    on_root, on_channel = draw(
        st.sampled_from([(_NAMESPACES, ""), (_SWAPPED, ""), ("", _NAMESPACES), ("", _SWAPPED)])
    )
    doc = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="{version}" {on_root}>'
        f"<channel {on_channel}>{channel}{''.join(items)}</channel></rss>"
    )
    return doc.encode("utf-8")


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_rss())
def test_generated_rss_agrees(body: bytes) -> None:
    _compare(body)


_ATOM_TEXT = st.tuples(st.sampled_from(["", " type='text'", " type='html'"]), _TEXT)
_ENTRY_PARTS = st.one_of(
    _ATOM_TEXT.map(lambda t: f"<title{t[0]}>{t[1]}</title>"),
    _ATOM_TEXT.map(lambda t: f"<summary{t[0]}>{t[1]}</summary>"),
    _ATOM_TEXT.map(lambda t: f"<content{t[0]}>{t[1]}</content>"),
    _el("id", st.sampled_from(["tag:x,2020:1", "/rel/1", "https://a.example/1", ""])),
    _el("published", _DATES),
    _el("updated", _DATES),
    st.sampled_from(
        [
            "<link href='/a'/>",
            "<link rel='alternate' type='text/html' href='https://b.example/x?a=1&amp;b=2'/>",
            "<link rel='enclosure' type='image/png' href='p.png'/>",
            "<link rel='replies' href='/c'/>",
            "<author><name>Ann</name><email>a@b.org</email></author>",
            "<author><email>x@y.org</email></author>",
            "<author>Bob</author>",
            "<category term='t1'/>",
            "<category label='L' scheme='s'/>",
            "<category term=''/>",
            "<media:thumbnail url='/t.jpg'/>",
            "<rights>r</rights>",
        ]
    ),
)
_FEED_PARTS = st.one_of(
    _ATOM_TEXT.map(lambda t: f"<title{t[0]}>{t[1]}</title>"),
    _ATOM_TEXT.map(lambda t: f"<subtitle{t[0]}>{t[1]}</subtitle>"),
    _el("id", st.sampled_from(["urn:x", "https://s.example/"])),
    _el("logo", _LINKS),
    _el("icon", _LINKS),
    st.sampled_from(["<link href='/'/>", "<link rel='self' href='/f'/>", "<updated>x</updated>"]),
)


@st.composite
def _atom(draw: st.DrawFn) -> bytes:
    head = "".join(draw(st.lists(_FEED_PARTS, max_size=4)))
    entries = [
        "<entry>" + "".join(draw(st.lists(_ENTRY_PARTS, max_size=7))) + "</entry>"
        for _ in range(draw(st.integers(0, 3)))
    ]
    lang = draw(st.sampled_from(["", " xml:lang='en_GB'", " xml:lang=''"]))
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{lang}'
        f' xmlns:media="http://search.yahoo.com/mrss/">{head}{"".join(entries)}</feed>'
    ).encode()


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_atom())
def test_generated_atom_agrees(body: bytes) -> None:
    _compare(body)


def test_a_rich_item_takes_the_fast_path() -> None:
    item = (
        "<item><title>A &amp;amp; &lt;b&gt;B&lt;/b&gt;</title><link>/a?x=1&amp;y=2</link>"
        "<guid isPermaLink='false'>id-1</guid><description>&lt;p&gt;s&lt;/p&gt;</description>"
        "<content:encoded><![CDATA[<p><a href='/x'>x</a><img src='i.png'/></p>]]></content:encoded>"
        "<pubDate>Tue, 10 Jun 2003 04:00:00 -0500</pubDate><dc:creator>a@b.org (A)</dc:creator>"
        "<category domain='d'>World</category><media:keywords>a, b</media:keywords>"
        "<media:content url='/m.jpg' medium='image'><media:description type='plain'>c"
        "</media:description></media:content></item>"
    )
    body = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {_NAMESPACES}><channel>'
        f"<title>T</title><link>/</link><ttl>15</ttl>{item}</channel></rss>"
    ).encode()
    assert _compare(body)


def test_dtd_and_xml_base_fall_back() -> None:
    doctype = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]><rss version="2.0"/>'
    base = b'<rss version="2.0" xml:base="https://b.example/"><channel/></rss>'
    lang = b'<rss version="2.0"><channel><item lang="de"><title>t</title></item></channel></rss>'
    assert parse_fast(doctype, URL, None) is None
    assert parse_fast(base, URL, None) is None
    assert parse_fast(lang, URL, None) is None


def test_fixture_list_names_real_files() -> None:
    require(FEEDS)
    assert all((FEEDS / name).is_file() for name in FAST_FIXTURES)
