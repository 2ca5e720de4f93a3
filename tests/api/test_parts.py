"""Endpoints served from the other parts (stories, intelligence, search, comments)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from broadsheet.storage.intel import queries as intel
from tests.api.conftest import Account, import_article, make_account

pytestmark = pytest.mark.django_db


def _json(response) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


def _twins() -> list[int]:
    """The same event reported by two outlets: the story engine should group them."""
    text = (
        "The city council approved the new tram line on Monday after a long debate. "
        "Construction will start in spring and the line should open in two years."
    )
    return [
        import_article(
            url=f"https://{host}/tram", title="Council approves tram line", text=text, source=host
        )
        for host in ("one.example", "two.example")
    ]


def test_stories_front_page_detail_and_related(api: Client) -> None:
    ids = _twins()
    front = _json(api.get("/api/stories?limit=5"))
    assert "items" in front and front["limit"] == 5
    story = _json(api.get(f"/api/articles/{ids[0]}/story"))
    assert ids[0] in story["article_ids"]
    detail = _json(api.get(f"/api/stories/{story['id']}"))
    assert detail["id"] == story["id"] and {a["id"] for a in detail["articles"]} >= {ids[0]}
    related = _json(api.get(f"/api/articles/{ids[0]}/related?limit=3"))
    assert related["limit"] == 3 and isinstance(related["items"], list)
    assert api.get("/api/stories/987654").status_code == 404


def test_entities_and_hashtags(api: Client, articles: list[int]) -> None:
    intel.add_tag(articles[1], "trams", None)
    tags = _json(api.get("/api/hashtags"))["items"]
    assert {"tag": "trams", "articles": 1} in tags
    tagged = _json(api.get("/api/hashtags/%23trams/articles"))
    assert [a["id"] for a in tagged["items"]] == [articles[1]]
    entities = _json(api.get("/api/entities?limit=5"))
    assert entities["limit"] == 5
    for entity in entities["items"]:
        assert set(entity) == {"name", "kind", "articles"}
    if entities["items"]:
        name = entities["items"][0]["name"]
        assert _json(api.get(f"/api/entities/{name}/articles"))["items"]
    intel_body = _json(api.get(f"/api/articles/{articles[1]}/intel"))
    assert {"tag": "trams", "source": "user"} in intel_body["hashtags"]


def test_search_with_filters_and_paging(api: Client) -> None:
    for i in range(3):
        import_article(
            url=f"https://news.example/strike{i}",
            title=f"Strike day {i}",
            text=f"Drivers strike again, day {i}.",
        )
    body = _json(api.get("/api/search?q=strike&per_page=2"))
    assert body["total"] == 3 and len(body["items"]) == 2
    assert body["next"] and "page=2" in body["next"]
    assert "<mark>" in body["items"][0]["snippet_html"]
    last = _json(api.get(body["next"]))
    assert len(last["items"]) == 1 and last["next"] is None
    assert _json(api.get("/api/search?q=strike&source=nowhere.example"))["total"] == 0
    assert _json(api.get("/api/search?q=strike&since=2000-01-01&until=2100-01-01"))["total"] == 3


def test_comments_post_edit_delete_by_owner_only(
    api: Client, alice: Account, articles: list[int]
) -> None:
    post = api.post(
        "/api/comments",
        {"text": "Finally, a tram.", "article_id": articles[0]},
        content_type="application/json",
        headers=alice.headers,
    )
    assert post.status_code == 201, post.content
    comment = json.loads(post.content)
    assert comment["username"] == "alice" and comment["article_id"] == articles[0]
    listed = _json(api.get(f"/api/comments?article={articles[0]}"))
    assert listed["total"] == 1 and listed["items"][0]["id"] == comment["id"]

    bob = make_account("bob")
    url = f"/api/comments/{comment['id']}"
    refused = api.patch(
        url, {"text": "mine now"}, content_type="application/json", headers=bob.headers
    )
    assert refused.status_code == 403 and json.loads(refused.content)["detail"]
    assert api.delete(url, headers=bob.headers).status_code == 403
    edited = api.patch(
        url,
        {"text": "Finally, a tram line."},
        content_type="application/json",
        headers=alice.headers,
    )
    assert (
        edited.status_code == 200 and json.loads(edited.content)["text"] == "Finally, a tram line."
    )
    assert api.delete(url, headers=alice.headers).status_code == 204
    assert _json(api.get(f"/api/comments?article={articles[0]}"))["total"] == 0
    assert api.delete(url, headers=alice.headers).status_code == 404
    unknown = api.post(
        "/api/comments",
        {"text": "hi", "article_id": 999999},
        content_type="application/json",
        headers=alice.headers,
    )
    assert unknown.status_code == 404
    assert (
        api.post(
            "/api/comments",
            {"text": "hi", "article_id": articles[0]},
            content_type="application/json",
        ).status_code
        == 401
    )
