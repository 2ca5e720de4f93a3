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
