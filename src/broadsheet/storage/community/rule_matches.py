"""Readers' stored rule matches: which articles their filter rules hide, and which articles the
stored matches answer for (``Coverage``).

The rules step stores each new article's matches for every reader; a rule change starts a
backfill that walks a reader's window of articles down from the newest id. An article outside
a reader's coverage is checked at read time (``broadsheet.reading``), so pages stay right while
a backfill runs. Writes check the reader's rules ``version`` in their transaction: a batch
decided under rules changed since stores nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from broadsheet.storage.community.models import ReaderRule, RuleChecked, RuleCoverage, RuleMatch
from broadsheet.storage.models import Article
from broadsheet.storage.reader.models import ArticleState, MutedSource

__all__ = [
    "NOTHING",
    "Coverage",
    "apply_backfill",
    "apply_step",
    "checked",
    "count_down",
    "coverage",
    "feeds_of",
    "hidden_ids",
    "ids_down",
    "invalidate",
    "lease",
    "listed_hidden_count",
    "matches",
    "pending_users",
    "readers_with_rules",
    "release",
    "start",
    "unread_hidden_counts",
    "window",
]

NOTHING = 2**62  # ``low`` and ``high`` of a reader whose rules changed and no backfill started
CHUNK = 5_000  # ids per ``IN`` list, within every database's limit of parameters


@dataclass(frozen=True)
class Coverage:
    """What a reader's stored matches answer for: ids ``wide``..``high``, ids ``floor``..``wide``
    of ``feeds`` or of no feed, those above ``high`` the rules step checked; where the backfill
    got (``low``) and its progress (``done`` of ``total``)."""

    version: int
    high: int
    low: int
    wide: int
    floor: int
    feeds: frozenset[int]
    total: int
    done: int
    finished: bool

    def in_range(self, article_id: int) -> bool:
        """Whether the backfill has stored this article's matches, whatever its feed."""
        return max(self.low, self.wide) <= article_id <= self.high

    def in_listed(self, article_id: int) -> bool:
        """Whether the backfill has stored this article's matches if it is of ``feeds`` or of
        no feed (the reader's older listed articles)."""
        return max(self.low, self.floor) <= article_id < min(self.wide, self.high + 1)


def _coverage(row: RuleCoverage) -> Coverage:
    return Coverage(
        row.version,
        row.high,
        row.low,
        row.wide,
        row.floor,
        frozenset(row.feeds or ()),
        row.total,
        row.done,
        row.finished_at is not None,
    )


def coverage(user_id: int) -> Coverage | None:
    """Return the reader's coverage, or None when no backfill ever ran for them."""
    row = RuleCoverage.objects.filter(user_id=user_id).first()
    return _coverage(row) if row else None


def invalidate(user_id: int) -> None:
    """Mark the reader's stored matches as answering for nothing (their rules just changed):
    call in the transaction that changes the rules."""
    row, _ = RuleCoverage.objects.select_for_update().get_or_create(user_id=user_id)
    row.version += 1
    row.high, row.low, row.done, row.total = NOTHING, NOTHING + 1, 0, 0
    row.finished_at = row.leased_until = None
    row.save()


def start(
    user_id: int, version: int, high: int, wide: int, floor: int, feeds: Sequence[int]
) -> bool:
    """Begin the reader's backfill from ``high`` down to ``wide`` (every article) and on to
    ``floor`` (those of ``feeds`` or of no feed); False when their rules changed since
    ``version`` was read (a newer backfill is due)."""
    total = count_down(high, wide, floor, feeds)
    with transaction.atomic():
        row = RuleCoverage.objects.select_for_update().filter(user_id=user_id).first()
        if row is None or row.version != version:
            return False
        row.high, row.low, row.wide, row.floor = high, high + 1, wide, floor
        row.feeds, row.total, row.done = sorted(feeds), total, 0
        row.save()
    return True


def lease(user_id: int, version: int, seconds: float) -> bool:
    """Take the reader's unfinished backfill for ``seconds``; False when another process holds
    it, it is finished, or the rules changed since ``version``."""
    now = timezone.now()
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    taken = RuleCoverage.objects.filter(
        free, user_id=user_id, version=version, finished_at__isnull=True
    ).update(leased_until=now + timedelta(seconds=seconds))
    return taken == 1


def release(user_id: int) -> None:
    """Let go of the reader's backfill (unfinished: the next scheduler round goes on with it)."""
    RuleCoverage.objects.filter(user_id=user_id).update(leased_until=None)


