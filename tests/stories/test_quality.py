"""Quality never silently drops: story B-cubed and copy detection against their baseline files."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from tests.support.shared import FIXTURES, require

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _module(name: str) -> object:
    require(FIXTURES / "stories")
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCH))


def test_story_engine_meets_its_bcubed_minimums_and_beats_the_title_baseline() -> None:
    story_eval = _module("story_eval")
    results = {name: story_eval.score(name, "engine") for name in story_eval.SETS}  # type: ignore[attr-defined]
    assert story_eval.check(results) == []  # type: ignore[attr-defined]
    for name, res in results.items():
        assert res["ours"]["f1"] > res["baseline"]["f1"], name


def test_copy_detection_meets_its_minimums_on_a_third_of_the_pairs() -> None:
    dedupe_eval = _module("dedupe_eval")
    res = dedupe_eval.evaluate(scale=0.33)  # type: ignore[attr-defined]
    assert res["pipeline"]["precision"] >= 0.98 and res["pipeline"]["recall"] >= 0.95
    assert (
        res["recall_by_mutation"]["reorder"] == 1.0
        and res["recall_by_mutation"]["boilerplate"] == 1.0
    )
