"""Alerts: rules such as ``entity = Ana Ruiz and not source = Example News`` or plain keywords.

A rule is clauses joined by "and"; each clause is ``field = value`` (entity, source, hashtag,
language, keyword) or bare words (keywords), optionally preceded by "not". New articles are
checked by the pipeline's index step; matches form the alert's feed (``alert_matches``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from broadsheet.search import parse
from broadsheet.storage.community.errors import AlertRuleError
from broadsheet.storage.community.models import Alert, AlertMatch
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.models import Article
from broadsheet.storage.search import queries as search_queries

FIELDS = {
    "entity": "entity",
    "source": "source",
    "hashtag": "hashtag",
    "tag": "hashtag",
    "language": "language",
    "keyword": "keyword",
    "keywords": "keyword",
    "text": "keyword",
}
CLAUSE = re.compile(r"^(not\s+)?(?:(\w+)\s*[=:]\s*)?(.+)$", re.I | re.S)
LIMIT = 5000


@dataclass(frozen=True)
class Condition:
    """One clause of a rule."""

    field: str
    value: str
    negate: bool = False


@dataclass(frozen=True)
class AlertView:
    """An alert as pages show it."""

    id: int
    name: str
    rule: str
    created_at: datetime
    matches: int


@dataclass(frozen=True)
class MatchView:
    """An article an alert matched."""

    article_id: int
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    matched_at: datetime | None


def parse_rule(rule: str) -> tuple[Condition, ...]:
    """Parse a rule into conditions, or raise AlertRuleError saying what is wrong."""
    conditions = []
    for clause in re.split(r"\s+and\s+", (rule or "").strip(), flags=re.I):
        m = CLAUSE.match(clause.strip())
        if not m or not clause.strip():
            continue
        negate, field, value = bool(m.group(1)), (m.group(2) or "keyword").lower(), m.group(3)
        if field not in FIELDS:
            raise AlertRuleError(
                f"Unknown field {field!r}: use one of entity, source, hashtag, language or keyword."
            )
        conditions.append(Condition(FIELDS[field], value.strip().strip('"'), negate))
    if not any(not c.negate for c in conditions):
        raise AlertRuleError(
            "A rule needs at least one condition without 'not', e.g. "
            "'entity = Ana Ruiz' or 'tram strike'."
        )
    return tuple(conditions)


def _intel_ids(field: str, value: str) -> set[int]:
    find = intel.articles_for_entity if field == "entity" else intel.articles_for_tag
    return set(find(value, LIMIT, 0))


def _ids(c: Condition, since: datetime, only: Sequence[int] | None) -> set[int]:
    if c.field == "keyword":
        found = search_queries.match(parse(c.value), since=since, only_ids=only, cap=LIMIT)
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


def evaluate(rule: str, since: datetime, only: Sequence[int] | None = None) -> list[int]:
    """Return IDs of articles published since ``since`` that match the rule, newest first."""
    conditions = parse_rule(rule)
    found: set[int] | None = None
    for c in (c for c in conditions if not c.negate):
        ids = _ids(c, since, only)
        found = ids if found is None else found & ids
    for c in (c for c in conditions if c.negate):
        if found:
            found -= _ids(c, since, sorted(found))
    ids = Article.objects.filter(id__in=sorted(found or ()), published_at__gte=since)
    return list(ids.order_by("-published_at", "-id").values_list("id", flat=True))


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


def preview_rule(rule: str, days: int = 30, limit: int = 50) -> tuple[list[MatchView], int]:
    """Return what the rule would have matched over the last ``days`` days, and how many."""
    ids = evaluate(rule, timezone.now() - timedelta(days=days))
    return _matches(ids[:limit]), len(ids)


def create_alert(user_id: int, name: str, rule: str) -> AlertView:
    """Save a rule (validated) and fill it with the last 30 days' matches."""
    parse_rule(rule)
    alert = Alert.objects.create(user_id=user_id, name=(name or rule)[:200], rule=rule.strip())
    ids = evaluate(rule, timezone.now() - timedelta(days=30))
    AlertMatch.objects.bulk_create(
        [AlertMatch(alert=alert, article_id=i) for i in ids], ignore_conflicts=True
    )
    return AlertView(alert.id, alert.name, alert.rule, alert.created_at, len(ids))


def user_alerts(user_id: int) -> list[AlertView]:
    """Return a user's alerts, newest first, with their match counts."""
    from django.db.models import Count

    qs = Alert.objects.filter(user_id=user_id).annotate(n=Count("matches")).order_by("-id")
    return [AlertView(a.id, a.name, a.rule, a.created_at, a.n) for a in qs]


def delete_alert(alert_id: int, user_id: int) -> None:
    """Delete one of the user's alerts (quietly nothing if it is not theirs)."""
    Alert.objects.filter(id=alert_id, user_id=user_id).delete()


def check_alerts(article_ids: Sequence[int]) -> int:
    """Record which alerts the given (new) articles match; return how many matches were added."""
    if not article_ids:
        return 0
    since, added = timezone.now() - timedelta(days=3650), 0
    for alert in Alert.objects.all().iterator():
        try:
            ids = evaluate(alert.rule, since, only=list(article_ids))
        except AlertRuleError:
            continue
        made = AlertMatch.objects.bulk_create(
            [AlertMatch(alert=alert, article_id=i) for i in ids], ignore_conflicts=True
        )
        added += len(made)
    return added


def alert_matches(alert_id: int, limit: int = 50) -> list[MatchView]:
    """Return the alert's matched articles, newest match first (the alert's feed)."""
    rows = list(
        AlertMatch.objects.filter(alert_id=alert_id)
        .order_by("-matched_at", "-id")
        .values_list("article_id", "matched_at")[:limit]
    )
    return _matches([i for i, _ in rows], dict(rows))
