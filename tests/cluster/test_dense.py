"""Busy weeks: the dense story streams keep each event's shape; a rejected join says why."""

from __future__ import annotations

import importlib
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from broadsheet.cluster import Explanation
from tests.support.shared import FIXTURES, require

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _data() -> object:
    require(FIXTURES / "stories")
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module("_stories_data")
    finally:
        sys.path.remove(str(BENCH))


def test_dense_stream_squeezes_40_plus_events_into_3_days_and_keeps_offsets() -> None:
    data = _data()
    original = {r["id"]: r["published"] for r in data.load("basil")}  # type: ignore[attr-defined]
    rows = data.dense(("basil",))  # type: ignore[attr-defined]
    events: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        events[r["label"]].append(r)
    assert len(events) >= 40 and len(rows) == len(original)
    times = [r["published"] for r in rows]
    assert max(times) - min(times) <= timedelta(days=3)  # type: ignore[operator]
    for members in events.values():
        first = min(members, key=lambda r: r["published"])  # type: ignore[arg-type, return-value]
        for r in members:
            moved = r["published"] - first["published"]  # type: ignore[operator]
            kept = original[r["id"]] - original[first["id"]]  # type: ignore[index]
            assert moved == kept


def test_dense_windows_hold_48_events_or_more_each() -> None:
    rows = _data().dense()  # type: ignore[attr-defined]
    windows: dict[int, set[str]] = defaultdict(set)
    start = min(r["published"] for r in rows)
    for r in rows:
        windows[(r["published"] - start).days // 30].add(r["label"])
    assert len(windows) > 1 and all(len(labels) >= 48 for labels in windows.values())


def test_a_centroid_match_its_recent_articles_reject_is_explained_as_a_new_story() -> None:
    why = Explanation(0.31, 0.2, 7, ("Flynn",), ("probe",), 30.0, linked=False).text()
    assert why.startswith("started a new story; best match story 7: score 0.31")
    assert "too far from its recent articles" in why
    assert Explanation(0.31, 0.2, 7).text().startswith("joined story 7")
