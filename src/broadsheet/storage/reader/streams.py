"""Streams of articles for one reader (Google Reader API): subscriptions, item ids, counts.

A stream is everything the user follows, one feed, one folder, the saved (starred) articles or
the read ones; feeds the user unsubscribed from and muted outlets are left out of the first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.lookups import In

from broadsheet.errors import NotFoundError
from broadsheet.storage.models import Article, Feed
from broadsheet.storage.reader.models import ArticleState, FeedLabel, HiddenFeed, MutedSource
from broadsheet.storage.reader.queries import mark_read, state_changed, unread_since
from broadsheet.storage.reader.subscriptions import (
    first_unread_id,
    follow,
    followed_feeds,
    is_private,
    private_feed_ids,
    unfollow,
)

__all__ = [
    "Item",
    "ItemRef",
    "Stream",
    "StreamFilter",
    "Subscription",
    "feed_article_stats",
    "feed_id_for",
    "followed_ids",
    "hide_feed",
    "item_refs",
    "items",
    "label_feed",
    "mark_stream_read",
    "subscriptions",
    "unread_counts",
]

MARK_BATCH = 1000


@dataclass(frozen=True)
class Stream:
    """Which articles: kind is all | feed | outlet | label | starred | read.

    An ``outlet`` stream holds the articles of one outlet (``source_id``; 0 for none) that came
    from no feed (imported ones), which the ``all`` stream includes."""

    kind: str
    feed_id: int | None = None
    label: str = ""
    source_id: int | None = None


@dataclass(frozen=True)
class StreamFilter:
    """Narrowing of a stream: read/starred exclusion or inclusion, time bounds, order."""

    exclude_read: bool = False
    exclude_starred: bool = False
    only_read: bool = False
    only_starred: bool = False
    newer_than: datetime | None = None
    older_than: datetime | None = None
    oldest_first: bool = False


@dataclass(frozen=True)
class Subscription:
    """One feed as the user sees it: their title and folder if they set one."""

    feed_id: int
    url: str
    title: str
    site_url: str
    folder: str


@dataclass(frozen=True)
class ItemRef:
    """An article's id and time, for paging."""

    id: int
    published: datetime
    feed_id: int | None


@dataclass(frozen=True)
class Item:
    """An article with the user's state, as a Google Reader client shows it."""

    id: int
    url: str
    title: str
    html: str  # the stored reading HTML: sanitised when stored, sanitised again by reading/
    text: str
    authors: list[str]
    published: datetime
    updated: datetime
    feed_id: int | None
    feed_title: str
    feed_url: str
    site_url: str
    read: bool
    saved: bool
    folder: str
    image: str = ""  # the article's image address as stored (og:image or the feed's media)


def subscriptions(user_id: int, among: Sequence[int] | None = None) -> list[Subscription]:
    """Return the feeds the user follows: the instance's ones they did not hide, their own ones
    (only those of ``among`` when given: a page's feeds, not the thousands a reader may follow)."""
    labels_qs = FeedLabel.objects.filter(user_id=user_id)
    feeds = followed_feeds(user_id)
    if among is not None:
        labels_qs = labels_qs.filter(feed_id__in=list(among))
        feeds = feeds.filter(id__in=list(among))
    labels = {f.feed_id: f for f in labels_qs}
    subs = []
    for f in feeds.select_related("category").order_by("id"):
        own = labels.get(f.id)
        folder = own.folder if own and own.folder else (f.category.title if f.category else "")
        title = (own.title if own and own.title else f.title) or f.url
        subs.append(Subscription(f.id, f.url, title, f.site_url, folder))
    return subs


def followed_ids(user_id: int) -> list[int]:
    """The ids of the feeds the user follows, ascending (one query, no titles or folders)."""
    return list(followed_feeds(user_id).order_by("id").values_list("id", flat=True))


def feed_id_for(ref: str) -> int:
    """Return the feed id for a numeric id or a feed URL, or raise NotFoundError."""
    qs = Feed.objects.filter(id=int(ref)) if ref.isdigit() else Feed.objects.filter(url=ref)
    feed_id = qs.values_list("id", flat=True).first()
    if feed_id is None:
        raise NotFoundError(f"no feed {ref!r}; subscription/list names the feeds")
    return int(feed_id)


def hide_feed(user_id: int, feed_id: int, hidden: bool = True) -> None:
    """Unsubscribe the user from a feed (or subscribe again).

    The instance's feed stays for the others; a private feed goes with its last subscriber.
    """
    if hidden:
        unfollow(user_id, feed_id)
    else:
        follow(user_id, feed_id, private=is_private(feed_id))


