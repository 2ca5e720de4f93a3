"""Plumbing for benchmarks/ingest_bench.py: the site's process, memory sampling, step timing,
a throwaway PostgreSQL database and Celery workers. Nothing here is timed by itself."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent


class SiteProcess:
    """benchmarks/_ingest_site.py in a child process (it competes for the CPU like a real site)."""

    def __init__(self, feeds: int, items: int) -> None:
        cmd = [sys.executable, str(HERE / "_ingest_site.py"), "--feeds", str(feeds)]
        self.proc = subprocess.Popen(
            [*cmd, "--items", str(items)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        self.base = f"http://127.0.0.1:{int(self.proc.stdout.readline())}"

    def close(self) -> None:
        """Stop the server (it serves until its stdin closes)."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


class PeakRss:
    """Samples, every 0.2 s, the RSS and CPU time of a process tree (the site's server left
    out): the peak of the summed RSS, and the CPU seconds the tree spent since the start."""

    def __init__(self, roots: list[int], exclude: set[int]) -> None:
        self.roots, self.exclude = roots, exclude
        self.peak_kib = 0
        self.first = {pid: _cpu_ticks(pid) for pid in self.tree()}
        self.last = dict(self.first)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def tree(self) -> list[int]:
        seen, todo = [], list(self.roots)
        while todo:
            pid = todo.pop()
            if pid in self.exclude or pid in seen:
                continue
            seen.append(pid)
            todo += _children(pid)
        return seen

    def _sample(self) -> None:
        pids = self.tree()
        self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in pids))
        for pid in pids:
            self.last[pid] = max(self.last.get(pid, 0), _cpu_ticks(pid))

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def stop(self) -> tuple[float, float]:
        """Stop sampling; return the peak RSS in MiB and the CPU seconds spent."""
        self._stop.set()
        self._thread.join()
        self._sample()
        ticks = sum(last - self.first.get(pid, 0) for pid, last in self.last.items())
        return self.peak_kib / 1024, ticks / os.sysconf("SC_CLK_TCK")


def time_steps() -> dict[str, list[float]]:
    """Wrap every step of pipeline/flow.py in a timer (in this process); return [seconds, runs, CPU s]."""
    from broadsheet.pipeline import flow

    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0])

    def timed(name: str, run):  # type: ignore[no-untyped-def]
        def wrapper(ids):  # type: ignore[no-untyped-def]
            t, cpu = time.perf_counter(), time.thread_time()
            try:
                return run(ids)
            finally:
                spent[name][0] += time.perf_counter() - t
                spent[name][1] += 1
                spent[name][2] += time.thread_time() - cpu

        return wrapper

    for name, step in list(flow.BY_NAME.items()):
        flow.BY_NAME[name] = replace(step, run=timed(name, step.run))
    return spent


@contextlib.contextmanager
def scratch_postgres(url: str) -> Iterator[str]:
    """A new empty database beside the one ``url`` names (dropped afterwards); yield its URL."""
    import psycopg

    name = f"broadsheet_ingest_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Workers:
    """N ``broadsheet worker`` processes (prefork, ``concurrency`` each) on this environment."""

    def __init__(self, n: int, concurrency: int, log: Path) -> None:
        self.log = log.open("w")
        self.procs = [
            subprocess.Popen(
                [
                    str(VENV_BIN / "broadsheet"),
                    "worker",
                    "--concurrency",
                    str(concurrency),
                    "--name",
                    f"ingest-bench-{i}-{os.getpid()}@localhost",
                ],
                stdout=self.log,
                stderr=subprocess.STDOUT,
                env=os.environ.copy(),
            )
            for i in range(n)
        ]

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Return once every worker answers a ping."""
        from broadsheet.pipeline.celery_app import app

        app.conf.broker_url = os.environ["BROADSHEET_BROKER_URL"]
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            replies = app.control.ping(timeout=1.0) or []
            mine = [r for r in replies if any(f"-{os.getpid()}@" in k for k in r)]
            if len(mine) >= len(self.procs):
                return
            if any(p.poll() is not None for p in self.procs):
                raise RuntimeError(f"a worker exited early; see {self.log.name}")
        raise RuntimeError(f"workers not ready after {timeout:g} s; see {self.log.name}")

    def pids(self) -> list[int]:
        """The workers' process IDs."""
        return [p.pid for p in self.procs]

    def stop(self) -> None:
        """Ask each worker to stop (SIGTERM, warm shutdown) and wait for it."""
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.log.close()
