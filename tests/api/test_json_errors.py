"""Malformed requests get a 4xx with a JSON message, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.api.conftest import Account

pytestmark = pytest.mark.django_db

BAD_GETS = [
    ("/api/articles?limit=0", 422, "limit"),
    ("/api/articles?limit=100000", 422, "limit"),
    ("/api/articles?limit=abc", 422, "limit"),
    ("/api/articles?offset=-1", 422, "offset"),
    ("/api/articles?offset=99999999999999999999", 422, "offset"),
    ("/api/articles?feed=abc", 422, "feed"),
    ("/api/articles?cursor=not-a-cursor", 400, "cursor"),
    ("/api/articles?cursor=" + "A" * 300, 422, "cursor"),
    ("/api/articles/999999", 404, "999999"),
    ("/api/articles/0", 422, "article_id"),
    ("/api/articles/99999999999999999999999", 422, "article_id"),
    ("/api/articles/abc", 422, "article_id"),
    ("/api/feeds/424242", 404, "424242"),
    ("/api/feeds?limit=201", 422, "limit"),
    ("/api/search", 422, "q"),
    ("/api/search?q=tram&page=0", 422, "page"),
    ("/api/search?q=tram&since=yesterday", 422, "since"),
    ("/api/comments?article=1&story=2", 422, "exactly one"),
    ("/api/comments", 422, "exactly one"),
]


@pytest.mark.parametrize(("url", "status", "mentions"), BAD_GETS)
def test_bad_reads(api: Client, url: str, status: int, mentions: str) -> None:
    response = api.get(url)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert mentions in json.loads(response.content)["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer nope",
        "Basic YWxpY2U6eA==",
        "Bearer " + "x" * 5000,
        "bearer  ",
    ],
)
def test_bad_tokens_are_401_json(api: Client, articles: list[int], header: str) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.put(
        f"/api/articles/{articles[0]}/state",
        {"read": True},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 401
    assert "token" in json.loads(response.content)["detail"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        ('{"read": "sometimes"}', 422),
        ("[]", 422),
        ('"text"', 422),
        ("", 422),
    ],
)
def test_bad_bodies(
    api: Client, alice: Account, articles: list[int], body: str, status: int
) -> None:
    response = api.put(
        f"/api/articles/{articles[0]}/state",
        body,
        content_type="application/json",
        headers=alice.headers,
    )
    assert response.status_code == status, response.content
    assert json.loads(response.content)["detail"]


def test_state_of_unknown_article_is_404(api: Client, alice: Account) -> None:
    response = api.put(
        "/api/articles/999999/state",
        {"read": True},
        content_type="application/json",
        headers=alice.headers,
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"url": ""},
        {"url": "ftp://x"},
        {"url": "not a url"},
        {"url": 5},
        {"url": "https://x.example/" + "a" * 3000},
    ],
)
def test_bad_feed_bodies(api: Client, editor: Account, body: dict) -> None:  # type: ignore[type-arg]
    response = api.post("/api/feeds", body, content_type="application/json", headers=editor.headers)
    assert response.status_code == 422, response.content


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": "hi"},
        {"text": "hi", "article_id": 1, "story_id": 1},
        {"text": "", "article_id": 1},
        {"text": "hi", "article_id": "one"},
    ],
)
def test_bad_comment_bodies(api: Client, alice: Account, body: dict) -> None:  # type: ignore[type-arg]
    response = api.post(
        "/api/comments", body, content_type="application/json", headers=alice.headers
    )
    assert response.status_code == 422, response.content


def test_unknown_api_path_and_method(api: Client) -> None:
    assert api.get("/api/nothing-here").status_code == 404
    assert api.delete("/api/articles").status_code == 405
