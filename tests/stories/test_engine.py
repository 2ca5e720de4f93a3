"""The pure story engine: joins, explanations, pins, merges, ageing out, bounded candidates."""

from __future__ import annotations

import json
from typing import Any

from broadsheet.cluster import Settings, StoryEngine, features
from broadsheet.cluster._features import entities, terms
from tests.support.shared import FIXTURES, require

DAY = 86400.0


def _basil() -> list[dict[str, Any]]:
    with open(require(FIXTURES / "stories" / "basil_triplets.jsonl"), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _place_all(engine: StoryEngine, rows: list[dict[str, Any]], t0: float = 0.0) -> dict[int, int]:
    out = {}
    for i, r in enumerate(rows):
        out[i] = engine.place(i, features(r["title"], r["text"], t0 + i * 600)).story_id
    return {i: engine.resolve(s) for i, s in out.items()}


def test_entities_drop_honorifics_and_count_surnames() -> None:
    counts, names = entities("Sir Keir Starmer met Donald Trump. Later, Starmer said it went well.")
    assert "keir starmer" in counts and "donald trump" in counts
    assert counts["starmer"] >= 1.5 and names["keir starmer"] == "Keir Starmer"
    assert "later" not in counts  # a capitalised word at a sentence start is not a name
    assert "the" not in terms("The budget and the budgets") and terms("budgets")["budget"] == 1


def test_three_outlets_of_one_event_share_a_story_with_an_explanation() -> None:
    rows = _basil()[:3]
    assert len({r["story_id"] for r in rows}) == 1
    engine = StoryEngine()
    placements = [
        engine.place(i, features(r["title"], r["text"], i * 3600.0)) for i, r in enumerate(rows)
    ]
    assert placements[0].created and placements[0].explanation.candidate is None
    assert {p.story_id for p in placements} == {placements[0].story_id}
    why = placements[1].explanation
    assert why.score >= why.threshold and why.shared_entities and why.shared_terms
    assert "joined story" in why.text() and f"{why.threshold:.2f}" in why.text()
    assert placements[2].headline_id in (0, 1, 2)


def test_different_events_get_different_stories() -> None:
    rows = _basil()
    by_label: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_label.setdefault(r["story_id"], []).append(r)
    picked = [r for group in list(by_label.values())[:8] for r in group]
    stories = _place_all(StoryEngine(), picked)
    labels = [r["story_id"] for r in picked]
    pairs_same = sum(
        1
        for i in stories
        for j in stories
        if i < j and labels[i] == labels[j] and stories[i] == stories[j]
    )
    pairs_wrong = sum(
        1
        for i in stories
        for j in stories
        if i < j and labels[i] != labels[j] and stories[i] == stories[j]
    )
    assert pairs_wrong == 0 and pairs_same >= 20  # 24 same-event pairs in 8 triplets


def test_a_pin_overrides_the_engine_and_creates_the_story_if_needed() -> None:
    rows = _basil()[:4]
    engine = StoryEngine()
    first = engine.place(1, features(rows[0]["title"], rows[0]["text"], 0.0))
    pinned = engine.place(2, features(rows[1]["title"], rows[1]["text"], 60.0), pin=999)
    assert pinned.story_id == 999 and pinned.explanation.method == "staff"
    assert pinned.explanation.text() == "placed here by staff"
    assert first.story_id != 999


def test_a_bridging_article_merges_stories_and_the_old_id_redirects() -> None:
    engine = StoryEngine(Settings(threshold=0.2, merge_threshold=0.2))
    rows = _basil()[:3]
    a = engine.place(1, features(rows[0]["title"], rows[0]["text"], 0.0), pin=10)
    b = engine.place(2, features(rows[1]["title"], rows[1]["text"], 60.0), pin=20)
    c = engine.place(3, features(rows[2]["title"], rows[2]["text"], 120.0))
    assert c.merged and engine.resolve(a.story_id) == engine.resolve(b.story_id) == c.story_id


def test_old_stories_age_out_so_the_active_set_stays_bounded() -> None:
    engine = StoryEngine(Settings(window_days=1.0, related_days=2.0))
    rows = _basil()[:30]
    for i, r in enumerate(rows):
        engine.place(i, features(r["title"], r["text"], i * DAY))  # one article a day
    assert len(engine.stories) <= 3 and len(engine.docs) <= 4


def test_related_articles_come_from_other_stories_with_a_reason() -> None:
    engine = StoryEngine()
    rows = _basil()[:12]
    placements = [
        engine.place(i, features(r["title"], r["text"], i * 600.0)) for i, r in enumerate(rows)
    ]
    last = placements[-1]
    for hit in last.related:
        assert engine.story_of(hit.article_id) != last.story_id
        assert hit.reason and 0 < hit.score <= 1
