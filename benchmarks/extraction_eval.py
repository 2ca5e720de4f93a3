"""Score Broadsheet's extractor against plain trafilatura on two page corpora, in one run.

Corpora (from ../shared/fixtures/pages):
  wcxb/              300 article pages with full ground-truth text; WCXB's own word-level
                     P/R/F1 (eval_wcxb.py, imported), mean over pages, plus with/without rates.
  trafilatura_eval/  133 news pages with must/must-not snippets, scored as trafilatura's own
                     evaluation does: a `with` snippet found = TP, missing = FN; a `without`
                     snippet found = FP, absent = TN; precision, recall, F1, accuracy.

Usage:
  python benchmarks/extraction_eval.py                 # table for both extractors
  python benchmarks/extraction_eval.py --json out.json # also write the results
  python benchmarks/extraction_eval.py --check         # exit 1 if below baselines/extraction.json
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PAGES = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "fixtures" / "pages"
BASELINE = REPO / "benchmarks" / "baselines" / "extraction.json"
EXTRACTORS = ("broadsheet", "trafilatura")
CORPORA = ("wcxb", "trafilatura_eval")


def load_scorer() -> ModuleType:
    """WCXB's metric functions, imported from the fixture folder so they stay verbatim."""
    spec = importlib.util.spec_from_file_location("eval_wcxb", PAGES / "wcxb" / "eval_wcxb.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {PAGES / 'wcxb' / 'eval_wcxb.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_page(corpus: str, name: str) -> str | bytes:
    """WCXB pages are UTF-8 text (as its scorer reads them); the others go in as bytes."""
    path = PAGES / corpus / name
    if corpus == "wcxb":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return handle.read()
    with gzip.open(path, "rb") as handle:
        return handle.read()


def _broadsheet(page: str | bytes, url: str | None) -> str:
    from broadsheet.errors import ExtractionError
    from broadsheet.extract import extract_article

    try:
        return extract_article(page, url).text
    except ExtractionError:
        return ""


def _trafilatura(page: str | bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(page, include_comments=False) or ""


RUNNERS: dict[str, Callable[[str | bytes, str | None], str]] = {
    "broadsheet": _broadsheet,
    "trafilatura": _trafilatura,
}


def run_one(
    job: tuple[tuple[str, ...], str, str, str | None, int],
) -> list[tuple[str, str, str, str, float]]:
    """Extract one page with every extractor in this process, the order alternating by page;
    return each one's text and the CPU seconds its call took.

    Both calls get the same page as read from disk and are timed the same way: around the one
    call, which for Broadsheet is its whole extract step (``extract_article``) and for trafilatura
    ``extract()`` alone."""
    extractors, corpus, name, url, index = job
    page = read_page(corpus, name)
    done = []
    for extractor in extractors if index % 2 == 0 else extractors[::-1]:
        started = time.process_time()
        text = RUNNERS[extractor](page, url)
        done.append((extractor, corpus, name, text, time.process_time() - started))
    return done


def ground_truth(corpus: str) -> list[dict[str, Any]]:
    with open(PAGES / corpus / "groundtruth.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score_wcxb(
    rows: list[dict[str, Any]], texts: dict[str, str], scorer: ModuleType
) -> dict[str, float]:
    """Mean per-page word P/R/F1 (WCXB's metric) and the with/without snippet rates."""
    per_page = [scorer.word_f1(texts[r["file"]], r["text"]) for r in rows]
    n = len(rows)
    return {
        "f1": sum(s[2] for s in per_page) / n,
        "precision": sum(s[0] for s in per_page) / n,
        "recall": sum(s[1] for s in per_page) / n,
        "with_rate": sum(scorer.snippet_check(texts[r["file"]], r["with"]) for r in rows) / n,
        "without_rate": sum(scorer.snippet_check(texts[r["file"]], r["without"]) for r in rows) / n,
    }


def score_snippets(rows: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, float]:
    """trafilatura's evaluation: snippet counts pooled over pages, then P/R/F1/accuracy."""
    tp = fn = fp = tn = 0
    for row in rows:
        text = texts[row["file"]]
        found = sum(s in text for s in row["with"])
        leaked = sum(s in text for s in row["without"])
        tp, fn = tp + found, fn + len(row["with"]) - found
        fp, tn = fp + leaked, tn + len(row["without"]) - leaked
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "f1": f1,
        "precision": precision,
        "recall": recall,
        "accuracy": (tp + tn) / max(1, tp + fn + fp + tn),
    }


def evaluate(extractors: tuple[str, ...], jobs: int) -> dict[str, dict[str, dict[str, float]]]:
    """Run every extractor over both corpora and score them."""
    truth = {corpus: ground_truth(corpus) for corpus in CORPORA}
    work = [
        (extractors, c, r["file"], r.get("url"), i) for c in CORPORA for i, r in enumerate(truth[c])
    ]
    with Pool(jobs) as pool:
        done = [d for page in pool.map(run_one, work, chunksize=2) for d in page]
    scorer = load_scorer()
    results: dict[str, dict[str, dict[str, float]]] = {}
    for extractor in extractors:
        for corpus in CORPORA:
            mine = [d for d in done if d[0] == extractor and d[1] == corpus]
            texts = {d[2]: d[3] for d in mine}
            rows = truth[corpus]
            scores = (
                score_wcxb(rows, texts, scorer) if corpus == "wcxb" else score_snippets(rows, texts)
            )
            scores["pages"] = len(rows)
            scores["pages_per_second"] = len(mine) / max(1e-9, sum(d[4] for d in mine))
            results.setdefault(extractor, {})[corpus] = scores
    return results


def speed_ratio(results: dict[str, dict[str, dict[str, float]]], corpus: str) -> float:
    """Broadsheet's pages/s over trafilatura's on ``corpus``, both timed in the same run."""
    mine = results["broadsheet"][corpus]["pages_per_second"]
    return mine / results["trafilatura"][corpus]["pages_per_second"]


def print_table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    print(f"{'corpus':<18}{'extractor':<13}{'F1':>8}{'P':>8}{'R':>8}{'acc/with':>10}{'pages/s':>9}")
    for corpus in CORPORA:
        for extractor, by_corpus in results.items():
            s = by_corpus[corpus]
            extra = s.get("accuracy", s.get("with_rate", 0.0))
            print(
                f"{corpus:<18}{extractor:<13}{s['f1']:>8.4f}{s['precision']:>8.4f}"
                f"{s['recall']:>8.4f}{extra:>10.4f}{s['pages_per_second']:>9.1f}"
            )
        if {"broadsheet", "trafilatura"} <= results.keys():
            ratio = results["broadsheet"][corpus]["f1"] / results["trafilatura"][corpus]["f1"]
            speed = speed_ratio(results, corpus)
            print(
                f"{corpus:<18}{'ratio':<13}{ratio:>8.4f}{'':>26}{speed:>9.3f}"
                "  (broadsheet / trafilatura: F1, pages/s)"
            )
    print(
        "pages/s = pages per CPU-second of the call, i.e. per core; Broadsheet's call is its whole"
        " extract step (parse, JSON-LD, embeds, trafilatura, metadata, recall retry, text,"
        " sanitised HTML), trafilatura's is extract(page, include_comments=False); both on the"
        " same page in the same worker, alternating which goes first"
    )


def check(results: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    """Broadsheet's scores that fell below the minimums kept in the baseline file."""
    minimums: dict[str, dict[str, float]] = json.loads(BASELINE.read_text(encoding="utf-8"))[
        "broadsheet"
    ]
    failures = []
    for corpus, metrics in minimums.items():
        for metric, minimum in metrics.items():
            measured = results["broadsheet"][corpus][metric]
            if measured < minimum:
                failures.append(f"{corpus} {metric} {measured:.4f} < baseline {minimum:.4f}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the results as JSON to this path")
    parser.add_argument("--check", action="store_true", help="fail if below the baselines")
    parser.add_argument("--only", choices=EXTRACTORS, help="run one extractor (faster checks)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    if not (PAGES / "wcxb").is_dir() or not (PAGES / "trafilatura_eval").is_dir():
        print(f"fixtures missing under {PAGES}", file=sys.stderr)
        return 2
    results = evaluate((args.only,) if args.only else EXTRACTORS, args.jobs)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.check:
        failures = check(results)
        for failure in failures:
            print(f"REGRESSION: {failure}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
