"""The question-answering benchmark: its question set is sound and its scores stay above minimums."""

from __future__ import annotations

import json
import sys

from tests.support.shared import FIXTURES, REPO, require

BASELINE = REPO / "benchmarks" / "baselines" / "qa.json"


def _qa_eval():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import qa_eval
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    return qa_eval


def test_question_set_is_large_marked_and_split() -> None:
    require(FIXTURES / "stories" / "basil_triplets.jsonl")
    qa = _qa_eval()
    questions = qa.load_questions()
    answerable = [q for q in questions if q["answers"]]
    assert len(answerable) >= 100 and len(questions) - len(answerable) >= 30
    held = [q for q in questions if qa.held_back(q["question"])]
    assert 0.25 <= len(held) / len(questions) <= 0.42
    articles = qa.load_articles(FIXTURES / "stories" / "basil_triplets.jsonl")
    for q in questions:
        text = articles[q["article"]]["text"]
        assert q["question"] not in text  # written for the set, not lifted from the article
        starts = [start for start, _ in qa.sentence_spans(text)]
        assert all(offset in starts for offset in q["answers"]), q["question"]


def test_scores_stay_above_the_recorded_minimums() -> None:
    require(FIXTURES / "stories" / "basil_triplets.jsonl")
    scores, _ = _qa_eval().evaluate()
    minimums = json.loads(BASELINE.read_text())["minimums"]
    for part, floors in minimums.items():
        for metric, floor in floors.items():
            assert scores[part][metric] >= floor, (part, metric, scores[part][metric], floor)
