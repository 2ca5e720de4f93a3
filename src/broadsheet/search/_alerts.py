"""Alerts as saved searches: a rule is parsed here (``_rules``) and evaluated by storage.

New articles are checked by the pipeline's index step (``check_alerts``); a reader previews a
rule and saves it from the alerts page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone

from broadsheet.errors import AlertRuleError
from broadsheet.search._rules import parse_rule
from broadsheet.storage.community import alerts

PREVIEW_DAYS = 30  # what a new rule would have matched, and what a saved one starts with
CHECK_DAYS = 3650  # new articles of any publication date count
DELIVERIES = ("none", "immediate", "daily")


def preview_rule(rule: str, limit: int = 50) -> tuple[list[alerts.MatchView], int]:
    """What the rule would have matched over the last 30 days, and how many; AlertRuleError."""
    return alerts.preview(parse_rule(rule), timezone.now() - timedelta(days=PREVIEW_DAYS), limit)


def create_alert(
    user_id: int,
    name: str,
    rule: str,
    delivery: str = "none",
    webhook: str = "",
    *,
    my_feeds: bool = False,
) -> alerts.AlertView:
    """Save a rule (AlertRuleError if it cannot be understood) with its last 30 days' matches.

    ``delivery`` mails new matches (``immediate`` or a ``daily`` digest; ``none``), and a
    ``webhook`` URL receives them as JSON; AlertRuleError names a bad choice. ``my_feeds``
    matches only articles of the feeds the reader follows (its page, feed and mail too).
    """
    conditions = parse_rule(rule)
    if delivery not in DELIVERIES:
        raise AlertRuleError("Mail new matches immediately, daily, or not at all (“none”).")
    webhook = webhook.strip()
    if webhook and (urlsplit(webhook).scheme not in ("http", "https") or len(webhook) > 2000):
        raise AlertRuleError("A webhook is an http:// or https:// URL of at most 2,000 characters.")
    since = timezone.now() - timedelta(days=PREVIEW_DAYS)
    return alerts.create_alert(
        user_id, name, rule, conditions, since, delivery, webhook, my_feeds=my_feeds
    )


def check_alerts(article_ids: Sequence[int]) -> int:
    """Record which alerts the given (new) articles match; return how many matches were added."""
    if not article_ids:
        return 0
    since, added = timezone.now() - timedelta(days=CHECK_DAYS), 0
    for alert_id, rule in alerts.rules():
        try:
            conditions = parse_rule(rule)
        except AlertRuleError:
            continue  # saved by an older version whose grammar accepted it
        added += alerts.add_matches(alert_id, alerts.evaluate(conditions, since, article_ids))
    return added
