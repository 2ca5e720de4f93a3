"""Replay the labelled story sets through the story engine and score the stories (B-cubed).

Corpora (../shared/fixtures/stories): BASIL triplets (60 events x 3 outlets), ECB+ (86 events in
43 topics: same-topic different-event hard negatives; no dates, so every document at one instant),
AllSides roundups (505 events, 2-3 outlets, excerpts). Each alone and all mixed (each corpus
shifted to start on the same day so their stories overlap in time), in publication-time order.
Two dense streams (busy news weeks): ``dense-basil`` moves the 60 BASIL events into one 3-day
window, ``dense`` moves the BASIL and AllSides events, shuffled, into 3-day windows of 48 events
or more (30 days apart); each event keeps the offsets between its own articles. Every set is also
replayed with the settings from before issue 15 (column "before"), in the same run.

Held out from tuning: ``dense-b`` is the odd-numbered windows of ``dense`` (tune on ``dense-a``,
the even ones; its articles are also in the sparse BASIL and AllSides sets, so it is held out as
a stream only), and ``dense-neus`` is the NeuS test split (307 AllSides-style events, 3 excerpts
each, no dates; the events whose titles also appear in the AllSides set are left out) moved the
same way into 3-day windows of 48+ events, each excerpt at a seeded random hour within 12 h of
its event's start, since the split has no times to keep.

Two modes: ``--mode engine`` (default) feeds the same ``StoryEngine`` the pipeline uses, with the
same feature extraction; ``--mode pipeline`` imports every article through
``broadsheet.pipeline.import_articles`` into a temporary SQLite database (slower: extraction,
dedupe, enrich and index steps run too). A baseline runs in the same process: single-link
clustering on title TF-IDF cosine (scikit-learn), at its best threshold on each corpus.

Usage:
  python benchmarks/story_eval.py [--mode engine|pipeline] [--corpus basil ...] [--json out.json]
  python benchmarks/story_eval.py --check        # exit 1 if below baselines/story.json
  python benchmarks/story_eval.py --grid 0.15,0.2,0.25   # tune the join threshold
  python benchmarks/story_eval.py --split-grid 0,0.05,0.1 --cohesions 0.15,0.2   # tune splitting
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stories_data import CORPORA, REPO, STORIES, bcubed, dense, in_time_order, load, mixed

BASELINE = REPO / "benchmarks" / "baselines" / "story.json"
DENSE = ("dense", "dense-basil", "dense-a", "dense-b", "dense-neus")
NEUS_TEST = STORIES / "neus_test_articles.jsonl"
# The engine's settings before issue 15 (entities weighed most, slow time decay, no linkage
# check), replayed beside the current ones so one run shows both.
BEFORE = {
    "w_body": 0.5,
    "w_title": 0.15,
    "w_entities": 0.35,
    "time_scale_days": 2.0,
    "link_threshold": 0.0,
}
SETS = (*CORPORA, "mixed", *DENSE)


def neus_test() -> list[dict[str, Any]]:
    """Return the NeuS test events (none that the AllSides set also holds) as dense records."""
    import random

    seen = {r["title"] for r in load("allsides")}
    events: dict[str, list[dict[str, Any]]] = {}
    for line in NEUS_TEST.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        events.setdefault(r["story_id"], []).append(r)
    kept = [e for e in events.values() if not any(r["title"] in seen for r in e)]
    labels = [e[0]["story_id"] for e in kept]
    rng = random.Random(15)
    rng.shuffle(labels)
    by_label = {e[0]["story_id"]: e for e in kept}
    anchor = datetime(2021, 6, 1, tzinfo=UTC)
    groups = max(1, len(labels) // 48)
    out = []
    for n in range(groups):
        window = anchor + timedelta(days=n * 30)
        for label in labels[n::groups]:
            at = window + timedelta(hours=rng.uniform(0.0, 60.0))
            for r in by_label[label]:
                out.append(
                    {
                        "id": f"neus:{r['id']}",
                        "label": label,
                        "url": f"https://neus.example/{r['id']}",
                        "source": "",
                        "title": r["title"],
                        "text": r["text"],
                        "published": at + timedelta(hours=rng.uniform(0.0, 12.0)),
                    }
                )
    return out


def _window(rows: list[dict[str, Any]], parity: int) -> list[dict[str, Any]]:
    """Return the records of the even (0) or odd (1) 30-day windows of a dense stream."""
    start = min(r["published"] for r in rows)
    return [r for r in rows if ((r["published"] - start).days // 30) % 2 == parity]


def records(name: str) -> list[dict[str, Any]]:
    """Return one evaluation set in publication-time order."""
    if name == "dense":
        return in_time_order(dense())
    if name in ("dense-a", "dense-b"):
        return in_time_order(_window(dense(), 0 if name == "dense-a" else 1))
    if name == "dense-neus":
        return in_time_order(neus_test())
    if name == "dense-basil":
        return in_time_order(dense(("basil",)))
    return in_time_order(mixed() if name == "mixed" else load(name))


def run_engine(rows: list[dict[str, Any]], settings: Any = None) -> dict[str, int]:
    """Place every record with a fresh StoryEngine; return record id -> story id."""
    from broadsheet.cluster import Settings, StoryEngine, features

    engine = StoryEngine(settings or Settings())
    placed: dict[int, int] = {}
    for i, r in enumerate(rows):
        f = features(r["title"], r["text"], r["published"].timestamp())
        p = engine.place(i, f, with_related=False)
        placed[i] = p.story_id
        for cut in p.splits:  # articles placed earlier may have moved to a new story
            for moved in cut.moved:
                placed[moved] = cut.new_story_id
    return {r["id"]: engine.resolve(placed[i]) for i, r in enumerate(rows)}


def run_pipeline(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Import every record through the pipeline into a temporary SQLite DB; return id -> story."""
    from _pipeline_db import temp_database

    with temp_database():
        from broadsheet.pipeline import import_articles
        from broadsheet.storage.stories.export import fields

        lines = [
            json.dumps(
                {
                    "url": r["url"] if r["url"] else "",
                    "title": r["title"],
                    "text": r["text"],
                    "source": r["source"],
                    "published": r["published"].isoformat(),
                    "eval_id": r["id"],
                }
            )
            for r in rows
        ]
        report = import_articles(lines, batch=50)
        stories = fields(report.ids)
        return {r["id"]: stories[aid]["story_id"] for r, aid in zip(rows, report.ids, strict=True)}


