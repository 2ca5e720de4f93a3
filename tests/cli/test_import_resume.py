"""`broadsheet import-articles` stopped with Ctrl-C (SIGINT) mid-way says in one line how to
resume; running it again stores every line exactly once and takes each through every step,
on SQLite and on PostgreSQL (TEST_POSTGRES_URL)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults._cluster import POSTGRES, database, query

BIN = Path(sys.executable).parent / "broadsheet"
LINES = 240  # two chunks of the import's 200 lines: the interruption lands in the second
WORDS = ("harbour", "ferry", "council", "tram", "bridge", "museum", "school", "market")


def _jsonl(path: Path) -> Path:
    rows = []
    for i in range(LINES):
        a, b = WORDS[i % len(WORDS)], WORDS[(i // len(WORDS)) % len(WORDS)]
        rows.append(
            {
                "url": f"https://outlet{i % 7}.example/news/{i}",
                "title": f"The {a} and the {b}: report number {i}",
                "text": f"Maria Lopez said the {a} near the {b} opens on day {i}. "
                f"The {b} committee met {i % 5} times.",
                "source": f"Outlet {i % 7}",
                "published": f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@contextlib.contextmanager
def _store(kind: str, data_dir: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh data directory on SQLite or on a new PostgreSQL database."""
    env = os.environ | {"BROADSHEET_DATA_DIR": str(data_dir), "BROADSHEET_LOG_LEVEL": "error"}
    env.pop("BROADSHEET_BROKER_URL", None)
    env.pop("BROADSHEET_DATABASE_URL", None)
    if kind == "sqlite":
        yield env
        return
    if not POSTGRES:
        pytest.skip("needs PostgreSQL at TEST_POSTGRES_URL (not set)")
    with database() as url:
        env |= {"BROADSHEET_DATABASE_URL": url}
        subprocess.run([str(BIN), "migrate"], env=env, check=True, capture_output=True)
        yield env


def _sql(env: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    url = env.get("BROADSHEET_DATABASE_URL")
    if url:
        import psycopg

        try:
            return query(url, sql)
        except psycopg.errors.UndefinedTable:  # the tables are still being made
            return [(0,)]
    path = Path(env["BROADSHEET_DATA_DIR"]) / "broadsheet.sqlite3"
    if not path.exists():
        return [(0,)]
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as db:
        try:
            return db.execute(sql).fetchall()
        except sqlite3.OperationalError:  # the tables are still being made
            return [(0,)]


def _as_at_a_terminal() -> None:
    """In the child: SIGINT as a shell's foreground job has it (a background one ignores it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt_mid_way(env: dict[str, str], path: Path) -> subprocess.CompletedProcess[str]:
    """Start an import and, once it is in its second chunk, press Ctrl-C: SIGINT to its group."""
    proc = subprocess.Popen(
        [str(BIN), "import-articles", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_as_at_a_terminal,
    )
    deadline = time.monotonic() + 300
    while _sql(env, "SELECT count(*) FROM storage_article")[0][0] <= 200:  # in the 2nd chunk
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import stored no second chunk in 300 s"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_an_interrupted_import_resumes_without_duplicates(tmp_path: Path, kind: str) -> None:
    path = _jsonl(tmp_path / "articles.jsonl")
    with _store(kind, tmp_path / "data") as env:
        stopped = _interrupt_mid_way(env, path)
        assert stopped.returncode == 130, stopped.stderr
        lines = stopped.stderr.splitlines()
        message = [line for line in lines if line.startswith("broadsheet: import interrupted")]
        assert len(message) == 1 and "again to resume" in message[0], stopped.stderr
        assert f"broadsheet import-articles {path}" in message[0]
        assert "Traceback" not in stopped.stderr
        assert _sql(env, "SELECT count(*) FROM storage_article")[0][0] > 200
        assert _sql(env, "SELECT count(*) FROM storage_work")[0][0] > 0  # stopped mid-way

        again = subprocess.run(
            [str(BIN), "import-articles", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert again.returncode == 0, again.stderr
        assert "already imported (skipped)" in again.stdout  # the first chunk was not redone
        urls = [r[0] for r in _sql(env, "SELECT url FROM storage_article")]
        assert len(urls) == len(set(urls)) == LINES
        assert _sql(env, "SELECT count(*) FROM storage_work")[0][0] == 0  # every step done
        placed = _sql(env, "SELECT count(*) FROM stories_membership")[0][0]
        panels = _sql(env, "SELECT count(*) FROM storage_articlepanels")[0][0]
        assert placed == panels == LINES  # placed in a story, and through the last step
