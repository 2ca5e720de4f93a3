"""A reader's alert as a feed: the articles its rule matched, newest match first.

Alerts are private: only their owner reads them. Making, previewing and checking rules is the
search part's (``broadsheet.search``).
"""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.errors import NotFoundError
from broadsheet.reading._articles import ArticleEntry, article_entries
from broadsheet.storage.community import alerts

__all__ = ["AlertFeed", "alert_feed"]


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