def label_feed(
    user_id: int, feed_id: int, *, title: str | None = None, folder: str | None = None
) -> None:
    """Set the user's own title and/or folder for a feed (empty string clears it)."""
    label, _ = FeedLabel.objects.get_or_create(user_id=user_id, feed_id=feed_id)
    if title is not None:
        label.title = title[:500]
    if folder is not None:
        label.folder = folder[:200]
    label.save()
    state_changed(user_id)


FEW_FEEDS = 10  # a folder of at most this many feeds is read from each feed's own index
FEW_UNREAD_FEEDS = 100  # the same for its unread articles (the horizon's only)
FEW_SHARE = 20  # a reader following under 1/20 of the instance's feeds: unread from their feeds


def _folder_feed_ids(user_id: int, folder: str) -> list[int]:
    """The followed feeds in the folder: the reader's own folder for it, else its category's
    (as ``subscriptions`` names them), without listing every feed the reader follows."""
    own = FeedLabel.objects.filter(user_id=user_id).exclude(folder="")
    named = Q(id__in=own.filter(folder=folder).values("feed_id")) | (
        Q(category__title=folder) & ~Q(id__in=own.values("feed_id"))
    )
    return list(followed_feeds(user_id).filter(named).values_list("id", flat=True))


def _state(user_id: int, field: str) -> Exists:
    return Exists(
        ArticleState.objects.filter(user_id=user_id, article_id=OuterRef("id"), **{field: True})
    )


def _stream_qs(user_id: int, stream: Stream, unread: bool = False) -> QuerySet[Article]:
    qs = Article.objects.all()
    muted = MutedSource.objects.filter(user_id=user_id).values("source_id")
    if stream.kind == "feed":  # a muted outlet's articles are out, as out of the reading list
        return qs.filter(feed_id=stream.feed_id).exclude(source_id__in=muted)
    if stream.kind == "outlet":
        outlet = Q(source_id=stream.source_id) if stream.source_id else Q(source_id__isnull=True)
        return qs.filter(outlet, feed_id__isnull=True)
    if stream.kind == "starred":
        return qs.filter(_state(user_id, "saved"))
    if stream.kind == "read":
        return qs.filter(_state(user_id, "read"))
    if stream.kind == "label":
        ids = _folder_feed_ids(user_id, stream.label)
        if len(ids) > (FEW_UNREAD_FEEDS if unread else FEW_FEEDS):
            # Walk the newest index, testing each row's feed (``+ 0``): the feed index would
            # read and sort every article of the folder's feeds. Unread ones are only the
            # horizon's: each feed's index holds few of them, while the walk may read the
            # whole horizon to find a page of a small folder's (30 ms for 23 feeds at 200k).
            return qs.filter(In(F("feed_id") + 0, ids)).exclude(source_id__in=muted)
        return qs.filter(feed_id__in=ids).exclude(source_id__in=muted)
    if unread:
        ids = followed_ids(user_id)
        if len(ids) * FEW_SHARE < Feed.objects.count():
            # A reader of a few of the instance's feeds: their unread ones from each followed
            # feed's index over the horizon, and the feedless ones; the newest-first walk would
            # read the whole horizon to find them (reader of 35 of 2,000 feeds at 200,000
            # articles: 10 -> 1.6 ms). A larger share finds a page near the top of the walk.
            mine = Q(feed_id__in=ids) | Q(feed_id__isnull=True)
            return qs.filter(mine).exclude(source_id__in=muted)
    hidden = HiddenFeed.objects.filter(user_id=user_id).values("feed_id")
    others = private_feed_ids(exclude_user=user_id)  # other readers' own feeds
    return qs.exclude(feed_id__in=hidden).exclude(feed_id__in=others).exclude(source_id__in=muted)


def _filtered(user_id: int, stream: Stream, flt: StreamFilter) -> QuerySet[Article]:
    qs = _stream_qs(user_id, stream, flt.exclude_read).filter(published_at__isnull=False)
    if flt.exclude_read:  # unread: since the unread horizon (older ones count as read), unmarked
        since = unread_since()  # and from its first id: ``ORDER BY id`` walks the horizon only
        qs = qs.filter(published_at__gte=since, id__gte=first_unread_id(since))
        qs = qs.exclude(_state(user_id, "read"))
    if flt.exclude_starred:
        qs = qs.exclude(_state(user_id, "saved"))
    if flt.only_read:
        qs = qs.filter(_state(user_id, "read"))
    if flt.only_starred:
        qs = qs.filter(_state(user_id, "saved"))
    if flt.newer_than is not None:
        qs = qs.filter(published_at__gte=flt.newer_than)
    if flt.older_than is not None:
        qs = qs.filter(published_at__lte=flt.older_than)
    return qs


