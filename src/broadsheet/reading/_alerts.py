"""A reader's alert as a feed: the articles its rule matched, newest match first.

Alerts are private: only their owner reads them. Making, previewing and checking rules is the
search part's (``broadsheet.search``); listing, reading and deleting one's own alerts is here.
"""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.errors import NotFoundError
from broadsheet.reading._articles import ArticleEntry, article_entries
from broadsheet.storage.community import alerts
from broadsheet.storage.community.alerts import AlertView, MatchView
from broadsheet.storage.reader import subscriptions

__all__ = [
    "AlertFeed",
    "AlertView",
    "MatchView",
    "alert_feed",
    "alert_matches",
    "delete_alert",
    "user_alerts",
]


@dataclass(frozen=True)
class AlertFeed:
    """One alert's name, rule and matched articles (as feed entries)."""

    id: int
    name: str
    rule: str
    entries: tuple[ArticleEntry, ...]


def _mine(owner_id: int, alert_id: int) -> AlertView:
    found = next((a for a in alerts.user_alerts(owner_id) if a.id == alert_id), None)
    if found is None:
        raise NotFoundError(f"you have no alert with id {alert_id}")
    return found


def _matches(owner_id: int, alert: AlertView, limit: int, my_feeds: bool) -> list[MatchView]:
    """The alert's newest matches, only from the owner's feeds when either asks for that."""
    feeds = subscriptions.followed_feed_ids(owner_id) if my_feeds or alert.my_feeds else None
    return alerts.alert_matches(alert.id, limit, feeds)


def alert_feed(
    owner_id: int, alert_id: int, limit: int = 50, *, my_feeds: bool = False
) -> AlertFeed:
    """Return the owner's alert with its newest ``limit`` matches, or raise NotFoundError
    (``my_feeds``: only those from feeds the owner follows, as a "my feeds" alert always is)."""
    mine = _mine(owner_id, alert_id)
    ids = [m.article_id for m in _matches(owner_id, mine, limit, my_feeds)]
    return AlertFeed(mine.id, mine.name, mine.rule, tuple(article_entries(ids)))


def user_alerts(owner_id: int, *, my_feeds: bool = False) -> list[AlertView]:
    """Return the owner's alerts, newest first, with how many articles each matched
    (``my_feeds``: counting only articles of the feeds the owner follows)."""
    return alerts.user_alerts(owner_id, my_feeds=my_feeds)


def alert_matches(
    owner_id: int, alert_id: int, limit: int = 100, *, my_feeds: bool = False
) -> list[MatchView]:
    """Return the owner's alert's newest ``limit`` matches (``my_feeds``: from the feeds they
    follow), or raise NotFoundError if the alert is not theirs."""
    return _matches(owner_id, _mine(owner_id, alert_id), limit, my_feeds)


def delete_alert(owner_id: int, alert_id: int) -> None:
    """Delete one of the owner's alerts (quietly nothing if it is not theirs)."""
    alerts.delete_alert(alert_id, owner_id)
