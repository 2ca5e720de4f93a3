"""kill -9 of a Celery worker in the middle of a page and extraction batch: nothing lost or doubled.

Feeds are stored first; their articles wait at the page step. Two ``broadsheet scheduler``
processes (one leads, one stands by) send the work to two ``broadsheet worker`` processes
(concurrency 1 each); the pages are served slowly from 127.0.0.1, so each batch takes longer
than the (short) work lease. When some pages have been served, one worker is killed with
``kill -9`` (its whole process group), and so is the leading scheduler; the killed worker is
started again. The batch the dead worker held is claimed again once its lease expires (its
article locks went with its database connection), the standby scheduler takes the lock over
once it expires, and every served item ends stored exactly once, extracted from its page, in
one story, with its search row, nothing at any step, no lease held: the same rows as one
in-process run over the same feeds.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.faults._cluster import (
    cli,
    count,
    counts,
    database,
    environment,
    kill_9,
    redis_url,
    serve_site,
    skip_without_services,
    start,
    stop,
    stored_once,
    until,
    until_all_through,
    write_opml,
)
from tests.support.server import LocalServer

pytestmark = [pytest.mark.faults, pytest.mark.slow]

FEEDS, ITEMS = 4, 10
PAGE_DELAY = 1.0  # seconds per page, 4 at a time per host: a batch of 25 takes ~7 s
LEASE = "5"  # BROADSHEET_WORK_LEASE_SECONDS: shorter than a batch, on purpose
LOCK_SECONDS = "4"  # the scheduler lock outlives a killed leader by this long


def _pages_served(server: LocalServer) -> int:
    return sum("/pages/" in r.path for r in server.requests)


def _leading(log: Path) -> bool:
    return log.exists() and "scheduler leading" in log.read_text()


def test_kill_9_of_a_worker_mid_batch_loses_and_doubles_nothing(tmp_path: Path) -> None:
    skip_without_services()
    broker = redis_url()
    with LocalServer() as server, database() as single_db, database() as db:
        site = serve_site(server, FEEDS, ITEMS, PAGE_DELAY)
        opml = write_opml(tmp_path / "feeds.opml", site.feed_urls)
        expected_items = len(site.items)

        single = environment(tmp_path / "single", single_db)
        cli(single, "migrate")
        cli(single, "import-opml", str(opml))
        cli(single, "refresh", "--once")
        expected = counts(single_db)
        assert expected["articles"] == expected_items and expected["from page"] == expected_items

        env = environment(tmp_path / "cluster", db, broker, BROADSHEET_WORK_LEASE_SECONDS=LEASE)
        cli(env, "migrate")
        cli(env, "import-opml", str(opml))
        cli(env, "refresh", "--once", "--no-extract")
        assert count(db, "SELECT count(*) FROM storage_work WHERE step = 'page'") == expected_items
        server.clear()

        logs = {n: tmp_path / f"{n}.log" for n in ("w1", "w2", "s1", "s2", "w1-again")}
        roles = {
            n: start(env, logs[n], "worker", "--concurrency", "1", "--name", f"{n}@test")
            for n in ("w1", "w2")
        }
        sched = ["scheduler", "--interval", "1", "--lock-seconds", LOCK_SECONDS]
        try:
            roles["s1"] = start(env, logs["s1"], *sched)
            until("a scheduler leads", lambda: _leading(logs["s1"]), 60, logs["s1"])
            roles["s2"] = start(env, logs["s2"], *sched)
            until(
                "both workers ready",
                lambda: all(
                    logs[n].exists() and "ready." in logs[n].read_text() for n in ("w1", "w2")
                ),
                90,
                logs["w1"],
                logs["w2"],
            )
            until("some pages served", lambda: _pages_served(server) >= 6, 90, *logs.values())
            assert not _leading(logs["s2"]), "two schedulers led at once"

            # kill -9 the worker in the middle of its batch, and the leading scheduler
            served_at_kill = _pages_served(server)
            in_flight = count(db, "SELECT count(*) FROM storage_work WHERE lease_until > now()")
            killed = kill_9(roles.pop("w1")) + kill_9(roles.pop("s1"))
            done_at_kill = count(
                db, "SELECT count(*) FROM storage_article WHERE content_source = 'page'"
            )
            assert done_at_kill < expected_items, "the kill came too late: all pages were done"
            w1_log = logs["w1"].read_text()
            received = len(re.findall(r"Task broadsheet\.run_step\[[^\]]+\] received", w1_log))
            finished = len(re.findall(r"Task broadsheet\.run_step\[[^\]]+\] succeeded", w1_log))
            assert received > finished, "the killed worker was not in the middle of a task"

            taken_over = until("the standby scheduler leads", lambda: _leading(logs["s2"]), 60)
            roles["w1-again"] = start(
                env, logs["w1-again"], "worker", "--concurrency", "1", "--name", "w1@test"
            )
            recovered = until(
                "every article through every step after the kill",
                lambda: counts(db)["work rows"] == 0,
                180,
                *logs.values(),
            )
            time.sleep(2)  # a task sent again for an expired lease may still be finishing
        finally:
            stop(*roles.values())
        got = counts(db)
        once = stored_once(db, site)
        pending = count(
            db, "SELECT count(*) FROM storage_article WHERE extraction_status = 'pending'"
        )
        leased = count(db, "SELECT count(*) FROM storage_work WHERE lease_until IS NOT NULL")
        print(
            f"\nkill -9 after {served_at_kill} of {expected_items} pages served: {killed} processes "
            f"killed, {done_at_kill} articles done, {in_flight} leased, killed worker mid-task "
            f"({received} received, {finished} finished); standby scheduler led after "
            f"{taken_over:.1f} s; all done {recovered:.1f} s after the restart\n"
            f"{once}\nsingle run: {expected}\ncluster:    {got}"
        )
        assert once["lost"] == 0 and once["duplicated"] == 0 and once["unknown"] == 0
        assert got == expected
        assert pending == 0 and leased == 0
        for name in ("w2", "s2", "w1-again"):
            assert "Traceback" not in logs[name].read_text(), logs[name].read_text()[-3000:]


FEED_DELAY = 3.0  # seconds before each feed answers: longer than a scheduler round


def test_kill_9_of_a_worker_mid_refresh_loses_and_doubles_nothing(tmp_path: Path) -> None:
    """Workers refresh feeds that answer slowly (the scheduler sends each due feed again every
    round while it is still being refreshed); one is killed while feeds are being fetched."""
    skip_without_services()
    broker = redis_url()
    with LocalServer() as server, database() as single_db, database() as db:
        site = serve_site(server, FEEDS, ITEMS, page_delay=0.0, feed_delay=FEED_DELAY)
        opml = write_opml(tmp_path / "feeds.opml", site.feed_urls)
        single = environment(tmp_path / "single", single_db)
        cli(single, "migrate")
        cli(single, "import-opml", str(opml))
        cli(single, "refresh", "--once")
        expected = counts(single_db)
        server.clear()

        env = environment(tmp_path / "cluster", db, broker, BROADSHEET_WORK_LEASE_SECONDS=LEASE)
        cli(env, "migrate")
        cli(env, "import-opml", str(opml))
        logs = {n: tmp_path / f"{n}.log" for n in ("w1", "w2", "s1", "w1-again")}
        roles = {
            n: start(env, logs[n], "worker", "--concurrency", "1", "--name", f"{n}@test")
            for n in ("w1", "w2")
        }
        try:
            until(
                "both workers ready",
                lambda: all(
                    logs[n].exists() and "ready." in logs[n].read_text() for n in ("w1", "w2")
                ),
                90,
                logs["w1"],
                logs["w2"],
            )
            roles["s1"] = start(
                env, logs["s1"], "scheduler", "--interval", "1", "--lock-seconds", "4"
            )
            feeds_asked = lambda: sum("/feeds/" in r.path for r in server.requests)  # noqa: E731
            until("the workers fetching feeds", lambda: feeds_asked() >= 1, 90, *logs.values())
            time.sleep(FEED_DELAY / 2)  # mid-fetch
            w1_log = logs["w1"].read_text()
            killed = kill_9(roles.pop("w1"))
            stored_at_kill = count(db, "SELECT count(*) FROM storage_article")
            received = len(re.findall(r"Task broadsheet\.refresh_feed\[[^\]]+\] received", w1_log))
            finished = len(re.findall(r"Task broadsheet\.refresh_feed\[[^\]]+\] succeeded", w1_log))
            assert stored_at_kill < len(site.items), "the kill came too late: every feed stored"
            assert received > finished, "the killed worker was not refreshing a feed"
            roles["w1-again"] = start(
                env, logs["w1-again"], "worker", "--concurrency", "1", "--name", "w1@test"
            )
            recovered = until_all_through(db, site, *logs.values())
            time.sleep(3)  # a refresh sent again while the first was running may still finish
        finally:
            stop(*roles.values())
        got = counts(db)
        once = stored_once(db, site)
        refreshes = sum(
            len(re.findall(r"Task broadsheet\.refresh_feed\[[^\]]+\] received", log.read_text()))
            for log in logs.values()
            if log.exists()
        )
        print(
            f"\nkill -9 mid-refresh: {killed} processes killed with {stored_at_kill} of "
            f"{len(site.items)} items stored, {received - finished} refresh running on it; "
            f"{refreshes} refresh tasks for {FEEDS} feeds in all; done {recovered:.1f} s after "
            f"the restart\n{once}\nsingle run: {expected}\ncluster:    {got}"
        )
        assert once["lost"] == 0 and once["duplicated"] == 0 and once["unknown"] == 0
        assert got == expected
        for name in ("w2", "s1", "w1-again"):
            assert "Traceback" not in logs[name].read_text(), logs[name].read_text()[-3000:]
