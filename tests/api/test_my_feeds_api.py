"""The JSON API's own-feeds endpoints: list, rename and move, edit, unsubscribe; staff delete."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from broadsheet.pipeline import subscribe_reader
from broadsheet.storage import feeds
from broadsheet.storage.models import Article, Feed
from broadsheet.storage.reader import subscriptions as subs
from tests.api.conftest import Account, make_account

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _json(response: Any) -> Any:
    return json.loads(response.content)


def _private_feed(owner: Account, url: str = "https://own.example/feed.xml") -> int:
    feed_id, _ = feeds.add_feed(url, title="Own feed")
    subs.follow(owner.id, feed_id, private=True)
    return feed_id


def test_list_rename_move_and_unsubscribe(api: Client, alice: Account) -> None:
    shared, _ = feeds.add_feed("https://news.example/feed.xml", title="News")
    own = _private_feed(alice)
    listed = _json(api.get("/api/me/feeds", headers=alice.headers))
    assert {f["id"]: f["private"] for f in listed["items"]} == {shared: False, own: True}
    patched = api.patch(
        f"/api/me/feeds/{own}",
        {"title": "Mine", "folder": "Work/Daily", "interval_minutes": 45, "fetch_pages": False},
        content_type="application/json",
        headers=alice.headers,
    )
    body = _json(patched)
    assert patched.status_code == 200 and body["title"] == "Mine" and body["folder"] == "Work/Daily"
    assert body["interval_minutes"] == 45 and body["fetch_pages"] is False and body["may_edit"]
    # The shared feed: alice may rename it for herself but not change how it is fetched.
    refused = api.patch(
        f"/api/me/feeds/{shared}",
        {"interval_minutes": 30},
        content_type="application/json",
        headers=alice.headers,
    )
    assert refused.status_code == 403 and "staff" in _json(refused)["detail"]
    assert api.delete(f"/api/me/feeds/{own}", headers=alice.headers).status_code == 204
    assert not Feed.objects.filter(id=own).exists()  # her own feed went with her
    assert api.delete(f"/api/me/feeds/{shared}", headers=alice.headers).status_code == 204
    assert _json(api.get("/api/me/feeds", headers=alice.headers))["items"] == []
    assert Feed.objects.filter(id=shared).exists()


def test_others_feeds_are_invisible(api: Client, alice: Account) -> None:
    bob = make_account("bob")
    own = _private_feed(bob)
    assert own not in [
        f["id"] for f in _json(api.get("/api/me/feeds", headers=alice.headers))["items"]
    ]
    assert (
        api.patch(
            f"/api/me/feeds/{own}",
            {"title": "x"},
            content_type="application/json",
            headers=alice.headers,
        ).status_code
        == 404
    )
    assert api.delete(f"/api/me/feeds/{own}", headers=alice.headers).status_code == 404
    assert own not in [f["id"] for f in _json(api.get("/api/feeds"))["items"]]
    assert api.get(f"/api/feeds/{own}").status_code == 404


def test_staff_delete_keeps_saved_articles(api: Client, alice: Account, editor: Account) -> None:
    feed_id, _ = feeds.add_feed("https://news.example/feed.xml", title="News")
    for i in range(3):
        Article.objects.create(
            origin=f"feed:{feed_id}", key_hash=str(i), item_key=str(i), key_kind="guid",
            feed_id=feed_id, url=f"https://news.example/{i}", title=f"Item {i}",
        )  # fmt: skip
    keep = Article.objects.get(title="Item 1")
    api.put(
        f"/api/articles/{keep.id}/state",
        {"saved": True},
        content_type="application/json",
        headers=alice.headers,
    )
    assert api.delete(f"/api/feeds/{feed_id}", headers=alice.headers).status_code == 403
    gone = api.delete(f"/api/feeds/{feed_id}", headers=editor.headers)
    assert _json(gone) == {"deleted_articles": 2, "kept_saved_articles": 1}
    assert list(Article.objects.values_list("title", flat=True)) == ["Item 1"]


def test_subscribe_reader_refuses_a_bad_address(alice: Account) -> None:
    from broadsheet.errors import InvalidURLError

    with pytest.raises(InvalidURLError, match="Cannot subscribe"):
        subscribe_reader(alice.id, "ftp://x.example/feed")
