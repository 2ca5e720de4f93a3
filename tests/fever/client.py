"""A Fever client written from the published protocol (https://feedafever.com/api), nothing else.

It signs in with md5("username:password") as ``api_key`` in a form body, names the call in the
query string (``?api&items&since_id=…``) and reads the JSON answers the way Reeder and Unread do:
ids as integers, id lists as comma-separated strings, times as Unix seconds.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.test import Client

ENDPOINT = "/fever/"


def api_key(username: str, password: str) -> str:
    """The key the protocol defines: md5 of "username:password", lower-case hex."""
    return hashlib.md5(f"{username}:{password}".encode()).hexdigest()


def id_set(text: str) -> set[int]:
    """Parse a comma-separated id list ("" is no ids)."""
    return {int(part) for part in text.split(",") if part}


class FeverClient:
    """Calls the endpoint as a Fever app does; every answer is checked to be protocol JSON."""

    def __init__(self, client: Client, key: str, endpoint: str = ENDPOINT) -> None:
        self.client, self.key, self.endpoint = client, key, endpoint

    def call(self, query: str, status: int = 200, **form: object) -> dict[str, Any]:
        response = self.client.post(f"{self.endpoint}?api&{query}", {"api_key": self.key, **form})
        assert response.status_code == status, response.content[:300]
        assert response["Content-Type"].startswith("application/json")
        body: dict[str, Any] = json.loads(response.content)
        assert body["api_version"] == 3
        return body

    def authenticated(self) -> bool:
        return self.call("")["auth"] == 1

    def groups(self) -> dict[str, Any]:
        return self.call("groups")

    def feeds(self) -> dict[str, Any]:
        return self.call("feeds")

    def items(self, **args: object) -> dict[str, Any]:
        query = "&".join(["items", *(f"{k}={v}" for k, v in args.items())])
        return self.call(query)

    def all_items(self) -> list[dict[str, Any]]:
        """Walk the whole item list up from since_id=0, 50 at a time, as a first sync does."""
        seen: list[dict[str, Any]] = []
        since = 0
        while True:
            page = self.items(since_id=since)["items"]
            if not page:
                return seen
            assert len(page) <= 50
            seen += page
            since = max(item["id"] for item in page)

    def unread(self) -> set[int]:
        return id_set(self.call("unread_item_ids")["unread_item_ids"])

    def saved(self) -> set[int]:
        return id_set(self.call("saved_item_ids")["saved_item_ids"])

    def mark(self, what: str, state: str, ident: int, **extra: object) -> dict[str, Any]:
        return self.call("", mark=what, **{"as": state}, id=ident, **extra)
