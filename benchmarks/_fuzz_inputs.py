"""Fuzz inputs as hypothesis strategies: real seeds mutated, and generated documents.

Every input is bytes, drawn by hypothesis so a run is reproducible from its seed. Mutations
are byte flips, truncation, deletion, repetition, splicing two seeds and inserting hostile
fragments (entities, deep nesting, huge attributes, control characters, invalid UTF-8, BOMs,
DOCTYPE/ENTITY declarations), at a random byte or just before a random ``<``, ``{`` or ``"``.
Structures are XML feeds, OPML, HTML and JSON built from each format's own vocabulary with
hypothesis-generated names, attributes and text.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from hypothesis import strategies as st

_LAUGHS = (
    b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
)
FRAGMENTS: tuple[bytes, ...] = (
    # entities and character references, declared and not
    b"&amp;",
    b"&nbsp;",
    b"&#0;",
    b"&#x110000;",
    b"&#xD800;",
    b"&#99999999999999999999;",
    b"&undefined;",
    b"&",
    b"&#",
    b"&lt;script&gt;alert(1)&lt;/script&gt;",
    b"&f;&f;&f;",
    # DOCTYPE and ENTITY declarations: billion laughs, external and parameter entities
    _LAUGHS,
    b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">',
    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>&x;',
    b'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
    b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "xhtml1-strict.dtd">',
    b'<!ENTITY q "' + b"q" * 4096 + b'">',
    # deep nesting
    b"<div>" * 5000,
    b"<a><b>" * 3000,
    b"<outline>" * 2000,
    b"<item><title>" * 1000,
    b"[" * 50000,
    b'{"a":' * 20000,
    b"<table><tr><td>" * 1000,
    # huge attributes and values
    b'<a href="' + b"x" * 1_000_000 + b'">',
    b'<img src="http://example.com/' + b"%41" * 100_000 + b'">',
    b' title="' + b"\xe2\x80\x8b" * 50_000 + b'"',
    b'<link href="javascript:alert(1)"/>',
    b" " * 200_000,
    b'"' + b"9" * 5000 + b'"',
    b"9" * 5000,
    b"1e99999",
    b'"\\ud800"',
    b"NaN",
    b"-Infinity",
    # control characters and encodings
    bytes(range(32)),
    b"\x00",
    b"\x7f\x1b[31m\x85",
    b"\xff\xfe\xfd",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x80\x80\x80",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00\x00\xfe\xff",
    b"\xe2\x80\xae\xe2\x80\xa8\xe2\x80\xa9",
    b"<?xml version='1.0' encoding='utf-16'?>",
    b'<?xml version="1.0" encoding="x-no-such-charset"?>',
    b'<?xml version="9.9"?>',
    b'<?xml-stylesheet href="http://127.0.0.1:9/s.xsl"?>',
    # markup that changes how the rest is read
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?",
    b"</",
    b' xml:base="javascript:alert(1)//"',
    b' xml:lang="' + b"x" * 300 + b'"',
    b' xmlns="http://www.w3.org/2005/Atom"',
    b' xmlns:media="http://purl.org/dc/elements/1.1/"',
    b' xmlns:a="http://a" xmlns:a="http://b"',
    b"<script>alert(1)</script>",
    b"<img src=x onerror=alert(1)>",
    b"<svg><script>alert(1)</script></svg>",
    b"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    b'<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    b'<blockquote class="twitter-tweet"><p>post</p>&mdash; A (@a) July 3, 2025'
    b'<a href="https://x.com/a/status/1">x</a></blockquote>',
    b'<iframe src="https://www.youtube.com/embed/' + b"a" * 100 + b'"></iframe>',
    b'<iframe src="https://www.facebook.com/plugins/post.php?href=%zz%"></iframe>',
    b'<div class="mastodon-embed" src="http://[::1"></div>',
    b'<a href="http://[::1">broken IPv6</a>',
    b'<a href="http://example.com:99999999/">bad port</a>',
)
_OPS = ("flip", "truncate", "delete", "repeat", "splice", "insert", "insert_at_markup")
_MARKS = (b"<", b"{", b'"', b">", b"&", b"=")


def _find_mark(body: bytes, at: int, rng: random.Random) -> int:
    """Return the offset of a markup character at or after ``at`` (or ``at`` if there is none)."""
    found = body.find(rng.choice(_MARKS), at)
    return at if found < 0 else found


def mutate(body: bytes, ops: Sequence[tuple[str, float, int]], other: bytes) -> bytes:
    """Return ``body`` with each (operation, position 0..1, parameter) applied in turn."""
    for op, where, param in ops:
        rng = random.Random(param)
        at = int(where * len(body))
        if op == "flip" and body:
            data = bytearray(body)
            for _ in range(1 + param % 8):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            body = bytes(data)
        elif op == "truncate":
            body = body[:at]
        elif op == "delete":
            body = body[:at] + body[at + 1 + param % 4096 :]
        elif op == "repeat":
            chunk = body[at : at + 1 + param % 64]
            body = body[:at] + chunk * (2 + param % 2000) + body[at:]
        elif op == "splice":
            cut = rng.randrange(len(other) + 1)
            body = body[:at] + other[cut:]
        else:
            if op == "insert_at_markup":
                at = _find_mark(body, at, rng)
            body = body[:at] + FRAGMENTS[param % len(FRAGMENTS)] + body[at:]
    return body


def hostile(seeds: Sequence[bytes]) -> list[bytes]:
    """Every fragment once, inserted before a markup character near the middle of a seed."""
    found = []
    for n, fragment in enumerate(FRAGMENTS):
        body = seeds[n % len(seeds)]
        at = _find_mark(body, len(body) // 2, random.Random(n))
        found.append(body[:at] + fragment + body[at:])
    return found


def mutated(seeds: Sequence[bytes]) -> st.SearchStrategy[bytes]:
    """Inputs made from the seeds by one to four mutations."""
    op = st.tuples(
        st.sampled_from(_OPS), st.floats(0, 1, allow_nan=False), st.integers(0, 2**32 - 1)
    )
    return st.builds(
        mutate, st.sampled_from(seeds), st.lists(op, min_size=1, max_size=4), st.sampled_from(seeds)
    )


# Characters worth trying in text: mostly ordinary, with markup and controls mixed in.
_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("<>&\"';:/#?=%\x00\x0b\x1f\ufeff\u2028\U0001f600"),
    ),
    max_size=40,
)
_WORDS = st.one_of(
    _TEXT,
    st.sampled_from(
        [
            "",
            "https://example.com/a",
            "http://127.0.0.1/x",
            "/relative/path",
            "//example.com/p",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "mailto:a@example.com",
            "http://[::1",
            "Tue, 10 Jun 2003 04:00:00 GMT",
            "2026-13-45T99:99:99Z",
            "99999999999999999999",
            "-1",
            "text/html",
            "image/jpeg",
            "xhtml",
            "@someone",
            "— A (@a.bsky.social) July 3, 2025",
        ]
    ),
)


def _element(tags: Sequence[str], attrs: Sequence[str]) -> st.SearchStrategy[str]:
    """Nested markup from a vocabulary of tag and attribute names, with drawn text."""
    attribute = st.tuples(st.sampled_from(attrs), _WORDS).map(
        lambda pair: f" {pair[0]}={quoteattr(pair[1])}"
    )
    leaf = st.one_of(_WORDS.map(escape), _WORDS.map(lambda t: f"<![CDATA[{t}]]>"), _WORDS)

    def wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, atts, kids: f"<{tag}{''.join(atts)}>{''.join(kids)}</{tag}>",
            st.sampled_from(tags),
            st.lists(attribute, max_size=3),
            st.lists(children, max_size=4),
        )

    return st.recursive(leaf, wrap, max_leaves=30)


_FEED_TAGS = [
    "channel",
    "item",
    "title",
    "link",
    "description",
    "guid",
    "pubDate",
    "author",
    "category",
    "enclosure",
    "comments",
    "content:encoded",
    "dc:creator",
    "dc:date",
    "media:content",
    "media:thumbnail",
    "media:group",
    "image",
    "url",
    "ttl",
    "sy:updatePeriod",
    "sy:updateFrequency",
    "feed",
    "entry",
    "id",
    "updated",
    "published",
    "summary",
    "content",
    "name",
    "email",
    "logo",
    "icon",
    "subtitle",
    "rdf:RDF",
    "rdf:li",
    "atom:link",
    "source",
    "language",
    "lastBuildDate",
]
_FEED_ATTRS = [
    "href",
    "rel",
    "type",
    "url",
    "medium",
    "length",
    "isPermaLink",
    "xml:base",
    "xml:lang",
    "rdf:about",
    "src",
]
_NAMESPACES = (
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"'
    ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"'
    ' xmlns:atom="http://www.w3.org/2005/Atom"'
    ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
)


def xml_feeds() -> st.SearchStrategy[bytes]:
    """Generated RSS 2.0, Atom 1.0 and RSS 1.0 documents of drawn elements."""
    body = st.lists(_element(_FEED_TAGS, _FEED_ATTRS), max_size=6).map("".join)
    roots = st.sampled_from(
        [
            ('<rss version="2.0"' + _NAMESPACES + "><channel>", "</channel></rss>"),
            ('<feed xmlns="http://www.w3.org/2005/Atom"' + _NAMESPACES[1:] + ">", "</feed>"),
            ("<rdf:RDF" + _NAMESPACES + ' xmlns="http://purl.org/rss/1.0/">', "</rdf:RDF>"),
        ]
    )
    return st.builds(
        lambda root, inner, decl: (decl + root[0] + inner + root[1]).encode("utf-8", "replace"),
        roots,
        body,
        st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', ""]),
    )


def opml_documents() -> st.SearchStrategy[bytes]:
    """Generated OPML documents: outlines within outlines with drawn attributes."""
    outline = _element(
        ("outline", "outline", "head", "title", "x"),
        ("xmlUrl", "text", "title", "htmlUrl", "type", "xmlurl"),
    )
    return st.lists(outline, max_size=8).map(
        lambda items: (
            '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
            + "".join(items)
            + "</body></opml>"
        ).encode("utf-8", "replace")
    )


_HTML_TAGS = [
    "html",
    "head",
    "body",
    "title",
    "meta",
    "div",
    "p",
    "span",
    "a",
    "img",
    "article",
    "main",
    "section",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "iframe",
    "lite-youtube",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "script",
    "style",
    "noscript",
    "svg",
    "math",
    "template",
    "object",
    "embed",
    "form",
    "textarea",
    "button",
    "pre",
    "code",
    "b",
    "i",
    "br",
]
_HTML_ATTRS = [
    "class",
    "href",
    "src",
    "data-src",
    "data-href",
    "cite",
    "title",
    "alt",
    "id",
    "style",
    "onerror",
    "onclick",
    "content",
    "property",
    "name",
    "itemprop",
    "data-instgrm-permalink",
    "data-text-post-permalink",
    "videoid",
    "data-embed-url",
    "lang",
    "srcset",
]
_CLASSES = st.sampled_from(
    [
        "twitter-tweet",
        "bluesky-embed",
        "mastodon-embed",
        "instagram-media",
        "tiktok-embed",
        "text-post-media",
        "fb-post",
        "article-body",
        "comments",
    ]
)


def html_pages() -> st.SearchStrategy[bytes]:
    """Generated HTML pages of drawn elements, embed classes and JSON-LD included."""
    json_ld = json_values().map(
        lambda v: '<script type="application/ld+json">' + json.dumps(v) + "</script>"
    )
    embed = st.builds(
        lambda cls, inner: f'<blockquote class="{cls}">{inner}</blockquote>',
        _CLASSES,
        _element(("p", "a", "span"), ("href", "title")),
    )
    part = st.one_of(_element(_HTML_TAGS, _HTML_ATTRS), embed, json_ld)
    return st.lists(part, max_size=8).map(
        lambda parts: ("<!DOCTYPE html><html><body>" + "".join(parts) + "</body></html>").encode(
            "utf-8", "replace"
        )
    )


def json_values() -> st.SearchStrategy[object]:
    """Arbitrary JSON values, nested."""
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        _WORDS,
    )
    return st.recursive(
        scalar,
        lambda kids: st.one_of(
            st.lists(kids, max_size=4), st.dictionaries(_WORDS, kids, max_size=4)
        ),
        max_leaves=20,
    )


def json_objects(keys: Sequence[str]) -> st.SearchStrategy[bytes]:
    """JSON objects over ``keys`` (and stray ones) whose values are arbitrary JSON."""
    members = st.dictionaries(st.one_of(st.sampled_from(keys), _WORDS), json_values(), max_size=8)
    return members.map(lambda obj: json.dumps(obj).encode())


_JSON_FEED_ITEM_KEYS = [
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "image",
    "banner_image",
    "date_published",
    "date_modified",
    "authors",
    "author",
    "tags",
    "language",
    "attachments",
]


def json_feeds() -> st.SearchStrategy[bytes]:
    """Generated JSON Feed documents: known keys, items with known keys, any values."""
    item = st.dictionaries(st.sampled_from(_JSON_FEED_ITEM_KEYS), json_values(), max_size=8)
    items = st.one_of(st.lists(item, max_size=5), json_values())
    return st.builds(
        lambda version, title, things, extra: json.dumps(
            {
                "version": version,
                "title": title,
                "items": things,
                "home_page_url": extra,
                "feed_url": extra,
                "icon": extra,
            }
        ).encode(),
        st.sampled_from(
            ["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1", "1"]
        ),
        json_values(),
        items,
        json_values(),
    )
