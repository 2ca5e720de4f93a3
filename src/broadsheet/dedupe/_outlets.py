"""One outlet per publisher: the key that says which feeds (and imported articles) share a publisher.

An outlet is a publisher, not a web host. The key is computed from what a feed says about itself:

- the base address is the feed's own site link (the channel ``<link>``) when it is an http(s)
  address, else the feed's URL;
- the host is lower-cased, without a trailing dot and without a leading ``www.`` or ``m.``
  (``mobile.``); a default port is dropped;
- a normal publisher host is the key on its own: the BBC's world and business feeds (links on
  ``bbc.co.uk/news/...``) are one outlet, ``bbc.co.uk``;
- on a known multi-tenant host, where the path names the publisher, the key keeps that part of
  the path: ``medium.com/@alice``, ``medium.com/some-publication``, ``feeds.feedburner.com/x``
  (``feedproxy.google.com/x`` is the same FeedBurner feed), ``github.com/user``,
  ``gitlab.com/user``, ``reddit.com/r/x``, ``reddit.com/user/x``,
  ``youtube.com/channel/UC…`` (also from a feed's ``?channel_id=``), ``youtube.com/@handle``,
  ``substack.com/@x``, ``blogger.com/feeds/<blog id>``, podcast hosts such as
  ``feeds.megaphone.fm/<show>``; on any host a first path segment ``@name`` or ``~name`` is a
  tenant too (Mastodon and other fediverse servers, tilde servers). Tenant names are
  lower-cased (YouTube channel and playlist ids keep their case) and lose a feed suffix
  (``.rss``, ``.atom``, ``.xml``, ``.json``);
- a host that is no publisher identity — an IP literal, ``localhost``, a single-label intranet
  name, ``*.local``, ``*.localhost``, ``*.internal``, ``*.lan``, ``*.home.arpa`` — keeps its
  port and adds a slug of the site name: three test feeds on ``127.0.0.1:8000`` titled
  differently are three outlets, two feeds of one local site with one name are one. Without a
  site name the slug comes from the base address's path.

``news.google.com`` is deliberately an ordinary host: a Google News feed is published by Google
News (its items link to many publishers, which a feed-level key cannot tell apart).

Keys are at most 255 characters (the stored column). Pure functions, no I/O.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "Publisher",
    "automatic_name",
    "is_local_host",
    "outlet_name",
    "page_site_name",
    "publisher",
    "publisher_key",
    "slug",
]

KEY_MAX = 255
SLUG_MAX = 80
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")
FEED_SUFFIX = re.compile(r"\.(?:rss|atom|xml|json)$", re.IGNORECASE)
PREFIXES = ("www.", "m.", "mobile.")
# Separators between a publisher's name and a section in feed titles: "BBC News - World".
SEPARATOR = re.compile(r"\s+[-–—|:·•»]\s+|:\s+")
PAGE_AGREEMENT = 0.75  # share of an outlet's pages that must give one site name
PAGE_MIN = 2  # pages that must name their site before their name is trusted


@dataclass(frozen=True)
class Publisher:
    """Who published a feed: the outlet key and the publisher's web address."""

    key: str
    home: str


def _tenant_segment(segment: str, keep_case: bool = False) -> str:
    segment = FEED_SUFFIX.sub("", segment)
    return segment if keep_case else segment.lower()


def _first(skip: Sequence[str] = ()) -> Callable[[list[str], dict[str, list[str]]], str]:
    def rule(segments: list[str], _query: dict[str, list[str]]) -> str:
        while segments and segments[0].lower() in skip:
            segments = segments[1:]
        return _tenant_segment(segments[0]) if segments else ""

    return rule


def _medium(segments: list[str], _query: dict[str, list[str]]) -> str:
    if segments and segments[0].lower() == "feed":
        segments = segments[1:]
    if len(segments) >= 2 and segments[0].lower() in ("tag", "topic", "tagged"):
        return f"{segments[0].lower()}/{_tenant_segment(segments[1])}"
    return _tenant_segment(segments[0]) if segments else ""


