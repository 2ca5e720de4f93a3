"""Feed autodiscovery from HTML pages."""

from __future__ import annotations

from broadsheet.parse import DiscoveredFeed, discover_feeds

PAGE = "https://www.example.com/news/today.html"


def test_link_alternates_resolved_deduped_best_first() -> None:
    html = """<!doctype html><html><head>
      <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed">
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">
      <link rel="alternate" type="application/feed+json" title="JSON" href="feed.json">
      <link rel="Alternate" type="application/rss+xml" title="Main" href="https://www.example.com/rss">
      <link rel="alternate" type="application/rss+xml" href="/rss#again">
      <link rel="alternate" hreflang="de" href="/de/">
    </head><body><a href="/other/feed">ignored when links exist</a></body></html>"""
    assert discover_feeds(html, PAGE) == (
        DiscoveredFeed("https://www.example.com/atom.xml", "Atom", "atom"),
        DiscoveredFeed("https://www.example.com/rss", "Main", "rss"),
        DiscoveredFeed("https://www.example.com/news/feed.json", "JSON", "json"),
        DiscoveredFeed("https://www.example.com/comments/feed", "Comments", "rss"),
    )


def test_base_href_is_honoured_and_bytes_accepted() -> None:
    html = b"""<html><head><base href="https://cdn.example.net/site/">
      <link rel="alternate" type="application/rss+xml" href="feed.rss"></head></html>"""
    assert discover_feeds(html, PAGE) == (
        DiscoveredFeed("https://cdn.example.net/site/feed.rss", None, "rss"),
    )


def test_anchor_fallback_when_no_link_elements() -> None:
    html = """<html><body>
      <a href="/about">About</a>
      <a href="https://elsewhere.example.org/feed">Their feed</a>
      <a href="/feed/">Subscribe <b>via RSS</b></a>
      <a href="/blog/atom">Atom</a>
      <a href="mailto:x@example.com">mail</a>
      <a href="/feed/">duplicate</a>
    </body></html>"""
    assert discover_feeds(html, PAGE) == (
        DiscoveredFeed("https://www.example.com/feed/", "Subscribe via RSS", "rss"),
        DiscoveredFeed("https://www.example.com/blog/atom", "Atom", "atom"),
        DiscoveredFeed("https://elsewhere.example.org/feed", "Their feed", "rss"),
    )


def test_page_without_feeds() -> None:
    assert discover_feeds("<html><body><p>Nothing</p></body></html>", PAGE) == ()
