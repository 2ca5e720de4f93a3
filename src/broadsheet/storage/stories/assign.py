"""Writes for story assignment: memberships, stories' summaries, related links, engine state."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from broadsheet.storage.models import Article
from broadsheet.storage.stories.models import EngineState, Membership, Pin, RelatedLink, Story

__all__ = [
    "ClusterInput",
    "PlacementRow",
    "apply_split",
    "bump_generation",
    "cluster_inputs",
    "generation",
    "memberships_between",
    "memberships_since",
    "new_story",
    "pinned_since",
    "refresh_stories",
    "save_placements",
    "save_related",
    "split_explanation",
    "story_of",
]


@dataclass(frozen=True)
class ClusterInput:
    """What the story engine needs about one article, plus decisions already taken about it."""

    id: int
    title: str
    text: str
    published_at: datetime | None
    copy_of: int | None  # duplicate_of, else syndicated_from
    pinned_story: int | None
    placed: bool


@dataclass(frozen=True)
class PlacementRow:
    """One article's story assignment to store, with its explanation and related articles."""

    article_id: int
    story_id: int
    score: float
    method: str
    explanation: dict[str, Any]
    features: dict[str, Any]
    published_at: datetime | None
    merged: tuple[int, ...] = ()
    related: tuple[tuple[int, float, str], ...] = field(default_factory=tuple)
    # automatic splits after this placement: {"story_id", "new_story_id", "moved", "text", ...}
    splits: tuple[dict[str, Any], ...] = ()


def cluster_inputs(ids: Sequence[int] | None = None) -> list[ClusterInput]:
    """Return the given articles (or all, when ``ids`` is None) oldest first; deleted ones skipped."""
    qs = Article.objects.all() if ids is None else Article.objects.filter(id__in=list(ids))
    rows = qs.order_by("published_at", "id").values_list(
        "id",
        "title",
        "text",
        "published_at",
        "signature__duplicate_of_id",
        "signature__syndicated_from_id",
        "story_pin__story_id",
        "membership__story_id",
    )
    return [
        ClusterInput(i, t, x, p, dup or syn, pin, member is not None)
        for i, t, x, p, dup, syn, pin, member in rows.iterator(chunk_size=1000)
    ]


def memberships_since(since: datetime | None, limit: int) -> list[tuple[int, int, dict[str, Any]]]:
    """Return (article, story, features) of the newest placements since ``since``, oldest first."""
    qs = Membership.objects.all()
    if since is not None:
        qs = qs.filter(published_at__gte=since)
    rows = list(
        qs.order_by("-published_at").values_list(
            "article_id", "story__redirect_to_id", "story_id", "features"
        )[:limit]
    )
    rows.reverse()
    return [(a, redirect or s, f) for a, redirect, s, f in rows]


