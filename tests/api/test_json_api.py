"""The JSON API: articles with paging and state, feeds with health, tokens, OpenAPI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from broadsheet.storage.reader import queries as reader
from tests.api.conftest import Account, import_article
from tests.support.server import LocalServer

pytestmark = pytest.mark.django_db

# GET /api/articles/{id}: the article 1, stories 2, intel 4 (one per table), summaries 2.
MAX_ARTICLE_QUERIES = 10


def _json(response) -> dict:  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


def test_openapi_and_docs_are_served(api: Client) -> None:
    schema = _json(api.get("/api/openapi.json"))
    paths = schema["paths"]
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/feeds",
        "/api/stories",
        "/api/search",
        "/api/entities",
        "/api/comments",
        "/api/me",
    ):
        assert path in paths, path
    assert api.get("/api/docs").status_code == 200


def test_articles_page_with_total_next_and_offset(api: Client, articles: list[int]) -> None:
    first = _json(api.get("/api/articles?limit=2"))
    assert [a["id"] for a in first["items"]] == articles[:2]
    assert first["total"] == 5 and first["next"] == "/api/articles?limit=2&offset=2"
    second = _json(api.get(first["next"]))
    assert [a["id"] for a in second["items"]] == articles[2:4]
    last = _json(api.get("/api/articles?limit=2&offset=4"))
    assert [a["id"] for a in last["items"]] == articles[4:] and last["next"] is None


def test_articles_cursor_paging(api: Client, articles: list[int]) -> None:
    seen, cursor = [], None
    while True:
        url = "/api/articles?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = _json(api.get(url))
        seen += [a["id"] for a in body["items"]]
        cursor = body["cursor"]
        if not cursor:
            break
    assert seen == articles


def test_article_detail_has_every_export_field(api: Client, articles: list[int]) -> None:
    body = _json(api.get(f"/api/articles/{articles[0]}"))
    for field in (
        "id",
        "url",
        "title",
        "authors",
        "published",
        "source",
        "text",
        "html",
        "embeds",
        "content_source",
        "extraction_status",
        "word_count",
        "extra",
    ):
        assert field in body
    assert body["title"] == "Story 0" and body["authors"] == ["Ana Ruiz"]


def test_articles_filter_by_source(api: Client, articles: list[int]) -> None:
    source = _json(api.get(f"/api/articles/{articles[0]}"))
    first = _json(api.get("/api/articles"))["items"][0]["source_id"]
    assert source["source"] == "Example News"
    assert _json(api.get(f"/api/articles?source={first}"))["total"] == 5
    assert _json(api.get("/api/articles?source=999999"))["total"] == 0


def test_read_and_saved_state_by_token(api: Client, alice: Account, articles: list[int]) -> None:
    url = f"/api/articles/{articles[0]}/state"
    assert api.get(url).status_code == 401
    assert _json(api.get(url, headers=alice.headers)) == {
        "id": articles[0],
        "read": False,
        "saved": False,
    }
    body = _json(
        api.put(
            url,
            {"read": True, "saved": True},
            content_type="application/json",
            headers=alice.headers,
        )
    )
    assert body == {"id": articles[0], "read": True, "saved": True}
    assert reader.is_read(alice.id, articles) == {articles[0]}
    assert _json(api.get("/api/me", headers=alice.headers))["saved"] == [articles[0]]
    body = _json(
        api.put(url, {"saved": False}, content_type="application/json", headers=alice.headers)
    )
    assert body == {"id": articles[0], "read": True, "saved": False}


def test_tokens_are_listed_without_secret_and_revocable(api: Client, alice: Account) -> None:
    listed = _json(api.get("/api/me/tokens", headers=alice.headers))["items"]
    assert len(listed) == 1 and alice.token not in json.dumps(listed)
    assert api.delete(f"/api/me/tokens/{listed[0]['id']}", headers=alice.headers).status_code == 204
    assert api.get("/api/me", headers=alice.headers).status_code == 401


def test_feeds_list_with_health(api: Client, feed_id: int) -> None:
    body = _json(api.get("/api/feeds"))
    assert body["total"] == 1 and body["next"] is None
    feed = body["items"][0]
    assert feed["id"] == feed_id and feed["health"] == "new" and feed["category"] == "News"
    assert feed["health_message"] == "Not fetched yet."
    assert _json(api.get(f"/api/feeds/{feed_id}"))["url"] == "https://news.example/feed.xml"


def test_feed_writes_need_a_staff_token(api: Client, alice: Account, feed_id: int) -> None:
    body = {"url": "https://news.example/other.xml"}
    assert api.post("/api/feeds", body, content_type="application/json").status_code == 401
    refused = api.post("/api/feeds", body, content_type="application/json", headers=alice.headers)
    assert refused.status_code == 403 and "staff" in _json(refused)["detail"]
    assert api.post(f"/api/feeds/{feed_id}/refresh", headers=alice.headers).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_staff_subscribes_and_refreshes(api: Client, editor: Account) -> None:
    with LocalServer() as server:
        server.route(
            "/feed.xml",
            body=_rss(server.url("/")).encode(),
            headers={"Content-Type": "application/rss+xml"},
        )
        url = server.url("/feed.xml")
        made = api.post(
            "/api/feeds",
            {"url": url, "category": "Local/Test"},
            content_type="application/json",
            headers=editor.headers,
        )
        assert made.status_code == 201, made.content
        feed = _json(made)
        assert feed["created"] and feed["title"] == "Local news"
        again = api.post(
            "/api/feeds", {"url": url}, content_type="application/json", headers=editor.headers
        )
        assert again.status_code == 200 and not _json(again)["created"]
        refreshed = api.post(f"/api/feeds/{feed['id']}/refresh", headers=editor.headers)
        assert refreshed.status_code == 202
        assert _json(refreshed)["health"] != "new" and _json(refreshed)["category"] == "Local/Test"
        bad = api.post(
            "/api/feeds",
            {"url": server.url("/_/status/404")},
            content_type="application/json",
            headers=editor.headers,
        )
        assert bad.status_code == 400 and _json(bad)["detail"]


def _rss(base: str) -> str:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}_/status/404?{i}</link>"
        f"<guid>{base}item/{i}</guid><description>Text {i}</description></item>"
        for i in range(3)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title>'
        f"<link>{base}</link><description>d</description>{items}</channel></rss>"
    )


def test_mute_an_outlet(api: Client, alice: Account, articles: list[int]) -> None:
    source_id = _json(api.get("/api/articles"))["items"][0]["source_id"]
    url = f"/api/sources/{source_id}/mute"
    body = _json(
        api.put(url, {"muted": True}, content_type="application/json", headers=alice.headers)
    )
    assert body == {"muted_sources": [source_id]}
    assert _json(api.get("/api/me", headers=alice.headers))["muted_sources"] == [source_id]
    assert _json(
        api.put(url, {"muted": False}, content_type="application/json", headers=alice.headers)
    ) == {"muted_sources": []}
    unknown = api.put(
        "/api/sources/999999/mute",
        {"muted": True},
        content_type="application/json",
        headers=alice.headers,
    )
    assert unknown.status_code == 404


def test_public_names_are_pinned() -> None:
    import broadsheet.api
    import broadsheet.greader
    import broadsheet.syndication

    assert broadsheet.api.__all__ == ["api"]
    assert broadsheet.greader.__all__ == [] and broadsheet.syndication.__all__ == []


def test_unfiltered_total_is_counted_once_a_minute_and_next_does_not_trust_it(
    api: Client, articles: list[int], django_assert_num_queries: Any
) -> None:
    assert _json(api.get("/api/articles?limit=2"))["total"] == 5
    import_article(url="https://news.example/new", title="Newer")  # now the newest of six
    with django_assert_num_queries(1):  # the page only: the count comes from the cache
        body = _json(api.get("/api/articles?limit=3&offset=3"))
    assert body["total"] == 5  # lags until the cache entry expires
    assert [a["id"] for a in body["items"]] == articles[2:5]
    assert body["next"] == "/api/articles?limit=3&offset=6"  # not cut short by the stale total
    assert _json(api.get(body["next"]))["items"] == []  # the page after is merely empty
    filtered = _json(
        api.get(f"/api/articles?source={body['items'][0]['source_id']}&limit=3&offset=3")
    )
    assert filtered["total"] == 6 and filtered["next"] is None  # a filtered total is exact


def test_article_detail_reads_each_table_once(
    api: Client, articles: list[int], django_assert_max_num_queries: Any
) -> None:
    """The article endpoint is the API's hottest path: keep its query count from creeping up."""
    url = f"/api/articles/{articles[1]}"
    first = _json(api.get(url))  # a first view may still fill caches
    with django_assert_max_num_queries(MAX_ARTICLE_QUERIES):
        assert _json(api.get(url)) == first
