"""A reader, two feeds (one in a folder) and imported articles of no feed, and a client."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.storage import feeds
from broadsheet.storage.models import Article

PASSWORD = "greader test password"
API = "/reader/api/0/"


class Reader:
    """A Google Reader client over the Django test client, signed in with ClientLogin."""

    def __init__(self, client: Client, username: str = "alice") -> None:
        response = client.post("/accounts/ClientLogin", {"Email": username, "Passwd": PASSWORD})
        assert response.status_code == 200, response.content
        auth = dict(line.split("=", 1) for line in response.content.decode().splitlines())["Auth"]
        self.client, self.headers = client, {"Authorization": f"GoogleLogin auth={auth}"}

    def get(self, path: str, status: int = 200, **params: Any) -> Any:
        response = self.client.get(path, params, headers=self.headers)
        assert response.status_code == status, response.content[:300]
        return response

    def json(self, path: str, **params: Any) -> Any:
        return json.loads(self.get(API + path, **params).content)

    def post(self, path: str, data: dict[str, Any]) -> bytes:
        token = self.get(API + "token").content.decode()
        response = self.client.post(API + path, {**data, "T": token}, headers=self.headers)
        assert response.status_code == 200, response.content[:300]
        return bytes(response.content)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Hashing passwords properly is slow by design; tests need speed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reader(db: None, client: Client) -> Reader:
    """Alice, signed in."""
    User.objects.create_user("alice", "alice@example.org", PASSWORD)
    return Reader(client)


@pytest.fixture
def stocked(db: None) -> dict[str, list[int]]:
    """Tech feed (folder Tech, 4 articles), Misc feed (3) and 3 imported articles: 2 of the
    outlet Paper, 1 of no outlet at all (no URL to name one)."""
    now = timezone.now()
    ids: dict[str, list[int]] = {}
    for name, count, folder in (("tech", 4, ("Tech",)), ("misc", 3, ())):
        feed = feeds.add_feed(
            f"https://{name}.example/feed.xml",
            title=f"{name.title()} feed",
            site_url=f"https://{name}.example/",
            category=folder,
        )[0]
        ids[f"{name}_feed"] = [feed]
        ids[name] = [
            Article.objects.create(
                origin=f"feed:{feed}",
                key_hash=f"{name}{i}",
                item_key=f"{name}{i}",
                key_kind="guid",
                feed_id=feed,
                url=f"https://{name}.example/{i}",
                title=f"{name} story {i}",
                html=f'<p onclick="x()">{name} {i}</p><script>alert(1)</script>',
                authors=["Ana Ruiz"],
                published_at=now - timedelta(hours=i + (0 if name == "tech" else 10)),
            ).id
            for i in range(count)
        ]
    records = [
        {
            "url": f"https://paper.example/{i}",
            "title": f"Imported {i}",
            "text": f"Imported text {i}.",
            "published": (now - timedelta(days=2, hours=i)).isoformat(),
            "source": "Paper",
        }
        for i in range(2)
    ]
    ids["imported"] = list(import_articles([json.dumps(r) for r in records]).ids)
    ids["orphan"] = [
        Article.objects.create(
            origin="import",
            key_hash="orphan",
            item_key="orphan",
            key_kind="guid",
            title="Of no outlet",
            text="Nobody's text.",
            published_at=now - timedelta(days=3),
        ).id
    ]
    return ids
