"""Starter data: the offline demo corpus loads into an empty database, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.pipeline.starter import load_starter
from broadsheet.storage import articles, feeds
from broadsheet.storage.models import Article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]


def test_offline_demo_corpus_loads_once() -> None:
    message = load_starter("offline")
    assert message.startswith("offline: loaded the demo corpus") and "0 rejected" in message
    n = articles.count()
    assert n >= 30
    rows = feeds.list_feeds()
    assert rows and all(not r.active and r.health == "disabled" for r in rows)
    assert Article.objects.filter(content_source="import").count() == n
    assert Article.objects.exclude(embeds=[]).exists()
    newest = articles.newest(1)[0].published_at
    assert (
        timedelta(minutes=25) < timezone.now() - newest < timedelta(minutes=35)
    )  # always looks fresh
    assert "skipped" in load_starter("offline")
    assert articles.count() == n


def test_none_mode_loads_nothing() -> None:
    assert "skipped" in load_starter("none")
    assert articles.count() == 0


def test_demo_feeds_hold_their_articles_and_editions_are_told_apart() -> None:
    load_starter("offline")
    rows = feeds.list_feeds()
    titles = [r.title for r in rows]
    assert len(titles) == len(set(titles)), titles  # no feed listed twice under one name
    assert "Continental Press Wire (DE)" in titles and "Continental Press Wire" in titles
    per_feed = {r.title: Article.objects.filter(feed_id=r.id).count() for r in rows}
    assert all(n > 0 for n in per_feed.values()), per_feed  # not "0 articles" on the feeds page
    assert sum(per_feed.values()) == articles.count()
    # The editions are one publisher: one outlet for the three Continental Press Wire feeds.
    wire = [r.id for r in rows if r.title.startswith("Continental Press Wire")]
    assert Article.objects.filter(feed_id__in=wire).values("source_id").distinct().count() == 1
