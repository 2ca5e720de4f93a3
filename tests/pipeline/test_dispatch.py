"""The same task runs inline without a broker and on a Celery worker with one."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from broadsheet.pipeline.dispatch import enqueue
from broadsheet.storage import feeds
from broadsheet.storage.models import Article, Feed
from tests.support.server import LocalServer
from tests.support.shared import FIXTURES, require

pytestmark = [pytest.mark.django_db(transaction=True)]

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    parts = urlsplit(REDIS)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=0.5
        ):
            return True
    except OSError:
        return False


@pytest.fixture
def feed_id() -> Iterator[int]:
    with LocalServer(root=require(FIXTURES / "feeds")) as server:
        yield feeds.add_feed(server.url("/publishers/bbc-world-2017.rss.xml"))[0]


def test_inline_without_broker(feed_id: int, settings_env: object) -> None:
    settings_env.setenv("BROADSHEET_EXTRACT_PAGES", "false")  # type: ignore[attr-defined]
    enqueue("refresh_feed", feed_id)
    assert Article.objects.filter(feed_id=feed_id).count() == 3


def test_unknown_task_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown task"):
        enqueue("nonsense", 1)


@pytest.mark.skipif(
    "TEST_REDIS_URL" not in os.environ and not _redis_up(),
    reason=f"needs Redis at {REDIS} (.ci/run starts one and sets TEST_REDIS_URL)",
)
def test_celery_worker_runs_the_same_task(feed_id: int, settings_env: object) -> None:
    from celery.contrib.testing.worker import start_worker

    settings_env.setenv("BROADSHEET_EXTRACT_PAGES", "false")  # type: ignore[attr-defined]
    settings_env.setenv("BROADSHEET_BROKER_URL", REDIS)  # type: ignore[attr-defined]
    from broadsheet.pipeline.celery_app import app

    app.conf.broker_url = REDIS
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        enqueue("refresh_feed", feed_id)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not Article.objects.filter(feed_id=feed_id).exists():
            time.sleep(0.2)
    assert Article.objects.filter(feed_id=feed_id).count() == 3
    assert Feed.objects.get(id=feed_id).health == "ok"
