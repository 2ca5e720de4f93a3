"""Commands about articles: extract, import-articles, export."""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

from broadsheet.cli._progress import bar, count_lines
from broadsheet.errors import BroadsheetError, ImportRecordError


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("extract", help="extract clean articles from local HTML files or URLs")
    p.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--format", choices=("json", "jsonl"), default="jsonl")
    p.set_defaults(func=cmd_extract, needs_db=False)
    p = sub.add_parser("import-articles", help="import already-fetched articles from JSON Lines")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_import_articles)
    p = sub.add_parser("export", help="print every stored article with every known field")
    p.add_argument("--format", choices=("jsonl",), default="jsonl")
    p.set_defaults(func=cmd_export)


def _read_input(source: str) -> tuple[str, str | None]:
    """Return (html, url) for a local path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        from broadsheet import config
        from broadsheet.fetch import FetchPolicy, fetch_sync

        result = fetch_sync(source, policy=FetchPolicy.from_settings(config.get()), purpose="page")
        return result.text(), result.final_url
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BroadsheetError(f"cannot read {source}: {exc.strerror}") from None
    if path.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace"), None


def extract_one(source: str) -> dict[str, Any]:
    """Extract one input; errors become an ``error`` field so a batch never stops."""
    from broadsheet.extract import extract_article

    try:
        html, url = _read_input(source)
        article = extract_article(html, url)
    except BroadsheetError as exc:
        return {"input": source, "error": str(exc)}
    data = asdict(article)
    data["input"] = source
    return data


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract every input (in parallel when many) and print JSON."""
    from broadsheet.processes import workers

    inputs: list[str] = args.inputs
    if len(inputs) >= 8:  # extraction is CPU-bound: one process per core
        with ProcessPoolExecutor(max_workers=workers()) as pool:
            results = list(pool.map(extract_one, inputs, chunksize=8))
    else:
        results = [extract_one(i) for i in inputs]
    failures = [r for r in results if "error" in r]
    if args.format == "json":
        json.dump(
            results if len(results) > 1 else results[0], sys.stdout, ensure_ascii=False, indent=2
        )
        print()
    else:
        for r in results:
            print(json.dumps(r, ensure_ascii=False))
    for f in failures:
        print(f"broadsheet: error: {f['input']}: {f['error']}", file=sys.stderr)
    return 1 if failures else 0


def cmd_import_articles(args: argparse.Namespace) -> int:
    """Import a JSONL file; bad lines are reported and skipped; Ctrl-C stops it resumably."""
    from broadsheet.pipeline import import_articles

    try:
        handle = args.file.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ImportRecordError(f"cannot read {args.file}: {exc.strerror}") from None
    update, close = bar("articles")
    total = count_lines(args.file)  # the bar's total, so it shows an ETA
    done = [0]

    def progress(n: int, _total: int) -> None:
        done[0] = n
        update(n, total)

    try:
        with handle:
            report = import_articles(handle, progress=progress)
    except KeyboardInterrupt:
        close()
        print(
            f"broadsheet: import interrupted after {done[0]} of {total} lines; run "
            f"`broadsheet import-articles {args.file}` again to resume (lines already imported "
            "are skipped, none is stored twice)",
            file=sys.stderr,
        )
        return 130
    close()
    for problem in report.problems:
        print(f"broadsheet: skipped {problem}", file=sys.stderr)
    skipped = f", {report.skipped} already imported (skipped)" if report.skipped else ""
    print(
        f"{report.created} articles imported, {report.updated} updated, "
        f"{report.rejected} rejected{skipped}"
    )
    return 1 if report.rejected and not report.ids else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Print one JSON object per article."""
    from broadsheet.pipeline import export_all

    out = sys.stdout
    for row in export_all():
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0
