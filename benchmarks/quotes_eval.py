"""Score quote finding and speaker attribution on PolNeAR (source/cue/content) and BASIL spans.

Span matching (documented in docs/nlp.md):
  * a gold content is FOUND when one predicted quote of the task's kind covers >= 0.5 of the
    gold content's characters (discontiguous contents: all their spans together);
  * a predicted quote is CORRECT when >= 0.5 of its characters lie inside some gold content
    (of any kind: annotators often fold a full quote into a longer mixed content).
  Tasks: direct = gold contents that open with a quotation mark vs predicted kind "direct";
  indirect = gold contents with no quotation mark at all vs predicted kind "indirect".
  Speaker accuracy (over found pairs whose gold has a source span): correct when the predicted
  speaker mention overlaps a gold source span, or the canonical speaker's surname is in the gold
  source text; an unknown (None) speaker counts as wrong.
  BASIL: a quoted bias span is found when a direct/partial quote covers >= 0.5 of it, or reported
  speech that holds quote marks does (enrich lists a phrase quoted inside reported speech as one
  entry with its sentence; basil_span_recall_strict counts direct/partial entries only); speaker
  correct when the gold speaker's surname is a word of the predicted speaker (named speakers only).
Split (fixed): articles sorted by id, even positions = dev (rules are tuned on its errors), odd
positions = held-out (not looked at while tuning; report it). Predictions are read in text order.

Usage:
  python benchmarks/quotes_eval.py            # table, dev and held-out
  python benchmarks/quotes_eval.py --check    # exit 1 if below baselines/quotes.json
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
QUOTES = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "fixtures" / "quotes"
STORIES = QUOTES.parent / "stories"
BASELINE = REPO / "benchmarks" / "baselines" / "quotes.json"
MARKS = "\"“”'‘’«»"


def _overlap(spans_a: list[tuple[int, int]], spans_b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a1, b1) - max(a0, b0)) for a0, a1 in spans_a for b0, b1 in spans_b)


def _gold_kind(text: str, spans: list[tuple[int, int]]) -> str:
    first = min(spans)[0]
    head = text[max(0, first - 2) : first + 2]
    joined = "".join(text[a:b] for a, b in spans)
    if any(c in head for c in '"“‘') or (text[first : first + 1] == "'"):
        return "direct"
    return "indirect" if not any(c in joined for c in '"“”') else "mixed"


def _split(ids: list[str]) -> dict[str, str]:
    return {i: ("dev" if n % 2 == 0 else "heldout") for n, i in enumerate(sorted(ids))}


def _surname(name: str) -> str:
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha()]
    return words[-1].lower() if words else ""


def polnear_counts(doc: dict[str, Any]) -> dict[str, float]:
    """Counts for one PolNeAR article."""
    from broadsheet.enrich import enrich_article

    s: dict[str, float] = defaultdict(float)
    text = doc["text"]
    result = enrich_article("", text, [])
    in_text_order = sorted(result.quotes, key=lambda q: q.start)  # enrich returns panel order
    gold = []
    for attribution in doc["quotes"]:
        spans = [(c["start"], c["end"]) for c in attribution["contents"]]
        if spans:
            sources = [(x["start"], x["end"]) for x in attribution["sources"]]
            gold.append(
                (
                    _gold_kind(text, spans),
                    spans,
                    sources,
                    " ".join(x["text"] for x in attribution["sources"]),
                )
            )
    all_gold = [sp for g in gold for sp in g[1]]
    for task in ("direct", "indirect"):
        preds = [q for q in in_text_order if q.kind == task]
        s[f"{task}_pred"] += len(preds)
        s[f"{task}_correct"] += sum(
            _overlap([(q.start, q.end)], all_gold) >= 0.5 * (q.end - q.start) for q in preds
        )
        for kind, spans, sources, source_text in gold:
            if kind != task:
                continue
            s[f"{task}_gold"] += 1
            size = sum(b - a for a, b in spans)
            hits = [q for q in preds if _overlap([(q.start, q.end)], spans) >= 0.5 * size]
            if not hits:
                continue
            s[f"{task}_found"] += 1
            if sources:
                q = hits[0]
                s[f"{task}_spk_total"] += 1
                s[f"{task}_spk_ok"] += q.speaker is not None and (
                    _overlap([(q.speaker_start, q.speaker_end)], sources) > 0
                    or _surname(q.speaker) in source_text.lower().split()
                )
    return s


def basil_counts(item: tuple[dict[str, Any], list[dict[str, Any]]]) -> dict[str, float]:
    """Counts for one BASIL article and its quoted spans."""
    from broadsheet.enrich import enrich_article

    row, golds = item
    s: dict[str, float] = defaultdict(float)
    result = enrich_article("", row["text"], [])
    quoted = [q for q in result.quotes if q.kind in ("direct", "partial")]
    # reported speech listed with its quoted phrase inside it (the panel's single entry)
    holding = quoted + [
        q for q in result.quotes if q.kind == "indirect" and any(m in q.text for m in MARKS)
    ]
    words = row["text"].lower().replace("’s", " ").replace("'s", " ").split()
    for gold in golds:
        a, b = gold["text_start"], gold["text_end"]
        s["basil_gold"] += 1
        hits = [q for q in quoted if _overlap([(q.start, q.end)], [(a, b)]) >= 0.5 * (b - a)]
        s["basil_found_strict"] += bool(hits)
        hits = hits or [
            q for q in holding if _overlap([(q.start, q.end)], [(a, b)]) >= 0.5 * (b - a)
        ]
        s["basil_found"] += bool(hits)
        surname = _surname(gold["speaker"])
        if hits and surname and gold["speaker"][:1].isupper() and surname in words:
            s["basil_spk_total"] += 1
            s["basil_spk_ok"] += (
                hits[0].speaker is not None and surname in hits[0].speaker.lower().split()
            )
    return s


def _jobs() -> tuple[list[tuple[str, str, Any]], list[tuple[str, str, Any]]]:
    docs = [
        json.loads(line) for line in (QUOTES / "polnear_attributions.jsonl").open(encoding="utf-8")
    ]
    split = _split([d["id"] for d in docs])
    spans: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in (QUOTES / "basil_quoted_bias_spans.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("text_start") is not None:
            spans[row["article_id"]].append(row)
    articles = {}
    for line in (STORIES / "basil_triplets.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row["id"] in spans:
            articles[row["id"]] = row
    bsplit = _split(list(articles))
    return (
        [(split[d["id"]], "polnear", d) for d in docs],
        [(bsplit[i], "basil", (r, spans[i])) for i, r in articles.items()],
    )


def _one(job: tuple[str, str, Any]) -> tuple[str, dict[str, float]]:
    half, corpus, item = job
    return half, dict(polnear_counts(item) if corpus == "polnear" else basil_counts(item))


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def scores(s: dict[str, float]) -> dict[str, float]:
    """Turn counts into the reported metrics."""
    out = {}
    for task in ("direct", "indirect"):
        out[f"{task}_precision"] = _ratio(s[f"{task}_correct"], s[f"{task}_pred"])
        out[f"{task}_recall"] = _ratio(s[f"{task}_found"], s[f"{task}_gold"])
        out[f"{task}_speaker_accuracy"] = _ratio(s[f"{task}_spk_ok"], s[f"{task}_spk_total"])
        out[f"{task}_gold"] = s[f"{task}_gold"]
    out["basil_span_recall"] = _ratio(s["basil_found"], s["basil_gold"])
    out["basil_span_recall_strict"] = _ratio(s["basil_found_strict"], s["basil_gold"])
    out["basil_speaker_accuracy"] = _ratio(s["basil_spk_ok"], s["basil_spk_total"])
    out["basil_gold"] = s["basil_gold"]
    return out


def evaluate() -> dict[str, dict[str, float]]:
    """Scores for the dev and held-out halves and both together."""
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    polnear_jobs, basil_jobs = _jobs()
    jobs = sorted(polnear_jobs + basil_jobs, key=lambda j: -len(str(j[2])))
    with Pool(max(1, min(4, os.cpu_count() or 1))) as pool:
        for half, counts in pool.imap_unordered(_one, jobs):
            for key, value in counts.items():
                stats[half][key] += value
    both: dict[str, float] = defaultdict(float)
    for half in ("dev", "heldout"):
        for key, value in stats[half].items():
            both[key] += value
    return {"dev": scores(stats["dev"]), "heldout": scores(stats["heldout"]), "all": scores(both)}


def check(result: dict[str, dict[str, float]]) -> list[str]:
    """Every metric below its minimum in the baseline file, as readable lines."""
    baseline = json.loads(BASELINE.read_text())
    problems = []
    for half, minimums in baseline.items():
        if half.startswith("_"):
            continue
        for metric, minimum in minimums.items():
            if result[half][metric] < minimum:
                problems.append(f"{half} {metric} {result[half][metric]} < minimum {minimum}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Print the scores; with --check, fail when any is under its baseline."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = evaluate()
    print(json.dumps(result, indent=2))
    print(f"seconds: {time.perf_counter() - started:.1f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    if args.check:
        problems = check(result)
        for line in problems:
            print("BELOW BASELINE:", line)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
