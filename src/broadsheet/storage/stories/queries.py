"""Read side of stories: an article's story, a story's detail, related articles, and the rows
the front page is ranked from (the ranking itself is ``broadsheet.reading``'s, over
``frontpage.rank``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.lookups import In

from broadsheet.errors import NotFoundError
from broadsheet.storage.stories.models import Membership, RelatedLink, Signature, Story

__all__ = [
    "LiveStory",
    "Related",
    "StoryArticle",
    "StoryCard",
    "StoryDetail",
    "article_story",
    "cards",
    "explain",
    "get_story",
    "list_stories",
    "live_since",
    "newest_published",
    "older_than",
    "related",
    "topic_terms",
    "with_articles_from",
]


@dataclass(frozen=True)
class StoryCard:
    """A story in a list: headline, outlets, size, first and latest publication, members."""

    id: int
    headline: str
    outlets: list[str]
    size: int
    first_published: datetime | None
    last_published: datetime | None
    article_ids: list[int]


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story as its page shows it."""

    id: int
    title: str
    outlet: str
    published_at: datetime | None
    url: str
    duplicate_of: int | None
    syndicated_from: int | None


@dataclass(frozen=True)
class StoryDetail(StoryCard):
    """A story with its articles (oldest first) and the outlet that reported it first."""

    articles: list[StoryArticle]
    first_reported_by: str


@dataclass(frozen=True)
class LiveStory:
    """A live story as the front page's ranking reads it: its outlets and latest article time."""

    id: int
    outlets: tuple[str, ...]
    last_published: datetime | None


@dataclass(frozen=True)
class Related:
    """An article worth reading next, with why."""

    article_id: int
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    score: float
    reason: str


def _resolve(story_id: int) -> Story:
    seen: set[int] = set()
    story = Story.objects.filter(id=story_id).first()
    while story is not None and story.redirect_to_id and story.id not in seen:
        seen.add(story.id)
        story = Story.objects.filter(id=story.redirect_to_id).first()
    if story is None:
        raise NotFoundError(f"no story with id {story_id}")
    return story


