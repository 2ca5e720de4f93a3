"""Enrichment speed: the pipeline's batched path against one article at a time, in one run.

Articles: real news texts read at run time from ../shared/fixtures/stories (nothing copied):
BASIL (full-length articles, median 609 words) or ECB+ (median 239 words), the first --n in
id order. Every mode enriches the same articles through broadsheet.enrich, the code the
enrich step (pipeline/_enrich.py) runs; storage is left out (it is not enrichment).

Modes, interleaved in one process so load hits them alike:
  * parse only: spaCy nlp() on every title and text, one at a time (what any enrichment costs);
  * per article: enrich_article on each article (the step before issue 11);
  * batched: enrich_articles over batches of --batch (the step now: one nlp.pipe per batch);
  * batched, P processes: the batched path in a pool of --processes long-lived workers that
    load the model once (what two Celery workers, or two processes, do on two cores).
Each prints wall articles/s, CPU seconds per article (time.process_time of the process that
enriched: load on a shared machine moves it far less than wall time) and the ratio against
the per-article mode of the same run. The batched results are compared with the per-article
ones article by article (entities, quotes, hashtags, embeds): any difference is reported.
--evals runs benchmarks/quotes_eval.py and benchmarks/entities_eval.py in the same run.

Usage:
  python benchmarks/enrich_bench.py [--corpus basil|ecbplus] [--n 180] [--batch 25]
                                    [--processes 2] [--evals] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing import get_context
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
STORIES = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "fixtures" / "stories"
CORPORA = {"basil": "basil_triplets.jsonl", "ecbplus": "ecbplus_docs.jsonl"}

Article = tuple[str, str, list[Any]]


def load(corpus: str, n: int) -> list[Article]:
    """The first ``n`` articles of a corpus in id order, as (title, text, embeds)."""
    rows = [json.loads(line) for line in (STORIES / CORPORA[corpus]).open(encoding="utf-8")]
    rows = sorted((r for r in rows if (r.get("text") or "").strip()), key=lambda r: r["id"])
    return [(r.get("title") or "", r["text"], []) for r in rows[:n]]


def _chunks(items: Sequence[Article], size: int) -> list[list[Article]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def parse_only(articles: Sequence[Article]) -> list[Any]:
    """spaCy on every title and text, one call each."""
    from broadsheet.enrich import load_model

    nlp = load_model()
    return [(nlp(title), nlp(text)) for title, text, _ in articles]


def per_article(articles: Sequence[Article]) -> list[Any]:
    """The step before issue 11: one enrich_article call (two nlp() calls) per article."""
    from broadsheet.enrich import enrich_article

    return [enrich_article(title, text, embeds) for title, text, embeds in articles]


def batched(articles: Sequence[Article], size: int) -> list[Any]:
    """The step now: enrich_articles over batches of ``size``."""
    from broadsheet.enrich import enrich_articles

    return [r for chunk in _chunks(articles, size) for r in enrich_articles(chunk)]


def _worker_start() -> None:
    from broadsheet.enrich import load_model

    load_model()


def _worker_batch(chunk: list[Article]) -> tuple[list[Any], float]:
    from broadsheet.enrich import enrich_articles

    started = time.process_time()
    results = enrich_articles(chunk)
    return results, time.process_time() - started


def _timed(run: Callable[[], list[Any]]) -> tuple[list[Any], float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    results = run()
    return results, time.perf_counter() - wall, time.process_time() - cpu


def in_pool(pool: Any, articles: Sequence[Article], size: int) -> tuple[list[Any], float, float]:
    """The batched path in a pool of warm workers: results, wall seconds, workers' CPU seconds."""
    wall = time.perf_counter()
    results, cpu = [], 0.0
    for chunk_results, chunk_cpu in pool.imap(_worker_batch, _chunks(articles, size)):
        results.extend(chunk_results)
        cpu += chunk_cpu
    return results, time.perf_counter() - wall, cpu


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def differences(a: Sequence[Any], b: Sequence[Any]) -> dict[str, int]:
    """How many articles differ between two runs, in all and by field."""
    out = {"articles": 0, "entities": 0, "quotes": 0, "hashtags": 0, "embeds": 0}
    for x, y in zip(a, b, strict=True):
        out["articles"] += x != y
        for field in ("entities", "quotes", "hashtags", "embeds"):
            out[field] += getattr(x, field) != getattr(y, field)
    return out


def _evals() -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import entities_eval
    import quotes_eval

    started = time.perf_counter()
    quotes = quotes_eval.evaluate()
    problems = quotes_eval.check(quotes)
    from collections import defaultdict

    total: dict[str, float] = defaultdict(float)
    for item in entities_eval.load(4):
        for key, value in entities_eval.score_doc(item).items():
            total[key] += value
    return {
        "quotes": quotes["all"],
        "quotes_heldout": quotes["heldout"],
        "quotes_below_baseline": problems,
        "entities": entities_eval.scores(total),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure every mode on the same articles and print rates, CPU per article and ratios."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="basil")
    parser.add_argument("--n", type=int, default=180)
    parser.add_argument("--batch", type=int, default=25, help="the enrich step's batch size")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--evals", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not (STORIES / CORPORA[args.corpus]).exists():
        parser.error(f"fixtures not found under {STORIES} (set SHARED_DIR)")
    articles = load(args.corpus, args.n)
    words = sum(len(text.split()) for _, text, _ in articles) / len(articles)
    print(f"{len(articles)} {args.corpus} articles, {words:.0f} words on average")
    print(f"load average at start: {_load_average()}")
    per_article(articles[:2])  # the model loads once, outside every timing
    pool = get_context("fork").Pool(args.processes, initializer=_worker_start)
    in_pool(pool, articles[: 2 * args.processes], 1)  # warm the workers
    timings: dict[str, list[tuple[float, float]]] = {}
    modes: dict[str, Callable[[], tuple[list[Any], float, float]]] = {
        "parse only (nlp per text)": lambda: _timed(lambda: parse_only(articles)),
        "per article (before)": lambda: _timed(lambda: per_article(articles)),
        f"batched ({args.batch})": lambda: _timed(lambda: batched(articles, args.batch)),
        f"batched, {args.processes} processes": lambda: in_pool(pool, articles, args.batch),
    }
    results: dict[str, list[Any]] = {}
    for _round in range(2):
        for name, run in modes.items():
            out, wall, cpu = run()
            results[name] = out
            timings.setdefault(name, []).append((wall, cpu))
    pool.close()
    pool.join()
    base = min(w for w, _ in timings["per article (before)"])
    report: dict[str, Any] = {"corpus": args.corpus, "articles": len(articles), "words": words}
    print(f"{'mode':32} {'articles/s':>10} {'CPU s/article':>14} {'ratio':>6}")
    for name, runs in timings.items():
        wall, cpu = min(w for w, _ in runs), min(c for _, c in runs)
        rate, ratio = len(articles) / wall, base / wall
        print(f"{name:32} {rate:10.1f} {cpu / len(articles):14.4f} {ratio:5.2f}x")
        report[name] = {"per_second": rate, "cpu_per_article": cpu / len(articles), "ratio": ratio}
    before = results["per article (before)"]
    for name in modes:
        if name.startswith("batched"):
            diff = differences(before, results[name])
            report[f"{name} differences"] = diff
            print(f"{name} vs per article: articles differing {diff}")
    print(f"load average at end: {_load_average()}")
    if args.evals:
        report["evals"] = _evals()
        print(json.dumps(report["evals"], indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    failed = any(v["articles"] for k, v in report.items() if k.endswith("differences"))
    return 1 if failed or (args.evals and report["evals"]["quotes_below_baseline"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