def _reddit(segments: list[str], _query: dict[str, list[str]]) -> str:
    if len(segments) >= 2 and segments[0].lower() in ("r", "u", "user"):
        kind = "r" if segments[0].lower() == "r" else "user"
        return f"{kind}/{_tenant_segment(segments[1])}"
    return ""


def _youtube(segments: list[str], query: dict[str, list[str]]) -> str:
    for name, kind, keep in (
        ("channel_id", "channel", True),
        ("playlist_id", "playlist", True),
        ("user", "user", False),
    ):
        if query.get(name) and query[name][0]:
            return f"{kind}/{_tenant_segment(query[name][0], keep)}"
    if segments and segments[0].startswith("@"):
        return _tenant_segment(segments[0])
    if len(segments) >= 2 and segments[0].lower() in ("channel", "user", "c"):
        kind = segments[0].lower()
        return f"{kind}/{_tenant_segment(segments[1], keep_case=kind == 'channel')}"
    return ""


def _segments(n: int) -> Callable[[list[str], dict[str, list[str]]], str]:
    def rule(segments: list[str], _query: dict[str, list[str]]) -> str:
        if len(segments) < n:
            return ""
        return "/".join(_tenant_segment(s) for s in segments[:n])

    return rule


def _blogger(segments: list[str], _query: dict[str, list[str]]) -> str:
    if len(segments) >= 2 and segments[0].lower() == "feeds":
        return f"feeds/{segments[1].lower()}"
    return ""


# Host (after www./m. removal) -> (the host used in the key, the rule naming the tenant).
TENANT_HOSTS: dict[str, tuple[str, Callable[[list[str], dict[str, list[str]]], str]]] = {
    "medium.com": ("medium.com", _medium),
    "feeds.feedburner.com": ("feeds.feedburner.com", _first(("~r",))),
    "feeds2.feedburner.com": ("feeds.feedburner.com", _first(("~r",))),
    "feedproxy.google.com": ("feeds.feedburner.com", _first(("~r",))),
    "github.com": ("github.com", _first()),
    "gitlab.com": ("gitlab.com", _first()),
    "reddit.com": ("reddit.com", _reddit),
    "old.reddit.com": ("reddit.com", _reddit),
    "youtube.com": ("youtube.com", _youtube),
    "blogger.com": ("blogger.com", _blogger),
    "tumblr.com": ("tumblr.com", _first(("blog", "view"))),
    "anchor.fm": ("anchor.fm", _first(("s",))),
    "feeds.megaphone.fm": ("feeds.megaphone.fm", _first()),
    "feeds.simplecast.com": ("feeds.simplecast.com", _first()),
    "feeds.transistor.fm": ("feeds.transistor.fm", _first()),
    "feeds.buzzsprout.com": ("feeds.buzzsprout.com", _first()),
    "feeds.libsyn.com": ("feeds.libsyn.com", _first()),
    "feeds.captivate.fm": ("feeds.captivate.fm", _first()),
    "rss.art19.com": ("rss.art19.com", _first()),
    "feeds.soundcloud.com": ("feeds.soundcloud.com", _segments(2)),
    "feeds.acast.com": ("feeds.acast.com", _first(("public", "shows"))),
}


def _web(url: str) -> tuple[str, str, int | None, str, str] | None:
    """(scheme, host, port, path, query) of an http(s) URL with a host, else None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return parts.scheme.lower(), host, port, parts.path, parts.query


def _bare_host(host: str) -> str:
    host = host.lower()
    for prefix in PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def is_local_host(host: str) -> bool:
    """Whether a host names no publisher: an IP literal, localhost or an intranet name."""
    host = host.lower().strip("[]").rstrip(".")
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    return host == "localhost" or "." not in host or host.endswith(LOCAL_SUFFIXES)


def slug(text: str) -> str:
    """A lower-case slug of a name: letters and digits of any script, runs of others as '-'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    out = re.sub(r"[\W_]+", "-", folded).strip("-")
    return out[:SLUG_MAX].strip("-")


