"""Only accounts ``pipeline.may_subscribe`` allows can add a feed for everyone, on every entry point.

A feed added for everyone puts its articles on every reader's front page: the web
(``/feeds/add`` and ``/feeds/import`` "for every reader"; without it a reader adds their own
feed, tests/web/test_subscriptions.py), the JSON API (``POST /api/feeds``) and the Google Reader API
(``subscription/quickadd``, ``subscription/edit ac=subscribe``) must all refuse a plain reader,
with the same reason, and all ask the one function.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from broadsheet.pipeline import _subscribe
from broadsheet.storage import feeds
from broadsheet.storage.models import Feed
from tests.api.conftest import PASSWORD, Account
from tests.support.server import LocalServer

pytestmark = [pytest.mark.django_db(transaction=True)]
API = "/reader/api/0/"
RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quick</title>'
    b"<link>http://127.0.0.1/</link><description>d</description></channel></rss>"
)
OPML = (
    b'<?xml version="1.0"?><opml version="2.0"><head/><body>'
    b'<outline type="rss" text="X" xmlUrl="https://opml.example/feed.xml"/></body></opml>'
)


def _greader(client: Client, username: str) -> dict[str, str]:
    login = client.post("/accounts/ClientLogin", {"Email": username, "Passwd": PASSWORD})
    assert login.status_code == 200, login.content
    auth = login.content.decode().split("Auth=")[1].strip()
    headers = {"Authorization": f"GoogleLogin auth={auth}"}
    return headers


def _refused_plainly(response: object) -> str:
    assert response.status_code == 403, response.content[:300]  # type: ignore[attr-defined]
    assert response["Content-Type"].startswith("text/plain")  # type: ignore[index]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "staff" in body and "\n" not in body.strip()
    return body


def _attempts(client: Client, account: Account, feed_url: str) -> dict[str, object]:
    """One subscription attempt on each of the five ways in, as ``account``."""
    greader = _greader(client, account.username)
    web = Client()
    web.force_login(_user(account))
    return {
        "quickadd": client.post(
            API + "subscription/quickadd", {"quickadd": feed_url}, headers=greader
        ),
        "edit": client.post(
            API + "subscription/edit", {"ac": "subscribe", "s": f"feed/{feed_url}"}, headers=greader
        ),
        "api": client.post(
            "/api/feeds",
            {"url": feed_url},
            content_type="application/json",
            headers=account.headers,
        ),
        "web add": web.post("/feeds/add", {"url": feed_url, "everyone": "1"}),
        "web import": web.post(
            "/feeds/import",
            {"opml": SimpleUploadedFile("f.opml", OPML, "text/x-opml"), "everyone": "1"},
        ),
    }


def _user(account: Account) -> User:
    return User.objects.get(id=account.id)


def _check_refused(answers: dict[str, object]) -> None:
    reasons = {_refused_plainly(answers[k]) for k in ("quickadd", "edit", "web add", "web import")}
    api = answers["api"]
    assert api.status_code == 403  # type: ignore[attr-defined]
    reasons.add(json.loads(api.content)["detail"])  # type: ignore[attr-defined]
    assert len(reasons) == 1, reasons  # one rule, one reason, whichever way in


def test_a_reader_is_refused_everywhere_and_nothing_is_subscribed(
    api: Client, alice: Account
) -> None:
    with LocalServer() as server:
        server.route("/feed.xml", body=RSS, headers={"Content-Type": "application/rss+xml"})
        _check_refused(_attempts(api, alice, server.url("/feed.xml")))
        assert server.requests == []  # refused before anything was fetched
    assert not Feed.objects.exists()


def test_staff_still_subscribes_through_the_google_reader_api(api: Client, editor: Account) -> None:
    greader = _greader(api, "editor")
    with LocalServer() as server:
        server.route("/feed.xml", body=RSS, headers={"Content-Type": "application/rss+xml"})
        server.route("/other.xml", body=RSS, headers={"Content-Type": "application/rss+xml"})
        added = api.post(
            API + "subscription/quickadd", {"quickadd": server.url("/feed.xml")}, headers=greader
        )
        assert added.status_code == 200 and json.loads(added.content)["numResults"] == 1
        edited = api.post(
            API + "subscription/edit",
            {"ac": "subscribe", "s": "feed/" + server.url("/other.xml")},
            headers=greader,
        )
        assert edited.status_code == 200 and edited.content == b"OK"
        urls = {server.url("/feed.xml"), server.url("/other.xml")}
    assert set(Feed.objects.values_list("url", flat=True)) == urls


def test_a_reader_may_follow_a_feed_the_instance_already_has(api: Client, alice: Account) -> None:
    url = "https://news.example/feed.xml"
    feeds.add_feed(url, title="Example feed")
    greader = _greader(api, "alice")
    for action in ("unsubscribe", "subscribe"):
        answer = api.post(
            API + "subscription/edit", {"ac": action, "s": f"feed/{url}"}, headers=greader
        )
        assert answer.status_code == 200, answer.content
    listed = json.loads(api.get(API + "subscription/list", headers=greader).content)
    assert [s["id"] for s in listed["subscriptions"]] == [f"feed/{url}"]
    quick = api.post(API + "subscription/quickadd", {"quickadd": url}, headers=greader)
    assert quick.status_code == 200 and Feed.objects.count() == 1


def test_every_entry_point_asks_may_subscribe(
    api: Client, editor: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int | None] = []

    def nobody(user_id: int | None) -> bool:
        asked.append(user_id)
        return False

    monkeypatch.setattr(_subscribe, "may_subscribe", nobody)
    _check_refused(_attempts(api, editor, "https://never.example/feed.xml"))
    assert asked == [editor.id] * 5
    assert not Feed.objects.exists()
