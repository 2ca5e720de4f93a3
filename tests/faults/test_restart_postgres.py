"""PostgreSQL restarted twice in the middle of a refresh: every role reconnects by itself, and
nothing is lost or doubled.

The test runs a PostgreSQL and a Redis of its own (never the shared ones other tests use), two
``broadsheet worker`` processes, ``broadsheet scheduler`` and ``broadsheet serve`` against it,
over feeds served slowly from 127.0.0.1. PostgreSQL is stopped twice and started again a few
seconds later: with ``pg_ctl stop -m immediate`` (a crash, no checkpoint) while feeds are being
fetched, then with ``-m fast`` (every session ended) while pages are fetched and extracted.
While it is down, every web page answers 503 with one plain line (no traceback, no debug
page); once it is back they answer 200 again, the same processes still running. At the end
every served item is stored exactly once, and the rows equal one in-process run's.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.faults._cluster import (
    Answer,
    cli,
    count,
    counts,
    environment,
    free_port,
    get,
    own_postgres,
    own_redis,
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
FEED_DELAY = 2.0  # seconds before each feed answers: the restart comes while feeds are fetched
PAGE_DELAY = 1.0  # seconds per page: the second restart comes while pages are fetched
LEASE = "5"  # BROADSHEET_WORK_LEASE_SECONDS: work whose task failed is claimed again soon
DOWN_SECONDS = 4.0
PAGES = ("/", "/latest/", "/search/?q=bridge", "/api/articles")
MESSAGE = "Broadsheet's database is unavailable right now; please try again in a minute."


def _plain_503(answer: Answer) -> bool:
    return (
        answer.status == 503
        and answer.content_type.startswith("text/plain")
        and answer.body.strip() == MESSAGE
    )


def _all_ok(web: str) -> bool:
    return all(get(web + page).status == 200 for page in PAGES)


def _while_down(web: str) -> list[Answer]:
    """Every page, asked again and again for DOWN_SECONDS while the database is down."""
    answers: list[Answer] = []
    until_t = time.monotonic() + DOWN_SECONDS
    while time.monotonic() < until_t:
        answers += [get(web + page) for page in PAGES]
        time.sleep(0.2)
    return answers


def test_postgres_restarted_mid_refresh_loses_and_doubles_nothing(tmp_path: Path) -> None:
    with own_postgres() as pg, own_redis(tmp_path) as redis, LocalServer() as server:
        broker = redis.url  # its own Redis too: other fault tests empty the shared one's database
        site = serve_site(server, FEEDS, ITEMS, PAGE_DELAY, FEED_DELAY)
        opml = write_opml(tmp_path / "feeds.opml", site.feed_urls)
        single_db, db = pg.database("single"), pg.database("cluster")
        single = environment(tmp_path / "single", single_db)
        cli(single, "migrate")
        cli(single, "import-opml", str(opml))
        cli(single, "refresh", "--once")
        expected = counts(single_db)
        assert expected["articles"] == len(site.items)
        server.clear()

        env = environment(
            tmp_path / "cluster",
            db,
            broker,
            BROADSHEET_WORK_LEASE_SECONDS=LEASE,
            BROADSHEET_SCHEDULER="false",  # the scheduler role runs on its own below
        )
        cli(env, "migrate")
        cli(env, "import-opml", str(opml))
        port = free_port()
        web = f"http://127.0.0.1:{port}"
        logs = {n: tmp_path / f"{n}.log" for n in ("w1", "w2", "scheduler", "web")}
        roles = {
            n: start(env, logs[n], "worker", "--concurrency", "1", "--name", f"{n}@test")
            for n in ("w1", "w2")
        }
        roles["web"] = start(env, logs["web"], "serve", "--port", str(port), "--workers", "1")
        try:
            until(
                "both workers ready and the web pages answering",
                lambda: (
                    all(logs[n].exists() and "ready." in logs[n].read_text() for n in ("w1", "w2"))
                    and _all_ok(web)
                ),
                90,
                *logs.values(),
            )
            roles["scheduler"] = start(
                env, logs["scheduler"], "scheduler", "--interval", "1", "--lock-seconds", "4"
            )
            feeds_asked = lambda: sum("/feeds/" in r.path for r in server.requests)  # noqa: E731
            until("the workers fetching feeds", lambda: feeds_asked() >= 2, 90, *logs.values())

            # 1. a crash while feeds are being fetched
            pg.stop("immediate")
            down_1 = _while_down(web)
            pg.start()
            web_back_1 = until("the web pages again", lambda: _all_ok(web), 60, *logs.values())
            stored_1 = count(db, "SELECT count(*) FROM storage_article")

            # 2. a clean, fast shutdown while pages are fetched and extracted
            from_page = "SELECT count(*) FROM storage_article WHERE content_source = 'page'"
            until("some pages extracted", lambda: count(db, from_page) >= 10, 120, *logs.values())
            extracted_2 = count(db, from_page)
            pg.stop("fast")
            down_2 = _while_down(web)
            pg.start()
            web_back_2 = until("the web pages again", lambda: _all_ok(web), 60, *logs.values())
            done = until_all_through(db, site, *logs.values())
            time.sleep(3)  # a task retried while its work was claimed again may still finish
            still_running = sorted(n for n, proc in roles.items() if proc.poll() is None)
        finally:
            stop(*roles.values())
        got = counts(db)
        once = stored_once(db, site)
        retries = sum(logs[n].read_text().count(" retry: Retry in ") for n in ("w1", "w2"))
        print(
            f"\nPostgreSQL crash (-m immediate) with {stored_1} of {len(site.items)} items stored "
            f"after it: {len(down_1)} page answers while down, {sum(map(_plain_503, down_1))} "
            f"plain 503s; pages 200 {web_back_1:.1f} s after the start\n"
            f"PostgreSQL -m fast with {extracted_2} articles extracted: {len(down_2)} answers "
            f"while down, {sum(map(_plain_503, down_2))} plain 503s; pages 200 "
            f"{web_back_2:.1f} s after the start; everything done {done:.1f} s after it; "
            f"{retries} task retries; still running: {', '.join(still_running)}\n"
            f"{once}\nsingle run: {expected}\ncluster:    {got}"
        )
        assert stored_1 < len(site.items), "the crash came too late: every feed was stored"
        assert extracted_2 < len(site.items), "the fast stop came too late: every page was done"
        assert down_1 and all(map(_plain_503, down_1)), {a.status for a in down_1}
        assert down_2 and all(map(_plain_503, down_2)), {a.status for a in down_2}
        assert still_running == sorted(roles), "a role died with the database"
        assert once["lost"] == 0 and once["duplicated"] == 0 and once["unknown"] == 0
        assert got == expected
        for name in ("w1", "w2"):  # tasks the outage failed were retried, none given up
            assert "raised unexpected" not in logs[name].read_text(), logs[name].read_text()[-3000:]
        assert "Traceback" not in logs["scheduler"].read_text(), logs["scheduler"].read_text()
        assert "Internal Server Error" not in logs["web"].read_text(), logs["web"].read_text()
