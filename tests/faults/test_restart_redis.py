"""Redis killed twice in the middle of a refresh: workers and scheduler reconnect by themselves,
the tasks it lost are claimed again, and nothing is lost or doubled.

The test runs a redis-server of its own (nothing saved to disk: a restart empties it), two
``broadsheet worker`` processes and ``broadsheet scheduler`` against it and a PostgreSQL
database, over feeds served slowly from 127.0.0.1. Redis is killed with ``kill -9`` while feeds
are being fetched, started again a few seconds later, then killed again while pages are
fetched. Every queued task, every task delivered and not yet acknowledged, and the scheduler's
lock go with it; the database still holds each feed's and each article's lease, so when a
lease expires the scheduler claims that work again and sends it anew. At the end every served
item is stored exactly once and the rows equal one in-process run's, with the same processes
still running.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.faults._cluster import (
    POSTGRES,
    OwnRedis,
    cli,
    count,
    counts,
    database,
    environment,
    own_redis,
    reachable,
    serve_site,
    start,
    stop,
    stored_once,
    until,
    until_all_through,
    write_opml,
)
from tests.support.server import LocalServer

pytestmark = [pytest.mark.faults, pytest.mark.slow]

FEEDS, ITEMS = 6, 10
FEED_DELAY = 2.0  # seconds before each feed answers: the first kill comes while they are fetched
PAGE_DELAY = 1.0  # seconds per page: the second kill comes while pages are fetched
LEASE = "5"  # BROADSHEET_WORK_LEASE_SECONDS: work whose task Redis lost is claimed again soon
DOWN_SECONDS = 4.0


def _connected(log: Path) -> int:
    return len(re.findall(r"Connected to redis://", log.read_text()))


def _outage(redis: OwnRedis, workers: list[Path]) -> float:
    """Kill Redis, start it again after DOWN_SECONDS; return seconds until the workers are
    connected again, counted from the start."""
    before = {log: _connected(log) for log in workers}
    redis.kill()
    time.sleep(DOWN_SECONDS)
    redis.start()
    return until(
        "the workers connected to Redis again",
        lambda: all(_connected(log) > before[log] for log in workers),
        120,
        *workers,
    )


def test_redis_killed_mid_refresh_loses_and_doubles_nothing(tmp_path: Path) -> None:
    if not POSTGRES or not reachable(POSTGRES, 5432):
        pytest.skip(
            f"needs PostgreSQL at TEST_POSTGRES_URL ({POSTGRES or 'not set'}); .ci/run sets it"
        )
    with (
        own_redis(tmp_path) as redis,
        LocalServer() as server,
        database() as single_db,
        database() as db,
    ):
        site = serve_site(server, FEEDS, ITEMS, PAGE_DELAY, FEED_DELAY)
        opml = write_opml(tmp_path / "feeds.opml", site.feed_urls)
        single = environment(tmp_path / "single", single_db)
        cli(single, "migrate")
        cli(single, "import-opml", str(opml))
        cli(single, "refresh", "--once")
        expected = counts(single_db)
        assert expected["articles"] == len(site.items)
        server.clear()

        env = environment(tmp_path / "cluster", db, redis.url, BROADSHEET_WORK_LEASE_SECONDS=LEASE)
        cli(env, "migrate")
        cli(env, "import-opml", str(opml))
        logs = {n: tmp_path / f"{n}.log" for n in ("w1", "w2", "scheduler")}
        workers = [logs["w1"], logs["w2"]]
        roles = {
            n: start(env, logs[n], "worker", "--concurrency", "1", "--name", f"{n}@test")
            for n in ("w1", "w2")
        }
        try:
            until(
                "both workers ready",
                lambda: all(log.exists() and "ready." in log.read_text() for log in workers),
                90,
                *workers,
            )
            roles["scheduler"] = start(
                env, logs["scheduler"], "scheduler", "--interval", "1", "--lock-seconds", "4"
            )
            feeds_asked = lambda: sum("/feeds/" in r.path for r in server.requests)  # noqa: E731
            until("the workers fetching feeds", lambda: feeds_asked() >= 2, 90, *logs.values())

            # 1. killed while feeds are being fetched
            stored_1 = count(db, "SELECT count(*) FROM storage_article")
            back_1 = _outage(redis, workers)

            # 2. killed while pages are fetched and extracted
            from_page = "SELECT count(*) FROM storage_article WHERE content_source = 'page'"
            until("some pages extracted", lambda: count(db, from_page) >= 10, 120, *logs.values())
            extracted_2 = count(db, from_page)
            back_2 = _outage(redis, workers)
            done = until_all_through(db, site, *logs.values())
            time.sleep(3)  # a task sent again for an expired lease may still be finishing
            still_running = sorted(n for n, proc in roles.items() if proc.poll() is None)
        finally:
            stop(*roles.values())
        got = counts(db)
        once = stored_once(db, site)
        scheduler_log = logs["scheduler"].read_text()
        led = scheduler_log.count("scheduler leading")
        print(
            f"\nRedis kill -9 with {stored_1} of {len(site.items)} items stored: workers connected "
            f"again {back_1:.1f} s after the restart\nRedis kill -9 with {extracted_2} articles "
            f"extracted: workers connected again {back_2:.1f} s after it; everything done "
            f"{done:.1f} s after that; the scheduler took the lock {led} times; still running: "
            f"{', '.join(still_running)}\n{once}\nsingle run: {expected}\ncluster:    {got}"
        )
        assert stored_1 < len(site.items), "the first kill came too late: every feed was stored"
        assert extracted_2 < len(site.items), "the second kill came too late: every page was done"
        assert still_running == sorted(roles), "a role died with Redis"
        assert led >= 2, "the scheduler never took its lock again after Redis restarted"
        assert once["lost"] == 0 and once["duplicated"] == 0 and once["unknown"] == 0
        assert got == expected
        assert "Traceback" not in scheduler_log, scheduler_log[-3000:]
        for log in workers:  # a task whose broker went away left its work leased, not failed
            assert "raised unexpected" not in log.read_text(), log.read_text()[-3000:]
