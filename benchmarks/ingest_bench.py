"""End to end: an empty install takes in a day of news, from first refresh to every step done.

N locally served feeds (default 500 x 20 = 10,000 distinct articles; ``_ingest_site.py``), each
item linking to a real-sized page built from the fixture pages, are added to a fresh
BROADSHEET_DATA_DIR (SQLite, or a new PostgreSQL database beside ``--database-url``). The clock
runs from the first refresh until no article has work left: fetched, page fetched and
extracted, deduplicated, placed in a story, enriched, indexed, summarised and its panels built
(every step of pipeline/flow.py). Storage is then checked article by article: no work row
left, extraction done, a signature, a story, a search document and panels for each.

In-process (default), this process refreshes and then drains, as ``broadsheet refresh --once``
does; each step's seconds are measured around its function. With ``--broker`` the same refresh
runs here and ``--workers`` ``broadsheet worker`` processes on PostgreSQL run the steps; this
process only sends due batches, as ``broadsheet scheduler`` would (each second rather than 30).

Baseline, same run, same pages: plain trafilatura (``extract(include_comments=False)``) on a
sample of the served pages in this process, pages/s. The ratio is Broadsheet's end-to-end
articles/s over it: how close the whole pipeline comes to extraction alone.

``--import-articles`` times ``broadsheet import-articles``'s function instead, on the same
articles as JSON Lines (headline, text, time, outlet; no page to fetch or extract).

Usage:
  python benchmarks/ingest_bench.py [--feeds 500] [--items 20] [--json PATH]
  python benchmarks/ingest_bench.py --feeds 10 --import-articles
  python benchmarks/ingest_bench.py --feeds 50 --database-url postgresql://... \\
      --broker redis://127.0.0.1:6379/13 --workers 2
Peak RSS (summed) and CPU seconds are of this process and its children (parse pool, workers),
sampled every 0.2 s; the site's server is left out.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _ingest_run import PeakRss, SiteProcess, Workers, scratch_postgres, time_steps  # noqa: E402

BASELINE_PAGES = 200


def setup_django(data_dir: Path, database_url: str | None, broker: str | None) -> None:
    """Point Broadsheet at a fresh data dir (and database), migrate; before Django is imported."""
    env = {
        "BROADSHEET_DATA_DIR": str(data_dir),
        "BROADSHEET_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
        "BROADSHEET_FETCH_CONCURRENCY": "16",
        "BROADSHEET_FETCH_PER_HOST": "16",
        "BROADSHEET_FETCH_HOST_DELAY": "0",  # one local host stands for the day's many hosts
        "BROADSHEET_LOG_LEVEL": "warning",
        "BROADSHEET_DEBUG": "false",
        "BROADSHEET_STARTER": "none",
        "DJANGO_SETTINGS_MODULE": "broadsheet.site.settings",
    }
    os.environ.update(env)
    os.environ.pop("BROADSHEET_DATABASE_URL", None)
    os.environ.pop("BROADSHEET_BROKER_URL", None)
    if database_url:
        os.environ["BROADSHEET_DATABASE_URL"] = database_url
    if broker:
        os.environ["BROADSHEET_BROKER_URL"] = broker
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def check_storage(expected: int) -> dict[str, int]:
    """Count, over all articles, those that reached each step's stored result."""
    from broadsheet.storage.models import Article, ArticlePanels, Work
    from broadsheet.storage.search.models import Document
    from broadsheet.storage.stories.models import Membership, Signature

    return {
        "expected": expected,
        "articles": Article.objects.count(),
        "work_rows_left": Work.objects.count(),
        "extracted": Article.objects.exclude(extraction_status="pending").count(),
        "from_page": Article.objects.filter(content_source="page").count(),
        "signatures": Signature.objects.count(),
        "copies": Signature.objects.exclude(duplicate_of=None, syndicated_from=None).count(),
        "in_a_story": Membership.objects.count(),
        "stories": Membership.objects.values("story_id").distinct().count(),
        "indexed": Document.objects.count(),
        "panels": ArticlePanels.objects.count(),
    }


def warm_up() -> float:
    """Start the parse pool and load the language model, as a running server has; seconds."""
    from broadsheet.enrich import enrich_article
    from broadsheet.processes import parse_pool

    t = time.perf_counter()
    parse_pool().submit(len, b"").result()
    enrich_article("Warm up", "Alice Smith said the warm-up was over in Paris on Monday.", ())
    return time.perf_counter() - t