def pending_users(limit: int = 100) -> list[int]:
    """Readers whose backfill is unfinished and not leased (a crashed or never started one),
    and readers with rules whose matches were never applied (rules stored in bulk)."""
    now = timezone.now()
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    qs = RuleCoverage.objects.filter(free, finished_at__isnull=True).order_by("user_id")
    users = list(qs.values_list("user_id", flat=True)[:limit])
    known = RuleCoverage.objects.values("user_id")
    never = ReaderRule.objects.exclude(user_id__in=known).values_list("user_id", flat=True)
    return sorted({*users, *never.distinct()[:limit]})


def readers_with_rules() -> dict[int, int]:
    """Every reader who has a rule, with their rules' version (0 before any backfill)."""
    users = set(ReaderRule.objects.values_list("user_id", flat=True).distinct())
    versions = dict(
        RuleCoverage.objects.filter(user_id__in=users).values_list("user_id", "version")
    )
    return {u: versions.get(u, 0) for u in sorted(users)}


def window(newest_listed: Sequence[int], instance: int) -> tuple[int, int]:
    """Where a backfill's two parts start, (wide, floor): the instance's newest ``instance``
    articles, and the oldest of the reader's newest listed ones when that is further back."""
    ids = Article.objects.order_by("-id").values_list("id", flat=True)
    bottom = list(ids[instance - 1 : instance]) or list(
        Article.objects.order_by("id").values_list("id", flat=True)[:1]
    )
    wide = int(bottom[0]) if bottom else 1
    return wide, int(min([wide, *newest_listed[-1:]]))


def _listed(feeds: Sequence[int]) -> Q:
    return Q(feed_id__in=list(feeds)) | Q(feed_id__isnull=True)


def count_down(high: int, wide: int, floor: int, feeds: Sequence[int]) -> int:
    """How many articles a backfill from ``high`` checks (``ids_down``)."""
    every = Article.objects.filter(id__gte=wide, id__lte=high).count()
    listed = Article.objects.filter(_listed(feeds), id__gte=floor, id__lt=min(wide, high + 1))
    return every + listed.count()


def ids_down(top: int, wide: int, floor: int, feeds: Sequence[int], limit: int) -> list[int]:
    """Up to ``limit`` ids a backfill checks from ``top`` down, descending: every article down
    to ``wide``, then those of ``feeds`` or of no feed down to ``floor`` (never both at once)."""
    if top >= wide:
        qs = Article.objects.filter(id__lte=top, id__gte=wide)
    else:
        qs = Article.objects.filter(_listed(feeds), id__lte=top, id__gte=floor)
    return list(qs.order_by("-id").values_list("id", flat=True)[:limit])


def feeds_of(ids: Sequence[int]) -> dict[int, int | None]:
    """The feed of each of these articles (None: of no feed)."""
    found: dict[int, int | None] = {}
    for chunk in _in_chunks(ids):
        found.update(Article.objects.filter(id__in=chunk).values_list("id", "feed_id"))
    return found


def _in_chunks(ids: Sequence[int]) -> list[list[int]]:
    ids = list(ids)
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


def matches(user_id: int, ids: Sequence[int]) -> dict[int, int]:
    """The stored matches among these articles: article id -> rule id (0: kept by none)."""
    found: dict[int, int] = {}
    for chunk in _in_chunks(ids):
        qs = RuleMatch.objects.filter(user_id=user_id, article_id__in=chunk)
        found.update(qs.values_list("article_id", "rule_id"))
    return found


def checked(ids: Sequence[int]) -> set[int]:
    """Those of these articles that the rules step has checked."""
    found: set[int] = set()
    for chunk in _in_chunks(ids):
        found.update(
            RuleChecked.objects.filter(article_id__in=chunk).values_list("article_id", flat=True)
        )
    return found


def _replace(user_id: int, ids: Sequence[int], found: Mapping[int, int]) -> None:
    for chunk in _in_chunks(ids):
        RuleMatch.objects.filter(user_id=user_id, article_id__in=chunk).delete()
    RuleMatch.objects.bulk_create(
        [RuleMatch(user_id=user_id, article_id=a, rule_id=r) for a, r in found.items()],
        ignore_conflicts=True,  # an article deleted meanwhile is left out by the FK, not failing
    )


def _versions(users: Sequence[int]) -> dict[int, int]:
    rows = RuleCoverage.objects.select_for_update().filter(user_id__in=list(users))
    return dict(rows.values_list("user_id", "version"))


