"""Two Celery workers racing on one batch store every article once.

The same batches of article IDs are sent twice each (the same task delivered twice) to two
``broadsheet worker`` processes at once, so both run every batch at the same moment; the
steps after it are handed on by whichever finishes first. Then, for each later step in turn,
every article is put back at that step and its batches are again sent twice at once, so the
two workers race on every step that writes (dedupe, cluster, enrich, index, summarize). The rows left (articles, story
memberships, tags, entity mentions, quotes, search rows) must equal those of one in-process
run over the same served feeds, and no work may be left behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults._cluster import (
    cli,
    counts,
    database,
    environment,
    query,
    redis_url,
    serve_site,
    skip_without_services,
    start,
    stop,
    stored_once,
    until,
    write_opml,
)
from tests.support.server import LocalServer

pytestmark = [pytest.mark.faults, pytest.mark.slow]

FEEDS, ITEMS, BATCH = 6, 5, 10
PAGE_DELAY = 0.2  # the two runs of a batch overlap while its pages are fetched
AGAIN = ("dedupe", "cluster", "enrich", "index", "summarize")  # raced again, each in turn
QUEUE = {"page": "pages"}  # every other step's queue is "articles" (pipeline/flow.py)


def _queued(broker: str) -> int:
    """Messages waiting in the pipeline's queues or delivered and not yet acknowledged."""
    import redis

    r = redis.Redis.from_url(broker)
    waiting = sum(int(r.llen(q)) for q in ("celery", "pages", "articles", "summaries"))
    return waiting + int(r.hlen("unacked"))


_AT_STEP = (
    "INSERT INTO storage_work (article_id, step, not_before, attempts, last_error, page_url,"
    " page_error, page_attempts, created_at) SELECT id, '{step}', now(), 0, '', '', '', 0, now()"
    " FROM storage_article RETURNING article_id"
)


def test_the_same_batch_on_two_workers_at_once_stores_every_article_once(
    tmp_path: Path,
) -> None:
    skip_without_services()
    from celery import Celery

    broker = redis_url()
    with LocalServer() as server, database() as single_db, database() as race_db:
        site = serve_site(server, FEEDS, ITEMS, PAGE_DELAY)
        opml = write_opml(tmp_path / "feeds.opml", site.feed_urls)

        # what one in-process run stores
        single = environment(tmp_path / "single", single_db)
        cli(single, "migrate")
        cli(single, "import-opml", str(opml))
        cli(single, "refresh", "--once")
        expected = counts(single_db)
        assert expected["articles"] == len(site.items) and expected["work rows"] == 0

        # the same feeds stored, their articles waiting at the first step, for the workers
        race = environment(tmp_path / "race", race_db, broker)
        cli(race, "migrate")
        cli(race, "import-opml", str(opml))
        cli(race, "refresh", "--once", "--no-extract")
        ids = [r[0] for r in query(race_db, "SELECT article_id FROM storage_work ORDER BY 1")]
        assert len(ids) == len(site.items)

        logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
        workers = [
            start(race, log, "worker", "--concurrency", "1", "--name", f"race{n}@test")
            for n, log in enumerate(logs, 1)
        ]
        try:
            until(
                "both workers ready",
                lambda: (
                    all("ready." in log.read_text() for log in logs if log.exists())
                    and all(log.exists() for log in logs)
                ),
                90,
                *logs,
            )
            sender = Celery(broker=broker)
            batches = [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]
            took = []
            for step in ("page", *AGAIN):
                if step != "page":  # every article back at this step, due now
                    query(race_db, _AT_STEP.format(step=step))
                for batch in batches:
                    for _ in range(2):  # delivered twice: each worker takes one copy
                        sender.send_task(
                            "broadsheet.run_step",
                            args=[step, batch],
                            queue=QUEUE.get(step, "articles"),
                        )
                took.append(
                    until(
                        f"every article through every step from {step}, nothing queued",
                        lambda: counts(race_db)["work rows"] == 0 and _queued(broker) == 0,
                        240,
                        *logs,
                    )
                )
        finally:
            stop(*workers)
        got = counts(race_db)
        once = stored_once(race_db, site)
        ran = [log.read_text().count("Task broadsheet.run_step") for log in logs]
        print(
            f"\nrace: {len(batches)} batches sent twice to 2 workers from each of "
            f"{1 + len(AGAIN)} steps, done in {', '.join(f'{t:.1f}' for t in took)} s "
            f"(tasks logged per worker: {ran}); {once}\nsingle run: {expected}\nworkers:    {got}"
        )
        assert once["lost"] == 0 and once["duplicated"] == 0 and once["unknown"] == 0
        assert got == expected
        for log in logs:
            assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
