"""Choose the "ask" support threshold on data: the tune part of the question set.

The questions are ``benchmarks/qa/questions.jsonl`` (see ``benchmarks/qa_eval.py``); only the
tune part is used here, never the held-back third. For every candidate threshold we report
the share of answerable questions answered with a marked sentence first, and the share of
unanswerable ones declined; ``SUPPORT_THRESHOLD`` in ``broadsheet.summarize._ask`` is set to
the one answering most questions correctly while declining at least :data:`DECLINE_FLOOR` of
the unanswerable ones (the 0.75 target plus a margin: the tune part has only ~30 of them).

Usage: python benchmarks/ask_threshold.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import qa_eval  # noqa: E402

DECLINE_FLOOR = 0.8


def sweep(thresholds: list[float]) -> list[dict[str, float]]:
    """Tune-part scores at each threshold."""
    from broadsheet.summarize import _ask, _service

    answer = _ask.extractive_answer
    out = []
    try:
        for t in thresholds:
            _service.extractive_answer = lambda q, d, _t=t: answer(q, d, _t)  # type: ignore[misc]
            scores, _ = qa_eval.evaluate()
            tune = scores["tune"]
            out.append(
                {
                    "threshold": t,
                    "answered_correctly": tune["answered_correctly"],
                    "declined": tune["declined"],
                    "balanced": round((tune["answered_correctly"] + tune["declined"]) / 2, 3),
                }
            )
    finally:
        _service.extractive_answer = answer
    return out


def main() -> int:
    """Print the tune-part scores per threshold and the best one."""
    results = sweep([round(0.2 + 0.02 * i, 2) for i in range(21)])
    for r in results:
        print(json.dumps(r))
    fit = [r for r in results if r["declined"] >= DECLINE_FLOOR] or results
    best = max(fit, key=lambda r: (r["answered_correctly"], -r["threshold"]))
    print(f"best threshold on the tune part: {best['threshold']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
