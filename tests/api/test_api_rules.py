"""The JSON API applies the token owner's filter rules and "my feeds" to its lists."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from broadsheet.reading import add_filter_rule, unfollow_feed
from broadsheet.storage import feeds
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.models import Article
from tests.api.conftest import Account, import_article, make_account

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _get(api: Client, path: str, who: Account | None = None, status: int = 200, **q: Any) -> Any:
    response = api.get(path, q, headers=who.headers if who else {})
    assert response.status_code == status, response.content[:300]
    return json.loads(response.content)


@pytest.fixture
def shelves(db: None) -> dict[str, list[int]]:
    """Two feeds of three imported (so indexed) articles each: one title each says "tram"."""
    ids: dict[str, list[int]] = {}
    for name in ("city", "sport"):
        feed = feeds.add_feed(f"https://{name}.example/feed.xml", title=f"{name} feed")[0]
        made = [
            import_article(
                url=f"https://{name}.example/{i}",
                title=f"{name.title()} {'tram works' if i == 1 else 'report'} {i}",
                text=f"The {name} desk files report number {i} about the tram and the city.",
            )
            for i in range(3)
        ]
        Article.objects.filter(id__in=made).update(feed_id=feed)
        for article_id in made:
            intel.add_tag(article_id, "trams", None)
        ids[name], ids[f"{name}_feed"] = made, [feed]
    return ids


def _titles(body: Any) -> list[str]:
    return [item["title"] for item in body["items"]]


def test_a_block_rule_hides_from_lists_and_search_and_include_hidden_says_why(
    api: Client, alice: Account, shelves: dict[str, list[int]]
) -> None:
    add_filter_rule(alice.id, "block", "keyword", "title", "tram works")
    mine = _get(api, "/api/articles", alice)
    assert len(mine["items"]) == 4 and not any("tram works" in t for t in _titles(mine))
    assert all(item["hidden_by"] is None for item in mine["items"])
    everything = _get(api, "/api/articles", alice, include_hidden="true")
    hidden = {i["id"]: i["hidden_by"] for i in everything["items"] if i["hidden_by"]}
    assert set(hidden) == {shelves["city"][1], shelves["sport"][1]}
    assert all("tram works" in why for why in hidden.values())
    found = _get(api, "/api/search", alice, q="tram")
    assert found["items"] and not {h["article_id"] for h in found["items"]} & set(hidden)
    kept = _get(api, "/api/search", alice, q="tram", include_hidden="true")
    assert {h["article_id"] for h in kept["items"] if h["hidden_by"]} == set(hidden)
    anonymous = _get(api, "/api/articles", include_hidden="true")
    assert len(anonymous["items"]) == 6 and not any(i["hidden_by"] for i in anonymous["items"])
    assert len(_get(api, "/api/search", q="tram")["items"]) == 6
    tagged = _get(api, "/api/hashtags/trams/articles", alice, include_hidden="true")["items"]
    assert {i["id"] for i in tagged if i["hidden_by"]} == set(hidden)
    assert len(_get(api, "/api/hashtags/trams/articles", alice)["items"]) == 4
    bob = make_account("bob")
    assert len(_get(api, "/api/articles", bob)["items"]) == 6
    assert len(_get(api, "/api/hashtags/trams/articles", bob)["items"]) == 6


def test_a_keep_rule_hides_the_rest_and_paging_skips_nothing(
    api: Client, alice: Account, shelves: dict[str, list[int]]
) -> None:
    add_filter_rule(alice.id, "keep", "keyword", "feed", "city feed")
    assert sorted(i["id"] for i in _get(api, "/api/articles", alice)["items"]) == sorted(
        shelves["city"]
    )
    seen: list[int] = []
    body = _get(api, "/api/articles", alice, limit=2)
    while True:
        assert len(body["items"]) <= 2 and body["total"] == 6  # hidden ones counted
        seen += [i["id"] for i in body["items"]]
        if not body["next"]:
            break
        body = json.loads(api.get(body["next"], headers=alice.headers).content)
    assert sorted(seen) == sorted(shelves["city"]) and len(seen) == len(set(seen))
    seen, cursor = [], None
    for _ in range(10):
        body = _get(api, "/api/articles", alice, limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [i["id"] for i in body["items"]]
        if not (cursor := body["cursor"]):
            break
    assert sorted(seen) == sorted(shelves["city"]) and len(seen) == len(set(seen))


def test_feeds_mine_lists_only_followed_feeds_and_needs_a_token(
    api: Client, alice: Account, shelves: dict[str, list[int]]
) -> None:
    unfollow_feed(alice.id, shelves["sport_feed"][0])
    mine = _get(api, "/api/articles", alice, feeds="mine")
    assert sorted(i["id"] for i in mine["items"]) == sorted(shelves["city"])
    assert mine["total"] == 3
    assert len(_get(api, "/api/articles", alice)["items"]) == 6  # without feeds=mine: all
    found = _get(api, "/api/search", alice, q="tram", feeds="mine")
    assert {h["article_id"] for h in found["items"]} == set(shelves["city"])
    tagged = _get(api, "/api/hashtags/trams/articles", alice, feeds="mine")
    assert sorted(i["id"] for i in tagged["items"]) == sorted(shelves["city"])
    assert len(_get(api, "/api/hashtags/trams/articles", alice)["items"]) == 6
    refused = _get(api, "/api/articles", status=401, feeds="mine")
    assert "token" in refused["detail"]
    _get(api, "/api/articles", status=422, feeds="everyone")
    bad = {"Authorization": "Bearer bs_not-a-token"}
    assert api.get("/api/articles", headers=bad).status_code == 401


def test_stories_whose_articles_are_all_hidden_are_left_out(
    api: Client, alice: Account, shelves: dict[str, list[int]]
) -> None:
    anonymous = _get(api, "/api/stories")["items"]
    assert anonymous
    first = anonymous[0]
    titles = {a.id: a.title for a in Article.objects.filter(id__in=first["article_ids"])}
    add_filter_rule(alice.id, "block", "keyword", "title", ", ".join(titles.values()))
    ids = [s["id"] for s in _get(api, "/api/stories", alice)["items"]]
    assert first["id"] not in ids
    kept = {s["id"]: s for s in _get(api, "/api/stories", alice, include_hidden="true")["items"]}
    assert kept[first["id"]]["hidden_by"]
    assert first["id"] in [s["id"] for s in _get(api, "/api/stories", make_account("bob"))["items"]]


def test_the_schema_documents_include_hidden_and_feeds(api: Client) -> None:
    schema = _get(api, "/api/openapi.json")
    for path in ("/api/articles", "/api/search", "/api/entities/{name}/articles"):
        params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert "include_hidden" in params and "feeds" in params, path
        assert "token" in params["feeds"]["description"]
