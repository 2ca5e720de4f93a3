"""Related coverage as the article page shows it: other outlets on the same story, then articles
sharing people, places or words, each with its outlet, time, lead line and why it is related.

Built once per request from three reads: the article's story with its articles, the stored
related links (``broadsheet.cluster`` found them, with a reason), and the listed articles for
their outlets and leads. Copies (exact or syndicated) never appear: the reader has their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.errors import NotFoundError
from broadsheet.reading._listings import ListedArticle, listed_articles
from broadsheet.reading._stories import StoryCard, article_story, related_articles, story_detail

__all__ = ["RelatedCoverage", "RelatedItem", "related_coverage"]

SAME_STORY = "Same story"
LIMIT = 8  # items in the block
STORY_SHARE = 5  # of which at most this many from the article's own story
LEAD_CHARS = 200


@dataclass(frozen=True)
class RelatedItem:
    """One related article: link, headline, outlet, time, lead line and the reason in words."""

    article_id: int
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    lead: str
    reason: str
    same_story: bool


@dataclass(frozen=True)
class RelatedCoverage:
    """The related block of one article: same-story coverage first, then related articles."""

    article_id: int
    story_id: int | None
    items: tuple[RelatedItem, ...]

    def __bool__(self) -> bool:
        return bool(self.items)


def lead_line(text: str, limit: int = LEAD_CHARS) -> str:
    """Return the first paragraph of ``text`` on one line, cut at a word within ``limit``."""
    first = " ".join(text.strip().split("\n\n", 1)[0].split())
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit)
    return first[: cut if cut > limit // 2 else limit].rstrip(" ,;:–-") + "…"


def reason_text(stored: str) -> str:
    """Return a stored reason ("background: also about X") as the page says it."""
    when, sep, rest = stored.partition(": ")
    labels = {"background": "Earlier coverage", "follow-up": "Later coverage"}
    if sep and when in labels:
        return f"{labels[when]}, {rest}" if rest else labels[when]
    return stored[:1].upper() + stored[1:]


def _same_story(
    article_id: int, card: StoryCard | None
) -> tuple[int | None, str, list[tuple[int, str]]]:
    """The article's story, its outlet, and one other-outlet article per outlet (nearest first)."""
    if card is None:
        return None, "", []
    try:
        story = story_detail(card.id)
    except NotFoundError:
        return card.id, "", []
    mine = next((a for a in story.articles if a.id == article_id), None)
    outlet = mine.outlet if mine else ""
    at = mine.published_at if mine else None
    others = [
        a
        for a in story.articles
        if a.id != article_id
        and a.duplicate_of is None
        and a.syndicated_from is None
        and (not outlet or a.outlet != outlet)
    ]
    if at is not None:
        others.sort(key=lambda a: abs((a.published_at or at) - at))
    seen: set[str] = set()
    picked = []
    for a in others:
        if a.outlet and a.outlet in seen:
            continue
        seen.add(a.outlet)
        picked.append((a.id, SAME_STORY))
    return story.id, outlet, picked[:STORY_SHARE]


def _item(a: ListedArticle, reason: str, same: bool) -> RelatedItem:
    return RelatedItem(
        a.id,
        a.title,
        a.url,
        a.source.name if a.source else "",
        a.published_at,
        lead_line(a.lead),
        reason,
        same,
    )


def related_coverage(
    article_id: int, limit: int = LIMIT, *, story: StoryCard | bool | None = True
) -> RelatedCoverage:
    """Return the article's related block: other outlets' coverage of its story first, then
    other outlets' related articles, then its own outlet's (at most ``limit``, no copies).

    ``story`` is the article's story card when the caller has it already (None: it has none);
    by default it is read here.
    """
    card = article_story(article_id) if isinstance(story, bool) else story
    story_id, outlet, chosen = _same_story(article_id, card)
    taken = {aid for aid, _ in chosen} | {article_id}
    links = [
        (r.article_id, reason_text(r.reason), r.outlet)
        for r in related_articles(article_id, limit * 2)
        if r.article_id not in taken
    ]
    wanted = [article_id, *(aid for aid, _ in chosen), *(aid for aid, _, _ in links)]
    found = {a.id: a for a in listed_articles(wanted, copies=False)}
    if not outlet and article_id in found and found[article_id].source:
        outlet = found[article_id].source.name  # type: ignore[union-attr]
    links.sort(key=lambda link: bool(outlet) and link[2] == outlet)  # stable: by score within
    chosen += [(aid, why) for aid, why, _ in links][: max(0, limit - len(chosen))]
    items = tuple(_item(found[aid], why, why == SAME_STORY) for aid, why in chosen if aid in found)
    return RelatedCoverage(article_id, story_id, items)