def _authority(host: str, port: int | None, scheme: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    default = {"http": 80, "https": 443}[scheme]
    return f"{shown}:{port}" if port and port != default else shown


def publisher(site_link: str, feed_url: str, site_name: str = "") -> Publisher | None:
    """Return who published a feed (rules in the module docstring), or None without a web URL."""
    parsed = _web(site_link) or _web(feed_url)
    if parsed is None:
        return None
    scheme, host, port, path, query = parsed
    segments = [s for s in path.split("/") if s]
    if is_local_host(host):
        authority = _authority(host.lower(), port, scheme)
        name = slug(site_name) or slug(FEED_SUFFIX.sub("", "/".join(segments)))
        key = f"{authority}/{name}" if name else authority
        home = site_link.strip() if _web(site_link) else f"{scheme}://{authority}/"
        return Publisher(key[:KEY_MAX], home)
    bare = _bare_host(host)
    tenant = ""
    key_host = bare
    if bare in TENANT_HOSTS:
        key_host, rule = TENANT_HOSTS[bare]
        tenant = rule(segments, parse_qs(query))
    elif segments and segments[0][:1] in ("@", "~") and len(segments[0]) > 1:
        tenant = _tenant_segment(segments[0])
    key = f"{key_host}/{tenant}" if tenant else key_host
    if tenant:
        home = site_link.strip() if _web(site_link) else f"{scheme}://{key}"
    else:
        home = f"{scheme}://{_authority(host.lower(), port, scheme)}/"
    return Publisher(key[:KEY_MAX], home)


def publisher_key(site_link: str, feed_url: str, site_name: str = "") -> str:
    """Return the outlet key of a feed (see ``publisher``), or '' when neither URL is a web URL."""
    found = publisher(site_link, feed_url, site_name)
    return found.key if found else ""


def _clean(name: str) -> str:
    return " ".join(name.split())


def _looks_like_host(name: str) -> bool:
    return " " not in name and "." in name


def _title_stem(title: str) -> str:
    """The part of a feed title before its first section separator ("BBC News - World")."""
    return SEPARATOR.split(title, maxsplit=1)[0].strip()


def _common_name(titles: Sequence[str]) -> str:
    clean = [t for t in (_clean(t) for t in titles) if t]
    if not clean:
        return ""
    distinct = list(dict.fromkeys(t.casefold() for t in clean))
    if len(distinct) == 1:
        return clean[0]
    stems = {_title_stem(t).casefold() for t in clean}
    if len(stems) == 1:
        stem = _title_stem(clean[0])
        if stem:
            return stem
    return clean[0]


def page_site_name(name: str) -> str:
    """Return a page's site name cleaned, or '' when it is none (empty, or a host name)."""
    clean = _clean(name)
    return "" if _looks_like_host(clean) else clean


def _agreed_page_name(page_names: Sequence[str]) -> str:
    names = [n for n in (page_site_name(n) for n in page_names) if n]
    if len(names) < PAGE_MIN:
        return ""
    counts = Counter(n.casefold() for n in names)
    folded, count = counts.most_common(1)[0]
    if count < PAGE_MIN or count < PAGE_AGREEMENT * len(names):
        return ""
    return next(n for n in names if n.casefold() == folded)


def outlet_name(key: str, feed_titles: Sequence[str], page_names: Sequence[str] = ()) -> str:
    """Return the publisher's name: its pages' agreed site name, else its feeds', else the key.

    Pages agree when at least two name their site (a name that looks like a host, which the
    extractor falls back to, does not count) and three quarters of those give one name. The feeds'
    name is their common title, or the part before a section separator that all their titles
    share ("BBC News - World" and "BBC News - Business" give "BBC News"), else the first title.
    """
    return _agreed_page_name(page_names) or _common_name(feed_titles) or key


def automatic_name(name: str, key: str, feed_titles: Sequence[str]) -> bool:
    """Whether ``name`` is one Broadsheet gives by itself (so a better one may replace it).

    Automatic: empty, the key or its host, a feed title, or the part of one before a section
    separator. Anything else was given by a person (the admin) and is kept.
    """
    clean = _clean(name).casefold()
    if not clean or clean in (key.casefold(), key.split("/", 1)[0].casefold()):
        return True
    titles = [_clean(t) for t in feed_titles if _clean(t)]
    return any(clean in (t.casefold(), _title_stem(t).casefold()) for t in titles)
