"""Pipeline step: place each new article in a story (incremental), and rebuild all stories.

The in-memory ``StoryEngine`` is built lazily per process from the stored memberships of the
active window (their stored features, replayed in time order) and kept while the stored
generation does not change; any write by another process or by staff bumps the generation and
makes this process rebuild before its next placement. Copies (exact or syndicated) join the story
of the article they copy; staff pins are obeyed. When the engine splits a story (see
``broadsheet.cluster``), the split-off articles are moved to the new story in storage, each with
the split's explanation; staff-pinned articles are marked so no split ever moves them.

Candidate stories are those of the article's own time. The engine keeps the stories active
within ``window_days`` of the newest article it has seen; an article older than that (a late
feed, a backfill) is placed by a second engine replayed from the stored memberships of a window
centred on its published time, so it joins the story of its event instead of starting one. That
engine is kept for the late articles that follow it in time, while nothing else writes stories.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import count

from broadsheet.cluster import (
    Features,
    Placement,
    Settings,
    Split,
    StoryEngine,
    features,
    from_json,
    to_json,
)
from broadsheet.reading import forget_front
from broadsheet.storage.stories import assign
from broadsheet.storage.stories.assign import ClusterInput, PlacementRow

log = logging.getLogger(__name__)
DAY = 86_400.0
ACTIVE_MAX = (
    50_000  # articles replayed when an engine is rebuilt (the window is also bounded in days)
)
_lock = threading.Lock()
_cache: dict[str, object] = {}
SETTINGS = Settings()  # the engine's settings (tests may replace them)


@dataclass
class ClusterReport:
    """How many articles were placed, in how many new stories, and merges and splits done."""

    articles: int = 0
    new_stories: int = 0
    merges: int = 0
    splits: int = 0


def _feats(item: ClusterInput) -> Features:
    when = item.published_at.timestamp() if item.published_at else 0.0
    return features(item.title, item.text, when)


def _build() -> StoryEngine:
    engine = StoryEngine(SETTINGS, new_id=assign.new_story)
    newest = assign.memberships_since(None, 1)
    since: datetime | None = None
    if newest:
        latest = from_json(newest[0][2]).published if newest[0][2] else 0.0
        since = datetime.fromtimestamp(latest, tz=UTC) - timedelta(
            days=engine.settings.window_days * 4
        )
    pinned = assign.pinned_since(since)
    for article_id, story_id, data in assign.memberships_since(since, ACTIVE_MAX):
        if data:
            engine.follow(article_id, from_json(data), story_id, fixed=article_id in pinned)
    return engine


def _engine() -> StoryEngine:
    gen = assign.generation()
    if _cache.get("generation") != gen or "engine" not in _cache:
        _cache["engine"] = _build()
        _cache["generation"] = gen
    engine = _cache["engine"]
    assert isinstance(engine, StoryEngine)
    return engine


def forget() -> None:
    """Drop this process's engines (tests, and after a rebuild from scratch)."""
    _cache.clear()


LATE_SPAN = 1.5  # a late engine holds the memberships within this many windows of its centre


def _is_late(engine: StoryEngine, item: ClusterInput) -> bool:
    """Whether the article is older than the engine's active window (its stories are gone)."""
    if item.published_at is None:
        return False
    return item.published_at.timestamp() < engine.now - engine.settings.window_days * DAY


def _build_late(centre: float) -> StoryEngine:
    """An engine holding every stored placement within LATE_SPAN windows of ``centre``.

    Its own window is twice that span, so no story of the replayed window expires while it is
    replayed: every story there is a candidate, as it was when the article's time was news.
    """
    span = SETTINGS.window_days * LATE_SPAN * DAY
    engine = StoryEngine(replace(SETTINGS, window_days=2 * span / DAY), new_id=assign.new_story)
    start = datetime.fromtimestamp(centre - span, tz=UTC)
    end = datetime.fromtimestamp(centre + span, tz=UTC)
    pinned = assign.pinned_since(start)
    for article_id, story_id, data in assign.memberships_between(start, end, ACTIVE_MAX):
        if data:
            engine.follow(article_id, from_json(data), story_id, fixed=article_id in pinned)
    return engine


def _late_engine(item: ClusterInput) -> StoryEngine:
    """The late engine for this article's time: the kept one if the article is near its centre."""
    assert item.published_at is not None
    when = item.published_at.timestamp()
    kept = _cache.get("late")
    centre = _cache.get("late_centre")
    fresh = _cache.get("late_generation") == assign.generation()
    if (
        isinstance(kept, StoryEngine)
        and isinstance(centre, float)
        and fresh
        and abs(when - centre) <= SETTINGS.window_days * (LATE_SPAN - 1) * DAY
    ):
        return kept
    _cache.update(late=_build_late(when), late_centre=when)
    engine = _cache["late"]
    assert isinstance(engine, StoryEngine)
    return engine


def _split(cut: Split, engine: StoryEngine) -> dict[str, object]:
    return asdict(cut) | {
        "story_id": engine.resolve(cut.story_id),
        "moved": list(cut.moved),
        "kept": list(cut.kept),
        "text": cut.text(),
    }


