"""Fever reads: sign-in, groups, feeds, favicons, items paged by id, unread and saved ids."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from tests.fever.client import FeverClient, api_key, id_set
from tests.fever.conftest import ACCOUNT_PASSWORD, FEVER_PASSWORD, Library

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_the_fever_password_signs_in_and_anything_else_is_auth_0(
    client: Client, alice: int, fever: FeverClient
) -> None:
    assert fever.authenticated()
    assert "last_refreshed_on_time" in fever.call("")
    for key in (api_key("alice", ACCOUNT_PASSWORD), api_key("bob", FEVER_PASSWORD), "", "x" * 500):
        body = FeverClient(client, key).call("feeds&items&unread_item_ids")
        assert body == {"api_version": 3, "auth": 0}  # nothing of alice's leaks


def test_a_fever_key_opens_no_other_api(client: Client, fever: FeverClient) -> None:
    for token in (fever.key, f"fever:{fever.key}"):
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/me/tokens", headers=headers).status_code == 401
        greader = {"Authorization": f"GoogleLogin auth={token}"}
        assert client.get("/reader/api/0/user-info", headers=greader).status_code == 401


def test_freshrss_address_answers_too(client: Client, fever: FeverClient) -> None:
    assert FeverClient(client, fever.key, "/api/fever.php").authenticated()


def test_groups_and_feeds_name_every_feed_and_the_outlet_of_imports(
    fever: FeverClient, library: Library
) -> None:
    groups = fever.groups()
    assert [g["title"] for g in groups["groups"]] == ["Tech"]
    tech_group = groups["groups"][0]["id"]
    assert groups["feeds_groups"] == [{"group_id": tech_group, "feed_ids": str(library.tech_feed)}]
    feeds = fever.feeds()
    by_id = {f["id"]: f for f in feeds["feeds"]}
    assert by_id[library.tech_feed]["title"] == "Tech feed"
    assert by_id[library.tech_feed]["url"] == "https://tech.example/feed.xml"
    assert feeds["feeds_groups"] == groups["feeds_groups"]
    outlets = [f for i, f in by_id.items() if i not in (library.tech_feed, library.misc_feed)]
    assert [o["title"] for o in outlets] == ["Paper"]
    assert outlets[0]["url"] == outlets[0]["site_url"] == "https://paper.example/"
    for feed in feeds["feeds"]:
        assert set(feed) == {
            "id", "favicon_id", "title", "url", "site_url", "is_spark", "last_updated_on_time"
        }  # fmt: skip
        assert isinstance(feed["id"], int) and 0 < feed["id"] < 2**31


def test_favicons_are_images_the_feeds_name(fever: FeverClient, library: Library) -> None:
    icons = {i["id"]: i["data"] for i in fever.call("favicons")["favicons"]}
    for feed in fever.feeds()["feeds"]:
        mime, _, data = icons[feed["favicon_id"]].partition(";base64,")
        assert mime == "image/gif" and base64.b64decode(data).startswith(b"GIF8")


def test_since_id_walks_every_article_once_in_pages_of_50(
    fever: FeverClient, library: Library
) -> None:
    items = fever.all_items()
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids)) == len(library.every) == fever.items()["total_items"]
    assert set(ids) == library.every
    assert ids == sorted(ids)
    feed_ids = {f["id"] for f in fever.feeds()["feeds"]}
    assert {i["feed_id"] for i in items} == feed_ids  # every item's feed is listed
    first = next(i for i in items if i["id"] == library.tech[0])
    assert first["title"] == "tech story 0" and first["author"] == "Ana Ruiz"
    assert first["url"] == "https://tech.example/0" and first["is_read"] == 0
    assert "<script" not in first["html"] and "<p>tech 0</p>" in first["html"]
    assert isinstance(first["created_on_time"], int) and first["created_on_time"] > 0


def test_max_id_pages_down_and_with_ids_picks(fever: FeverClient, library: Library) -> None:
    newest = fever.items(max_id=0)["items"]
    assert len(newest) == 50
    assert [i["id"] for i in newest] == sorted(library.every, reverse=True)[:50]
    below = fever.items(max_id=newest[-1]["id"])["items"]
    assert [i["id"] for i in below] == sorted(library.every, reverse=True)[50:100]
    picked = [library.misc[3], library.imported[0], 999_999]
    chosen = fever.items(with_ids=",".join(map(str, picked)))["items"]
    assert [i["id"] for i in chosen] == picked[:2]


def test_unread_and_saved_ids_start_as_everything_and_nothing(
    fever: FeverClient, library: Library
) -> None:
    assert fever.unread() == library.every
    assert fever.saved() == set()
    both = fever.call("unread_item_ids&saved_item_ids")
    assert id_set(both["unread_item_ids"]) == library.every and both["saved_item_ids"] == ""


def test_links_are_an_empty_list(fever: FeverClient) -> None:
    assert fever.call("links")["links"] == []