def baseline(
    rows: list[dict[str, Any]], thresholds: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7)
) -> tuple[dict[str, int], float]:
    """Single-link clustering on title TF-IDF cosine; the best threshold for these labels."""
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [r["title"] for r in rows]
    )
    sims = (matrix @ matrix.T).tocsr()
    gold = {r["id"]: r["label"] for r in rows}
    best: tuple[float, dict[str, int], float] = (-1.0, {}, 0.0)
    for t in thresholds:
        graph = sims.multiply(sims >= t)
        _, labels = connected_components(graph, directed=False)
        pred = {r["id"]: int(labels[i]) for i, r in enumerate(rows)}
        f1 = bcubed(pred, gold)[2]
        if f1 > best[0]:
            best = (f1, pred, t)
    return best[1], best[2]


def score(name: str, mode: str) -> dict[str, Any]:
    """Return ours vs before vs baseline B-cubed P/R/F1 and story counts for one evaluation set."""
    from broadsheet.cluster import Settings

    rows = records(name)
    gold = {r["id"]: r["label"] for r in rows}
    t0 = time.perf_counter()
    ours = run_engine(rows) if mode == "engine" else run_pipeline(rows)
    seconds = time.perf_counter() - t0
    base, base_t = baseline(rows)
    p, r, f = bcubed(ours, gold)
    bp, br, bf = bcubed(base, gold)
    before = bcubed(run_engine(rows, replace(Settings(), **BEFORE)), gold)
    return {
        "articles": len(rows),
        "labels": len(set(gold.values())),
        "ours": {
            "p": round(p, 4),
            "r": round(r, 4),
            "f1": round(f, 4),
            "stories": len(set(ours.values())),
            "seconds": round(seconds, 2),
        },
        "before": {"p": round(before[0], 4), "r": round(before[1], 4), "f1": round(before[2], 4)},
        "baseline": {
            "p": round(bp, 4),
            "r": round(br, 4),
            "f1": round(bf, 4),
            "stories": len(set(base.values())),
            "threshold": base_t,
        },
    }


