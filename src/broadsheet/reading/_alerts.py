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


def alert_feed(owner_id: int, alert_id: int, limit: int = 50) -> AlertFeed:
    """Return the owner's alert with its newest ``limit`` matches, or raise NotFoundError."""
    mine = next((a for a in alerts.user_alerts(owner_id) if a.id == alert_id), None)
    if mine is None:
        raise NotFoundError(f"you have no alert with id {alert_id}")
    ids = [m.article_id for m in alerts.alert_matches(alert_id, limit)]
    return AlertFeed(mine.id, mine.name, mine.rule, tuple(article_entries(ids)))


def user_alerts(owner_id: int) -> list[AlertView]:
    """Return the owner's alerts, newest first, with how many articles each matched."""
    return alerts.user_alerts(owner_id)


def alert_matches(owner_id: int, alert_id: int, limit: int = 100) -> list[MatchView]:
    """Return the owner's alert's newest ``limit`` matches, or raise NotFoundError if the alert is
    not theirs."""
    if not any(a.id == alert_id for a in alerts.user_alerts(owner_id)):
        raise NotFoundError(f"you have no alert with id {alert_id}")
    return alerts.alert_matches(alert_id, limit)


def delete_alert(owner_id: int, alert_id: int) -> None:
    """Delete one of the owner's alerts (quietly nothing if it is not theirs)."""
    alerts.delete_alert(alert_id, owner_id)
