"""Fever and Google Reader read the feeds through the reading layer: another reader's own
(private) feed is not listed, counted or served, and its follower sees it."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from broadsheet.reading import set_fever_password
from broadsheet.storage import feeds
from broadsheet.storage.models import Article
from broadsheet.storage.reader import subscriptions
from tests.fever.client import FeverClient, api_key
from tests.fever.conftest import ACCOUNT_PASSWORD, Library

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


@pytest.fixture
def bobs_feed(library: Library) -> tuple[int, list[int]]:
    """Bob's own feed (followed by him alone) with two articles."""
    bob = User.objects.create_user("bob", "bob@example.org", ACCOUNT_PASSWORD)
    set_fever_password(bob.id, "bob fever password")
    feed_id = feeds.add_feed("https://bob.example/feed.xml", title="Bob's own")[0]
    subscriptions.follow(bob.id, feed_id, private=True)
    article = library.tech[0]
    rows = []
    for i in range(2):
        copy = Article.objects.get(id=article)
        copy.pk, copy.feed_id, copy.key_hash = None, feed_id, f"bob{i}"
        copy.origin, copy.url = f"feed:{feed_id}", f"https://bob.example/{i}"
        copy.save()
        rows.append(copy.id)
    return feed_id, rows


def test_fever_shows_a_private_feed_to_its_follower_only(
    client: Client, fever: FeverClient, library: Library, bobs_feed: tuple[int, list[int]]
) -> None:
    feed_id, bobs = bobs_feed
    assert feed_id not in {f["id"] for f in fever.feeds()["feeds"]}
    assert not set(bobs) & fever.unread()
    assert fever.items()["total_items"] == len(library.every)
    assert "no feed" in fever.mark("feed", "read", feed_id, status=404)["error"]
    bob = FeverClient(client, api_key("bob", "bob fever password"))
    assert feed_id in {f["id"] for f in bob.feeds()["feeds"]}
    assert set(bobs) <= bob.unread()


def test_google_reader_shows_a_private_feed_to_its_follower_only(
    client: Client, alice: int, library: Library, bobs_feed: tuple[int, list[int]]
) -> None:
    _, bobs = bobs_feed

    def view(username: str) -> tuple[set[str], int]:
        response = client.post(
            "/accounts/ClientLogin", {"Email": username, "Passwd": ACCOUNT_PASSWORD}
        )
        auth = dict(x.split("=", 1) for x in response.content.decode().splitlines())["Auth"]
        headers = {"Authorization": f"GoogleLogin auth={auth}"}
        subs = client.get("/reader/api/0/subscription/list", headers=headers).content
        counts = json.loads(client.get("/reader/api/0/unread-count", headers=headers).content)
        return {s["id"] for s in json.loads(subs)["subscriptions"]}, counts["max"]

    alice_subs, alice_max = view("alice")
    bob_subs, bob_max = view("bob")
    assert "feed/https://bob.example/feed.xml" not in alice_subs
    assert "feed/https://bob.example/feed.xml" in bob_subs
    assert alice_max == len(library.every) and bob_max == len(library.every) + len(bobs)
