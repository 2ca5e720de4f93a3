"""The instance's feeds: add one for every reader by its URL or its site's home page, OPML.

A feed added here is the instance's: every reader follows it (unless they hide it) and its
articles reach every front page. So adding one (web ``/feeds/add`` "for every reader", ``POST
/api/feeds``, Google Reader ``quickadd`` and ``subscription/edit ac=subscribe``) needs
:func:`may_subscribe`; every entry point asks it, and nothing else decides. The command line is
the operator's and is not asked. A reader's own feeds are ``_subscriptions``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet import config
from broadsheet.errors import (
    FeedParseError,
    FetchError,
    InvalidURLError,
    NoFeedFoundError,
    NotFoundError,
    PermissionDeniedError,
)
from broadsheet.fetch import FetchPolicy, fetch_sync
from broadsheet.opml import Subscription, parse_opml, write_opml
from broadsheet.parse import ParsedFeed, discover_feeds, looks_like_feed, parse_feed
from broadsheet.pipeline._outlets import outlet_of, settle_names
from broadsheet.storage import feeds
from broadsheet.storage.reader import queries as accounts
from broadsheet.storage.reader import subscriptions as subs
from broadsheet.untrusted import url_problem, web_url, xml_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subscribed:
    """The outcome of subscribing: which feed, whether it is new, and what it is called."""

    feed_id: int
    created: bool
    url: str
    title: str


@dataclass(frozen=True)
class OPMLReport:
    """How many OPML subscriptions were added, were already there, or were refused (and why)."""

    added: int
    existing: int
    refused: tuple[str, ...] = ()


def may_subscribe(user_id: int | None) -> bool:
    """Whether this account may add feeds for the whole instance: staff accounts only."""
    if user_id is None:
        return False
    try:
        return accounts.get_user(user_id).is_staff
    except NotFoundError:
        return False


def ensure_may_subscribe(user_id: int | None) -> None:
    """Raise PermissionDeniedError unless :func:`may_subscribe` allows this account."""
    if not may_subscribe(user_id):
        raise PermissionDeniedError(
            "Adding a feed subscribes every reader of this Broadsheet, so it needs a staff "
            "account: ask an administrator to add it."
        )


def _load(url: str, policy: FetchPolicy) -> tuple[str, ParsedFeed | None, bytes, str]:
    result = fetch_sync(url, policy=policy, purpose="feed")
    content_type = result.headers.get("content-type")
    final = result.permanent_redirect or url
    if looks_like_feed(result.body, content_type):
        return (
            final,
            parse_feed(result.body, result.final_url, content_type),
            result.body,
            result.final_url,
        )
    return final, None, result.body, result.final_url


def find_feed(url: str) -> tuple[str, ParsedFeed]:
    """Return the feed URL and parsed feed for a feed URL or a page that links to its feed."""
    policy = FetchPolicy.from_settings(config.get())
    final, parsed, body, page_url = _load(url, policy)
    if parsed is not None:
        return final, parsed
    candidates = discover_feeds(body, page_url)
    problems = []
    for candidate in candidates:
        try:
            feed_url, found, _, _ = _load(candidate.url, policy)
        except (FetchError, FeedParseError) as exc:
            problems.append(f"{candidate.url}: {exc}")
            continue
        if found is not None:
            return feed_url, found
        problems.append(f"{candidate.url}: not a feed")
    detail = f" Tried: {'; '.join(problems)}." if problems else ""
    raise NoFeedFoundError(
        f"{url} is not a feed and links to no RSS, Atom or JSON feed.{detail} "
        "Give the feed's own address instead."
    )


def subscribe(url: str, category: Sequence[str] = ()) -> Subscribed:
    """Subscribe to a feed given its URL or its site's URL (autodiscovery), checking it parses."""
    problem = url_problem(url)
    if problem:
        raise InvalidURLError(f"Cannot subscribe to {url[:200]!r}: {problem}.")
    feed_url, parsed = find_feed(url)
    feed_id, created = feeds.add_feed(
        feed_url,
        title=parsed.title,
        site_url=parsed.site_url or "",
        category=tuple(category),
        outlet=outlet_of(feed_url, parsed.site_url or "", parsed.title),
    )
    if created:
        settle_names(feeds.outlets_of_feeds([feed_id]), pages=False)
    subs.make_shared(feed_id)  # a reader's own feed becomes everyone's
    log.info("subscribed", extra={"feed_id": feed_id, "url": feed_url, "new": created})
    return Subscribed(feed_id, created, feed_url, parsed.title)


def import_opml(data: bytes | str) -> OPMLReport:
    """Subscribe to every feed of an OPML document, keeping its categories (no fetching)."""
    added = existing = 0
    refused: list[str] = []
    placed: list[int] = []
    for sub in parse_opml(data):
        problem = url_problem(sub.feed_url)
        if problem:
            refused.append(f"{sub.feed_url[:200]!r}: {problem}")
            continue
        feed_url, title, site_url = (
            web_url(sub.feed_url),
            xml_text(sub.title or ""),
            web_url(sub.site_url),
        )
        feed_id, created = feeds.add_feed(
            feed_url,
            title=title,
            site_url=site_url,
            category=sub.category,
            outlet=outlet_of(feed_url, site_url, title),
        )
        if created:
            placed.append(feed_id)
        subs.make_shared(feed_id)
        added += created
        existing += not created
    settle_names(feeds.outlets_of_feeds(placed), pages=False)
    if refused:
        log.warning("opml feeds refused", extra={"refused": len(refused)})
    return OPMLReport(added, existing, tuple(refused))


def export_opml() -> str:
    """Return the instance's feeds (not readers' own ones) as OPML 2.0 with nested categories."""
    private = {row["feed_id"] for row in subs.private_feed_ids()}
    urls = set(subs.visible_feeds(None).values_list("url", flat=True)) if private else None
    shared: list[Subscription] = [
        s for s in feeds.subscriptions() if urls is None or s.feed_url in urls
    ]
    return write_opml(shared)
