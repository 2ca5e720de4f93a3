"""What alerts still owe their readers: matches not yet mailed or POSTed, and marking them sent.

The pipeline (``pipeline.mail``) decides what is due and sends it; this module only reads the
pending matches and records what went out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from broadsheet.storage.community.alerts import MatchView, _matches
from broadsheet.storage.community.models import Alert, AlertMatch

__all__ = ["Pending", "mark_sent", "pending"]

COLUMN = {"mail": "mailed_at", "hook": "posted_at"}


@dataclass(frozen=True)
class Pending:
    """One alert with matches not yet sent by ``kind`` (mail or hook), oldest match first."""

    alert_id: int
    name: str
    rule: str
    delivery: str
    webhook: str
    email: str
    username: str
    last_mailed: datetime | None
    matches: tuple[MatchView, ...]


def pending(kind: str, limit: int = 50) -> list[Pending]:
    """Alerts with unsent matches: ``mail`` (delivery set, owner has an address) or ``hook``."""
    column = COLUMN[kind]
    alerts = Alert.objects.select_related("user").filter(**{f"matches__{column}__isnull": True})
    if kind == "mail":
        alerts = alerts.exclude(delivery="none").exclude(user__email="")
    else:
        alerts = alerts.exclude(webhook="")
    out = []
    for alert in alerts.distinct().order_by("id"):
        rows = list(
            AlertMatch.objects.filter(Q(alert_id=alert.id) & Q(**{f"{column}__isnull": True}))
            .order_by("matched_at", "id")
            .values_list("article_id", "matched_at")[:limit]
        )
        out.append(
            Pending(
                alert.id,
                alert.name,
                alert.rule,
                alert.delivery,
                alert.webhook,
                alert.user.email,
                alert.user.get_username(),
                alert.mailed_at,
                tuple(_matches([i for i, _ in rows], dict(rows))),
            )
        )
    return out


def mark_sent(kind: str, alert_id: int, article_ids: Sequence[int], when: datetime) -> int:
    """Record that these matches went out by ``kind``; return how many were marked."""
    done = AlertMatch.objects.filter(alert_id=alert_id, article_id__in=list(article_ids)).update(
        **{COLUMN[kind]: when}
    )
    if kind == "mail":
        Alert.objects.filter(id=alert_id).update(mailed_at=when)
    return done
