"""Find social posts and videos embedded in page markup (tweets, Bluesky, Mastodon, Instagram…)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote

from lxml import etree
from lxml import html as lxml_html
from lxml.etree import ParserError
from lxml.html import HtmlElement

from ._sanitize import absolute_url
from ._text_embeds import iso_date, platform_for_handle
from ._types import Embed

_BYLINE = re.compile(r"(?:—|–|-)\s*(?P<author>[^()\n]{1,80}?)\s*\((?P<handle>@[\w.@-]{1,80})\)")
_SHARED_BY = re.compile(
    r"shared by\s+(?P<author>[^()\n]{1,80}?)\s*\((?P<handle>@[\w.-]{1,60})\)", re.I
)
_YOUTUBE_ID = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:embed/|watch\?(?:.*&)?v=|shorts/)|youtu\.be/)([\w-]{6,20})"
)
_MASTODON_URL = re.compile(r"https?://[^/\s]+/@(?P<user>[\w.]+)/\d+")
_DATE = re.compile(r"[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}")
_Finder = Callable[[HtmlElement, str | None], Embed | None]


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _text_of(element: HtmlElement) -> str:
    """The post's own words: its paragraphs, else its whole text without the byline."""
    paragraphs = [" ".join(p.text_content().split()) for p in element.iter("p")]
    text = "\n".join(p for p in paragraphs if p)
    return text or _BYLINE.split(" ".join(element.text_content().split()))[0].strip()


def _links(element: HtmlElement, base_url: str | None) -> list[str]:
    found = (absolute_url(a.get("href") or "", base_url) for a in element.iter("a"))
    return [url for url in found if url]


def _byline(element: HtmlElement) -> tuple[str | None, str | None, str | None]:
    """Author, handle and ISO date from a "— Name (@handle) July 3, 2025" line."""
    flat = " ".join(element.text_content().split())
    match = _BYLINE.search(flat) or _SHARED_BY.search(flat)
    date = _DATE.search(flat[match.end() :] if match else flat)
    published = iso_date(date.group(0)) if date else None
    if not match:
        return None, None, published
    return match["author"].strip() or None, match["handle"], published


def _post(platform: str, element: HtmlElement, url: str | None) -> Embed:
    author, handle, published = _byline(element)
    if handle and platform == "mastodon" and platform_for_handle(handle) != "mastodon":
        handle = handle if handle.startswith("@") else f"@{handle}"
    return Embed(platform, url, author, handle, published, _text_of(element), "html")


def _tweet(element: HtmlElement, base_url: str | None) -> Embed | None:
    if element.tag != "blockquote" or not _classes(element) & {"twitter-tweet", "twitter-video"}:
        return None
    statuses = [u for u in _links(element, base_url) if "/status/" in u]
    return _post("x", element, statuses[-1] if statuses else None)


def _bluesky(element: HtmlElement, base_url: str | None) -> Embed | None:
    if element.tag != "blockquote" or "bluesky-embed" not in _classes(element):
        return None
    posts = [u for u in _links(element, base_url) if "/post/" in u]
    return _post("bluesky", element, posts[-1] if posts else None)


def _mastodon(element: HtmlElement, base_url: str | None) -> Embed | None:
    if "mastodon-embed" not in _classes(element):
        return None
    source = element.get("src") or element.get("data-embed-url") or ""
    candidates = [absolute_url(source, base_url) or "", *_links(element, base_url)]
    url = next((u.removesuffix("/embed") for u in candidates if _MASTODON_URL.match(u)), None)
    embed = _post("mastodon", element, url)
    if embed.handle is None and url and (match := _MASTODON_URL.match(url)):
        host = url.split("/")[2]
        embed = Embed(
            "mastodon",
            url,
            embed.author,
            f"@{match['user']}@{host}",
            embed.published,
            embed.text,
            "html",
        )
    return embed


def _instagram(element: HtmlElement, base_url: str | None) -> Embed | None:
    if "instagram-media" not in _classes(element):
        return None
    url = absolute_url(element.get("data-instgrm-permalink") or "", base_url)
    return _post("instagram", element, url.split("?")[0] if url else None)


def _tiktok(element: HtmlElement, base_url: str | None) -> Embed | None:
    if "tiktok-embed" not in _classes(element):
        return None
    embed = _post("tiktok", element, absolute_url(element.get("cite") or "", base_url))
    handle = next(
        (a.get("title") for a in element.iter("a") if (a.get("title") or "").startswith("@")), None
    )
    return Embed(
        "tiktok",
        embed.url,
        embed.author,
        embed.handle or handle,
        embed.published,
        embed.text,
        "html",
    )


