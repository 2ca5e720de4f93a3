"""Feeds, categories, fetch logs and outlets: every query about subscriptions lives here.

An outlet (``Source``) is a publisher found by its key (``Source.domain``), which the pipeline
computes (``broadsheet.dedupe.publisher``); storage only finds, creates, moves and renames.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from broadsheet.errors import NotFoundError
from broadsheet.health import FetchOutcome
from broadsheet.opml import Subscription
from broadsheet.storage._bulk import insert_new
from broadsheet.storage._fetches import FeedFetchUpdate, apply_fetches
from broadsheet.storage.models import Article, Category, Feed, FetchLog, Source
from broadsheet.storage.reader.models import MutedSource

__all__ = [
    "FeedFetchUpdate",
    "FeedRow",
    "FeedState",
    "OutletBasis",
    "OutletNaming",
    "OutletRef",
    "add_feed",
    "apply_fetch",
    "apply_fetches",
    "article_outlets",
    "claim_due_feeds",
    "disable_feed",
    "due_feed_ids",
    "feed_ids",
    "feed_states",
    "get_feed",
    "list_feeds",
    "outlet_bases",
    "outlet_basis",
    "outlet_namings",
    "outlets_of_feeds",
    "page_site_names",
    "place_feed",
    "place_feeds",
    "recent_item_times",
    "recent_outcomes",
    "rename_outlet",
    "source_for",
    "subscriptions",
]


@dataclass(frozen=True)
class FeedState:
    """What the refresher needs to fetch one feed politely."""

    id: int
    url: str
    etag: str
    last_modified: str
    body_hash: str
    consecutive_failures: int
    last_new_item_at: datetime | None
    created_at: datetime
    interval_minutes: int


@dataclass(frozen=True)
class FeedRow:
    """One line of the feeds table: identity, schedule and health."""

    id: int
    url: str
    title: str
    site_url: str
    category: str
    active: bool
    health: str
    health_message: str
    damage: str
    articles: int
    interval_minutes: int
    last_fetched_at: datetime | None
    last_success_at: datetime | None
    last_new_item_at: datetime | None
    next_fetch_at: datetime


@dataclass(frozen=True)
class OutletRef:
    """An outlet as the pipeline identified it: its publisher key, its name and web address."""

    key: str
    name: str = ""
    site_url: str = ""


@dataclass(frozen=True)
class OutletBasis:
    """What a feed says about its publisher, and the outlet it sits in now."""

    url: str
    site_url: str
    title: str
    source_id: int | None
    key: str
    name: str


@dataclass(frozen=True)
class OutletNaming:
    """What names an outlet: its key, its current name and the titles of its feeds."""

    id: int
    key: str
    name: str
    feed_titles: tuple[str, ...]


def source_for(outlet: OutletRef | None) -> Source | None:
    """Return the outlet with this key, creating it (named ``outlet.name``) on first sight."""
    if outlet is None or not outlet.key:
        return None
    key = outlet.key[:255]
    source, created = Source.objects.get_or_create(
        domain=key,
        defaults={"name": (outlet.name or key)[:300], "site_url": outlet.site_url[:2000]},
    )
    if not created and outlet.name and source.name == source.domain:
        source.name = outlet.name[:300]
        source.save(update_fields=["name"])
    return source


def outlet_basis(feed_id: int) -> OutletBasis | None:
    """Return the feed's own URL, site link and title with its current outlet, or None."""
    row = (
        Feed.objects.filter(id=feed_id)
        .values_list("url", "site_url", "title", "source_id", "source__domain", "source__name")
        .first()
    )
    if row is None:
        return None
    url, site_url, title, source_id, key, name = row
    return OutletBasis(url, site_url, title, source_id, key or "", name or "")


def outlet_bases(feed_ids: Iterable[int]) -> dict[int, OutletBasis]:
    """Return :func:`outlet_basis` of each of these feeds that exists, in one query."""
    rows = Feed.objects.filter(id__in=list(feed_ids)).values_list(
        "id", "url", "site_url", "title", "source_id", "source__domain", "source__name"
    )
    return {
        feed_id: OutletBasis(url, site_url, title, source_id, key or "", name or "")
        for feed_id, url, site_url, title, source_id, key, name in rows
    }


def place_feed(feed_id: int, outlet: OutletRef) -> int | None:
    """Put a feed and its articles in the outlet ``outlet`` (created if new); return its id
    (None for a feed deleted meanwhile or an outlet without a key).

    The old outlet, left without feeds and articles, is deleted and its mutes move to the new one.
    """
    return place_feeds({feed_id: outlet}).get(feed_id)


