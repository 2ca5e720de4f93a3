"""The storage migration that re-keys outlets splits host-merged outlets and keeps the rest."""

from __future__ import annotations

import hashlib
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from broadsheet.storage.models import Article, Feed, Source
from broadsheet.storage.reader.models import MutedSource

pytestmark = [pytest.mark.django_db, pytest.mark.storage]
rekey_outlets = importlib.import_module(
    "broadsheet.storage.migrations.0004_outlets_are_publishers"
).rekey_outlets


def _articles(source: Source | None, feed: Feed | None, n: int, tag: str) -> list[int]:
    ids = []
    for i in range(n):
        key = f"{tag}-{i}"
        ids.append(
            Article.objects.create(
                origin=f"feed:{feed.id}" if feed else "import",
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                item_key=key,
                key_kind="link",
                feed=feed,
                source=source,
                url=f"https://x.example/{key}",
                title=key,
            ).id
        )
    return ids


def test_a_host_merged_outlet_is_split_by_publisher() -> None:
    merged = Source.objects.create(domain="127.0.0.1", name="Broken Gazette")
    local = "http://127.0.0.1:8000"
    made = {}
    for n, title in enumerate(["Broken Gazette", "Quiet Ledger", "Harbour Herald"]):
        feed = Feed.objects.create(
            url=f"{local}/{n}.xml", title=title, site_url=f"{local}/", source=merged
        )
        made[title] = (feed, _articles(merged, feed, 3, f"f{n}"))
    feedless = _articles(merged, None, 2, "import")
    ben = User.objects.create_user("ben")
    MutedSource.objects.create(user=ben, source=merged)

    rekey_outlets(apps)

    for title, (feed, ids) in made.items():
        feed.refresh_from_db()
        assert feed.source.name == title
        assert feed.source.domain == f"127.0.0.1:8000/{title.lower().replace(' ', '-')}"
        assert set(Article.objects.filter(id__in=ids).values_list("source_id", flat=True)) == {
            feed.source_id
        }
        assert MutedSource.objects.filter(user=ben, source=feed.source).exists()
    # articles without a feed stay on their host outlet, which therefore stays
    assert set(Article.objects.filter(id__in=feedless).values_list("source", flat=True)) == {
        merged.id
    }
    assert Source.objects.filter(id=merged.id, domain="127.0.0.1").exists()
    assert Source.objects.count() == 4
    rekey_outlets(apps)  # running it again changes nothing
    assert Source.objects.count() == 4


def test_publishers_stay_merged_tenants_split_and_given_names_stay() -> None:
    bbc = Source.objects.create(domain="bbc.co.uk", name="BBC News - World")
    world = Feed.objects.create(
        url="https://feeds.bbci.co.uk/news/world/rss.xml",
        title="BBC News - World",
        site_url="https://www.bbc.co.uk/news/world",
        source=bbc,
    )
    business = Feed.objects.create(
        url="https://feeds.bbci.co.uk/news/business/rss.xml",
        title="BBC News - Business",
        site_url="https://www.bbc.co.uk/news/business",
        source=bbc,
    )
    medium = Source.objects.create(domain="medium.com", name="Alice writes")
    alice = Feed.objects.create(
        url="https://medium.com/feed/@alice", title="Alice writes", source=medium
    )
    bob = Feed.objects.create(url="https://medium.com/feed/@bob", title="Bob writes", source=medium)
    alice_ids = _articles(medium, alice, 2, "alice")
    bob_ids = _articles(medium, bob, 2, "bob")
    mobile = Source.objects.create(domain="m.lamp.example", name="Lamp (regional)")
    lamp = Feed.objects.create(url="https://m.lamp.example/feed", title="Lamp", source=mobile)

    rekey_outlets(apps)

    world.refresh_from_db()
    business.refresh_from_db()
    assert world.source_id == business.source_id == bbc.id
    assert Source.objects.get(id=bbc.id).name == "BBC News"  # the feeds' shared name
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.source.domain, alice.source.name) == ("medium.com/@alice", "Alice writes")
    assert (bob.source.domain, bob.source.name) == ("medium.com/@bob", "Bob writes")
    assert {a.source_id for a in Article.objects.filter(id__in=alice_ids)} == {alice.source_id}
    assert {a.source_id for a in Article.objects.filter(id__in=bob_ids)} == {bob.source_id}
    assert not Source.objects.filter(domain="medium.com").exists()  # left empty: deleted
    lamp.refresh_from_db()
    assert (lamp.source.domain, lamp.source.name) == ("lamp.example", "Lamp (regional)")
