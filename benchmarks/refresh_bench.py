"""Feeds refreshed per minute: Broadsheet against newsboat, same local server, same run.

N locally served RSS 2.0 feeds (default 500 x 20 items, ~29 KB each, ETag + Last-Modified,
304 on If-None-Match / If-Modified-Since, gzip when asked; see _feedgen.py) are refreshed in
three scenarios, in this order, by each tool in turn:

  cold     first fetch of every feed into an empty store
  all-304  nothing changed: every conditional request should get a 304
  all-304 #2  the same again: newsboat 2.21 stores a feed's ETag/Last-Modified only from its
           second fetch on, so its first all-304 pass is unconditional (200s); this row shows
           its true 304 cost
  changed  every feed has one new item (oldest dropped), a new ETag and Last-Modified

Broadsheet runs in this process (fresh temporary data dir and SQLite DB, refresh_feeds on
all feeds); newsboat 2.21 runs as ``newsboat -x reload`` with ``reload-threads 8`` and its
own temporary HOME, urls, config and cache. The server runs in a separate process. The
ratio column is Broadsheet's wall time divided by newsboat's (below 1: Broadsheet faster).
Requests seen by the server and items in each store are printed so the comparison can be
trusted. Benchmarks are not timed tests: read ratios, never absolute seconds.

Usage:
  python benchmarks/refresh_bench.py [--feeds 500] [--items 20] [--no-newsboat] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCENARIOS = ("cold", "all-304", "all-304 #2", "changed")
NEWSBOAT_THREADS = 8
CONCURRENCY = 8


class Server:
    """The feed server of _feedgen.py in a child process."""

    def __init__(self, feeds: int, items: int) -> None:
        cmd = [
            sys.executable,
            str(HERE / "_feedgen.py"),
            "--feeds",
            str(feeds),
            "--items",
            str(items),
        ]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.base = f"http://127.0.0.1:{int(self.proc.stdout.readline())}"

    def urls(self, feeds: int) -> list[str]:
        return [f"{self.base}/feed/{i}.xml" for i in range(feeds)]

    def ctl(self, action: str) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.base}/ctl/{action}", timeout=10) as resp:
            return dict(json.load(resp))

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def requests_of(stats: dict[str, Any], agent: str) -> dict[str, int]:
    keys = ("requests", "conditional", "200", "304", "gzip", "bytes")
    return {k: int(stats.get(f"{agent}:{k}", 0)) for k in keys}


class Broadsheet:
    """Broadsheet on a fresh data dir; env set before Django is imported."""

    def __init__(self, tmp: Path, urls: list[str]) -> None:
        os.environ.update(
            {
                "BROADSHEET_DATA_DIR": str(tmp / "broadsheet"),
                "BROADSHEET_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
                "BROADSHEET_EXTRACT_PAGES": "false",
                "BROADSHEET_FETCH_CONCURRENCY": str(CONCURRENCY),
                "BROADSHEET_FETCH_PER_HOST": str(CONCURRENCY),
                "BROADSHEET_LOG_LEVEL": "warning",
                "BROADSHEET_DEBUG": "false",
                "DJANGO_SETTINGS_MODULE": "broadsheet.site.settings",
            }
        )
        (tmp / "broadsheet").mkdir()
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from broadsheet.processes import parse_pool
        from broadsheet.storage import feeds

        self.ids = [feeds.add_feed(url)[0] for url in urls]
        t = time.perf_counter()  # start the parse pool outside the timings (a server keeps it)
        parse_pool().submit(len, b"").result()
        self.pool_start = time.perf_counter() - t
        t = time.perf_counter()  # and import the pipeline (the scheduler of a server has it)
        import broadsheet.pipeline  # noqa: F401

        self.import_seconds = time.perf_counter() - t

    def run(self) -> dict[str, Any]:
        from broadsheet.pipeline import refresh_feeds
        from broadsheet.storage.models import Article

        t = time.perf_counter()
        r = refresh_feeds(self.ids)
        wall = time.perf_counter() - t
        keys = (
            "fetched",
            "not_modified",
            "unchanged",
            "failed",
            "new_items",
            "updated_items",
            "seconds",
            "network_seconds",
            "parse_seconds",
            "store_seconds",
        )
        return {
            "seconds": wall,
            "items_stored": Article.objects.count(),
            "report": {k: getattr(r, k) for k in keys},
            "errors": list(r.errors.values())[:3],
        }

    def close(self) -> None:
        from broadsheet.processes import shutdown

        shutdown()


class Newsboat:
    """newsboat -x reload with its own HOME, urls, config and cache file."""

    def __init__(self, tmp: Path, urls: list[str]) -> None:
        self.home = tmp / "newsboat"
        self.home.mkdir()
        (self.home / "urls").write_text("\n".join(urls) + "\n")
        (self.home / "config").write_text(f"reload-threads {NEWSBOAT_THREADS}\n")
        self.cache = self.home / "cache.db"
        self.version = subprocess.run(
            ["newsboat", "-v"], capture_output=True, text=True, check=False
        ).stdout.splitlines()[0]

    def run(self) -> dict[str, Any]:
        h = self.home
        cmd = [
            "newsboat",
            "-x",
            "reload",
            "-u",
            str(h / "urls"),
            "-c",
            str(self.cache),
            "-C",
            str(h / "config"),
        ]
        env = {
            "HOME": str(h),
            "XDG_CONFIG_HOME": str(h / ".config"),
            "PATH": os.environ["PATH"],
            "XDG_DATA_HOME": str(h / ".local"),
            "LANG": "C.UTF-8",
            "TERM": "dumb",
        }
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t
        with sqlite3.connect(self.cache) as db:
            items = db.execute("SELECT count(*) FROM rss_item").fetchone()[0]
        return {
            "seconds": wall,
            "items_stored": items,
            "returncode": proc.returncode,
            "stderr": proc.stderr.strip()[-300:],
        }


def measure(tool: Any, server: Server, agent: str) -> dict[str, Any]:
    server.ctl("reset")
    result = tool.run()
    result["server"] = requests_of(server.ctl("stats"), agent)
    return result


def share(part: float, whole: float) -> str:
    return f"{100 * part / whole:4.0f}%" if whole else "   -"


def print_table(results: dict[str, dict[str, Any]], feeds: int, items: int) -> None:
    def per_min(sec: float) -> str:
        return f"{feeds / sec * 60:9,.0f}"

    print(f"\n{feeds} feeds x {items} items; feeds/min = feeds / wall seconds x 60\n")
    head = (
        f"{'scenario':10} {'Broadsheet s':>12} {'feeds/min':>9} {'newsboat s':>10} {'feeds/min':>9} "
        f"{'BS/NB':>6} | {'network':>7} {'parse':>6} {'store':>6}"
    )
    print(head + "\n" + "-" * len(head))
    for name, res in results.items():
        bs, nb = res["broadsheet"], res.get("newsboat")
        rep = bs["report"]
        nb_cols = (
            f"{nb['seconds']:10.2f} {per_min(nb['seconds'])} {bs['seconds'] / nb['seconds']:6.2f}"
            if nb
            else f"{'-':>10} {'-':>9} {'-':>6}"
        )
        print(
            f"{name:10} {bs['seconds']:12.2f} {per_min(bs['seconds'])} {nb_cols} | "
            f"{share(rep['network_seconds'], rep['seconds']):>7} "
            f"{share(rep['parse_seconds'], rep['seconds']):>6} {share(rep['store_seconds'], rep['seconds']):>6}"
        )
    print("\nCheck (server requests 200/304, gzip, wire KB; items in each store after the run):")
    for name, res in results.items():
        for tool in ("broadsheet", "newsboat"):
            if tool in res:
                s, r = res[tool]["server"], res[tool]
                print(
                    f"  {name:10} {tool:10} requests {s['requests']:4} (200: {s['200']:4}, 304: "
                    f"{s['304']:4}, conditional: {s['conditional']:4}, gzip: {s['gzip']:4}), "
                    f"{s['bytes'] / 1024:8,.0f} KB, items stored {r['items_stored']:6}"
                )
        rep = res["broadsheet"]["report"]
        print(
            f"  {'':10} Broadsheet report: fetched {rep['fetched']}, 304 {rep['not_modified']}, "
            f"unchanged {rep['unchanged']}, failed {rep['failed']}, new {rep['new_items']}, "
            f"updated {rep['updated_items']}"
        )


def main() -> int:
    global CONCURRENCY
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument(
        "--concurrency",
        type=int,
        default=CONCURRENCY,
        help="Broadsheet's fetch concurrency and per-host limit (default 8, like newsboat's reload-threads)",
    )
    ap.add_argument("--no-newsboat", action="store_true", help="measure Broadsheet only")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args()
    CONCURRENCY = args.concurrency
    use_nb = not args.no_newsboat and shutil.which("newsboat") is not None
    if not args.no_newsboat and not use_nb:
        print("newsboat is not installed (apt-get install newsboat): measuring Broadsheet only")
    elif args.no_newsboat:
        print("--no-newsboat: measuring Broadsheet only")
    server = Server(args.feeds, args.items)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="refresh-bench-") as tmp:
        urls = server.urls(args.feeds)
        bs = Broadsheet(Path(tmp), urls)
        nb = Newsboat(Path(tmp), urls) if use_nb else None
        feed_kb = server.ctl("stats")["feed_bytes"] / 1024
        print(f"Server: {server.base} (own process), {args.feeds} feeds, ~{feed_kb:.1f} KB each.")
        print(
            f"Broadsheet: fetch concurrency {CONCURRENCY} and per-host {CONCURRENCY} (all feeds are "
            "on one host, 127.0.0.1: the same 8 parallel connections newsboat's reload-threads use); "
            f"parse pool started ({bs.pool_start:.2f} s) and the pipeline imported "
            f"({bs.import_seconds:.2f} s) before timing, as in a running server."
        )
        if nb:
            print(
                f"newsboat: {nb.version}, `newsboat -x reload`, reload-threads {NEWSBOAT_THREADS}."
            )
        for name in SCENARIOS:
            if name == "changed":
                server.ctl("bump")
            results[name] = {"broadsheet": measure(bs, server, "broadsheet")}
            if nb:
                results[name]["newsboat"] = measure(nb, server, "other")
            for tool, res in results[name].items():
                print(f"  {name:10} {tool:10} {res['seconds']:6.2f} s", flush=True)
        bs.close()
    server.close()
    print_table(results, args.feeds, args.items)
    print(
        "\nShares are of Broadsheet's refresh_feeds time: network = until the last response "
        "arrived (overlaps parsing in the pool and storing); parse = inline parsing only; "
        "store = the main thread's database work."
    )
    if args.json:
        meta = {
            "feeds": args.feeds,
            "items": args.items,
            "concurrency": CONCURRENCY,
            "newsboat_threads": NEWSBOAT_THREADS if nb else None,
            "newsboat_version": nb.version if nb else None,
            "cpu_count": os.cpu_count(),
        }
        args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
