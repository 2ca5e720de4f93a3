"""A reader with a Fever password, two feeds (one in a folder) and imported articles of no feed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.reading import set_fever_password
from broadsheet.storage import feeds
from broadsheet.storage.models import Article
from tests.fever.client import FeverClient, api_key

ACCOUNT_PASSWORD = "account password, not for apps"
FEVER_PASSWORD = "fever-app-password"
PER_FEED = 30  # two feeds and the imports make more than one 50-item page


@dataclass
class Library:
    """What the fixture stored: article ids per feed, the imported ids, and the feed ids."""

    tech: list[int]
    misc: list[int]
    imported: list[int]
    tech_feed: int
    misc_feed: int

    @property
    def every(self) -> set[int]:
        return set(self.tech) | set(self.misc) | set(self.imported)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """Hashing account passwords properly is slow by design; tests need speed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def alice(db: None) -> int:
    """A reader who set a Fever password; returns their id."""
    user = User.objects.create_user("alice", "alice@example.org", ACCOUNT_PASSWORD)
    set_fever_password(user.id, FEVER_PASSWORD)
    return int(user.id)


def _feed_articles(feed_id: int, name: str, hours: int) -> list[int]:
    now = timezone.now()
    return [
        Article.objects.create(
            origin=f"feed:{feed_id}",
            key_hash=f"{name}{i}",
            item_key=f"{name}{i}",
            key_kind="guid",
            feed_id=feed_id,
            url=f"https://{name}.example/{i}",
            title=f"{name} story {i}",
            html=f"<p>{name} {i}</p><script>alert({i})</script>",
            authors=["Ana Ruiz"],
            published_at=now - timedelta(hours=hours + i),
        ).id
        for i in range(PER_FEED)
    ]


@pytest.fixture
def library(db: None) -> Library:
    """Two feeds of 30 articles ("Tech" folder and none) and 3 imported articles of no feed."""
    tech = feeds.add_feed("https://tech.example/feed.xml", title="Tech feed", category=("Tech",))[0]
    misc = feeds.add_feed("https://misc.example/feed.xml", title="Misc feed")[0]
    now = timezone.now()
    records = [
        json.dumps(
            {
                "url": f"https://paper.example/{i}",
                "title": f"Imported {i}",
                "text": f"Imported text {i}.",
                "published": (now - timedelta(days=3, hours=i)).isoformat(),
                "source": "Paper",
            }
        )
        for i in range(3)
    ]
    imported = list(import_articles(records).ids)
    return Library(
        _feed_articles(tech, "tech", 1), _feed_articles(misc, "misc", 100), imported, tech, misc
    )


@pytest.fixture
def fever(client: Client, alice: int) -> FeverClient:
    """Alice's Fever app, signed in with her Fever password."""
    return FeverClient(client, api_key("alice", FEVER_PASSWORD))
