"""Refreshing real fixture feeds from a local server: stored once, 304s, health diagnoses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from broadsheet.pipeline import refresh_feeds
from broadsheet.storage import articles, feeds
from broadsheet.storage.models import Article, Feed, FetchLog
from tests.support.server import LocalServer
from tests.support.shared import FIXTURES, require

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

SKIP = {
    "slashdot.backslash.xml",
    "notafeed.html",
    "invalid-characters-gzipped.xml",
    "SOURCES.json",
    "EXPECTATIONS.md",
}


def _feed_files() -> list[Path]:
    root = require(FIXTURES / "feeds")
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.name not in SKIP and not p.name.endswith(".expected.json")
    )


@pytest.fixture
def fixture_server() -> Iterator[LocalServer]:
    with LocalServer(root=require(FIXTURES / "feeds")) as server:
        yield server


def _subscribe_all(server: LocalServer) -> list[int]:
    root = FIXTURES / "feeds"
    return [feeds.add_feed(server.url("/" + str(p.relative_to(root))))[0] for p in _feed_files()]


def test_every_fixture_item_is_stored_exactly_once(fixture_server: LocalServer) -> None:
    ids = _subscribe_all(fixture_server)
    first = refresh_feeds(ids)
    assert first.feeds == len(ids)
    stored = Article.objects.count()
    assert stored == first.new_items > 1000
    # every stored item is unique within its feed
    assert Article.objects.values("origin", "key_hash").distinct().count() == stored
    second = refresh_feeds(ids)
    assert second.new_items == 0 and second.updated_items == 0
    assert second.not_modified + second.failed == second.fetched
    assert second.not_modified >= 0.9 * len(ids)
    assert Article.objects.count() == stored
    assert FetchLog.objects.filter(not_modified=True).count() == second.not_modified


def test_broken_xml_is_recovered_and_diagnosed(fixture_server: LocalServer) -> None:
    feed_id, _ = feeds.add_feed(fixture_server.url("/publishers/elpais.rss.xml"))
    report = refresh_feeds([feed_id])
    assert report.new_items > 10 and report.failed == 0
    feed = Feed.objects.get(id=feed_id)
    assert feed.health == "damaged" and "line" in feed.health_message
    assert "recovered" in feed.damage


def test_not_a_feed_is_broken_with_reason(fixture_server: LocalServer) -> None:
    feed_id, _ = feeds.add_feed(fixture_server.url("/node-feedparser/notafeed.html"))
    report = refresh_feeds([feed_id])
    assert report.failed == 1
    feed = Feed.objects.get(id=feed_id)
    assert feed.health == "broken" and feed.health_message


@pytest.mark.parametrize(
    ("path", "state"),
    [
        ("/_/gone", "gone"),
        ("/_/challenge", "blocked"),
        ("/_/redirect-loop", "redirect_loop"),
        ("/_/invalid-xml?", None),
        ("/_/stall", "slow"),
        ("/_/bomb", "too_large"),
    ],
)
def test_misbehaving_servers_get_the_right_diagnosis(
    fixture_server: LocalServer, settings_env: object, path: str, state: str | None
) -> None:
    settings_env.setenv("BROADSHEET_FETCH_TIMEOUT", "1")  # type: ignore[attr-defined]
    feed_id, _ = feeds.add_feed(fixture_server.url(path))
    refresh_feeds([feed_id])
    feed = Feed.objects.get(id=feed_id)
    log = FetchLog.objects.get(feed_id=feed_id)
    assert feed.health_message
    if state:
        assert feed.health == state, feed.health_message
    else:  # malformed but recoverable, or unreadable: either way, never "ok" silently
        assert feed.health in {"damaged", "broken"}
    if state == "gone":
        assert not feed.active and "410" in feed.disabled_reason
    assert log.error_kind or feed.health == "damaged"


def test_permanent_redirect_updates_the_feed_url(fixture_server: LocalServer) -> None:
    feed_id, _ = feeds.add_feed(fixture_server.url("/_/moved/publishers/bbc.rss.xml"))
    refresh_feeds([feed_id])
    assert Feed.objects.get(id=feed_id).url == fixture_server.url("/publishers/bbc.rss.xml")


def test_updated_item_updates_its_article(tmp_path: Path) -> None:
    template = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://x.test/</link>'
        "<item><guid>urn:a</guid><title>{title}</title><link>http://x.test/a</link>"
        "<description>{body}</description></item></channel></rss>"
    )
    with LocalServer() as server:
        server.route(
            "/f.xml",
            body=template.format(title="First", body="one").encode(),
            headers={"Content-Type": "application/rss+xml"},
        )
        feed_id, _ = feeds.add_feed(server.url("/f.xml"))
        assert refresh_feeds([feed_id]).new_items == 1
        server.route(
            "/f.xml",
            body=template.format(title="Corrected", body="two").encode(),
            headers={"Content-Type": "application/rss+xml"},
        )
        report = refresh_feeds([feed_id])
    assert report.new_items == 0 and report.updated_items == 1
    only = Article.objects.get()
    assert only.title == "Corrected" and "two" in only.feed_summary_html


def test_deleted_feed_is_a_quiet_no_op() -> None:
    assert refresh_feeds([987654]).feeds == 0
    assert articles.count() == 0


def test_polling_interval_follows_the_feed_rhythm() -> None:
    from email.utils import format_datetime

    from django.utils import timezone

    now = timezone.now()
    items = "".join(
        f"<item><guid>urn:{h}</guid><title>Item {h}</title><link>http://x.test/{h}</link>"
        f"<pubDate>{format_datetime(now - timedelta(hours=h))}</pubDate></item>"
        for h in range(12)
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )
    with LocalServer() as server:
        server.route(
            "/hourly.xml", body=body.encode(), headers={"Content-Type": "application/rss+xml"}
        )
        feed_id, _ = feeds.add_feed(server.url("/hourly.xml"))
        refresh_feeds([feed_id])
        refresh_feeds([feed_id])  # unchanged: the rhythm learnt before is kept
    feed = Feed.objects.get(id=feed_id)
    assert feed.interval_minutes == 30
    assert timedelta(minutes=25) < feed.next_fetch_at - timezone.now() <= timedelta(minutes=31)
