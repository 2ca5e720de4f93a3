"""A refresh writes many feeds per transaction, and one feed that cannot be stored costs only itself.

The batch falls back to writing feed by feed: the feed that failed keeps its old validators (so
the next refresh fetches it again and stores its items once), every other feed of the batch is
stored with its fetch log, validators and work rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from broadsheet.pipeline import _refresh, refresh_feeds
from broadsheet.storage import feeds
from broadsheet.storage.models import Article, Feed, FetchLog, Work
from tests.support.server import LocalServer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

FEEDS, ITEMS = 10, 3  # ten feeds: parsed in the pool and written as one batch


def _rss(n: int) -> bytes:
    items = "".join(
        f"<item><guid>urn:{n}:{i}</guid><title>Item {i} of {n}</title>"
        f"<link>http://site{n}.test/{i}</link><description>Text {i}.</description></item>"
        for i in range(ITEMS)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {n}</title>'
        f"<link>http://site{n}.test/</link><description>d</description>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def served() -> Iterator[tuple[LocalServer, list[int]]]:
    with LocalServer() as server:
        for n in range(FEEDS):
            body = _rss(n)
            server.route_fn(
                f"/{n}.xml",
                lambda req, body=body, n=n: server.serve_bytes(
                    req, lambda: body, f'"v{n}"', 1_700_000_000, "application/rss+xml"
                ),
            )
        yield server, [feeds.add_feed(server.url(f"/{n}.xml"))[0] for n in range(FEEDS)]


def _failing_for(bad: int, monkeypatch: pytest.MonkeyPatch) -> None:
    real = _refresh.articles.store_feed_documents

    def store(docs: Sequence[Any], now: Any = None) -> Any:
        if any(d.feed_id == bad for d in docs):
            raise RuntimeError("disk on fire")
        return real(docs, now)

    monkeypatch.setattr(_refresh.articles, "store_feed_documents", store)


def test_a_feed_that_cannot_be_stored_leaves_the_rest_of_its_batch_stored(
    served: tuple[LocalServer, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, ids = served
    bad = ids[3]
    _failing_for(bad, monkeypatch)
    report = refresh_feeds(ids)
    assert report.failed == 1 and "disk on fire" in report.errors[bad]
    assert report.new_items == (FEEDS - 1) * ITEMS == Article.objects.count()
    assert Work.objects.count() == (FEEDS - 1) * ITEMS  # every stored item queued, once
    assert not Article.objects.filter(feed_id=bad).exists()
    assert not FetchLog.objects.filter(feed_id=bad).exists()
    assert Feed.objects.get(id=bad).etag == ""  # its old validators: fetched in full next time
    assert set(FetchLog.objects.values_list("feed_id", flat=True)) == set(ids) - {bad}

    monkeypatch.undo()
    again = refresh_feeds(ids)
    assert again.failed == 0 and again.new_items == ITEMS  # only the feed that failed
    assert again.not_modified == FEEDS - 1
    assert Article.objects.count() == FEEDS * ITEMS
    assert Article.objects.values("origin", "key_hash").distinct().count() == FEEDS * ITEMS
    assert Feed.objects.get(id=bad).etag == f'"v{ids.index(bad)}"'


def test_a_batch_records_every_feed_once_with_its_own_validators(
    served: tuple[LocalServer, list[int]],
) -> None:
    _, ids = served
    refresh_feeds(ids)
    second = refresh_feeds(ids)
    assert second.not_modified == FEEDS and second.new_items == 0
    rows = dict(Feed.objects.values_list("id", "etag"))
    assert rows == {feed_id: f'"v{n}"' for n, feed_id in enumerate(ids)}
    assert FetchLog.objects.count() == 2 * FEEDS
    assert FetchLog.objects.filter(not_modified=True).count() == FEEDS
    assert set(Feed.objects.values_list("health", flat=True)) == {"ok"}
