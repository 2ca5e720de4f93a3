"""Users, tokens and a few imported articles for the API tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.storage import feeds
from broadsheet.storage.reader import queries as reader

PASSWORD = "correct horse battery staple"


@dataclass
class Account:
    """A user and a JSON API token for them."""

    id: int
    username: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_account(username: str, *, staff: bool = False) -> Account:
    """Create a user with a password and a token."""
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=staff)
    return Account(user.id, username, reader.create_token(user.id, "tests"))


@pytest.fixture
def alice(db: None) -> Account:
    """An ordinary reader."""
    return make_account("alice")


@pytest.fixture
def editor(db: None) -> Account:
    """A staff user (may add and refresh feeds)."""
    return make_account("editor", staff=True)


def import_article(**overrides: object) -> int:
    """Import one article and return its id."""
    record = {
        "url": "https://news.example/tram",
        "title": "Tram line opens",
        "text": "The mayor opened the tram line.\n\nCrowds lined the route.",
        "published": (timezone.now() - timedelta(hours=1)).isoformat(),
        "source": "Example News",
        "authors": ["Ana Ruiz"],
    } | overrides
    return import_articles([json.dumps(record)]).ids[0]


@pytest.fixture
def articles(db: None) -> list[int]:
    """Five imported articles, newest first (ids)."""
    now = timezone.now()
    ids = [
        import_article(
            url=f"https://news.example/{i}",
            title=f"Story {i}",
            published=(now - timedelta(hours=i + 1)).isoformat(),
        )
        for i in range(5)
    ]
    return ids


@pytest.fixture
def feed_id(db: None) -> int:
    """A feed with no fetches yet."""
    return feeds.add_feed(
        "https://news.example/feed.xml",
        title="Example feed",
        site_url="https://news.example/",
        category=("News",),
    )[0]


@pytest.fixture
def api(client: Client) -> Client:
    """The Django test client (named for readability)."""
    return client


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """Hashing passwords properly is slow by design; tests need speed, not strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
