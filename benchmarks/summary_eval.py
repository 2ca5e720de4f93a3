"""Score Broadsheet's story summaries against human AllSides roundups, beside a Lead-3 baseline.

Corpora (from ../shared/fixtures/stories):
  allsides_neus   505 AllSides roundups (2–3 outlet excerpts each) with the editors' neutral
                  ``roundup_summary`` (its first paragraph: the summary of the event; the
                  second paragraph, about coverage, is not something an article can state).
  neus_test       307 NeuS test-split triplets with ``neutral_summary``.

Systems, each scored with ROUGE-1/2/L F1 (rouge-score, Porter stemming), mean over stories:
  ours    ``summarize_story`` what-happened sentences (2–3, multi-document, most relevant
          first, each cited: the run prints the share whose citation holds the sentence).
  lead3   the first three sentences of the story's first article (the standard Lead baseline).
  ours@len  ours cut to Lead-3's word count per story (ours is longer; this checks the win is
          not just length).

Usage:
  python benchmarks/summary_eval.py                 # table
  python benchmarks/summary_eval.py --json out.json # also write the results
  python benchmarks/summary_eval.py --check         # exit 1 if below baselines/summary.json
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
STORIES = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "fixtures" / "stories"
BASELINE = REPO / "benchmarks" / "baselines" / "summary.json"
CORPORA = {
    "allsides_neus": (
        "allsides_neus_articles.jsonl",
        "allsides_neus_stories.jsonl",
        "roundup_summary",
    ),
    "neus_test": ("neus_test_articles.jsonl", "neus_test_stories.jsonl", "neutral_summary"),
}
METRICS = ("rouge1", "rouge2", "rougeL")
SYSTEMS = ("ours", "lead3", "ours@len")


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load(corpus: str) -> list[tuple[list[Any], str]]:
    """(documents, reference summary) per story of ``corpus``, stories with ≥2 articles only."""
    from broadsheet.summarize import Document

    articles_file, stories_file, field = CORPORA[corpus]
    by_story: dict[str, list[Any]] = defaultdict(list)
    for n, row in enumerate(_read(STORIES / articles_file)):
        by_story[row["story_id"]].append(
            Document(
                n, row.get("text") or "", row.get("title") or "", row.get("source") or row["id"]
            )
        )
    out = []
    for story in _read(STORIES / stories_file):
        docs = by_story.get(story["story_id"], [])
        reference = (story.get(field) or "").strip().split("\n\n")[0].strip()
        if len(docs) >= 2 and reference:
            out.append((docs, reference))
    return out


def lead3(docs: list[Any]) -> str:
    """The first three sentences of the first article."""
    from broadsheet.summarize import split_sentences

    return " ".join(split_sentences(docs[0].text)[:3])


def ours(docs: list[Any]) -> str:
    """Broadsheet's story summary, what-happened part."""
    return " ".join(s.text for s in _ours(docs))


def _ours(docs: list[Any]) -> tuple[Any, ...]:
    from broadsheet.summarize import summarize_story

    return summarize_story(docs).what_happened


def cited_share(docs: list[Any], sentences: tuple[Any, ...]) -> float:
    """Share of summary sentences whose every citation is a source sentence holding its text."""
    from broadsheet.summarize import split_sentences

    bodies = {d.article_id: split_sentences(d.text) for d in docs}

    def ok(s: Any) -> bool:
        return bool(s.citations) and all(
            0 <= c.sentence_index < len(bodies.get(c.article_id, []))
            and bodies[c.article_id][c.sentence_index] == c.text
            and s.text in c.text
            for c in s.citations
        )

    return sum(ok(s) for s in sentences) / len(sentences) if sentences else 1.0


def _scorer() -> Any:
    """rouge-score's scorer with Porter stemming, its stemmer memoised (same scores, faster)."""
    from rouge_score import rouge_scorer, tokenizers

    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    stemmer = tokenizer._stemmer
    stemmer.stem = functools.lru_cache(maxsize=None)(stemmer.stem)
    return rouge_scorer.RougeScorer(list(METRICS), tokenizer=tokenizer)


def evaluate(
    corpus: str, limit: int | None = None, systems: tuple[str, ...] = SYSTEMS
) -> dict[str, dict[str, float]]:
    """Mean ROUGE F1 of each of ``systems`` on one corpus."""
    scorer = _scorer()
    stories = load(corpus)[:limit]
    totals: dict[str, dict[str, float]] = {s: dict.fromkeys(METRICS, 0.0) for s in systems}
    cited = 0.0
    for docs, reference in stories:
        sentences = _ours(docs)
        cited += cited_share(docs, sentences)
        lead, mine = lead3(docs), " ".join(s.text for s in sentences)
        outputs = {
            "ours": mine,
            "lead3": lead,
            "ours@len": " ".join(mine.split()[: len(lead.split())]),
        }
        for system in systems:
            text = outputs[system]
            scores = scorer.score(reference, text)
            for m in METRICS:
                totals[system][m] += scores[m].fmeasure
    n = max(len(stories), 1)
    result = {s: {m: round(v / n, 4) for m, v in t.items()} for s, t in totals.items()}
    result["stories"] = {"n": len(stories), "cited": round(cited / n, 4)}  # type: ignore[dict-item]
    return result


def check(results: dict[str, Any]) -> list[str]:
    """Failures against the baseline minimums, and wherever ours does not beat Lead-3."""
    minimums = json.loads(BASELINE.read_text())["ours"]
    failures = []
    for corpus, mins in minimums.items():
        got = results[corpus]
        if got["stories"].get("cited", 1.0) < 1.0:
            failures.append(f"{corpus}: only {got['stories']['cited']:.1%} of sentences cited")
        for metric, floor in mins.items():
            if got["ours"][metric] < floor:
                failures.append(f"{corpus} {metric}: {got['ours'][metric]} < minimum {floor}")
            if got["ours"][metric] <= got["lead3"][metric]:
                failures.append(
                    f"{corpus} {metric}: ours {got['ours'][metric]} does not beat Lead-3 {got['lead3'][metric]}"
                )
    return failures


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print a table; with --check, fail below the baselines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    if not STORIES.exists():
        print(f"missing {STORIES}", file=sys.stderr)
        return 2
    results = {corpus: evaluate(corpus, args.limit) for corpus in CORPORA}
    for corpus, res in results.items():
        print(
            f"{corpus} ({res['stories']['n']} stories; "
            f"summary sentences cited: {res['stories']['cited']:.0%})"
        )
        for system in SYSTEMS:
            print(f"  {system:8}" + "".join(f"  {m}={res[system][m]:.4f}" for m in METRICS))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.check:
        failures = check(results)
        for failure in failures:
            print("FAIL", failure, file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