def grid(values: list[float], time_scales: list[float], grace: float = 48.0) -> None:
    """Print B-cubed F1 per set for each join threshold (merge threshold kept 0.15 above)."""
    from broadsheet.cluster import Settings

    sets = {name: records(name) for name in SETS}
    for t, days in ((t, d) for t in values for d in time_scales):
        settings = replace(
            Settings(),
            threshold=t,
            merge_threshold=t + 0.15,
            time_scale_days=days,
            time_grace_hours=grace,
        )
        cells = []
        for name, rows in sets.items():
            p, r, f = bcubed(run_engine(rows, settings), {x["id"]: x["label"] for x in rows})
            cells.append(f"{name} P{p:.3f} R{r:.3f} F{f:.3f}")
        print(f"threshold {t:.2f} time scale {days:g} d: " + " | ".join(cells), flush=True)


def split_grid(thresholds: list[float], cohesions: list[float], window: int = 24) -> None:
    """Print B-cubed P/R/F1 per set for each split threshold x cohesion (0 = splitting off)."""
    from broadsheet.cluster import Settings

    sets = {name: records(name) for name in SETS}
    combos = [(t, c) for t in thresholds for c in cohesions if t > 0] + [(0.0, 0.0)] * (
        0.0 in thresholds
    )
    for t, c in combos:
        settings = replace(Settings(), split_threshold=t, split_cohesion=c, split_window=window)
        cells = []
        for name, rows in sets.items():
            pred = run_engine(rows, settings)
            p, r, f = bcubed(pred, {x["id"]: x["label"] for x in rows})
            cells.append(f"{name} P{p:.3f} R{r:.3f} F{f:.3f} n{len(set(pred.values()))}")
        print(f"split {t:.3f} cohesion {c:.2f}: " + " | ".join(cells), flush=True)


def check(results: dict[str, Any]) -> list[str]:
    """Return the failures against the minimums in baselines/story.json."""
    minimums = json.loads(BASELINE.read_text())
    failures = []
    for name, mins in minimums.items():
        if name not in results:
            continue
        for metric, least in mins.items():
            got = results[name]["ours"][metric]
            if got < least:
                failures.append(f"{name}: {metric} {got:.4f} < minimum {least:.4f}")
    return failures


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print a table (and optionally JSON, a check or a grid)."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mode", choices=("engine", "pipeline"), default="engine")
    ap.add_argument("--corpus", choices=SETS, action="append")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--grid", help="comma-separated join thresholds to try")
    ap.add_argument(
        "--split-grid", help="comma-separated split thresholds to try (0: no splitting)"
    )
    ap.add_argument(
        "--cohesions", default="0.2", help="comma-separated split cohesions, for --split-grid"
    )
    ap.add_argument(
        "--split-window", type=int, default=24, help="articles examined, for --split-grid"
    )
    ap.add_argument(
        "--grace", type=float, default=48.0, help="hours without time decay, for --grid"
    )
    ap.add_argument(
        "--time-scales", default="2", help="comma-separated time scales (days) for --grid"
    )
    args = ap.parse_args(argv)
    if not STORIES.exists():
        print(f"missing {STORIES}", file=sys.stderr)
        return 2
    if args.split_grid:
        split_grid(
            [float(x) for x in args.split_grid.split(",")],
            [float(x) for x in args.cohesions.split(",")],
            args.split_window,
        )
        return 0
    if args.grid:
        grid(
            [float(x) for x in args.grid.split(",")],
            [float(x) for x in args.time_scales.split(",")],
            args.grace,
        )
        return 0
    results = {name: score(name, args.mode) for name in (args.corpus or SETS)}
    print(
        f"{'set':<12}{'n':>5}{'labels':>7} | {'ours P/R/F1':>18} {'stories':>7} | "
        f"{'before P/R/F1':>18} | {'baseline P/R/F1':>18} {'stories':>7}"
    )
    for name, res in results.items():
        o, w, b = res["ours"], res["before"], res["baseline"]
        print(
            f"{name:<12}{res['articles']:>5}{res['labels']:>7} | "
            f"{o['p']:.3f}/{o['r']:.3f}/{o['f1']:.3f} {o['stories']:>7} | "
            f"{w['p']:.3f}/{w['r']:.3f}/{w['f1']:.3f} | "
            f"{b['p']:.3f}/{b['r']:.3f}/{b['f1']:.3f} {b['stories']:>7}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.check:
        failures = check(results)
        for failure in failures:
            print("BELOW BASELINE:", failure, file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