def item_refs(
    user_id: int,
    stream: Stream,
    flt: StreamFilter,
    limit: int,
    after: tuple[datetime, int] | None = None,
) -> tuple[list[ItemRef], tuple[datetime, int] | None]:
    """Return one page of the stream's articles and the cursor of the next page (or None)."""
    qs = _filtered(user_id, stream, flt)
    if after is not None:
        when, last = after
        # The range on its own lets SQLite walk the newest index from the cursor; the OR alone
        # made it read from the first row (12 s instead of 1.3 ms at 200,000 articles).
        if flt.oldest_first:
            qs = qs.filter(published_at__gte=when).filter(Q(published_at__gt=when) | Q(id__gt=last))
        else:
            qs = qs.filter(published_at__lte=when).filter(Q(published_at__lt=when) | Q(id__lt=last))
    order = ("published_at", "id") if flt.oldest_first else ("-published_at", "-id")
    rows = list(qs.order_by(*order).values_list("id", "published_at", "feed_id")[: limit + 1])
    refs = [ItemRef(*row) for row in rows[:limit]]
    more = len(rows) > limit and refs
    return refs, ((refs[-1].published, refs[-1].id) if more else None)


def items(
    user_id: int,
    ids: Sequence[int],
    *,
    with_text: bool = True,
    followed: Mapping[int, Subscription] | None = None,
) -> list[Item]:
    """Return the given articles with the user's read/saved state, in the order given
    (``with_text=False``: their html and text left empty, for lists that show neither;
    ``followed``: the user's subscriptions by feed if the caller has them, else read here)."""
    columns = (
        "id", "url", "title", "authors", "published_at", "discovered_at", "updated_at",
        "feed_id", "image", "feed__title", "feed__url", "feed__site_url", "source__name",
    )  # fmt: skip
    # Plain rows, not model instances: building 150 instances (article, feed, outlet) took
    # most of a page's time.
    qs = Article.objects.filter(id__in=list(ids))
    rows = list(qs.values(*columns, *(("html", "text") if with_text else ())))
    states = {
        s.article_id: s
        for s in ArticleState.objects.filter(user_id=user_id, article_id__in=list(ids))
    }
    page_feeds = {a["feed_id"] for a in rows if a["feed_id"] is not None}
    if followed is None:
        folders = {s.feed_id: s for s in subscriptions(user_id, among=page_feeds)}
    else:
        folders = {f: followed[f] for f in page_feeds if f in followed}
    since = unread_since()  # older articles show as read, as the unread counts count them
    by_id = {}
    for a in rows:
        state, sub = states.get(a["id"]), folders.get(a["feed_id"] or 0)
        when = a["published_at"] or a["discovered_at"]
        origin = a["feed__title"] if a["feed_id"] is not None else a["source__name"]
        by_id[a["id"]] = Item(
            id=a["id"],
            url=a["url"],
            title=a["title"],
            html=a.get("html", ""),
            text=a.get("text", ""),
            authors=a["authors"],
            published=when,
            updated=a["updated_at"],
            feed_id=a["feed_id"],
            feed_title=sub.title if sub else origin or "",
            feed_url=a["feed__url"] or "",
            site_url=a["feed__site_url"] or "",
            read=bool(state and state.read) or when < since,
            saved=bool(state and state.saved),
            folder=sub.folder if sub else "",
            image=a["image"],
        )
    return [by_id[i] for i in ids if i in by_id]


def feed_article_stats(since: datetime | None = None) -> dict[int, tuple[int, datetime]]:
    """Return (articles since the unread horizon, newest time) per feed: one scan of the
    horizon's rows shared by every reader (older articles count as read)."""
    since = since or unread_since()
    low = first_unread_id(since)
    qs = Article.objects.filter(id__gte=low, published_at__gte=since, feed_id__isnull=False)
    rows = qs.values("feed_id").annotate(n=Count("id"), newest=Max("published_at")).order_by()
    return {row["feed_id"]: (row["n"], row["newest"]) for row in rows}


def unread_counts(user_id: int) -> list[tuple[int, int, datetime]]:
    """Return (feed id, unread articles, newest article time) for each followed feed with unread."""
    qs = (
        _filtered(user_id, Stream("all"), StreamFilter(exclude_read=True))
        .filter(feed_id__isnull=False)
        .values("feed_id")
        .annotate(n=Count("id"), newest=Max("published_at"))
        .order_by("feed_id")
    )
    return [(row["feed_id"], row["n"], row["newest"]) for row in qs]


def mark_stream_read(user_id: int, stream: Stream, before: datetime | None = None) -> int:
    """Mark every unread article of the stream (published up to ``before``) read; return how many."""
    qs = _filtered(user_id, stream, StreamFilter(exclude_read=True, older_than=before))
    ids = list(qs.values_list("id", flat=True))
    for start in range(0, len(ids), MARK_BATCH):
        mark_read(user_id, ids[start : start + MARK_BATCH])
    return len(ids)