def wait_done(broker: bool, limit: float) -> None:
    """Run (in-process) or send (Celery) due work until no article has any left."""
    from broadsheet.pipeline import _run, tasks
    from broadsheet.storage import work

    start = time.monotonic()
    shown = [start]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - shown[0] > 30:
            print(f"  {now - start:.0f} s: {total - done} articles with work left", file=sys.stderr)
            shown[0] = now

    while left := work.waiting(include_later=True):
        if time.monotonic() - start > limit:
            raise SystemExit(f"not done after {limit:g} s: {work.counts()}")
        if broker:
            _run.dispatch_due(tasks._send)
            report(0, left)  # the workers' progress: how many are left
            time.sleep(1.0)
        elif not _run.drain(progress=report):
            time.sleep(0.5)  # only retries later than now are left


def baseline(base: str, count: int, total: int) -> dict[str, float]:
    """Plain trafilatura on ``count`` of the served pages, spread over the day: pages/s."""
    import urllib.request

    import trafilatura

    pages = []
    for k in range(0, total, max(total // count, 1))[:count]:
        with urllib.request.urlopen(f"{base}/a/{k}.html", timeout=30) as resp:
            pages.append(resp.read().decode("utf-8"))
    t, cpu0 = time.perf_counter(), time.process_time()
    chars = sum(len(trafilatura.extract(p, include_comments=False) or "") for p in pages)
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu0
    return {
        "pages": len(pages),
        "seconds": wall,
        "cpu_seconds": cpu,
        "pages_per_s": len(pages) / wall,
        "pages_per_cpu_s": len(pages) / cpu,
        "mean_page_kib": sum(map(len, pages)) / len(pages) / 1024,
        "mean_text_chars": chars / len(pages),
    }


def run(args: argparse.Namespace, data_dir: Path, database_url: str | None) -> dict[str, Any]:
    """The timed ingest of one empty install, with its checks, steps and memory."""
    setup_django(data_dir, database_url, args.broker)
    from broadsheet.pipeline import refresh_feeds
    from broadsheet.processes import shutdown
    from broadsheet.storage import feeds

    total = args.feeds * args.items
    site = SiteProcess(args.feeds, args.items)
    workers = (
        Workers(args.workers, args.concurrency, data_dir / "workers.log") if args.broker else None
    )
    try:
        if workers:
            from broadsheet.pipeline.celery_app import app

            workers.wait_ready()
            app.control.purge()
        ids = [feeds.add_feed(f"{site.base}/feed/{i}.xml")[0] for i in range(args.feeds)]
        warm = warm_up()
        spent = time_steps()
        memory = PeakRss([os.getpid(), *(workers.pids() if workers else [])], {site.proc.pid})
        load0, t0 = os.getloadavg(), time.perf_counter()
        cpu_thread0 = time.thread_time()
        report = refresh_feeds(ids)
        refresh_s, refresh_cpu = time.perf_counter() - t0, time.thread_time()
        wait_done(bool(args.broker), limit=args.limit)
        wall = time.perf_counter() - t0
        load1 = os.getloadavg()
        peak, cpu = memory.stop()
        checks = check_storage(total)
        base = baseline(site.base, min(BASELINE_PAGES, total), total)
    finally:
        if workers:
            workers.stop()
        site.close()
        shutdown()
    steps = {"refresh": [refresh_s, 1, refresh_cpu - cpu_thread0]} | dict(spent)
    mode = (
        f"celery x{args.workers} (concurrency {args.concurrency}), PostgreSQL"
        if args.broker
        else ("in-process, PostgreSQL" if database_url else "in-process, SQLite")
    )
    result = _result(
        mode, args, warm, report.new_items, report.failed, wall, cpu, steps, checks["articles"]
    )
    return result | {
        "peak_rss_mib": peak,
        "checks": checks,
        "baseline_trafilatura": base,
        "ratio_vs_trafilatura": (checks["articles"] / wall) / base["pages_per_s"],
        "load_before": load0,
        "load_after": load1,
    }


def _result(
    mode: str,
    args: argparse.Namespace,
    warm: float,
    new: int,
    failed: int,
    wall: float,
    cpu: float,
    steps: dict[str, Any],
    articles: int,
) -> dict[str, Any]:
    """The part of a run's result every mode reports: rates, CPU and each step's time."""
    return {
        "mode": mode,
        "feeds": args.feeds,
        "items": args.items,
        "warm_up_seconds": warm,
        "refresh": {"new_items": new, "failed": failed},
        "wall_seconds": wall,
        "articles_per_s": articles / wall,
        "cpu_seconds": cpu,
        "articles_per_cpu_s": articles / cpu,
        "steps": {
            k: {"seconds": t, "batches": n, "cpu_seconds": c} for k, (t, n, c) in steps.items()
        },
    }


def day_lines(feeds: int, items: int) -> list[str]:
    """The same day of news as JSON Lines for ``broadsheet import-articles`` (text, no page)."""
    from _ingest_site import Day

    day, lines = Day(feeds * items), []
    for k in range(feeds * items):
        title, paragraphs = day.article(k)
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(day.published(k)))
        row = {
            "url": f"https://news{k % 37}.example.com/{k}.html",
            "title": title,
            "text": "\n\n".join(p for p in paragraphs if p),
            "published": when,
            "source": f"Ingest News {k % feeds}",
        }
        lines.append(json.dumps(row))
    return lines


def run_import(
    args: argparse.Namespace, data_dir: Path, database_url: str | None
) -> dict[str, Any]:
    """The timed import of the day's articles (pipeline.import_articles) into an empty install."""
    setup_django(data_dir, database_url, None)
    from broadsheet.pipeline import import_articles
    from broadsheet.processes import shutdown

    lines = day_lines(args.feeds, args.items)
    warm = warm_up()
    spent = time_steps()
    memory = PeakRss([os.getpid()], set())
    load0, t0 = os.getloadavg(), time.perf_counter()
    try:
        report = import_articles(lines)
        wall, load1 = time.perf_counter() - t0, os.getloadavg()
        peak, cpu = memory.stop()
        checks = check_storage(len(lines))
    finally:
        shutdown()
    mode = "import-articles, " + ("PostgreSQL" if database_url else "SQLite")
    result = _result(
        mode, args, warm, report.created, report.rejected, wall, cpu, spent, checks["articles"]
    )
    return result | {
        "peak_rss_mib": peak,
        "checks": checks,
        "load_before": load0,
        "load_after": load1,
    }


def show(r: dict[str, Any]) -> None:
    """Print the result as a short table."""
    print(
        f"{r['mode']}: {r['feeds']} feeds x {r['items']} items, load {r['load_before'][0]:.2f}"
        f" -> {r['load_after'][0]:.2f} (warm-up {r['warm_up_seconds']:.1f} s, not timed)"
    )
    c = r["checks"]
    print(
        f"  {c['articles']} articles in {r['wall_seconds']:.1f} s: "
        f"{r['articles_per_s']:.1f} articles/s end to end, {r['articles_per_cpu_s']:.1f} per CPU "
        f"second ({r['cpu_seconds']:.0f} s of CPU); peak RSS {r['peak_rss_mib']:.0f} MiB"
    )
    print(f"  storage: {json.dumps(c)}")
    timed = sum(v["seconds"] for v in r["steps"].values())
    print(f"  {'step':10} {'wall s':>8}  {'share':>6}  {'CPU s':>7}  batches")
    for name, v in r["steps"].items():
        print(
            f"  {name:10} {v['seconds']:8.1f}  {100 * v['seconds'] / timed:5.1f}%"
            f"  {v['cpu_seconds']:7.1f}  {v['batches']}"
        )
    b = r.get("baseline_trafilatura")
    if not b:
        return
    print(
        f"  baseline: plain trafilatura {b['pages_per_s']:.1f} pages/s in one thread "
        f"({b['pages_per_cpu_s']:.1f} per CPU second; {b['pages']} of the same pages, "
        f"{b['mean_page_kib']:.0f} KiB each); end to end / baseline = {r['ratio_vs_trafilatura']:.2f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--database-url", help="PostgreSQL URL; a new database is made beside it")
    ap.add_argument("--broker", help="run the steps on Celery workers (redis://127.0.0.1:6379/N)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes with --broker")
    ap.add_argument("--concurrency", type=int, default=1, help="tasks at once per worker")
    ap.add_argument("--limit", type=float, default=3600.0, help="give up after this many seconds")
    ap.add_argument("--json", type=Path, help="also write the result here")
    ap.add_argument(
        "--import-articles",
        action="store_true",
        help="time import-articles of the same articles (as JSON Lines, no pages) instead",
    )
    args = ap.parse_args()
    if args.broker and not args.database_url:
        ap.error("--broker needs --database-url (workers share one PostgreSQL database)")
    with tempfile.TemporaryDirectory(prefix="broadsheet-ingest-") as tmp:
        pg = scratch_postgres(args.database_url) if args.database_url else contextlib.nullcontext()
        with pg as database_url:
            result = (run_import if args.import_articles else run)(args, Path(tmp), database_url)
    show(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