def _row(
    item: ClusterInput, feats: Features, p: Placement, method: str, engine: StoryEngine
) -> PlacementRow:
    expl = asdict(p.explanation) | {"text": p.explanation.text(), "headline_id": p.headline_id}
    expl["method"] = method
    return PlacementRow(
        item.id,
        p.story_id,
        p.explanation.score,
        method,
        expl,
        to_json(feats),
        item.published_at,
        p.merged,
        tuple((h.article_id, h.score, h.reason) for h in p.related),
        tuple(_split(cut, engine) for cut in p.splits),
    )


def place(
    engine: StoryEngine, item: ClusterInput, story_of: dict[int, int]
) -> tuple[PlacementRow, Placement]:
    """Place one article with the engine: copies follow their original, pins are obeyed."""
    feats = _feats(item)
    copied = story_of.get(item.copy_of) if item.copy_of else None
    if copied is None and item.copy_of:
        copied = engine.story_of(item.copy_of) or assign.story_of(item.copy_of)
    if item.pinned_story is not None:
        p = engine.place(item.id, feats, pin=item.pinned_story, fixed=True)
        return _row(item, feats, p, "staff", engine), p
    if copied is not None:
        p = engine.place(item.id, feats, pin=copied)
        return _row(item, feats, p, "duplicate", engine), p
    p = engine.place(item.id, feats)
    return _row(item, feats, p, "engine", engine), p


def _follow_splits(p: Placement, story_of: dict[int, int]) -> None:
    """Keep the article → story map of this batch right when a split moved earlier articles."""
    story_of[p.article_id] = p.story_id
    for cut in p.splits:
        for moved in cut.moved:
            story_of[moved] = cut.new_story_id


def _staled(engine: StoryEngine, p: Placement, late: bool) -> set[str]:
    """Which kept engine a placement made by the other one leaves out of step with storage.

    An on-time placement may touch stories a late engine holds, so the late engine goes; a
    late one that merged or split stories, or joined a story the main engine holds, makes the
    main engine rebuild from storage.
    """
    if not late:
        return {"late"}
    if p.merged or p.splits or p.story_id in engine.stories:
        return {"engine"}
    return set()


def _has_words(item: ClusterInput) -> bool:
    """An article with a headline or text has a story; one with neither (an image alone) does not.

    A feed item with a title only, whose page could not be fetched, is placed by its headline.
    """
    return bool(item.text.strip() or item.title.strip())


def _place_some(todo: list[ClusterInput], report: ClusterReport) -> int:
    """Place and store articles in order until done or a kept engine needs rebuilding from
    storage first; return how many were placed (at least one)."""
    engine = _engine()
    rows: list[PlacementRow] = []
    story_of: dict[int, int] = {}
    stale: set[str] = set()  # kept engines that no longer match storage
    for item in todo:
        late = _is_late(engine, item)
        if late and "late" in stale:
            break  # the late engine is rebuilt once this segment's placements are stored
        row, p = place(_late_engine(item) if late else engine, item, story_of)
        stale |= _staled(engine, p, late)
        _follow_splits(p, story_of)
        rows.append(row)
        report.articles += 1
        report.new_stories += p.created + len(p.splits)
        report.merges += len(p.merged)
        report.splits += len(p.splits)
        if "engine" in stale:
            break
    assign.save_placements(rows)
    generation = assign.bump_generation()
    _cache.update(generation=generation, late_generation=generation)
    for name in stale:
        _cache.pop(name, None)
    return len(rows)


def run(article_ids: Sequence[int]) -> ClusterReport:
    """Place every given article not yet in a story (oldest first); idempotent."""
    report = ClusterReport()
    with _lock:
        todo = [
            i for i in assign.cluster_inputs(list(article_ids)) if not i.placed and _has_words(i)
        ]
        if not todo:
            return report
        while todo:
            todo = todo[_place_some(todo, report) :]
    forget_front()  # new and grown stories show on the front page at once
    log.info("stories placed", extra=asdict(report))
    return report


def recluster(progress: Callable[[int, int], None] | None = None) -> ClusterReport:
    """Rebuild every story from scratch in time order, keeping staff decisions and story IDs.

    ``progress(done, total)`` is called every 100 articles and at the end.
    """
    from broadsheet.storage.stories import rebuild

    with _lock:
        engine = StoryEngine(SETTINGS, new_id=count(-1, -1).__next__)
        report = ClusterReport()
        rows: list[PlacementRow] = []
        story_of: dict[int, int] = {}
        split_of: dict[int, dict[str, object]] = {}
        inputs = assign.cluster_inputs(None)
        for done, item in enumerate(inputs, 1):
            if progress and (done % 100 == 0 or done == len(inputs)):
                progress(done, len(inputs))
            if not _has_words(item):
                continue
            row, p = place(engine, item, story_of)
            _follow_splits(p, story_of)
            for cut in p.splits:
                for moved in cut.moved:
                    split_of[moved] = _split(cut, engine)
            rows.append(row)
            report.articles += 1
            report.splits += len(p.splits)
        final = [
            PlacementRow(
                **(
                    asdict(r)
                    | {
                        "story_id": engine.resolve(story_of[r.article_id]),
                        "merged": (),
                        "splits": (),
                        "explanation": (
                            assign.split_explanation(r.explanation, split_of[r.article_id])
                            if r.article_id in split_of
                            else r.explanation
                        ),
                    }
                )
            )
            for r in rows
        ]
        report.new_stories = len({r.story_id for r in final})
        rebuild.replace_all(final)
        forget()
    return report