def memberships_between(
    start: datetime, end: datetime, limit: int
) -> list[tuple[int, int, dict[str, Any]]]:
    """Return (article, story, features) of placements published in [start, end], oldest first.

    At most ``limit``, those nearest the middle of the window kept when there are more.
    """
    qs = Membership.objects.filter(published_at__gte=start, published_at__lte=end)
    if qs.count() > limit:
        middle = start + (end - start) / 2
        before = _window_rows(qs.filter(published_at__lt=middle), "-published_at", limit // 2)
        after = _window_rows(
            qs.filter(published_at__gte=middle), "published_at", limit - limit // 2
        )
        rows = before[::-1] + after
    else:
        rows = _window_rows(qs, "published_at", limit)
    return [(a, redirect or s, f) for a, redirect, s, f in rows]


def _window_rows(qs: Any, order: str, limit: int) -> list[tuple[Any, ...]]:
    return list(
        qs.order_by(order, "article_id").values_list(
            "article_id", "story__redirect_to_id", "story_id", "features"
        )[:limit]
    )


def pinned_since(since: datetime | None) -> set[int]:
    """Return the staff-pinned articles among those placed since ``since`` (never split apart)."""
    qs = Pin.objects.all()
    if since is not None:
        qs = qs.filter(article__membership__published_at__gte=since)
    return set(qs.values_list("article_id", flat=True))


def split_explanation(expl: dict[str, Any], split: dict[str, Any]) -> dict[str, Any]:
    """Return a moved article's explanation after an automatic split (the split's sentence)."""
    return expl | {"split": split, "text": split["text"], "candidate": split["new_story_id"]}


def apply_split(split: dict[str, Any]) -> None:
    """Move the split-off articles to their new story and record why (call inside a transaction)."""
    rows = Membership.objects.filter(article_id__in=list(split["moved"])).values_list(
        "article_id", "explanation"
    )
    for article_id, expl in list(rows):
        Membership.objects.filter(article_id=article_id).update(
            story_id=split["new_story_id"], explanation=split_explanation(expl or {}, split)
        )


def story_of(article_id: int) -> int | None:
    """Return the story an article is in (after redirects), if placed."""
    row = (
        Membership.objects.filter(article_id=article_id).values_list("story_id", flat=True).first()
    )
    return _resolve(row) if row else None


def _resolve(story_id: int) -> int:
    seen = set()
    while story_id not in seen:
        seen.add(story_id)
        nxt = Story.objects.filter(id=story_id).values_list("redirect_to_id", flat=True).first()
        if not nxt:
            break
        story_id = nxt
    return story_id


def new_story() -> int:
    """Create an empty story and return its ID."""
    return Story.objects.create().id


def generation() -> int:
    """Return the engine-state generation (changes on every write to stories)."""
    row = EngineState.objects.filter(id=1).values_list("generation", flat=True).first()
    return row or 0


def bump_generation() -> int:
    """Advance and return the generation so other processes rebuild their in-memory engine."""
    EngineState.objects.get_or_create(id=1)
    EngineState.objects.filter(id=1).update(generation=F("generation") + 1)
    return generation()


def save_placements(rows: Sequence[PlacementRow]) -> None:
    """Store memberships, merge redirects and related links (both ways) of a batch of articles."""
    if not rows:
        return
    touched: set[int] = set()
    with transaction.atomic():
        for row in rows:
            for loser in row.merged:
                _redirect(loser, row.story_id)
                touched.add(loser)
            Membership.objects.update_or_create(
                article_id=row.article_id,
                defaults={
                    "story_id": row.story_id,
                    "score": row.score,
                    "method": row.method,
                    "explanation": row.explanation,
                    "features": row.features,
                    "published_at": row.published_at,
                },
            )
            touched.add(row.story_id)
            for split in row.splits:
                apply_split(split)
                touched.update((split["story_id"], split["new_story_id"]))
        save_related(rows)
    refresh_stories(touched)


def _redirect(loser: int, survivor: int) -> None:
    Membership.objects.filter(story_id=loser).update(story_id=survivor)
    Pin.objects.filter(story_id=loser).update(story_id=survivor)
    Story.objects.filter(redirect_to_id=loser).update(redirect_to_id=survivor)
    Story.objects.filter(id=loser).update(
        redirect_to_id=survivor, size=0, updated_at=timezone.now()
    )


def save_related(rows: Sequence[PlacementRow]) -> None:
    """Store each row's related links in both directions (existing pairs are kept)."""
    links: dict[tuple[int, int], tuple[float, str]] = {}
    for row in rows:
        for other, score, reason in row.related:
            links[(row.article_id, other)] = (score, reason)
            links.setdefault((other, row.article_id), (score, reason))
    if not links:
        return
    existing = set(
        RelatedLink.objects.filter(
            article_id__in={a for a, _ in links}, other_id__in={o for _, o in links}
        ).values_list("article_id", "other_id")
    )
    RelatedLink.objects.bulk_create(
        [
            RelatedLink(article_id=a, other_id=o, score=s, reason=r[:300])
            for (a, o), (s, r) in links.items()
            if (a, o) not in existing
        ]
    )


def refresh_stories(story_ids: Iterable[int]) -> None:
    """Recompute size, outlets, first/last publication and headline of the given stories."""
    for sid in set(story_ids):
        members = list(
            Membership.objects.filter(story_id=sid)
            .order_by("published_at", "article_id")
            .values_list(
                "article_id",
                "article__title",
                "article__source__name",
                "published_at",
                "explanation",
            )
        )
        if not members:
            Story.objects.filter(id=sid).update(size=0, outlets=[], n_outlets=0)
            continue
        outlets = list(dict.fromkeys(m[2] for m in members if m[2]))
        headline_id = _headline(members)
        title = next((m[1] for m in members if m[0] == headline_id), members[0][1])
        Story.objects.filter(id=sid).update(
            size=len(members),
            outlets=outlets,
            n_outlets=len(outlets),
            first_published=members[0][3],
            last_published=members[-1][3],
            headline=title,
            headline_article_id=headline_id,
            updated_at=timezone.now(),
        )


def _headline(members: list[tuple[Any, ...]]) -> int:
    """The engine's latest choice of most representative article, if it is still a member."""
    ids = {m[0] for m in members}
    for m in reversed(members):
        choice = (m[4] or {}).get("headline_id")
        if choice in ids:
            return int(choice)
    return int(members[0][0])
