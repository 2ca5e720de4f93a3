"""What each reader follows, and the changes readers and staff make to feeds.

A feed with no ``Subscription`` row is the instance's (every reader follows it unless they hid
it); a feed with rows is private to those readers. See ``models.Subscription``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.db.models.lookups import In
from django.utils import timezone

from broadsheet.errors import NotFoundError
from broadsheet.storage.models import Article, Category, Feed
from broadsheet.storage.reader.models import (
    ArticleState,
    FeedLabel,
    FeedOptions,
    HiddenFeed,
    MutedSource,
    Subscription,
)
from broadsheet.storage.reader.queries import state_changed, unread_since

__all__ = [
    "FeedSettings",
    "article_totals",
    "delete_feed",
    "feed_settings",
    "first_unread_id",
    "fixed_interval",
    "fixed_intervals",
    "follow",
    "followed_feed_ids",
    "followed_feeds",
    "is_private",
    "make_shared",
    "muted_unread_counts",
    "newest_article_id",
    "private_feed_ids",
    "read_counts",
    "set_feed",
    "settings_for",
    "subscriber_ids",
    "text_only_article_ids",
    "unfollow",
    "visible_feeds",
]

DELETE_BATCH = 1000


@dataclass(frozen=True)
class FeedSettings:
    """How a feed is fetched and who follows it privately (no ids: the instance's feed)."""

    feed_id: int
    url: str
    title: str
    interval_minutes: int | None  # fixed by someone; None: learnt from the feed
    fetch_pages: bool
    private: bool
    subscribers: tuple[int, ...]
    health: str = "new"
    health_message: str = ""


def _private() -> Exists:
    return Exists(Subscription.objects.filter(feed_id=OuterRef("id")))


def _mine(user_id: int) -> Exists:
    return Exists(Subscription.objects.filter(feed_id=OuterRef("id"), user_id=user_id))


def followed_feeds(user_id: int) -> QuerySet[Feed]:
    """The feeds the reader follows: the instance's ones they did not hide, and their private ones."""
    hidden = HiddenFeed.objects.filter(user_id=user_id).values("feed_id")
    shared = Q(~_private()) & ~Q(id__in=hidden)
    return Feed.objects.filter(shared | Q(_mine(user_id)))


def followed_feed_ids(user_id: int) -> QuerySet[Feed, dict[str, Any]]:
    """Ids of the feeds the reader follows as one subquery, for ``feed_id__in=`` filters.

    Lists limited to "my feeds" filter by it in SQL: the database evaluates it once per query,
    however many feeds the reader follows, instead of receiving a list of thousands of ids.
    """
    return followed_feeds(user_id).values("id")


def visible_feeds(user_id: int | None) -> QuerySet[Feed]:
    """The feeds a reader may see listed: the instance's ones and their own private ones."""
    if user_id is None:
        return Feed.objects.filter(~_private())
    return Feed.objects.filter(Q(~_private()) | Q(_mine(user_id)))


def private_feed_ids(exclude_user: int | None = None) -> QuerySet[Subscription, dict[str, Any]]:
    """Ids (as a subquery) of private feeds, leaving out those ``exclude_user`` follows."""
    qs = Subscription.objects.all()
    if exclude_user is not None:
        mine = Subscription.objects.filter(user_id=exclude_user).values("feed_id")
        qs = qs.exclude(feed_id__in=mine)
    return qs.values("feed_id")


def is_private(feed_id: int) -> bool:
    """Whether the feed is followed only by the readers who added it."""
    return bool(Subscription.objects.filter(feed_id=feed_id).exists())


def subscriber_ids(feed_id: int) -> tuple[int, ...]:
    """The readers following a private feed (empty for an instance's feed)."""
    ids = Subscription.objects.filter(feed_id=feed_id).order_by("user_id")
    return tuple(ids.values_list("user_id", flat=True))


def follow(user_id: int, feed_id: int, *, private: bool) -> bool:
    """Make the reader follow the feed (a private row, or un-hiding the instance's); True if new."""
    with transaction.atomic():
        unhidden = HiddenFeed.objects.filter(user_id=user_id, feed_id=feed_id).delete()[0]
        created = False
        if private:
            _, created = Subscription.objects.get_or_create(user_id=user_id, feed_id=feed_id)
    state_changed(user_id)
    return bool(created if private else unhidden)


def unfollow(user_id: int, feed_id: int) -> str:
    """Stop the reader following the feed; return what became of it.

    ``hidden``: an instance's feed, hidden from this reader and kept for the others; ``left``:
    a private feed others still follow; ``deleted``: its last subscriber left, so the private
    feed went with the articles nobody saved (see :func:`delete_feed`).
    """
    try:
        return _unfollow(user_id, feed_id)
    finally:
        state_changed(user_id)


def _unfollow(user_id: int, feed_id: int) -> str:
    with transaction.atomic():
        if not Subscription.objects.filter(feed_id=feed_id).exists():
            HiddenFeed.objects.get_or_create(user_id=user_id, feed_id=feed_id)
            return "hidden"
        Subscription.objects.filter(user_id=user_id, feed_id=feed_id).delete()
        FeedLabel.objects.filter(user_id=user_id, feed_id=feed_id).delete()
        if Subscription.objects.filter(feed_id=feed_id).exists():
            return "left"
        Feed.objects.filter(id=feed_id).update(active=False)  # no more fetching from now
    delete_feed(feed_id)
    return "deleted"


def make_shared(feed_id: int) -> None:
    """Turn a private feed into the instance's: every reader follows it from now on."""
    Subscription.objects.filter(feed_id=feed_id).delete()


def feed_settings(feed_id: int) -> FeedSettings:
    """Return how the feed is fetched and who follows it privately, or raise NotFoundError."""
    found = settings_for([feed_id]).get(feed_id)
    if found is None:
        raise NotFoundError(f"no feed with id {feed_id}; `broadsheet feeds` lists them")
    return found


def set_feed(
    feed_id: int,
    *,
    url: str | None = None,
    title: str | None = None,
    interval_minutes: int | None = None,
    learn_interval: bool = False,
    fetch_pages: bool | None = None,
    category: Sequence[str] | None = None,
) -> None:
    """Change a feed's address, title, fixed interval (or back to learnt), page fetching and
    the instance's category for it (an empty path: none)."""
    with transaction.atomic():
        feed = Feed.objects.select_for_update().filter(id=feed_id).first()
        if feed is None:
            raise NotFoundError(f"no feed with id {feed_id}; `broadsheet feeds` lists them")
        fields = []
        if url is not None and url != feed.url:
            feed.url, feed.etag, feed.last_modified, feed.body_hash = url, "", "", ""
            feed.next_fetch_at = timezone.now()
            fields += ["url", "etag", "last_modified", "body_hash", "next_fetch_at"]
        if title is not None:
            feed.title = title[:500]
            fields.append("title")
        if interval_minutes is not None:
            feed.interval_minutes = interval_minutes
            feed.next_fetch_at = (feed.last_fetched_at or timezone.now()) + timedelta(
                minutes=interval_minutes
            )
            fields += ["interval_minutes", "next_fetch_at"]
        if category is not None:
            parent = None
            for name in category:
                parent, _ = Category.objects.get_or_create(parent=parent, title=name[:200])
            feed.category = parent
            fields.append("category")
        if learn_interval:  # fetch again soon and read the whole feed to learn its rhythm
            feed.body_hash, feed.next_fetch_at = "", timezone.now()
            fields += ["body_hash", "next_fetch_at"]
        if fields:
            feed.save(update_fields=sorted(set(fields)))
        options, _ = FeedOptions.objects.get_or_create(feed_id=feed_id)
        if interval_minutes is not None or learn_interval:
            options.interval_minutes = interval_minutes
        if fetch_pages is not None:
            options.fetch_pages = fetch_pages
        options.save()


def settings_for(feed_ids: Sequence[int]) -> dict[int, FeedSettings]:
    """Return :class:`FeedSettings` for each of the feeds that exists (three queries in all)."""
    ids = list(feed_ids)
    rows = Feed.objects.filter(id__in=ids).values_list(
        "id", "url", "title", "health", "health_message"
    )
    options = {o.feed_id: o for o in FeedOptions.objects.filter(feed_id__in=ids)}
    followers: dict[int, list[int]] = {}
    for feed_id, user_id in (
        Subscription.objects.filter(feed_id__in=ids)
        .order_by("user_id")
        .values_list("feed_id", "user_id")
    ):
        followers.setdefault(feed_id, []).append(user_id)
    out = {}
    for feed_id, url, title, health, message in rows:
        o, who = options.get(feed_id), tuple(followers.get(feed_id, ()))
        out[feed_id] = FeedSettings(
            feed_id=feed_id,
            url=url,
            title=title,
            interval_minutes=o.interval_minutes if o else None,
            fetch_pages=o.fetch_pages if o else True,
            private=bool(who),
            subscribers=who,
            health=health,
            health_message=message,
        )
    return out


def fixed_interval(feed_id: int) -> int | None:
    """The refresh interval set for this feed, if one was (None: learn it from the feed)."""
    row = FeedOptions.objects.filter(feed_id=feed_id).values_list("interval_minutes", flat=True)
    return row.first()


def fixed_intervals(feed_ids: Sequence[int]) -> dict[int, int]:
    """:func:`fixed_interval` of each of these feeds that has one, in one query."""
    rows = FeedOptions.objects.filter(feed_id__in=list(feed_ids), interval_minutes__isnull=False)
    return dict(rows.values_list("feed_id", "interval_minutes"))


def text_only_article_ids(article_ids: Sequence[int]) -> set[int]:
    """Those of the articles whose feed is set to keep its own text (no page fetching)."""
    text_only = FeedOptions.objects.filter(fetch_pages=False).values("feed_id")
    qs = Article.objects.filter(id__in=list(article_ids), feed_id__in=text_only)
    return set(qs.values_list("id", flat=True))


def delete_feed(feed_id: int) -> tuple[int, int]:
    """Delete a feed and its articles, keeping those a reader saved; return (deleted, kept)."""
    if not Feed.objects.filter(id=feed_id).exists():
        raise NotFoundError(f"no feed with id {feed_id}; `broadsheet feeds` lists them")
    saved = ArticleState.objects.filter(article_id=OuterRef("id"), saved=True)
    doomed = Article.objects.filter(feed_id=feed_id).exclude(Exists(saved))
    deleted = 0
    while ids := list(doomed.values_list("id", flat=True)[:DELETE_BATCH]):
        with transaction.atomic():
            Article.objects.filter(id__in=ids).delete()
        deleted += len(ids)
    with transaction.atomic():
        kept = Article.objects.filter(feed_id=feed_id).count()
        Feed.objects.filter(id=feed_id).delete()  # kept articles lose their feed (SET_NULL)
    return deleted, kept


def newest_article_id() -> int:
    """The highest article id (0 for none): it changes whenever an article is stored."""
    return int(Article.objects.aggregate(m=Max("id"))["m"] or 0)


def first_unread_id(since: datetime | None = None) -> int:
    """The lowest id of an article published since the unread horizon (one past the highest
    id when there is none): a range of the newest index, so read states can be read from it."""
    since = since or unread_since()
    known = _FIRST_UNREAD.get(since)
    if known is not None:
        return known
    # ``id + 0``: a bare MIN(id) walks the primary key from the oldest article to the first
    # one in the horizon (227 ms at 200,000 articles); this reads the horizon's range of the
    # newest index, which holds the ids (2.6 ms).
    recent = Article.objects.filter(published_at__gte=since)
    low = recent.aggregate(m=Min(F("id") + 0))["m"]
    found = int(low) if low is not None else newest_article_id() + 1
    if low is not None:  # articles stored later get higher ids: the bound holds for the hour
        _FIRST_UNREAD.clear()
        _FIRST_UNREAD[since] = found
    return found


_FIRST_UNREAD: dict[datetime, int] = {}  # the current horizon's first id, in this process


def article_totals(since: datetime | None = None) -> dict[int, int]:
    """Articles per feed published since the unread horizon (older ones count as read)."""
    since = since or unread_since()
    low = first_unread_id(since)
    # The horizon's rows by their primary key range (ids grow with time), not every article.
    qs = Article.objects.filter(id__gte=low, published_at__gte=since, feed_id__isnull=False)
    rows = qs.values("feed_id").annotate(n=Count("id")).order_by()
    return {row["feed_id"]: row["n"] for row in rows}


def read_counts(
    user_id: int, feed_ids: Sequence[int], since: datetime | None = None
) -> dict[int, int]:
    """How many articles of each of these feeds published since the unread horizon the reader
    has read (older ones count as read, and are neither counted here nor in the totals)."""
    since = since or unread_since()
    # The reader's states of the horizon's articles only, by the (user, article) index from the
    # horizon's first id: the read flag is counted, not searched, so the planner does not walk
    # every read state of the reader (900,000 for a heavy reader at 1M articles).
    qs = ArticleState.objects.filter(
        user_id=user_id,
        article_id__gte=first_unread_id(since),
        article__published_at__gte=since,
        article__feed_id__isnull=False,
    )
    rows = qs.values("article__feed_id").annotate(n=Count("id", filter=Q(read=True))).order_by()
    wanted = set(feed_ids)
    return {r["article__feed_id"]: r["n"] for r in rows if r["article__feed_id"] in wanted}


def muted_unread_counts(
    user_id: int, feed_ids: Sequence[int], since: datetime | None = None
) -> dict[int, int]:
    """Unread articles of each feed since the unread horizon from outlets the reader muted
    (they are not counted)."""
    muted = list(MutedSource.objects.filter(user_id=user_id).values_list("source_id", flat=True))
    if not muted:
        return {}
    since = since or unread_since()
    read = ArticleState.objects.filter(user_id=user_id, article_id=OuterRef("id"), read=True)
    # Read from the outlet index (``feed_id + 0`` keeps SQLite off the feed index, which read
    # every article of every followed feed: 65 ms for a reader of 450 feeds at 50,000 articles).
    qs = (
        Article.objects.filter(
            In(F("feed_id") + 0, list(feed_ids)), source_id__in=muted, published_at__gte=since
        )
        .exclude(Exists(read))
        .values("feed_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["feed_id"]: row["n"] for row in qs}
