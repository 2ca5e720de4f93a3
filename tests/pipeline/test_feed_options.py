"""A fixed refresh interval survives refreshes; the learnt one comes back when it is cleared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.pipeline import FeedEdit, edit_feed, refresh_feeds
from broadsheet.storage import feeds
from broadsheet.storage.models import Feed
from tests.support.server import LocalServer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://x/</link>'
    "<description>d</description><ttl>600</ttl></channel></rss>"
)


def test_fixed_interval_holds_across_refreshes() -> None:
    with LocalServer() as server:
        server.route("/rss", body=RSS, headers={"Content-Type": "application/rss+xml"})
        feed_id, _ = feeds.add_feed(server.url("/rss"))
        refresh_feeds([feed_id])
        learnt = Feed.objects.get().interval_minutes
        assert learnt >= 600  # the feed's ttl asks for ten hours
        edit_feed(None, feed_id, FeedEdit(interval=20))
        before = timezone.now()
        refresh_feeds([feed_id])
        feed = Feed.objects.get()
        assert feed.interval_minutes == 20
        assert before + timedelta(minutes=19) < feed.next_fetch_at < before + timedelta(minutes=21)
        edit_feed(None, feed_id, FeedEdit(interval=0))
        refresh_feeds([feed_id])
        assert Feed.objects.get().interval_minutes >= 600
