"""Near-duplicate detection on constructed pairs: copies of real articles vs other coverage.

Positives: real articles (BASIL full texts, ECB+ documents) and a mutated copy each —
reordered paragraphs, added boilerplate (newsletter/copyright lines), an updated version
(changed headline, one paragraph rewritten, one added), a trimmed wire copy (last fifth cut),
and all of these at once. Negatives: different articles about the SAME event (BASIL
triplets, ECB+ sub-topics, AllSides roundups), the hardest non-copies there are.
A pair is predicted a copy when the fingerprints match or when the pair shares an LSH band and
the MinHash Jaccard estimate reaches the threshold (as ``broadsheet.pipeline._dedupe`` does).

Usage: python benchmarks/dedupe_eval.py [--json out.json] [--check]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stories_data import REPO, STORIES, load
from broadsheet.dedupe import NEAR_DUPLICATE, bands, signature, similarity, text_fingerprint

BASELINE = REPO / "benchmarks" / "baselines" / "dedupe.json"
BOILER = [
    "Sign up for our daily newsletter to get the latest news.",
    "Copyright 2024 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "Follow us on Twitter and Facebook for more updates.",
    "Advertisement",
]


def _paras(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def reorder(text: str, rng: random.Random) -> str:
    """Shuffle the paragraphs."""
    p = _paras(text)
    rng.shuffle(p)
    return "\n\n".join(p)


def boilerplate(text: str, rng: random.Random) -> str:
    """Add a header and footer of site boilerplate."""
    return "\n\n".join([rng.choice(BOILER), *_paras(text), *rng.sample(BOILER, 2)])


def updated(text: str, rng: random.Random) -> str:
    """An updated version: one paragraph reworded (a few words), one paragraph added."""
    p = _paras(text)
    i = rng.randrange(len(p))
    words = p[i].split()
    for _ in range(max(1, len(words) // 8)):
        words[rng.randrange(len(words))] = "updated"
    p[i] = " ".join(words)
    p.insert(
        rng.randrange(len(p) + 1),
        "This story has been updated with new information from officials.",
    )
    return "\n\n".join(p)


def trimmed(text: str, rng: random.Random) -> str:
    """A wire copy cut by the publishing site: the last fifth of the paragraphs dropped."""
    p = _paras(text)
    return "\n\n".join(p[: max(1, len(p) - max(1, len(p) // 5))])


def everything(text: str, rng: random.Random) -> str:
    """All mutations at once."""
    return boilerplate(updated(reorder(trimmed(text, rng), rng), rng), rng)


MUTATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "reorder": reorder,
    "boilerplate": boilerplate,
    "updated": updated,
    "trimmed": trimmed,
    "all": everything,
}


def pairs(
    rng: random.Random, scale: float = 1.0
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Return (positives, negatives) as (kind, text a, text b); ``scale`` < 1 for a quick run."""
    basil, ecb, allsides = load("basil"), load("ecbplus"), load("allsides")
    originals = [r["text"] for r in basil[: int(len(basil) * scale)]] + [
        r["text"] for r in rng.sample(ecb, int(300 * scale))
    ]
    originals = [t for t in originals if len(_paras(t)) >= 3]
    pos = [(name, t, fn(t, rng)) for t in originals for name, fn in MUTATIONS.items()]
    neg = []
    caps = (
        ("basil", basil, 10_000),
        ("ecbplus", ecb, int(1500 * scale)),
        ("allsides", allsides, int(1500 * scale)),
    )
    for corpus, rows, cap in caps:
        groups: dict[str, list[str]] = {}
        for r in rows:
            groups.setdefault(r["label"], []).append(r["text"])
        all_pairs = [
            (corpus, a, b) for g in groups.values() for a, b in itertools.combinations(g, 2)
        ]
        neg += rng.sample(all_pairs, min(cap, len(all_pairs)))
    return pos, neg


def predict(a: str, b: str, threshold: float) -> tuple[bool, float]:
    """Decide as the pipeline does; return (is copy, estimated Jaccard)."""
    if text_fingerprint(a) == text_fingerprint(b):
        return True, 1.0
    sa, sb = signature(a), signature(b)
    sim = similarity(sa, sb)
    return bool(set(bands(sa)) & set(bands(sb))) and sim >= threshold, sim


def evaluate(
    thresholds: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7), scale: float = 1.0
) -> dict[str, Any]:
    """Return precision/recall per threshold and recall per mutation at the chosen threshold."""
    rng = random.Random(7)
    pos, neg = pairs(rng, scale)
    pos_sims = [(kind, predict(a, b, 0.0)) for kind, a, b in pos]
    neg_sims = [(kind, predict(a, b, 0.0)) for kind, a, b in neg]
    out: dict[str, Any] = {
        "positives": len(pos),
        "negatives": len(neg),
        "thresholds": {},
        "chosen": NEAR_DUPLICATE,
    }
    for t in sorted({*thresholds, NEAR_DUPLICATE}):
        # band sharing is re-checked inside predict only at t; similarity >= t implies it here
        tp = sum(1 for _, (_, s) in pos_sims if s >= t)
        fp = sum(1 for _, (_, s) in neg_sims if s >= t)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / len(pos)
        out["thresholds"][f"{t:.2f}"] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        }
    chosen = NEAR_DUPLICATE
    tp = sum(predict(a, b, chosen)[0] for _, a, b in pos)
    fp = sum(predict(a, b, chosen)[0] for _, a, b in neg)
    out["pipeline"] = {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / len(pos), 4),
    }
    out["recall_by_mutation"] = {
        k: round(
            sum(1 for kind, (_, s) in pos_sims if kind == k and s >= chosen)
            / sum(1 for kind, _ in pos_sims if kind == k),
            4,
        )
        for k in MUTATIONS
    }
    out["max_negative_similarity"] = round(max(s for _, (_, s) in neg_sims), 4)
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation; with --check fail below baselines/dedupe.json."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--json", type=Path)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    if not STORIES.exists():
        print(f"missing {STORIES}", file=sys.stderr)
        return 2
    res = evaluate()
    print(f"{res['positives']} copy pairs, {res['negatives']} same-event non-copy pairs")
    for t, m in res["thresholds"].items():
        mark = "  <- chosen" if float(t) == res["chosen"] else ""
        print(
            f"  Jaccard >= {t}: precision {m['precision']:.4f} recall {m['recall']:.4f} f1 {m['f1']:.4f}{mark}"
        )
    print(f"pipeline decision (LSH band + threshold): {res['pipeline']}")
    print(f"recall by mutation: {res['recall_by_mutation']}")
    print(f"highest Jaccard estimate of a non-copy pair: {res['max_negative_similarity']}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))
    if args.check:
        mins = json.loads(BASELINE.read_text())
        bad = [f"{k} {res['pipeline'][k]} < {v}" for k, v in mins.items() if res["pipeline"][k] < v]
        for b in bad:
            print("BELOW BASELINE:", b, file=sys.stderr)
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
