"""A fresh install whose article pages mostly cannot be reached: how long `refresh --once` takes.

Issue 14's acceptance scenario. Every feed of ../shared/fixtures/feeds is served from
127.0.0.1; their items link to the publishers' real sites, which this offline machine cannot
reach (DNS fails). Two more feeds are added: 20 items whose pages are served locally, and 20
whose page host accepts connections and never answers. A fresh data directory runs
``broadsheet refresh --once`` twice: with page fetching on, and, as the baseline of the same
run, with it off (``BROADSHEET_EXTRACT_PAGES=false``: feed text only, no page fetched). The ratio
is the cost of the unreachable and hung pages. Then it checks what a reader would: no article
pending, local pages extracted from the page, the others shown from their feed text with the
reason, every article in a story and searchable, the failed pages waiting for a retry.

Usage: python benchmarks/offline_refresh.py [--deadline 30]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.support.hung import HungHost  # noqa: E402
from tests.support.server import LocalServer  # noqa: E402
from tests.support.shared import FIXTURES  # noqa: E402

BIN = Path(sys.executable).parent / "broadsheet"
SKIP = {"notafeed.html", "SOURCES.json", "EXPECTATIONS.md"}


def _page(n: int) -> bytes:
    body = " ".join(
        f"Residents of the valley discussed plan {n} at the town hall, asking about its cost "
        f"and its timetable."
        for _ in range(15)
    )
    return (
        f"<html><head><title>Local story {n}</title></head><body><article>"
        f"<h1>Local story {n}</h1><p>{body}</p><p>{body}</p></article></body></html>"
    ).encode()


def _rss(title: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid><description>"
        f"Feed text of {t}, about the town hall plan.</description></item>"
        for t, u in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://127.0.0.1/</link>{entries}</channel></rss>"
    ).encode()


def _opml(urls: list[str]) -> str:
    outlines = "".join(f'<outline text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, check=True)


def one_install(
    server: LocalServer, feeds: list[str], extract: bool, deadline: float
) -> dict[str, object]:
    """Refresh every feed once on a fresh data directory; return time and what was stored."""
    data = tempfile.mkdtemp(prefix="bs-offline-")
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": data,
        "BROADSHEET_STARTER": "none",
        "BROADSHEET_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
        "BROADSHEET_FETCH_HOST_DELAY": "0",
        "BROADSHEET_EXTRACT_PAGES": "true" if extract else "false",
        "BROADSHEET_PAGE_DEADLINE": str(deadline),
        "BROADSHEET_LOG_LEVEL": "warning",
    }
    _run(env, "migrate")
    opml = Path(data) / "feeds.opml"
    opml.write_text(_opml(feeds))
    _run(env, "import-opml", str(opml))
    started = time.monotonic()
    _run(env, "refresh", "--once")
    seconds = time.monotonic() - started
    status = json.loads(_run(env, "status", "--format", "json").stdout)
    db = sqlite3.connect(Path(data) / "broadsheet.sqlite3")
    q = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "seconds": round(seconds, 1),
        "articles": q("select count(*) from storage_article"),
        "pending": q("select count(*) from storage_article where extraction_status='pending'"),
        "from_page": q("select count(*) from storage_article where content_source='page'"),
        "from_feed": q("select count(*) from storage_article where content_source!='page'"),
        "in_a_story": q("select count(*) from stories_membership"),
        "page_retries_waiting": q("select count(*) from storage_work where step='page'"),
        "due_now": sum(r["waiting"] for r in status)
        - q("select count(*) from storage_work where step='page' and not_before > datetime('now')"),
        "hung_reason": q(
            "select extraction_error from storage_article where url like '%/hung/%' limit 1"
        )
        if extract
        else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=30.0)
    args = parser.parse_args()
    root = FIXTURES / "feeds"
    if not root.is_dir():
        sys.exit(f"needs {root} (../shared/fixtures)")
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.name not in SKIP and not p.name.endswith(".expected.json")
    )
    hung = HungHost()
    with LocalServer(root=root) as server:
        local = [(f"Local story {n}", server.url(f"/_local/{n}.html")) for n in range(20)]
        for n in range(20):
            server.route(
                f"/_local/{n}.html",
                body=_page(n),
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        server.route(
            "/_local.xml",
            body=_rss("Local pages", local),
            headers={"Content-Type": "application/rss+xml"},
        )
        hung_items = [(f"Hung story {n}", hung.url(f"/hung/{n}")) for n in range(20)]
        server.route(
            "/_hung.xml",
            body=_rss("Hung host", hung_items),
            headers={"Content-Type": "application/rss+xml"},
        )
        feeds = [server.url("/" + str(p.relative_to(root))) for p in files]
        feeds += [server.url("/_local.xml"), server.url("/_hung.xml")]
        baseline = one_install(server, feeds, extract=False, deadline=args.deadline)
        pages = one_install(server, feeds, extract=True, deadline=args.deadline)
    hung.close()
    print(f"{len(feeds)} feeds (20 items with local pages, 20 on a hung host, the rest offline)")
    print(f"{'':<28}{'feed text only':>16}{'pages on':>12}")
    for key in baseline:
        print(f"{key:<28}{baseline[key]!s:>16}{pages[key]!s:>12}")
    ratio = float(pages["seconds"]) / max(float(baseline["seconds"]), 0.1)  # type: ignore[arg-type]
    print(f"ratio (pages on / feed text only, wall time): {ratio:.2f}")


if __name__ == "__main__":
    main()
