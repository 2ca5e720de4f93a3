"""Articles as the web's lists show them: newest first, an outlet's, given ones, and story leads.

One query per list (the articles with their outlets, without any HTML column). Each
``ListedArticle`` carries its outlet (to link to its page and mute it), its time and the start
of its text as the card's lead; its link and its image (the row's thumbnail) are http(s)
addresses or empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from broadsheet.reading._article_view import Outlet
from broadsheet.reading._unread import kept_for_reader
from broadsheet.storage import articles
from broadsheet.storage.reader import subscriptions
from broadsheet.storage.search import browse
from broadsheet.untrusted import web_url

__all__ = [
    "LEAD_CHARS",
    "ListedArticle",
    "listed_articles",
    "newest_articles",
    "outlet_articles",
    "outlet_by_domain",
    "story_leads",
]

LEAD_CHARS = 240  # a card shows this much of an article's text, then "…" if there is more


@dataclass(frozen=True)
class ListedArticle:
    """One article in a web list: link, headline, outlet, time and lead (``more`` when the text
    goes on past the lead)."""

    id: int
    url: str
    title: str
    published_at: datetime | None
    source: Outlet | None
    source_id: int | None
    lead: str
    more: bool
    image: str = ""  # the article's image for the row's thumbnail: an http(s) address or empty


def _outlet(source: Any) -> Outlet | None:
    return Outlet(source.id, source.name, source.domain) if source is not None else None


def _listed(a: Any) -> ListedArticle:
    text = a.text or ""
    return ListedArticle(
        id=a.id,
        url=web_url(a.url),
        title=a.title,
        published_at=a.published_at,
        source=_outlet(a.source),
        source_id=a.source_id,
        lead=text[:LEAD_CHARS],
        more=len(text) > LEAD_CHARS,
        image=web_url(a.image),
    )


def newest_articles(
    limit: int, before: tuple[datetime, int] | None = None, *, feeds_of: int | None = None
) -> list[ListedArticle]:
    """Return the newest articles of every feed (not exact copies), strictly older than
    ``before`` (published, id) when given; ``feeds_of`` (a reader): of the feeds they follow."""
    if not feeds_of:
        return [_listed(a) for a in articles.newest(limit, before)]
    reader = feeds_of

    def mine() -> list[ListedArticle]:
        feeds = subscriptions.followed_feed_ids(reader)
        return [_listed(a) for a in articles.newest(limit, before, feeds)]

    # A reader's page is kept until an article arrives or they follow or unfollow a feed:
    # walking the newest index for their feeds' articles took 10-20 ms at 1M articles.
    return kept_for_reader(f"latest:{limit}:{before}", reader, mine)


def outlet_by_domain(domain: str) -> Outlet:
    """Return the outlet with this domain (any case), or raise NotFoundError."""
    found = browse.source_by_domain(domain)
    return Outlet(found.id, found.name, found.domain)


def outlet_articles(
    source_id: int, limit: int, before: tuple[datetime, int] | None = None
) -> list[ListedArticle]:
    """Return an outlet's newest articles (not exact copies), strictly older than ``before``."""
    return [_listed(a) for a in browse.for_source(source_id, limit, before)]


def listed_articles(ids: Sequence[int], *, copies: bool = True) -> list[ListedArticle]:
    """Return these articles newest first (unknown ids left out); ``copies=False`` leaves exact
    copies out."""
    return [_listed(a) for a in browse.by_ids(ids, copies=copies)]


def story_leads(firsts: Iterable[tuple[int, int]]) -> dict[int, str]:
    """Return one lead line per story from ``(story id, its earliest article id)`` pairs: the
    first sentence of that article's first paragraph, or its first 200 characters (one query)."""
    pairs = list(firsts)
    texts = {a.id: a.text for a in browse.by_ids([article for _, article in pairs])}
    out = {}
    for story_id, article_id in pairs:
        text = " ".join((texts.get(article_id) or "").split("\n\n")[0].split())
        cut = text.find(". ", 40)
        out[story_id] = text[: cut + 1] if 0 < cut < 240 else _clipped(text, 200)
    return out


def _clipped(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    space = head.rfind(" ")
    head = head[:space] if space > limit // 2 else text[:limit]
    return head.rstrip(" ,;:–—-") + "…"
