"""A reader's stream pages and list pages are kept, and never shown stale after they act or an
article arrives."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet import reading
from broadsheet.pipeline import import_articles
from broadsheet.reading import Stream, StreamFilter

pytestmark = pytest.mark.django_db

UNREAD = StreamFilter(exclude_read=True)


def _articles(n: int, start: int = 0) -> list[int]:
    now = timezone.now()
    records = [
        json.dumps(
            {
                "url": f"https://kept.example/{i}",
                "title": f"Harbour news item {i} about ferries and tides",
                "text": f"Item {i}: the harbour master reported the tide tables for the week.",
                "source": "Kept Gazette",
                "published": (now - timedelta(minutes=60 - i)).isoformat(),
            }
        )
        for i in range(start, start + n)
    ]
    return import_articles(records).ids


def _ids(user_id: int) -> list[int]:
    refs, _ = reading.item_refs(user_id, Stream("all"), UNREAD, 20)
    return [r.id for r in refs]


def _listed(user_id: int) -> list[int]:
    return [i.id for i in reading.feed_listing(user_id, limit=20).items]


def test_a_mark_shows_at_once_on_a_kept_page() -> None:
    ids = _articles(4)
    uid = User.objects.create_user("kim", "kim@example.org", "pw").id
    assert set(_ids(uid)) == set(ids) and set(_listed(uid)) == set(ids)
    reading.mark_read(uid, [ids[0]])
    assert ids[0] not in _ids(uid)
    assert ids[0] not in _listed(uid)


def test_a_new_article_shows_at_once_on_a_kept_page() -> None:
    ids = _articles(3)
    uid = User.objects.create_user("kim", "kim@example.org", "pw").id
    assert set(_ids(uid)) == set(ids) and set(_listed(uid)) == set(ids)
    (new,) = _articles(1, start=10)
    assert new in _ids(uid)
    assert new in _listed(uid)


def test_list_items_carry_no_html_but_stream_items_do() -> None:
    (aid,) = _articles(1)
    uid = User.objects.create_user("kim", "kim@example.org", "pw").id
    (listed,) = reading.feed_listing(uid, limit=5).items
    assert listed.id == aid and listed.html == ""
    (item,) = reading.reader_items(uid, [aid])
    assert "tide tables" in item.html
