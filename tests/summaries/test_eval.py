"""The ROUGE evaluation against human AllSides roundups stays above its baseline and above Lead-3."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.support.shared import FIXTURES, REPO, require


def test_story_summaries_beat_lead3_and_baseline() -> None:
    require(FIXTURES / "stories" / "allsides_neus_stories.jsonl")
    require(FIXTURES / "stories" / "neus_test_stories.jsonl")
    if importlib.util.find_spec("rouge_score") is None:
        pytest.skip("needs rouge-score (pip install rouge-score==0.1.2) for the ROUGE evaluation")
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import summary_eval
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    results = {
        corpus: summary_eval.evaluate(corpus, systems=("ours", "lead3"))
        for corpus in summary_eval.CORPORA
    }
    assert summary_eval.check(results) == []
