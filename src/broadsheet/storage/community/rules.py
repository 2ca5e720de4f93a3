"""Readers' filter rules (block/keep) and the article fields a rule looks at.

Rules are checked by ``broadsheet.reading`` (a pure matcher over the fields returned here); this
module only stores rules and reads the fields, with each article's text cut to ``text_chars``.
Every change of a reader's rules marks their stored matches as answering for nothing in the
same transaction (``rule_matches.invalidate``), until a backfill applies the changed rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Substr

from broadsheet.storage.articles import not_copies
from broadsheet.storage.community import rule_matches
from broadsheet.storage.community.models import ReaderRule
from broadsheet.storage.models import Article

__all__ = [
    "ArticleFields",
    "RuleRow",
    "add_rule",
    "article_fields",
    "changed_since",
    "delete_rule",
    "edit_rule",
    "recent_ids",
    "rules_of",
    "user_rules",
]


@dataclass(frozen=True)
class RuleRow:
    """One stored rule."""

    id: int
    action: str
    kind: str
    field: str
    pattern: str
    created_at: datetime


@dataclass(frozen=True)
class ArticleFields:
    """What a rule can look at in one article (text cut to the length asked for), and what a
    list of matches shows (``url``, ``published_at``)."""

    id: int
    title: str
    text: str
    authors: tuple[str, ...]
    feed: str
    outlet: str
    url: str = ""
    published_at: datetime | None = None


def _row(r: ReaderRule) -> RuleRow:
    return RuleRow(r.id, r.action, r.kind, r.field, r.pattern, r.created_at)


def user_rules(user_id: int) -> list[RuleRow]:
    """Return the reader's rules, oldest first (the order they are checked in)."""
    return [_row(r) for r in ReaderRule.objects.filter(user_id=user_id).order_by("id")]


def rules_of(user_ids: Sequence[int]) -> dict[int, list[RuleRow]]:
    """Return these readers' rules, each reader's oldest first (one query)."""
    found: dict[int, list[RuleRow]] = {u: [] for u in user_ids}
    for r in ReaderRule.objects.filter(user_id__in=list(user_ids)).order_by("user_id", "id"):
        found[r.user_id].append(_row(r))
    return found


def add_rule(user_id: int, action: str, kind: str, field: str, pattern: str) -> RuleRow:
    """Store an already validated rule for the reader."""
    with transaction.atomic():
        made = ReaderRule.objects.create(
            user_id=user_id, action=action, kind=kind, field=field, pattern=pattern
        )
        rule_matches.invalidate(user_id)
    return _row(made)


def edit_rule(
    user_id: int, rule_id: int, action: str, kind: str, field: str, pattern: str
) -> RuleRow | None:
    """Change one of the reader's rules (already validated); None when they have no such rule."""
    with transaction.atomic():
        changed = ReaderRule.objects.filter(user_id=user_id, id=rule_id).update(
            action=action, kind=kind, field=field, pattern=pattern
        )
        if not changed:
            return None
        rule_matches.invalidate(user_id)
    return _row(ReaderRule.objects.get(id=rule_id))


def delete_rule(user_id: int, rule_id: int) -> bool:
    """Delete one of the reader's rules; False when they have no such rule."""
    with transaction.atomic():
        deleted, _ = ReaderRule.objects.filter(user_id=user_id, id=rule_id).delete()
        if deleted:
            rule_matches.invalidate(user_id)
    return deleted > 0


def article_fields(ids: Sequence[int], text_chars: int) -> list[ArticleFields]:
    """Return the rule-visible fields of these articles (unknown ids left out), one query."""
    rows = (
        Article.objects.filter(id__in=list(ids))
        .annotate(cut=Substr("text", 1, text_chars), feed_title=F("feed__title"))
        .values_list(
            "id", "title", "cut", "authors", "feed_title", "source__name", "url", "published_at"
        )
    )
    return [
        ArticleFields(
            id=i,
            title=title or "",
            text=cut or "",
            authors=tuple(str(a) for a in authors or () if a),
            feed=feed or "",
            outlet=outlet or "",
            url=url or "",
            published_at=when,
        )
        for i, title, cut, authors, feed, outlet, url, when in rows
    ]


def changed_since(ids: Sequence[int], when: datetime) -> set[int]:
    """Return those of the given articles whose feed item or extracted text changed after ``when``."""
    changed = Q(updated_at__gt=when) | Q(extracted_at__gt=when)
    found: set[int] = set()
    ids = list(ids)
    for start in range(0, len(ids), 5_000):  # within every database's limit of parameters
        qs = Article.objects.filter(changed, id__in=ids[start : start + 5_000])
        found.update(qs.values_list("id", flat=True))
    return found


def recent_ids(since: datetime, limit: int) -> list[int]:
    """Return the IDs of the newest ``limit`` articles published since ``since`` (no copies)."""
    qs = not_copies(Article.objects.filter(published_at__gte=since))
    return list(qs.order_by("-published_at", "-id").values_list("id", flat=True)[:limit])
