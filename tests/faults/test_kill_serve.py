"""kill -9 of `broadsheet serve` in the middle of a refresh: on restart nothing is lost or doubled.

The single-process default (``broadsheet serve`` with its scheduler, SQLite, no broker) runs on
a fresh data directory subscribed to feeds served from 127.0.0.1 that answer slowly, as do
their items' pages. It is killed twice: while the feeds are being stored, then while pages
are fetched and extracted (batches leased at several steps). After each kill the database
passes ``PRAGMA integrity_check`` and no process of the killed serve is left; a third serve
finishes the refresh: every served item stored exactly once, extracted from its page, in one
story, no work left and no lease held; it then stops cleanly on SIGTERM.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import LocalServer

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc"),
]

FEEDS, ITEMS = 20, 5
FEED_DELAY = 1.0  # seconds before each feed answers (4 at a time): feeds are stored over ~5 s
PAGE_DELAY = 0.3  # seconds before each page answers: the pages take a while too
BIN = Path(sys.executable).parent / "broadsheet"
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "del", "gar", "hum", "pon", "tes")


def _words(rng: random.Random, n: int) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(n)
    )


def _page(feed: int, item: int) -> bytes:
    """A page of its own words, so no two articles are copies of each other."""
    rng = random.Random(feed * 1000 + item)
    paragraphs = f"<p>{_words(rng, 30)}.</p><p>{_words(rng, 30)}.</p>"
    return (
        f"<html><head><title>Page {feed}-{item}</title></head><body><article>"
        f"<h1>Page {feed}-{item}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _rss(feed: int, links: list[str]) -> bytes:
    entries = "".join(
        f"<item><title>Item {i} of feed {feed}</title><link>{link}</link>"
        f"<guid>urn:kill-test:{feed}:{i}</guid><description>Short text {feed}-{i}.</description>"
        f"</item>"
        for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {feed}</title>'
        f"<link>http://127.0.0.1/{feed}</link>{entries}</channel></rss>"
    ).encode()


@dataclass(frozen=True)
class Site:
    """The served feeds, and the guid and page URL of every item they list."""

    feed_urls: list[str]
    items: dict[tuple[str, str], str]  # (feed URL, guid) -> page URL


@pytest.fixture
def site() -> Iterator[Site]:
    with LocalServer() as server:
        feed_urls, items = [], {}
        for feed in range(FEEDS):
            links = []
            feed_url = server.url(f"/feeds/{feed}.xml")
            for item in range(ITEMS):
                path = f"/pages/{feed}/{item}.html"
                server.route(path, body=_page(feed, item), headers={"Content-Type": "text/html"})
                links.append(server.url(f"/_/slow/{PAGE_DELAY}{path}"))
                items[feed_url, f"urn:kill-test:{feed}:{item}"] = links[-1]
            server.route(
                f"/feeds/{feed}.xml",
                body=_rss(feed, links),
                headers={"Content-Type": "application/rss+xml"},
                delay=FEED_DELAY,
            )
            feed_urls.append(feed_url)
        yield Site(feed_urls, items)


def _opml(urls: list[str]) -> str:
    outlines = "".join(
        f'<outline type="rss" text="Feed {n}" xmlUrl="{u}"/>' for n, u in enumerate(urls)
    )
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'


def _environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    env.update(
        BROADSHEET_DATA_DIR=str(data_dir),
        BROADSHEET_FETCH_ALLOW_NETWORKS="127.0.0.0/8",
        BROADSHEET_FETCH_HOST_DELAY="0",
        BROADSHEET_FETCH_TIMEOUT="10",
        BROADSHEET_PAGE_DEADLINE="20",
        BROADSHEET_STARTER="offline",
        BROADSHEET_LOG_LEVEL="INFO",
    )
    return env


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"broadsheet {' '.join(args)}: {done.stderr}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start `broadsheet serve` in its own process group, its output in ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                str(BIN),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(_free_port()),
                "--workers",
                "1",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _group(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def _until(what: str, check: Callable[[], bool], timeout: float, log: Path) -> float:
    """Poll ``check`` until it holds; return the seconds it took (fail after ``timeout``)."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            pytest.fail(f"{what}: not within {timeout:g} s\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return time.monotonic() - started


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    """Read the live database without writing to it (another process may be writing)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(sql).fetchall()
    except sqlite3.OperationalError as exc:  # tables not created yet
        if "no such table" in str(exc):
            return []
        raise
    finally:
        con.close()


def _count(db: Path, sql: str) -> int:
    rows = _query(db, sql)
    return int(rows[0][0]) if rows else 0


def _status(env: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(_cli(env, "status", "--format", "json"))
    return rows


STORED = "SELECT count(*) FROM storage_article"
FROM_PAGE = "SELECT count(*) FROM storage_article WHERE content_source = 'page'"
WORK = "SELECT count(*) FROM storage_work"  # every page is served: no row waits for a retry


def _kill(serve: subprocess.Popen[bytes], log: Path) -> float:
    """kill -9 the serve process; return how long its scheduler and pool took to follow it."""
    try:
        os.kill(serve.pid, signal.SIGKILL)
        serve.wait(timeout=10)
        return _until("the killed serve's processes gone", lambda: not _group(serve.pid), 15, log)
    finally:
        for pid in _group(serve.pid):
            os.kill(pid, signal.SIGKILL)


def test_kill_9_in_the_middle_of_a_refresh_loses_and_doubles_nothing(
    site: Site, tmp_path: Path
) -> None:
    data, log = tmp_path / "data", tmp_path / "serve.log"
    db = data / "broadsheet.sqlite3"
    env = _environment(data)
    expected = len(site.items)
    _cli(env, "migrate")
    opml = tmp_path / "feeds.opml"
    opml.write_text(_opml(site.feed_urls))
    assert f"{FEEDS} feeds added" in _cli(env, "import-opml", str(opml))

    # 1. killed while the feeds are being stored: some feeds' items are in, the others not yet
    serve = _serve(env, log)
    ran = _until("some feeds stored", lambda: _count(db, STORED) >= 4 * ITEMS, 60, log)
    gone = _kill(serve, log)
    stored = _count(db, STORED)
    print(f"\nkill 1 after {ran:.1f} s: {stored} of {expected} items stored (gone in {gone:.1f} s)")
    assert 0 < stored < expected, "the kill missed the feeds being stored"
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]

    # 2. killed while pages are fetched and extracted: batches leased at several steps
    serve = _serve(env, log)
    ran = _until("a batch of pages extracted", lambda: _count(db, FROM_PAGE) >= 25, 60, log)
    gone = _kill(serve, log)
    stored, extracted = _count(db, STORED), _count(db, FROM_PAGE)
    leased = _count(db, "SELECT count(*) FROM storage_work WHERE lease_until IS NOT NULL")
    on_their_way = _count(db, WORK)
    print(
        f"kill 2 after {ran:.1f} s: {stored} items stored, {extracted} extracted from their page, "
        f"{on_their_way} on their way, {leased} of them leased (gone in {gone:.1f} s)"
    )
    assert on_their_way > 0, "the kill came too late: the refresh had finished"
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]

    # 3. restarted: the refresh completes, then a clean SIGTERM
    serve = _serve(env, log)
    try:
        recovered = _until(
            "every item stored and through every step after the restart",
            lambda: _count(db, STORED) >= expected and _count(db, WORK) == 0,
            90,
            log,
        )
        status = _status(env)
    finally:
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(timeout=30)
    stopped = _until("serve's processes gone after SIGTERM", lambda: not _group(serve.pid), 15, log)
    print(
        f"restart: done {recovered:.1f} s after it; SIGTERM: exit {code}, gone in {stopped:.1f} s"
    )
    _check_stored_once(db, site)
    assert sum(row["waiting"] + row["retrying"] for row in status) == 0, status
    assert code == 0 and "Traceback" not in log.read_text(), log.read_text()[-3000:]
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]


def _check_stored_once(db: Path, site: Site) -> None:
    """Every served item stored exactly once, extracted from its page, in exactly one story."""
    rows = _query(
        db,
        "SELECT f.url, a.item_key, a.url, a.extraction_status, a.content_source "
        "FROM storage_article a LEFT JOIN storage_feed f ON f.id = a.feed_id",
    )
    identities = Counter((feed, guid) for feed, guid, *_ in rows)
    lost = len(site.items.keys() - identities.keys())
    doubled = len(rows) - len(identities)
    print(
        f"stored once: {len(site.items)} items expected, {len(rows)} stored, {lost} lost, "
        f"{doubled} duplicated"
    )
    assert identities.keys() == site.items.keys() and lost == 0 and doubled == 0
    assert sorted(url for _, _, url, *_ in rows) == sorted(site.items.values())  # once each
    assert [r for r in rows if r[3] == "pending"] == []
    assert {r[4] for r in rows} == {"page"}  # every article extracted from its own page
    assert _count(db, "SELECT count(*) FROM storage_work WHERE lease_until IS NOT NULL") == 0
    in_stories = _query(db, "SELECT count(*), count(DISTINCT article_id) FROM stories_membership")
    assert in_stories == [(len(rows), len(rows))]  # every article in one story, once