def place_feeds(moves: Mapping[int, OutletRef]) -> dict[int, int]:
    """:func:`place_feed` for many feeds at once (a few queries, not a few per feed); return the
    outlet id of each feed placed (feeds deleted meanwhile are left out)."""
    moves = {feed_id: ref for feed_id, ref in moves.items() if ref.key}
    if not moves:
        return {}
    with transaction.atomic():
        refs: dict[str, OutletRef] = {}
        for ref in moves.values():  # of one key's refs, the first with a name speaks for it
            key = ref.key[:255]
            if key not in refs or (ref.name and not refs[key].name):
                refs[key] = ref
        targets = _source_ids(refs)
        olds = dict(Feed.objects.filter(id__in=list(moves)).values_list("id", "source_id"))
        placed = {f: targets[ref.key[:255]] for f, ref in moves.items() if f in olds}
        moving = {f: target for f, target in placed.items() if olds[f] != target}
        if not moving:
            return placed
        table = connection.ops.quote_name(Feed._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET source_id = %s WHERE id = %s",
                [(target, f) for f, target in moving.items()],
            )
        if Article.objects.filter(feed_id__in=list(moving)).exists():  # none on a first fetch
            for target in set(moving.values()):
                fs = [f for f, t in moving.items() if t == target]
                Article.objects.filter(feed_id__in=fs).exclude(source_id=target).update(
                    source_id=target
                )
        left = {olds[f]: target for f, target in moving.items() if olds[f] is not None}
        for old, target in left.items():
            if not (
                Feed.objects.filter(source_id=old).exists()
                or Article.objects.filter(source_id=old).exists()
            ):
                _move_mutes(old, target)
                Source.objects.filter(id=old).delete()
    return placed


def _source_ids(refs: Mapping[str, OutletRef]) -> dict[str, int]:
    """:func:`source_for` for many outlet keys (already cut to the column): key -> outlet id."""
    found = {
        key: (source_id, name)
        for key, source_id, name in Source.objects.filter(domain__in=list(refs)).values_list(
            "domain", "id", "name"
        )
    }
    for key, (source_id, name) in found.items():
        if refs[key].name and name == key:  # named after its key so far: take the real name
            Source.objects.filter(id=source_id).update(name=refs[key].name[:300])
    new = [
        {"domain": key, "name": (ref.name or key)[:300], "site_url": ref.site_url[:2000]}
        for key, ref in refs.items()
        if key not in found
    ]
    ids = {key: source_id for key, (source_id, _) in found.items()}
    ids.update({key: source_id for source_id, key in insert_new(Source, new, ("id", "domain"))})
    if len(ids) < len(refs):  # another process created some at the same moment
        rest = [key for key in refs if key not in ids]
        ids.update(Source.objects.filter(domain__in=rest).values_list("domain", "id"))
    return ids


def _move_mutes(old: int, new: int) -> None:
    users = MutedSource.objects.filter(source_id=old).values_list("user_id", flat=True)
    have = set(MutedSource.objects.filter(source_id=new).values_list("user_id", flat=True))
    MutedSource.objects.bulk_create(
        [MutedSource(user_id=u, source_id=new) for u in users if u not in have]
    )


def outlet_namings(source_ids: Iterable[int]) -> list[OutletNaming]:
    """Return each outlet's key, name and feed titles (oldest feed first)."""
    ids = list(source_ids)
    titles: dict[int, list[str]] = {i: [] for i in ids}
    for source_id, title in (
        Feed.objects.filter(source_id__in=ids).order_by("id").values_list("source_id", "title")
    ):
        if title:
            titles[source_id].append(title)
    rows = Source.objects.filter(id__in=ids).order_by("id").values_list("id", "domain", "name")
    return [OutletNaming(i, key, name, tuple(titles[i])) for i, key, name in rows]


def page_site_names(source_id: int, limit: int = 30) -> list[str]:
    """Return the site names the outlet's newest extracted pages gave (newest first)."""
    qs = Article.objects.filter(source_id=source_id).order_by("-id")
    names = qs.values_list("extra__site_name", flat=True)[:limit]
    return [n for n in names if isinstance(n, str) and n]


