"""The pipeline side of ``web_load.py`` on PostgreSQL: what the Celery workers do meanwhile.

``broadsheet scheduler`` and two ``broadsheet worker`` processes over Redis refresh feeds
served from 127.0.0.1 by ``_feedgen.py`` (in its own process; imported here, never changed),
due one after another during the load, and take their articles through every step while the
pages are measured. A sampler notes the load average each minute and, from the database, the
local feeds' fetches, their articles stored and those still on their way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
WORKER_APP = "web_load-workers"  # the workers' PostgreSQL application_name
Procs = dict[str, subprocess.Popen[bytes]]


def start_pipeline(env: dict[str, str], broker: str, log: Path) -> Procs:
    """``broadsheet scheduler`` and two ``broadsheet worker`` (one task at a time each) over
    ``broker``, whose Redis database is emptied first (no task or lock of an earlier run)."""
    import redis

    redis.Redis.from_url(broker).flushdb()
    env = env | {
        "BROADSHEET_BROKER_URL": broker,
        "BROADSHEET_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",  # the local feeds
    }
    out = open(log, "ab")  # noqa: SIM115 - lives as long as the workers
    roles = {
        "scheduler": ["scheduler"],
        **{
            f"worker{k}": ["worker", "--concurrency", "1", "--name", f"web_load{k}@127.0.0.1"]
            for k in (1, 2)
        },
    }
    return {
        name: subprocess.Popen([str(BIN / "broadsheet"), *cmd], env=env, stdout=out, stderr=out)
        for name, cmd in roles.items()
    }


def local_feeds(count: int, spread_s: float) -> tuple[subprocess.Popen[str], list[int]]:
    """Serve ``count`` generated feeds from 127.0.0.1 (``_feedgen.py``, in its own process) and
    add them, due one after another over the next ``spread_s`` seconds (then every 10 minutes);
    the local feeds of earlier runs are switched off. Return the server and the feeds' ids."""
    from datetime import timedelta

    from django.utils import timezone

    from broadsheet.storage.models import Feed

    server = subprocess.Popen(
        [sys.executable, str(HERE / "_feedgen.py"), "--feeds", str(count), "--items", "20"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    port = int(server.stdout.readline())
    Feed.objects.filter(url__startswith="http://127.0.0.1:", url__contains="/feed/").update(
        active=False
    )
    now, run = timezone.now(), int(time.time())
    feeds = Feed.objects.bulk_create(
        Feed(
            url=f"http://127.0.0.1:{port}/feed/{i}.xml?run={run}",
            title=f"Local feed {i}",
            interval_minutes=10,
            next_fetch_at=now + timedelta(seconds=spread_s * i / count),
        )
        for i in range(count)
    )
    return server, [f.id for f in feeds]


class Sampler(threading.Thread):
    """Every ``every`` seconds, the load average and (on PostgreSQL) the local feeds' fetches,
    articles stored and articles still on their way through the pipeline."""

    def __init__(self, feeds: list[int], every: float = 60.0) -> None:
        super().__init__(daemon=True)
        self.feeds, self.every = feeds, every
        self.samples: list[dict[str, Any]] = []
        self.halt = threading.Event()
        self.t0 = time.time()

    def sample(self) -> dict[str, Any]:
        """One sample now."""
        out: dict[str, Any] = {"s": round(time.time() - self.t0), "load": os.getloadavg()}
        if self.feeds:
            out |= pipeline_counts(self.feeds)
        return out

    def run(self) -> None:
        while not self.halt.wait(self.every):
            self.samples.append(self.sample())
        from django.db import connection

        connection.close()


def pipeline_counts(feeds: list[int]) -> dict[str, int]:
    """The local feeds' fetches, their articles stored and those still waiting for a step."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM storage_fetchlog WHERE feed_id = ANY(%s)", [feeds])
        (fetches,) = cur.fetchone()
        cur.execute(
            "SELECT count(*), count(w.article_id) FROM storage_article a"
            " LEFT JOIN storage_work w ON w.article_id = a.id WHERE a.feed_id = ANY(%s)",
            [feeds],
        )
        stored, waiting = cur.fetchone()
    return {"fetches": fetches, "stored": stored, "waiting": waiting}


def wait_stored(feeds: list[int], limit: float = 300.0) -> None:
    """Wait until the workers have stored articles of the local feeds (they are working)."""
    deadline = time.time() + limit
    while pipeline_counts(feeds)["stored"] == 0:
        if time.time() > deadline:
            raise SystemExit(f"the workers stored no article in {limit:.0f} s: see pipeline.log")
        time.sleep(2)


def pipeline_summary(
    samples: list[dict[str, Any]], after: dict[int, float], before: dict[int, float]
) -> dict[str, Any]:
    """What the workers did while the pages were measured: fetches, articles stored, articles
    that went through every step, and their CPU (cores used on average)."""
    first, last = samples[0], samples[-1]
    seconds = max(1, last["s"] - first["s"])
    cpu = sum(v - before.get(pid, 0.0) for pid, v in after.items())
    return {
        "seconds": seconds,
        "fetches": last["fetches"] - first["fetches"],
        "stored": last["stored"] - first["stored"],
        "stored_total": last["stored"],
        "through_every_step": (last["stored"] - last["waiting"])
        - (first["stored"] - first["waiting"]),
        "waiting_at_end": last["waiting"],
        "cpu_s": cpu,
        "cores": cpu / seconds,
    }


def db_backends(app: str) -> list[int]:
    """Process ids of this database's PostgreSQL backends serving connections named ``app``."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s"
            " AND datname = current_database()",
            [app],
        )
        return [pid for (pid,) in cur.fetchall()]