def apply_step(ids: Sequence[int], decided: Mapping[int, tuple[int, Mapping[int, int]]]) -> int:
    """Store the step's matches (reader -> (version, article -> rule id)) for these articles
    and mark them checked, in one transaction; a reader whose rules changed since is skipped
    (their backfill decides these articles). Return how many readers were stored."""
    existing = set(Article.objects.filter(id__in=list(ids)).values_list("id", flat=True))
    stored = 0
    with transaction.atomic():
        versions = _versions(list(decided))
        for user_id, (version, found) in decided.items():
            if versions.get(user_id, 0) != version:
                continue
            _replace(user_id, ids, {a: r for a, r in found.items() if a in existing})
            stored += 1
        RuleChecked.objects.bulk_create(
            [RuleChecked(article_id=i) for i in sorted(existing)], ignore_conflicts=True
        )
    return stored


def apply_backfill(
    user_id: int, version: int, found: Mapping[int, int], top: int, low: int, checked: int
) -> bool:
    """Store one backfill batch of ``checked`` articles, the reader's matches among the ids
    from ``low`` to ``top`` (every older match there dropped), and move the reader's coverage down to ``low``; when
    ``low`` reaches the floor, drop the matches below it and finish. False (nothing stored)
    when the rules changed since ``version``."""
    with transaction.atomic():
        row = RuleCoverage.objects.select_for_update().filter(user_id=user_id).first()
        if row is None or row.version != version:
            return False
        RuleMatch.objects.filter(user_id=user_id, article_id__gte=low, article_id__lte=top).delete()
        RuleMatch.objects.bulk_create(
            [RuleMatch(user_id=user_id, article_id=a, rule_id=r) for a, r in found.items()],
            ignore_conflicts=True,
        )
        row.low = min(row.low, low)
        row.done = min(row.total, row.done + checked)
        if low <= row.floor:
            RuleMatch.objects.filter(user_id=user_id, article_id__lt=row.floor).delete()
            row.low, row.finished_at, row.leased_until = row.floor, timezone.now(), None
            row.done = row.total
        row.save()
    return True


def _hits(user_id: int, low: int) -> Q:
    return Q(user_id=user_id, article_id__gte=low)


def _states(user_id: int, *kinds: str) -> Exists:
    """The match's article is read or saved (``kinds``) by the reader: one probe of the state
    index per match (an ``IN`` list of every state built the reader's whole history first,
    200-400 ms for a reader of 100,000 read articles at 1M)."""
    wanted = Q()
    for kind in kinds:
        wanted |= Q(**{kind: True})
    states = ArticleState.objects.filter(wanted, user_id=user_id, article_id=OuterRef("article_id"))
    return Exists(states)


def _not_muted(user_id: int) -> Q:
    muted = MutedSource.objects.filter(user_id=user_id).values("source_id")
    return ~Q(article__source_id__in=muted) | Q(article__source_id__isnull=True)


def unread_hidden_counts(
    user_id: int, low: int, since: datetime, first_id: int
) -> list[tuple[int | None, int | None, int]]:
    """(feed id, outlet id, count) of the stored matches from ``low`` on that the reader has
    neither read nor saved, published since ``since`` (from ``first_id``), muted outlets out."""
    qs = (
        RuleMatch.objects.filter(_hits(user_id, max(low, first_id)), _not_muted(user_id))
        .filter(article__published_at__gte=since)
        .exclude(_states(user_id, "read", "saved"))
        .values(feed=F("article__feed_id"), outlet=F("article__source_id"))
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(row["feed"], row["outlet"], row["n"]) for row in qs]


def listed_hidden_count(user_id: int, low: int, feed_ids: Sequence[int]) -> int:
    """How many stored matches from ``low`` on are in these feeds or feedless (with a time, not
    of a muted outlet) and not saved: what the rules take from the reader's reading list."""
    listed = Q(article__feed_id__in=list(feed_ids)) | Q(article__feed_id__isnull=True)
    qs = (
        RuleMatch.objects.filter(_hits(user_id, low), _not_muted(user_id), listed)
        .filter(article__published_at__isnull=False)
        .exclude(_states(user_id, "saved"))
    )
    return qs.count()


def hidden_ids(user_id: int, low: int) -> set[int]:
    """The ids of the stored matches from ``low`` on that the reader has not saved."""
    qs = RuleMatch.objects.filter(_hits(user_id, low)).exclude(_states(user_id, "saved"))
    return set(qs.values_list("article_id", flat=True))
