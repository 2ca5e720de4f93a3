"""Feed autodiscovery: the feeds a web page advertises, best first."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from broadsheet.parse._types import DiscoveredFeed

_LINK_TYPES = {
    "application/atom+xml": "atom",
    "application/rss+xml": "rss",
    "application/rdf+xml": "rss",
    "application/feed+json": "json",
    "application/json": "json",
    "text/xml": "rss",
    "application/xml": "rss",
}
_TYPE_RANK = {"atom": 0, "rss": 0, "json": 1}
_FEEDISH_PATH = re.compile(r"(?:/feed|/rss|\.rss|\.xml|/atom|\.atom|/feed\.json)/?$", re.I)
_COMMENTS = re.compile(r"\bcomments?\b", re.I)


class _Collector(HTMLParser):
    """Collects <base href>, feed <link> elements and <a href> candidates in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str | None, str]] = []
        self.anchors: list[tuple[str, str | None]] = []
        self._anchor: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): (value or "").strip() for key, value in attrs}
        href = values.get("href", "")
        if tag == "base" and href and self.base is None:
            self.base = href
        elif tag == "link" and href:
            rels = values.get("rel", "").lower().split()
            kind = _LINK_TYPES.get(values.get("type", "").lower().split(";")[0].strip())
            if "alternate" in rels and kind:
                self.links.append((href, values.get("title") or None, kind))
        elif tag == "a" and href and _FEEDISH_PATH.search(urlsplit(href).path):
            self.anchors.append((href, values.get("title") or None))
            self._anchor = []

    def handle_data(self, data: str) -> None:
        if self._anchor is not None:
            self._anchor.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            text = " ".join("".join(self._anchor).split())
            href, title = self.anchors[-1]
            self.anchors[-1] = (href, title or text or None)
            self._anchor = None


def _resolve(href: str, base: str) -> str | None:
    """Return ``href`` absolute (fragment dropped) when it is an http(s) URL, else None."""
    try:
        url = urldefrag(urljoin(base, href)).url
    except ValueError:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def _guess_kind(url: str) -> str:
    """Return the likely feed kind of a guessed URL from its path."""
    path = urlsplit(url).path.lower()
    return "atom" if "atom" in path else "json" if path.endswith(".json") else "rss"


def _rank(feed: DiscoveredFeed, page_host: str, from_link: bool) -> tuple[int, int, int]:
    """Return a sort key: declared before guessed, main before comment feeds, same site first."""
    comments = bool(_COMMENTS.search(feed.title or "") or "comments" in feed.url.lower())
    other_site = urlsplit(feed.url).netloc != page_host
    return (
        0 if from_link else 1,
        int(comments) * 2 + _TYPE_RANK.get(feed.type, 1),
        int(other_site),
    )


def discover_feeds(html: bytes | str, base_url: str) -> tuple[DiscoveredFeed, ...]:
    """Return the feeds the page advertises (else feed-like links), absolute, deduped, best first."""
    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    collector = _Collector()
    collector.feed(text)
    collector.close()
    base = urljoin(base_url, collector.base) if collector.base else base_url
    declared = [(h, t, k, True) for h, t, k in collector.links]
    guessed = [(h, t, _guess_kind(h), False) for h, t in collector.anchors]
    host = urlsplit(base_url).netloc
    ranked: list[tuple[tuple[int, int, int], int, DiscoveredFeed]] = []
    seen: set[str] = set()
    for order, (href, title, kind, from_link) in enumerate(declared or guessed):
        url = _resolve(href, base)
        if url is None or url in seen:
            continue
        seen.add(url)
        feed = DiscoveredFeed(url=url, title=title, type=kind if from_link else _guess_kind(url))
        ranked.append((_rank(feed, host, from_link), order, feed))
    return tuple(feed for _, _, feed in sorted(ranked, key=lambda r: (r[0], r[1])))
