"""The storage writes a refresh batch makes: many feeds' items, fetches and outlet moves at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.health import FetchOutcome
from broadsheet.parse import parse_feed
from broadsheet.storage import articles, feeds
from broadsheet.storage.articles import FeedDocument
from broadsheet.storage.feeds import FeedFetchUpdate, OutletRef
from broadsheet.storage.models import Article, Feed, FetchLog, Source
from broadsheet.storage.reader.accounts import create_user
from broadsheet.storage.reader.models import MutedSource

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _doc(feed_id: int, guids: list[str]) -> FeedDocument:
    items = "".join(
        f"<item><guid>{g}</guid><title>{g}</title><link>http://x.test/{g}</link></item>"
        for g in guids
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )
    return FeedDocument(feed_id, parse_feed(body.encode(), "http://x.test/feed.xml"))


def test_many_feeds_store_each_item_once_and_skip_what_is_stored() -> None:
    a, _ = feeds.add_feed("http://a.test/feed.xml")
    b, _ = feeds.add_feed("http://b.test/feed.xml")
    gone, _ = feeds.add_feed("http://gone.test/feed.xml")
    first = articles.store_feed_items(a, _doc(a, ["one"]).parsed)
    Feed.objects.filter(id=gone).delete()
    stored = articles.store_feed_documents(
        [_doc(a, ["one", "two", "two"]), _doc(b, ["one", "three"]), _doc(gone, ["x"])]
    )
    assert set(stored) == {a, b}  # the deleted feed is left out
    assert len(stored[a].new_ids) == 1 and stored[a].updated_ids == ()
    assert len(stored[b].new_ids) == 2  # the same guid in another feed is another item
    assert Article.objects.count() == 4
    assert first.new_ids[0] not in stored[a].new_ids
    again = articles.store_feed_documents([_doc(a, ["one", "two"]), _doc(b, ["one", "three"])])
    assert all(r.new_ids == () and r.updated_ids == () for r in again.values())
    assert Article.objects.count() == 4


def _update(etag: str, *, ok: bool = True, title: str = "") -> FeedFetchUpdate:
    now = timezone.now()
    outcome = FetchOutcome(
        at=now,
        status=200 if ok else 503,
        error_kind="" if ok else "http_status",
        error_message="" if ok else "HTTP 503",
    )
    return FeedFetchUpdate(
        outcome=outcome,
        url="http://x.test/",
        etag=etag if ok else None,
        next_fetch_at=now + timedelta(minutes=30),
        health="ok" if ok else "failing",
        health_message="fine" if ok else "HTTP 503",
        metadata={"title": title} if title else {},
    )


def test_apply_fetches_records_each_feed_without_overwriting_what_was_set() -> None:
    named, _ = feeds.add_feed("http://named.test/feed.xml", title="My own name")
    fresh, _ = feeds.add_feed("http://fresh.test/feed.xml")
    failing, _ = feeds.add_feed("http://failing.test/feed.xml")
    gone, _ = feeds.add_feed("http://gone.test/feed.xml")
    Feed.objects.filter(id=failing).update(consecutive_failures=2)
    Feed.objects.filter(id=gone).delete()
    alive = feeds.apply_fetches(
        [
            (named, _update('"n"', title="Feed title")),
            (fresh, _update('"f"', title="Feed title")),
            (failing, _update("", ok=False)),
            (gone, _update('"g"')),
        ]
    )
    assert alive == {named, fresh, failing}
    rows = {f.id: f for f in Feed.objects.all()}
    assert rows[named].title == "My own name" and rows[named].etag == '"n"'
    assert rows[fresh].title == "Feed title" and rows[fresh].etag == '"f"'
    assert rows[failing].consecutive_failures == 3 and rows[failing].health == "failing"
    assert rows[named].consecutive_failures == 0 and rows[named].last_success_at is not None
    assert sorted(FetchLog.objects.values_list("feed_id", flat=True)) == sorted(alive)


def test_place_feeds_moves_several_feeds_and_retires_their_old_outlet() -> None:
    old = OutletRef("old.test", "Old")
    one, _ = feeds.add_feed("http://one.test/feed.xml", outlet=old)
    two, _ = feeds.add_feed("http://two.test/feed.xml", outlet=old)
    old_id = Feed.objects.get(id=one).source_id
    articles.store_feed_items(one, _doc(one, ["a"]).parsed)
    user_id = create_user("reader", "a long enough password")
    MutedSource.objects.create(user_id=user_id, source_id=old_id)
    placed = feeds.place_feeds({one: OutletRef("new.test", "New"), two: OutletRef("new.test")})
    new_id = Source.objects.get(domain="new.test").id
    assert placed == {one: new_id, two: new_id}
    assert not Source.objects.filter(id=old_id).exists()  # no feeds, no articles left
    assert set(Article.objects.values_list("source_id", flat=True)) == {new_id}
    assert list(MutedSource.objects.values_list("source_id", flat=True)) == [new_id]
    assert Source.objects.get(id=new_id).name == "New"
