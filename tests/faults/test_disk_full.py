"""A full disk and a read-only data directory under the single-process default (SQLite): one
clear line, no corrupted database, and what was stored is kept.

The data directory lives on a small tmpfs of the test's own (8 MB, mounted and unmounted by
the test; it needs root, as CI runs it, and skips saying so otherwise). Two of the served
feeds are refreshed first. Then:

- **disk full**: the rest of the disk is filled but for a little room, and ``broadsheet refresh
  --once`` runs out of space in the middle of storing the other feeds: it says in one line that
  the data directory is full and exits 1, no traceback. Then the disk is filled to the last
  byte and ``broadsheet serve`` is started: its pages answer (200, or the plain one-line 503),
  its scheduler logs each failed round in one line, and it stops cleanly on SIGTERM. Once the
  space is freed the database passes ``PRAGMA integrity_check``, every article stored before is
  still there, and ``serve`` finishes the refresh (the articles the failed run stored
  included): every served item stored exactly once, no work left.
- **read-only**: the tmpfs is remounted read-only (root ignores permission bits, not a
  read-only mount). ``refresh --once``, ``feeds`` and ``serve`` each say in one line that the
  data directory is read-only and exit 1. Remounted read-write, the database is intact, nothing
  stored is lost, and ``refresh --once`` stores the rest.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults._cluster import (
    BIN,
    Answer,
    Site,
    cli,
    environment,
    free_port,
    get,
    serve_site,
    start,
    until,
    write_opml,
)
from tests.support.server import LocalServer

pytestmark = [pytest.mark.faults]

FEEDS, ITEMS = 6, 10
FIRST = 2  # feeds refreshed before the fault
SIZE = "8m"
ROOM = 300 * 1024  # bytes left free: the refresh starts, then runs out of space
ROUND_FAILED = "scheduler round failed: the database, the broker or the disk is unavailable"


@contextlib.contextmanager
def _tmpfs(where: Path) -> Iterator[Path]:
    """A tmpfs of SIZE mounted at ``where`` (skip, saying why, when it cannot be mounted)."""
    if os.geteuid() != 0:
        pytest.skip("mounts a small tmpfs to fill: needs root (CI runs the fault tests as root)")
    where.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], check=False)


def _remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def _fill(path: Path, leave: int = 0) -> None:
    """Write ``path`` until the disk is full, then give ``leave`` bytes back."""
    with path.open("ab", buffering=0) as out:
        block = b"\0" * (64 * 1024)
        try:
            while True:
                out.write(block)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    os.truncate(path, max(path.stat().st_size - leave, 0))


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _count(db: Path, sql: str) -> int:
    return int(_query(db, sql)[0][0])


def _stored(db: Path) -> list[tuple[object, ...]]:
    """Every stored article as (feed URL, guid, id)."""
    return _query(
        db,
        "SELECT f.url, a.item_key, a.id FROM storage_article a "
        "JOIN storage_feed f ON f.id = a.feed_id ORDER BY a.id",
    )


def _once(db: Path, site: Site) -> dict[str, int]:
    keys = [(url, key) for url, key, _ in _stored(db)]
    return {
        "expected": len(site.items),
        "stored": len(keys),
        "lost": len(site.items.keys() - set(keys)),
        "duplicated": len(keys) - len(set(keys)),
    }


def _fails(env: dict[str, str], *args: str) -> str:
    """Run a command that must fail in one line with exit 1; return that line."""
    done = subprocess.run(
        [str(BIN), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1, f"broadsheet {' '.join(args)}: exit {done.returncode}\n{done}"
    # what ran before the disk filled may report (a log line, the refresh summary); the failure
    # itself is one line, the last, and no traceback
    errors = [line for line in lines if line.startswith("broadsheet: error:")]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert len(errors) == 1 and lines[-1] == errors[0], done.stderr[-3000:]
    return errors[0]


def _prepare(tmp_path: Path, server: LocalServer) -> tuple[Site, dict[str, str], Path]:
    """Feeds served, a data directory on a tmpfs subscribed to them, FIRST feeds refreshed."""
    site = serve_site(server, FEEDS, ITEMS, page_delay=0.0)
    opml = write_opml(tmp_path / "feeds.opml", site.feed_urls)
    data = tmp_path / "disk" / "data"
    env = environment(data, "")
    del env["BROADSHEET_DATABASE_URL"]  # the default: SQLite in the data directory
    cli(env, "migrate")
    cli(env, "import-opml", str(opml))
    db = data / "broadsheet.sqlite3"
    ids = _query(db, "SELECT id, url FROM storage_feed")
    first = [str(i) for i, url in ids if url in site.feed_urls[:FIRST]]
    cli(env, "refresh", *(a for i in first for a in ("--feed", i)))
    assert _count(db, "SELECT count(*) FROM storage_article") == FIRST * ITEMS
    return site, env, db


def _traced(log: str) -> set[str]:
    """The messages of the log records that came with a traceback."""
    lines = log.splitlines()
    return {
        lines[n - 1].split(": ", 1)[-1]
        for n, line in enumerate(lines)
        if line.startswith("Traceback") and n > 0 and not lines[n - 1].startswith(" ")
    }


def _answers(web: str) -> list[Answer]:
    return [get(web + page) for page in ("/", "/latest/", "/search/?q=bridge")]


def _readable(answer: Answer) -> bool:
    """A page read from the database (200), or the plain one-line 503."""
    return answer.status == 200 or (
        answer.status == 503 and answer.content_type.startswith("text/plain")
        and answer.body.count("\n") == 1
    )  # fmt: skip


def test_a_full_disk_says_so_in_one_line_and_keeps_what_was_stored(tmp_path: Path) -> None:
    with LocalServer() as server, _tmpfs(tmp_path / "disk") as disk:
        site, env, db = _prepare(tmp_path, server)
        data = db.parent
        before = _stored(db)

        # refresh --once runs out of space in the middle of storing or of its articles' steps
        _fill(disk / "filler", leave=ROOM)
        refresh_line = _fails(env, "refresh", "--once")
        # serve on a disk full to the last byte: it serves what is stored, its rounds fail
        _fill(disk / "filler-2")
        log = tmp_path / "serve.log"
        port = free_port()
        web = f"http://127.0.0.1:{port}"
        serve = start(env, log, "serve", "--port", str(port), "--workers", "1")
        try:
            until("serve answering", lambda: get(web + "/").status != 0, 60, log)
            until("a scheduler round failing", lambda: ROUND_FAILED in log.read_text(), 60, log)
            while_full = _answers(web)
        finally:
            serve.send_signal(signal.SIGTERM)
            full_code = serve.wait(timeout=30)
        full_log = log.read_text()
        (disk / "filler").unlink()
        (disk / "filler-2").unlink()

        integrity = _query(db, "PRAGMA integrity_check")
        after_fault = _stored(db)
        unfinished = _count(db, "SELECT count(*) FROM storage_work")
        log = tmp_path / "serve-again.log"
        serve = start(env, log, "serve", "--port", str(free_port()), "--workers", "1")
        try:
            finished = until(
                "every item stored and through every step after space was freed",
                lambda: (
                    _count(db, "SELECT count(*) FROM storage_article") >= len(site.items)
                    and _count(db, "SELECT count(*) FROM storage_work") == 0
                ),
                120,
                log,
            )
        finally:
            serve.send_signal(signal.SIGTERM)
            code = serve.wait(timeout=30)
        once = _once(db, site)
        failed_line = next(line for line in full_log.splitlines() if ROUND_FAILED in line)
        print(
            f"\ndisk full: {len(before)} articles stored before; refresh --once: {refresh_line!r}; "
            f"serve on a full disk: pages {[a.status for a in while_full]}, {failed_line!r}; "
            f"after the fault {len(after_fault)} stored, integrity {integrity}; space freed: "
            f"serve done in {finished:.1f} s\n{once}"
        )
        full = (
            f"broadsheet: error: the data directory {data} is full: free space there and run again"
        )
        assert refresh_line == full
        assert all(map(_readable, while_full)), while_full
        assert full_code == 0 and "Internal Server Error" not in full_log, full_log[-3000:]
        # no traceback at all: the reading layer's cache says in one line that it goes on
        # without keeping what it computed
        assert not _traced(full_log), full_log[-3000:]
        assert integrity == [("ok",)]
        assert set(before) <= set(after_fault), "an article stored before the disk filled is gone"
        # the disk filled during the refresh: storing items, or taking them through their steps
        # (feeds are written in batches, so the items may fit where their pages do not)
        assert len(after_fault) < len(site.items) or unfinished, "the disk never filled"
        assert once["lost"] == 0 and once["duplicated"] == 0 and once["stored"] == len(site.items)
        assert _query(db, "PRAGMA integrity_check") == [("ok",)]
        assert code == 0 and "Traceback" not in log.read_text(), log.read_text()[-3000:]


def test_a_read_only_data_directory_says_so_in_one_line_and_loses_nothing(
    tmp_path: Path,
) -> None:
    with LocalServer() as server, _tmpfs(tmp_path / "disk") as disk:
        site, env, db = _prepare(tmp_path, server)
        data = db.parent
        before = _stored(db)
        cli(env, "status")  # the last connection closes cleanly: no -wal or -shm file is left

        _remount(disk, "ro")
        try:
            lines = {
                "refresh --once": _fails(env, "refresh", "--once"),
                "feeds": _fails(env, "feeds"),
                "serve": _fails(env, "serve", "--port", str(free_port()), "--workers", "1"),
            }
        finally:
            _remount(disk, "rw")

        integrity = _query(db, "PRAGMA integrity_check")
        after_fault = _stored(db)
        cli(env, "refresh", "--once")
        once = _once(db, site)
        work = _count(db, "SELECT count(*) FROM storage_work")
        print(
            f"\nread-only: {len(before)} articles stored before; {lines}; after the fault "
            f"{len(after_fault)} stored, integrity {integrity}; remounted read-write: "
            f"refresh --once done, {work} work rows left\n{once}"
        )
        read_only = (
            f"broadsheet: error: the data directory {data} is read-only: make it (and the "
            "database file in it) writable for the user running Broadsheet and run again"
        )
        assert set(lines.values()) == {read_only}, lines
        assert integrity == [("ok",)] and after_fault == before
        assert once["lost"] == 0 and once["duplicated"] == 0 and once["stored"] == len(site.items)
        assert work == 0 and _query(db, "PRAGMA integrity_check") == [("ok",)]