def article_outlets(ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """Return each article's outlet id and name (articles without one are left out)."""
    qs = Article.objects.filter(id__in=list(ids), source__isnull=False)
    return {a: (s, n) for a, s, n in qs.values_list("id", "source_id", "source__name")}


def outlets_of_feeds(feed_ids: Iterable[int]) -> list[int]:
    """Return the ids of the outlets these feeds sit in."""
    qs = Feed.objects.filter(id__in=list(feed_ids), source__isnull=False)
    return sorted(set(qs.values_list("source_id", flat=True)))


def rename_outlet(source_id: int, name: str) -> None:
    """Give an outlet a new name."""
    Source.objects.filter(id=source_id).update(name=name[:300])


def _category(path: Sequence[str]) -> Category | None:
    parent = None
    for title in path:
        # A folder name longer than the column is cut to it (PostgreSQL refuses it whole).
        parent, _ = Category.objects.get_or_create(parent=parent, title=title[:200])
    return parent


def _category_path(category: Category | None) -> tuple[str, ...]:
    path: list[str] = []
    while category is not None:
        path.insert(0, category.title)
        category = category.parent
    return tuple(path)


def add_feed(
    url: str,
    *,
    title: str = "",
    site_url: str = "",
    category: Sequence[str] = (),
    outlet: OutletRef | None = None,
) -> tuple[int, bool]:
    """Subscribe to ``url`` (idempotent); return the feed's id and whether it was new.

    ``outlet`` is the feed's publisher as the pipeline identified it; without one the feed gets
    its outlet when it is first fetched.
    """
    with transaction.atomic():
        existing = Feed.objects.filter(url=url).first()
        if existing is not None:
            if category and existing.category_id is None:
                existing.category = _category(category)
                existing.save(update_fields=["category"])
            return existing.id, False
        try:
            with transaction.atomic():
                feed = Feed.objects.create(
                    url=url,
                    title=title,
                    site_url=site_url,
                    category=_category(category),
                    source=source_for(outlet),
                )
        except IntegrityError:
            return Feed.objects.get(url=url).id, False
    return feed.id, True


def get_feed(feed_id: int) -> Feed:
    """Return the feed or raise NotFoundError."""
    feed = Feed.objects.select_related("category", "source").filter(id=feed_id).first()
    if feed is None:
        raise NotFoundError(f"no feed with id {feed_id}; `broadsheet feeds` lists them")
    return feed


def feed_ids(*, active_only: bool = True) -> list[int]:
    """Return the ids of all (active) feeds."""
    qs = Feed.objects.filter(active=True) if active_only else Feed.objects.all()
    return list(qs.order_by("id").values_list("id", flat=True))


def due_feed_ids(now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Return active feeds whose next poll time has come, most overdue first."""
    now = now or timezone.now()
    qs = Feed.objects.filter(active=True, next_fetch_at__lte=now).order_by("next_fetch_at")
    return list(qs.values_list("id", flat=True)[:limit])


def claim_due_feeds(lease: timedelta, limit: int = 1000) -> list[int]:
    """Return due feeds (most overdue first), each put off by ``lease`` so that it is not
    handed out again while it is refreshed; its refresh then sets its real next poll time."""
    now = timezone.now()
    qs = Feed.objects.filter(active=True, next_fetch_at__lte=now).order_by("next_fetch_at")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        if ids:
            Feed.objects.filter(id__in=ids).update(next_fetch_at=now + lease)
    return ids


def feed_states(ids: Iterable[int]) -> list[FeedState]:
    """Return fetch state for the given feeds (missing ids are skipped)."""
    fields = (
        "id",
        "url",
        "etag",
        "last_modified",
        "body_hash",
        "consecutive_failures",
        "last_new_item_at",
        "created_at",
        "interval_minutes",
    )
    rows = Feed.objects.filter(id__in=list(ids)).order_by("id").values_list(*fields)
    return [FeedState(*row) for row in rows]


def recent_outcomes(feed_id: int, limit: int = 20) -> list[FetchOutcome]:
    """Return the feed's latest fetch outcomes, newest first."""
    rows = FetchLog.objects.filter(feed_id=feed_id).order_by("-started_at", "-id")[:limit]
    return [
        FetchOutcome(
            at=r.started_at,
            status=r.status,
            error_kind=r.error_kind,
            error_message=r.error_message,
            duration=r.duration_ms / 1000,
            new_items=r.new_items,
            not_modified=r.not_modified,
        )
        for r in rows
    ]


def recent_item_times(feed_id: int, limit: int = 50) -> list[datetime]:
    """Return publication times of the feed's newest items."""
    qs = Article.objects.filter(feed_id=feed_id, published_at__isnull=False)
    return list(qs.order_by("-published_at").values_list("published_at", flat=True)[:limit])


def apply_fetch(feed_id: int, update: FeedFetchUpdate) -> None:
    """Log one fetch and apply its consequences (validators, schedule, health) to the feed."""
    apply_fetches([(feed_id, update)])


def list_feeds() -> list[FeedRow]:
    """Return every feed with its health and article count, by category then title."""
    qs = Feed.objects.select_related("category").annotate(n=Count("articles"))
    rows = [
        FeedRow(
            id=f.id,
            url=f.url,
            title=f.title,
            site_url=f.site_url,
            category="/".join(_category_path(f.category)),
            active=f.active,
            health=f.health,
            health_message=f.health_message,
            damage=f.damage,
            articles=f.n,
            interval_minutes=f.interval_minutes,
            last_fetched_at=f.last_fetched_at,
            last_success_at=f.last_success_at,
            last_new_item_at=f.last_new_item_at,
            next_fetch_at=f.next_fetch_at,
        )
        for f in qs
    ]
    return sorted(rows, key=lambda r: (r.category, (r.title or r.url).lower()))


def subscriptions() -> list[Subscription]:
    """Return every feed as an OPML subscription with its category path."""
    qs = Feed.objects.select_related("category").order_by("id")
    return [
        Subscription(
            feed_url=f.url,
            title=f.title or None,
            site_url=f.site_url or None,
            category=_category_path(f.category),
        )
        for f in qs
    ]


def disable_feed(feed_id: int, reason: str) -> None:
    """Stop polling a feed, recording why (shown as its health)."""
    Feed.objects.filter(id=feed_id).update(
        active=False, disabled_reason=reason, health="disabled", health_message=reason
    )
