"""Choose the "ask" support threshold on data: questions that the articles answer vs do not.

Questions are the human AllSides/NeuS story headlines (neutral titles). A question asked of its
own story's articles should be supported; asked of another story's articles (half the time a
story of the same AllSides topic, the hard case) it should not. For every candidate threshold
we report balanced accuracy; ``SUPPORT_THRESHOLD`` in ``broadsheet.summarize._ask`` is set to
the best one, rounded.

Usage: python benchmarks/ask_threshold.py
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from summary_eval import STORIES, _read  # noqa: E402


def pairs() -> list[tuple[float, bool]]:
    """(best coverage, answerable) for each question asked of its own and of another story."""
    from broadsheet.summarize import Document, best_coverage

    rng = random.Random(5)
    out = []
    for articles, stories, title_field in (
        ("allsides_neus_articles.jsonl", "allsides_neus_stories.jsonl", "issue_title"),
        ("neus_test_articles.jsonl", "neus_test_stories.jsonl", "neutral_title"),
    ):
        docs: dict[str, list[Document]] = defaultdict(list)
        for n, row in enumerate(_read(STORIES / articles)):
            docs[row["story_id"]].append(Document(n, row["text"] or "", row["title"] or ""))
        rows = [s for s in _read(STORIES / stories) if docs.get(s["story_id"])]
        by_topic: dict[str, list[str]] = defaultdict(list)
        for s in rows:
            by_topic[s.get("topic") or ""].append(s["story_id"])
        ids = [s["story_id"] for s in rows]
        for s in rows:
            question = s[title_field]
            same = [i for i in by_topic[s.get("topic") or ""] if i != s["story_id"]]
            other = rng.choice(same) if same and rng.random() < 0.5 else rng.choice(ids)
            if other == s["story_id"]:
                continue
            out.append((best_coverage(question, docs[s["story_id"]]), True))
            out.append((best_coverage(question, docs[other]), False))
    return out


def main() -> int:
    """Print balanced accuracy per threshold and the best one."""
    data = pairs()
    pos = [c for c, y in data if y]
    neg = [c for c, y in data if not y]
    results = []
    for step in range(5, 100, 5):
        t = step / 100
        tpr = sum(c >= t for c in pos) / len(pos)
        tnr = sum(c < t for c in neg) / len(neg)
        results.append(
            {
                "threshold": t,
                "answerable_found": round(tpr, 3),
                "unanswerable_refused": round(tnr, 3),
                "balanced": round((tpr + tnr) / 2, 3),
            }
        )
    for r in results:
        print(json.dumps(r))
    best = max(results, key=lambda r: (r["balanced"], r["threshold"]))  # ties: refuse more
    print(f"questions: {len(pos)} answerable, {len(neg)} not; best threshold {best['threshold']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
