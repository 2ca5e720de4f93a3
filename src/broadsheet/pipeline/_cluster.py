"""Pipeline step: place each new article in a story (incremental), and rebuild all stories.

The in-memory ``StoryEngine`` is built lazily per process from the stored memberships of the
active window (their stored features, replayed in time order) and kept while the stored
generation does not change; any write by another process or by staff bumps the generation and
makes this process rebuild before its next placement. Copies (exact or syndicated) join the story
of the article they copy; staff pins are obeyed. When the engine splits a story (see
``broadsheet.cluster``), the split-off articles are moved to the new story in storage, each with
the split's explanation; staff-pinned articles are marked so no split ever moves them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
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
    """Drop this process's engine (tests, and after a rebuild from scratch)."""
    _cache.clear()


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


def _has_words(item: ClusterInput) -> bool:
    """An article with a headline or text has a story; one with neither (an image alone) does not.

    A feed item with a title only, whose page could not be fetched, is placed by its headline.
    """
    return bool(item.text.strip() or item.title.strip())


def run(article_ids: Sequence[int]) -> ClusterReport:
    """Place every given article not yet in a story (oldest first); idempotent."""
    report = ClusterReport()
    with _lock:
        todo = [
            i for i in assign.cluster_inputs(list(article_ids)) if not i.placed and _has_words(i)
        ]
        if not todo:
            return report
        engine = _engine()
        rows: list[PlacementRow] = []
        story_of: dict[int, int] = {}
        for item in todo:
            row, p = place(engine, item, story_of)
            _follow_splits(p, story_of)
            rows.append(row)
            report.articles += 1
            report.new_stories += p.created + len(p.splits)
            report.merges += len(p.merged)
            report.splits += len(p.splits)
        assign.save_placements(rows)
        _cache["generation"] = assign.bump_generation()
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
