"""Alerts' tables: saved rules, the articles they matched, and the evaluation of parsed rules.

A rule is parsed by the search package (``search.parse_rule``) into conditions; the functions here
take those conditions and only query: which articles pass them, what a rule matched, which
alerts exist. New articles are checked by the pipeline's index step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from broadsheet.storage.community.models import Alert, AlertMatch
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.models import Article
from broadsheet.storage.reader.subscriptions import followed_feed_ids
from broadsheet.storage.search import queries as search_queries

__all__ = [
    "AlertView",
    "Clause",
    "MatchView",
    "add_matches",
    "alert_matches",
    "create_alert",
    "delete_alert",
    "evaluate",
    "preview",
    "rules",
    "user_alerts",
]

LIMIT = 5000


class Clause(Protocol):
    """One parsed condition of a rule (the search package's ``Condition`` is one)."""

    @property
    def field(self) -> str: ...  # entity | source | hashtag | language | keyword

    @property
    def value(self) -> str: ...

    @property
    def negate(self) -> bool: ...

    @property
    def query(self) -> search_queries.Query | None: ...  # a keyword clause's parsed terms


@dataclass(frozen=True)
class AlertView:
    """An alert as pages show it."""

    id: int
    name: str
    rule: str
    created_at: datetime
    matches: int
    my_feeds: bool = False  # matches only articles of the feeds its owner follows


@dataclass(frozen=True)
class MatchView:
    """An article an alert matched."""

    article_id: int
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    matched_at: datetime | None


def _intel_ids(field: str, value: str) -> set[int]:
    find = intel.articles_for_entity if field == "entity" else intel.articles_for_tag
    return set(find(value, LIMIT, 0))


def _ids(c: Clause, since: datetime, only: Sequence[int] | None) -> set[int]:
    if c.field == "keyword":
        if c.query is None:
            return set()
        found = search_queries.match(c.query, since=since, only_ids=only, cap=LIMIT)
        return {i for i, _ in found.ranked}
    if c.field in ("entity", "hashtag"):
        return _intel_ids(c.field, c.value.lstrip("#"))
    qs = Article.objects.filter(published_at__gte=since)
    if only is not None:
        qs = qs.filter(id__in=list(only))
    if c.field == "source":
        qs = qs.filter(Q(source__name__iexact=c.value) | Q(source__domain__iexact=c.value))
    else:
        qs = qs.filter(Q(language__iexact=c.value) | Q(language__istartswith=c.value + "-"))
    return set(qs.values_list("id", flat=True)[:LIMIT])


def evaluate(
    conditions: Sequence[Clause], since: datetime, only: Sequence[int] | None = None
) -> list[int]:
    """IDs of the articles published since ``since`` passing every condition, newest first."""
    found: set[int] | None = None
    for c in (c for c in conditions if not c.negate):
        ids = _ids(c, since, only)
        found = ids if found is None else found & ids
    for c in (c for c in conditions if c.negate):
        if found:
            found -= _ids(c, since, sorted(found))
    kept = Article.objects.filter(id__in=sorted(found or ()), published_at__gte=since)
    return list(kept.order_by("-published_at", "-id").values_list("id", flat=True))


def _matches(ids: Sequence[int], matched: dict[int, datetime] | None = None) -> list[MatchView]:
    rows = {
        a.id: a
        for a in Article.objects.filter(id__in=list(ids))
        .select_related("source")
        .only("id", "title", "url", "published_at", "source__name")
    }
    return [
        MatchView(
            i,
            rows[i].title,
            rows[i].url,
            rows[i].source.name if rows[i].source else "",
            rows[i].published_at,
            (matched or {}).get(i),
        )
        for i in ids
        if i in rows
    ]


def preview(
    conditions: Sequence[Clause], since: datetime, limit: int = 50
) -> tuple[list[MatchView], int]:
    """The first ``limit`` articles since ``since`` the conditions match, and how many match."""
    ids = evaluate(conditions, since)
    return _matches(ids[:limit]), len(ids)


def create_alert(
    user_id: int,
    name: str,
    rule: str,
    conditions: Sequence[Clause],
    since: datetime,
    delivery: str = "none",
    webhook: str = "",
    my_feeds: bool = False,
) -> AlertView:
    """Save a rule (its text, parsed into ``conditions``) with its matches since ``since``.

    Those first matches count as delivered: mail and the webhook carry only later ones.
    ``my_feeds`` limits it, now and later, to articles of the feeds the reader follows.
    """
    alert = Alert.objects.create(
        user_id=user_id,
        name=(name or rule)[:200],
        rule=rule.strip(),
        delivery=delivery,
        webhook=webhook,
        my_feeds=my_feeds,
    )
    added = add_matches(alert.id, evaluate(conditions, since))
    now = timezone.now()
    AlertMatch.objects.filter(alert_id=alert.id).update(mailed_at=now, posted_at=now)
    return AlertView(alert.id, alert.name, alert.rule, alert.created_at, added, my_feeds)


def user_alerts(user_id: int, *, my_feeds: bool = False) -> list[AlertView]:
    """Return a user's alerts, newest first, with their match counts (``my_feeds``: counting
    only articles of the feeds the user follows, as every ``my_feeds`` alert always does)."""
    mine = Q(matches__article__feed_id__in=followed_feed_ids(user_id))
    qs = Alert.objects.filter(user_id=user_id).annotate(
        n=Count("matches"), n_mine=Count("matches", filter=mine)
    )
    return [
        AlertView(
            a.id,
            a.name,
            a.rule,
            a.created_at,
            a.n_mine if my_feeds or a.my_feeds else a.n,
            a.my_feeds,
        )
        for a in qs.order_by("-id")
    ]


def delete_alert(alert_id: int, user_id: int) -> None:
    """Delete one of the user's alerts (quietly nothing if it is not theirs)."""
    Alert.objects.filter(id=alert_id, user_id=user_id).delete()


def rules() -> list[tuple[int, str]]:
    """Every saved alert as (id, rule text), oldest first."""
    return list(Alert.objects.order_by("id").values_list("id", "rule"))


def add_matches(alert_id: int, article_ids: Sequence[int]) -> int:
    """Record that the alert matched these articles (each pair once; a ``my_feeds`` alert only
    those of its owner's feeds); return how many were given."""
    owner = Alert.objects.filter(id=alert_id, my_feeds=True).values_list("user_id", flat=True)
    ids = list(article_ids)
    if ids and (user_id := owner.first()) is not None:
        kept = Article.objects.filter(id__in=ids, feed_id__in=followed_feed_ids(user_id))
        found = set(kept.values_list("id", flat=True))
        ids = [i for i in ids if i in found]
    made = AlertMatch.objects.bulk_create(
        [AlertMatch(alert_id=alert_id, article_id=i) for i in ids], ignore_conflicts=True
    )
    return len(made)


def alert_matches(
    alert_id: int, limit: int = 50, feeds: QuerySet[Any, Any] | None = None
) -> list[MatchView]:
    """Return the alert's matched articles, newest match first (the alert's feed); ``feeds``, a
    subquery of feed ids, keeps only those feeds' articles."""
    qs = AlertMatch.objects.filter(alert_id=alert_id)
    if feeds is not None:
        qs = qs.filter(article__feed_id__in=feeds)
    rows = list(qs.order_by("-matched_at", "-id").values_list("article_id", "matched_at")[:limit])
    return _matches([i for i, _ in rows], dict(rows))