def _threads(element: HtmlElement, base_url: str | None) -> Embed | None:
    if "text-post-media" not in _classes(element):
        return None
    url = absolute_url(element.get("data-text-post-permalink") or "", base_url)
    return _post("threads", element, url)


def _facebook(element: HtmlElement, base_url: str | None) -> Embed | None:
    classes = _classes(element)
    source = element.get("src") or ""
    if classes & {"fb-post", "fb-video"}:
        url = absolute_url(element.get("data-href") or "", base_url)
    elif element.tag == "iframe" and "facebook.com/plugins/" in source:
        match = re.search(r"[?&]href=([^&]+)", source)
        url = absolute_url(unquote(match.group(1)), None) if match else None
    else:
        return None
    return Embed("facebook", url, None, None, None, _text_of(element), "html")


def _youtube(element: HtmlElement, base_url: str | None) -> Embed | None:
    if element.tag == "lite-youtube" and element.get("videoid"):
        video: str | None = element.get("videoid")
    elif element.tag == "iframe":
        match = _YOUTUBE_ID.search(element.get("src") or element.get("data-src") or "")
        video = match.group(1) if match else None
    elif element.tag == "a" and _is_lone_link(element):
        match = _YOUTUBE_ID.search(element.get("href") or "")
        video = match.group(1) if match else None
    else:
        return None
    if not video:
        return None
    title = element.get("title") or (element.text_content().strip() if element.tag == "a" else "")
    return Embed(
        "youtube", f"https://www.youtube.com/watch?v={video}", None, None, None, title, "html"
    )


def _is_lone_link(link: HtmlElement) -> bool:
    """A link alone in its paragraph, the way CMSes mark a video to embed."""
    parent = link.getparent()
    if parent is None or parent.tag not in {"p", "div", "figure"}:
        return False
    return " ".join(parent.text_content().split()) == " ".join(link.text_content().split())


_FINDERS: tuple[_Finder, ...] = (
    _tweet,
    _bluesky,
    _mastodon,
    _instagram,
    _tiktok,
    _threads,
    _facebook,
    _youtube,
)
_EMBED_CLASSES = (
    "mastodon-embed",
    "instagram-media",
    "tiktok-embed",
    "text-post-media",
    "fb-post",
    "fb-video",
)
_CANDIDATES = etree.XPath(
    "//blockquote[@class] | //iframe | //lite-youtube | //a[contains(@href, 'youtu')] | //*["
    + " or ".join(f"contains(@class, '{name}')" for name in _EMBED_CLASSES)
    + "]"
)
_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)


def _candidates(tree: HtmlElement) -> list[HtmlElement]:
    """The elements of ``tree``'s document that may hold an embed, in document order.

    Testing every element's class in XPath is most of the cost, and few pages use those
    classes: when no class attribute names one, only the tags that can hold an embed are read.
    """
    classes = " ".join(_CLASS_VALUES(tree))
    if any(name in classes for name in _EMBED_CLASSES):
        found: list[HtmlElement] = _CANDIDATES(tree)
        return found
    root = tree.getroottree().getroot()
    return [
        element
        for element in root.iter("blockquote", "iframe", "lite-youtube", "a")
        if (element.tag != "blockquote" or element.get("class") is not None)
        and (element.tag != "a" or "youtu" in (element.get("href") or ""))
    ]


def iter_embeds(tree: HtmlElement, base_url: str | None) -> Iterator[tuple[HtmlElement, Embed]]:
    """Yield each outermost embed element of ``tree`` with the embed it holds, in page order."""
    claimed: set[HtmlElement] = set()
    for element in _candidates(tree):
        if claimed and any(ancestor in claimed for ancestor in element.iterancestors()):
            continue
        for finder in _FINDERS:
            embed = finder(element, base_url)
            if embed is not None:
                claimed.add(element)
                yield element, embed
                break


def find_embeds(html: str, base_url: str | None = None) -> tuple[Embed, ...]:
    """Return the social posts and videos embedded in ``html``'s markup, in page order."""
    if not html or not html.strip():
        return ()
    try:
        tree = lxml_html.fromstring(html)
    except (ParserError, ValueError):
        return ()
    if not isinstance(tree, HtmlElement):  # "&nbsp;<?" parses to a lone comment
        return ()
    return tuple(embed for _, embed in iter_embeds(tree, base_url))
