"""The Google Reader API, driven the way NetNewsWire and Reeder drive it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.greader._ids import BadRequest, item_id, parse_item_id, parse_stream
from broadsheet.storage import feeds
from broadsheet.storage.models import Article
from broadsheet.storage.reader import queries as reader
from tests.api.conftest import PASSWORD, Account
from tests.support.server import LocalServer

pytestmark = [pytest.mark.django_db, pytest.mark.storage]
API = "/reader/api/0/"
READING = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


class Reader:
    """A minimal Google Reader client over the Django test client."""

    def __init__(self, client: Client, auth: str) -> None:
        self.client, self.auth = client, auth
        self.headers = {"Authorization": f"GoogleLogin auth={auth}"}

    def get(self, path: str, **params: object) -> dict:  # type: ignore[type-arg]
        response = self.client.get(API + path, params, headers=self.headers)
        assert response.status_code == 200, response.content[:300]
        return json.loads(response.content)

    def post(self, path: str, data: dict, status: int = 200) -> bytes:  # type: ignore[type-arg]
        token = self.client.get(API + "token", headers=self.headers).content.decode()
        response = self.client.post(API + path, {**data, "T": token}, headers=self.headers)
        assert response.status_code == status, response.content[:300]
        return response.content


@pytest.fixture
def stocked(alice: Account) -> dict[str, int]:
    """Two feeds (one in a folder) with three articles each."""
    now = timezone.now()
    ids = {}
    for name, category in (("a", ("Tech",)), ("b", ())):
        feed_id = feeds.add_feed(
            f"https://{name}.example/feed.xml",
            title=f"Feed {name}",
            site_url=f"https://{name}.example/",
            category=category,
        )[0]
        ids[f"feed_{name}"] = feed_id
        for i in range(3):
            article = Article.objects.create(
                origin=f"feed:{feed_id}",
                key_hash=f"{name}{i}",
                item_key=f"{name}{i}",
                key_kind="guid",
                feed_id=feed_id,
                url=f"https://{name}.example/{i}",
                title=f"{name.upper()} {i}",
                html=f"<p>{name} {i}</p>",
                authors=["Ana"],
                published_at=now - timedelta(hours=i + (0 if name == "a" else 10)),
            )
            ids[f"{name}{i}"] = article.id
    return ids


def login(client: Client, email: str = "alice", password: str = PASSWORD) -> Reader:
    response = client.post("/accounts/ClientLogin", {"Email": email, "Passwd": password})
    assert response.status_code == 200
    lines = dict(line.split("=", 1) for line in response.content.decode().splitlines())
    assert lines["SID"] and lines["Auth"]
    return Reader(client, lines["Auth"])


def test_item_ids_long_short_and_hex_forms() -> None:
    assert item_id(31) == "tag:google.com,2005:reader/item/000000000000001f"
    assert parse_item_id("tag:google.com,2005:reader/item/000000000000001f") == 31
    assert parse_item_id("000000000000001f") == 31
    assert parse_item_id("0000000000000031") == 0x31  # bare hex, even when all digits
    assert parse_item_id("1234567890123456") == 1234567890123456  # a 16-digit decimal id
    assert parse_item_id("31") == 31
    for bad in ("", "x", "tag:google.com,2005:reader/item/zz", "-5", "0", "9" * 30):
        with pytest.raises(BadRequest):
            parse_item_id(bad)
    assert parse_stream("user/1005/state/com.google/starred").kind == "starred"
    assert parse_stream("feed/https://x.example/f?a=1").ref == "https://x.example/f?a=1"
    with pytest.raises(BadRequest):
        parse_stream("user/-/state/com.google/broadcast")


def test_client_login_and_bad_credentials(api: Client, alice: Account) -> None:
    as_json = api.post(
        "/accounts/ClientLogin",
        {"Email": "alice@example.org", "Passwd": PASSWORD, "output": "json"},
    )
    assert reader.token_user(json.loads(as_json.content)["Auth"]) == alice.id
    bad = api.post("/accounts/ClientLogin", {"Email": "alice", "Passwd": "nope"})
    assert bad.status_code == 401 and b"BadAuthentication" in bad.content
    missing = api.post("/accounts/ClientLogin", {"Email": "alice"})
    assert missing.status_code == 400 and "Passwd" in json.loads(missing.content)["error"]


@pytest.mark.parametrize("header", ["", "GoogleLogin auth=nope", "GoogleLogin", "Bearer x"])
def test_bad_tokens_get_401_with_the_bad_token_header(
    api: Client, alice: Account, header: str
) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.get(API + "subscription/list", headers=headers)
    assert response.status_code == 401 and response["X-Reader-Google-Bad-Token"] == "true"
    assert api.post(API + "edit-tag", {"i": "1", "a": READ, "T": "nope"}).status_code == 401


def test_netnewswire_style_sync(api: Client, alice: Account, stocked: dict[str, int]) -> None:
    client = login(api)
    assert client.get("user-info")["userName"] == "alice"
    assert client.get("preference/stream/list") == {"streamprefs": {}}
    subs = client.get("subscription/list", output="json")["subscriptions"]
    assert {s["id"] for s in subs} == {
        "feed/https://a.example/feed.xml",
        "feed/https://b.example/feed.xml",
    }
    tech = next(s for s in subs if s["title"] == "Feed a")
    assert tech["categories"] == [{"id": "user/-/label/Tech", "label": "Tech"}]
    tags = client.get("tag/list")["tags"]
    assert {"id": "user/-/label/Tech", "type": "folder"} in tags and {"id": STARRED} in tags

    unread = client.get("stream/items/ids", s=READING, xt=READ, n=1000)
    assert len(unread["itemRefs"]) == 6 and "continuation" not in unread
    first_page = client.get("stream/items/ids", s=READING, n=4)
    assert [int(r["id"]) for r in first_page["itemRefs"]] == [
        stocked[k] for k in ("a0", "a1", "a2", "b0")
    ]
    rest = client.get("stream/items/ids", s=READING, n=4, c=first_page["continuation"])
    assert [int(r["id"]) for r in rest["itemRefs"]] == [stocked["b1"], stocked["b2"]]

    long_id = item_id(stocked["a0"])
    body = json.loads(client.post("stream/items/contents", {"i": [long_id, str(stocked["b0"])]}))
    assert [i["id"] for i in body["items"]] == [long_id, item_id(stocked["b0"])]
    item = body["items"][0]
    assert item["title"] == "A 0" and item["summary"]["content"] == "<p>a 0</p>"
    assert item["origin"]["streamId"] == "feed/https://a.example/feed.xml"
    assert item["alternate"][0]["href"] == "https://a.example/0"
    assert READ not in item["categories"] and "user/-/label/Tech" in item["categories"]

    client.post("edit-tag", {"i": [long_id, str(stocked["a1"])], "a": READ})
    client.post("edit-tag", {"i": f"{stocked['b0']:016x}", "a": STARRED})
    assert client.get("stream/items/ids", s=STARRED)["itemRefs"][0]["id"] == str(stocked["b0"])
    assert len(client.get("stream/items/ids", s=READING, xt=READ)["itemRefs"]) == 4
    read_ids = {int(r["id"]) for r in client.get("stream/items/ids", s=READ)["itemRefs"]}
    assert read_ids == {stocked["a0"], stocked["a1"]}
    client.post("edit-tag", {"i": long_id, "r": READ})
    assert reader.is_read(alice.id, [stocked["a0"], stocked["a1"]]) == {stocked["a1"]}

    counts = {c["id"]: c["count"] for c in client.get("unread-count")["unreadcounts"]}
    assert counts == {
        "feed/https://a.example/feed.xml": 2,
        "feed/https://b.example/feed.xml": 3,
        "user/-/label/Tech": 2,
        READING: 5,
    }


def test_stream_contents_by_feed_label_and_time(
    api: Client, alice: Account, stocked: dict[str, int]
) -> None:
    client = login(api)
    body = client.get("stream/contents/feed/https://b.example/feed.xml", n=2, r="o")
    assert [i["title"] for i in body["items"]] == ["B 2", "B 1"] and body["continuation"]
    more = client.get(
        "stream/contents/feed/https://b.example/feed.xml", n=2, r="o", c=body["continuation"]
    )
    assert [i["title"] for i in more["items"]] == ["B 0"] and "continuation" not in more
    by_id = client.get(f"stream/contents/feed/{stocked['feed_a']}")
    assert len(by_id["items"]) == 3
    label = client.get("stream/contents/user/-/label/Tech")
    assert {i["title"] for i in label["items"]} == {"A 0", "A 1", "A 2"}
    since = int((timezone.now() - timedelta(hours=1, minutes=30)).timestamp())
    recent = client.get("stream/contents/" + READING, ot=since)
    assert [i["title"] for i in recent["items"]] == ["A 0", "A 1"]
    default = client.get("stream/contents")
    assert len(default["items"]) == 6


def test_mark_all_as_read_with_timestamp(
    api: Client, alice: Account, stocked: dict[str, int]
) -> None:
    client = login(api)
    cutoff = int((timezone.now() - timedelta(minutes=90)).timestamp() * 1_000_000)
    client.post("mark-all-as-read", {"s": "feed/https://a.example/feed.xml", "ts": str(cutoff)})
    assert reader.is_read(alice.id, [stocked[k] for k in ("a0", "a1", "a2")]) == {stocked["a2"]}
    client.post("mark-all-as-read", {"s": READING})
    assert len(client.get("stream/items/ids", s=READING, xt=READ)["itemRefs"]) == 0


def test_subscription_edit_rename_move_unsubscribe(
    api: Client, alice: Account, stocked: dict[str, int]
) -> None:
    client = login(api)
    stream = "feed/https://b.example/feed.xml"
    client.post(
        "subscription/edit", {"ac": "edit", "s": stream, "t": "My B", "a": "user/-/label/Later"}
    )
    sub = next(s for s in client.get("subscription/list")["subscriptions"] if s["id"] == stream)
    assert sub["title"] == "My B" and sub["categories"][0]["label"] == "Later"
    client.post("subscription/edit", {"ac": "unsubscribe", "s": stream})
    assert stream not in {s["id"] for s in client.get("subscription/list")["subscriptions"]}
    assert len(client.get("stream/items/ids", s=READING)["itemRefs"]) == 3
    client.post("subscription/edit", {"ac": "subscribe", "s": f"feed/{stocked['feed_b']}"})
    assert stream in {s["id"] for s in client.get("subscription/list")["subscriptions"]}


@pytest.mark.django_db(transaction=True)
def test_quickadd_subscribes_through_the_pipeline(api: Client, editor: Account) -> None:
    client = login(api, "editor")
    with LocalServer() as server:
        server.route(
            "/feed.xml",
            body=(
                b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quick</title>'
                b"<link>http://127.0.0.1/</link><description>d</description></channel></rss>"
            ),
            headers={"Content-Type": "application/rss+xml"},
        )
        body = json.loads(
            client.post("subscription/quickadd", {"quickadd": server.url("/feed.xml")})
        )
        assert body["numResults"] == 1 and body["streamId"] == "feed/" + server.url("/feed.xml")
        bad = client.post("subscription/quickadd", {"quickadd": server.url("/_/status/404")}, 400)
        assert json.loads(bad)["error"]
    assert body["streamId"] in {s["id"] for s in client.get("subscription/list")["subscriptions"]}


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("stream/items/ids", {}),
        ("stream/items/ids", {"s": "nonsense"}),
        ("stream/items/ids", {"s": READING, "n": "many"}),
        ("stream/items/ids", {"s": READING, "n": "0"}),
        ("stream/items/ids", {"s": READING, "c": "garbage"}),
        ("stream/items/ids", {"s": READING, "ot": "yesterday"}),
        ("stream/items/ids", {"s": READING, "r": "x"}),
        ("stream/items/ids", {"s": "feed/https://unknown.example/feed"}),
        ("stream/items/contents", {}),
        ("stream/items/contents", {"i": "not-an-id"}),
        ("stream/items/contents", {"i": "tag:google.com,2005:reader/item/xyz"}),
        ("edit-tag", {"i": "1"}),
        ("edit-tag", {"a": READ}),
        ("mark-all-as-read", {}),
        ("mark-all-as-read", {"s": READING, "ts": "soon"}),
        ("subscription/edit", {"ac": "explode", "s": "feed/x"}),
        ("subscription/edit", {"ac": "edit"}),
        ("subscription/edit", {"ac": "edit", "s": "user/-/label/x"}),
        ("subscription/quickadd", {"quickadd": "not a url"}),
    ],
)
def test_malformed_requests_are_4xx_json(
    api: Client, alice: Account, stocked: dict[str, int], path: str, data: dict
) -> None:  # type: ignore[type-arg]
    client = login(api)
    response = api.post(API + path, data, headers=client.headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:200])
    assert json.loads(response.content)["error"]


def test_writes_need_post_and_huge_n_is_capped(
    api: Client, alice: Account, stocked: dict[str, int]
) -> None:
    client = login(api)
    assert (
        api.get(API + "edit-tag", {"i": "1", "a": READ}, headers=client.headers).status_code == 405
    )
    assert len(client.get("stream/items/ids", s=READING, n=10**12)["itemRefs"]) == 6
    unknown = json.loads(client.post("stream/items/contents", {"i": "999999"}))
    assert unknown["items"] == []


def test_freshrss_style_address(api: Client, alice: Account, stocked: dict[str, int]) -> None:
    response = api.post(
        "/api/greader.php/accounts/ClientLogin", {"Email": "alice", "Passwd": PASSWORD}
    )
    auth = response.content.decode().split("Auth=")[1].strip()
    subs = api.get(
        "/api/greader.php/reader/api/0/subscription/list",
        headers={"Authorization": f"GoogleLogin auth={auth}"},
    )
    assert subs.status_code == 200 and len(json.loads(subs.content)["subscriptions"]) == 2