def _members(story_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {s: [] for s in story_ids}
    rows = (
        Membership.objects.filter(story_id__in=story_ids)
        .order_by("published_at", "article_id")
        .values_list("story_id", "article_id")
    )
    for sid, aid in rows:
        out[sid].append(aid)
    return out


def _card(story: Story, ids: list[int]) -> StoryCard:
    return StoryCard(
        story.id,
        story.headline,
        list(story.outlets),
        story.size,
        story.first_published,
        story.last_published,
        ids,
    )


def article_story(article_id: int) -> StoryCard | None:
    """Return the story an article belongs to, or None if it has not been placed yet."""
    member = Membership.objects.select_related("story").filter(article_id=article_id).first()
    if member is None:
        return None
    story = member.story if not member.story.redirect_to_id else _resolve(member.story_id)
    return _card(story, _members([story.id])[story.id])


def get_story(story_id: int) -> StoryDetail:
    """Return a story with its articles, following merge redirects; raise NotFoundError."""
    story = _resolve(story_id)
    rows = (
        Membership.objects.filter(story_id=story.id)
        .order_by("published_at", "article_id")
        .values_list(
            "article_id",
            "article__title",
            "article__source__name",
            "published_at",
            "article__url",
            "article__signature__duplicate_of_id",
            "article__signature__syndicated_from_id",
        )
    )
    articles = [StoryArticle(i, t, o or "", p, u, d, s) for i, t, o, p, u, d, s in rows]
    first = next((a.outlet for a in articles if a.outlet), "")
    card = _card(story, [a.id for a in articles])
    return StoryDetail(**card.__dict__, articles=articles, first_reported_by=first)


def _live() -> Any:
    return Story.objects.filter(redirect_to__isnull=True, size__gt=0)


def newest_published() -> datetime | None:
    """The latest article time of any live story (None when there is none)."""
    return (
        _live()
        .order_by(F("last_published").desc(nulls_last=True))
        .values_list("last_published", flat=True)
        .first()
    )


def live_since(cutoff: datetime) -> list[LiveStory]:
    """The live stories whose latest article is at ``cutoff`` or later."""
    rows = _live().filter(last_published__gte=cutoff).values_list("id", "outlets", "last_published")
    return [LiveStory(i, tuple(o or ()), when) for i, o, when in rows]


def older_than(
    cutoff: datetime, offset: int, limit: int, feeds: QuerySet[Any, Any] | None = None
) -> list[int]:
    """IDs of the live stories last published before ``cutoff`` (or never), newest first;
    ``feeds``, a subquery of feed ids, keeps the stories with an article from one of them."""
    older = _live().exclude(last_published__gte=cutoff)
    if feeds is not None:
        older = older.filter(Exists(_from_feeds(feeds).filter(story_id=OuterRef("id"))))
    ordered = older.order_by(F("last_published").desc(nulls_last=True), "-id")
    return list(ordered.values_list("id", flat=True)[offset : offset + limit])


def _from_feeds(feeds: QuerySet[Any, Any]) -> QuerySet[Membership]:
    """Memberships whose article is from one of the feeds, tested per membership row.

    ``feed_id + 0`` keeps SQLite off the articles' feed index: from it, the query would read
    every article of every followed feed to find the few in these stories.
    """
    return Membership.objects.filter(In(F("article__feed_id") + 0, feeds))


def with_articles_from(story_ids: Sequence[int], feeds: QuerySet[Any, Any]) -> set[int]:
    """Those of these stories with at least one article from the feeds (a subquery of ids)."""
    rows = _from_feeds(feeds).filter(story_id__in=list(story_ids))
    return set(rows.values_list("story_id", flat=True).distinct())


def cards(story_ids: list[int]) -> list[StoryCard]:
    """The cards of these stories in the order given (missing ones left out)."""
    by_id = Story.objects.in_bulk(story_ids)
    found = [by_id[i] for i in story_ids if i in by_id]
    members = _members([s.id for s in found])
    return [_card(s, members[s.id]) for s in found]


def topic_terms(story_ids: list[int]) -> dict[int, frozenset[str]]:
    """Each story's people, organisations (``e:<name>``) and visible hashtags (``t:<tag>``)."""
    from broadsheet.storage.intel.models import ArticleEntity, ArticleTag

    members = Membership.objects.filter(story_id__in=story_ids)
    story_of = dict(members.values_list("article_id", "story_id"))
    out: dict[int, set[str]] = {s: set() for s in story_ids}
    for aid, name in ArticleEntity.objects.filter(
        article_id__in=members.values("article_id"), entity__kind__in=("person", "org")
    ).values_list("article_id", "entity__name"):
        out[story_of[aid]].add(f"e:{name}")
    for aid, tag in (
        ArticleTag.objects.filter(article_id__in=members.values("article_id"))
        .exclude(source="hidden")
        .values_list("article_id", "tag")
    ):
        out[story_of[aid]].add(f"t:{tag.lower()}")
    return {s: frozenset(t) for s, t in out.items()}


def list_stories(limit: int = 100, offset: int = 0) -> list[StoryCard]:
    """Return live stories newest first (for the command line)."""
    stories = list(
        Story.objects.filter(redirect_to__isnull=True, size__gt=0).order_by(
            "-last_published", "-id"
        )[offset : offset + limit]
    )
    members = _members([s.id for s in stories])
    return [_card(s, members[s.id]) for s in stories]


def related(article_id: int, limit: int = 10) -> list[Related]:
    """Return the best related articles outside the article's own story (and not its copies)."""
    story = Membership.objects.filter(article_id=article_id).values("story_id")[:1]
    own = Membership.objects.filter(story_id=Subquery(story)).values("article_id")
    copies = Signature.objects.filter(duplicate_of_id=article_id).values("article_id")
    rows = (
        RelatedLink.objects.filter(article_id=article_id)
        .exclude(other_id__in=own)
        .exclude(other_id__in=copies)
        .order_by("-score", "other_id")
        .values_list(
            "other_id",
            "score",
            "reason",
            "other__title",
            "other__url",
            "other__published_at",
            "other__source__name",
            "article__published_at",
        )
    )
    return [
        Related(o, title, url, outlet or "", when, score, _timed(reason, mine, when))
        for o, score, reason, title, url, when, outlet, mine in rows[:limit]
    ]


def _timed(reason: str, mine: datetime | None, theirs: datetime | None) -> str:
    """Mark background (much earlier) and follow-up (much later) coverage."""
    if mine is None or theirs is None:
        return reason
    days = (mine - theirs).total_seconds() / 86400
    return f"background: {reason}" if days > 3 else f"follow-up: {reason}" if days < -3 else reason


def explain(article_id: int) -> dict[str, Any]:
    """Return why an article is in its story (the stored explanation), or raise NotFoundError."""
    row = (
        Membership.objects.filter(article_id=article_id)
        .values_list("story_id", "method", "explanation")
        .first()
    )
    if row is None:
        raise NotFoundError(f"article {article_id} is not in a story yet")
    return {"story_id": _resolve(row[0]).id, "method": row[1], **row[2]}
