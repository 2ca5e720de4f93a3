"""Authorization: one reader cannot see or change another's things, on any way in.

Readers ana and bo and a staff account. Ana owns a saved (starred) and read article, a folder
label, an alert, a filter rule, a comment, API tokens and a Fever key. Bo, with his own
session, token, Google Reader login and Fever key, tries to read, edit and delete each of them
through the web pages, the JSON API, the Google Reader API, the Fever API and the outgoing
feeds; afterwards ana's things are exactly as they were. Staff-only actions refuse bo with 403
and one line saying why; a revoked token is refused on its next request; every route that takes
a POST with a session cookie checks the CSRF token (the routes are read from the URLconf, so a
new form is checked the day it is added); and a burst of comments from one reader stops at
the limit. The subscribe and OPML-for-everyone refusals are in test_subscribe_permission.py,
the sign-in bursts in tests/web/test_login_throttle.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from broadsheet.reading import (
    add_comment,
    add_filter_rule,
    comments_for,
    filter_rules,
    get_comment,
    list_tokens,
    set_fever_password,
    user_alerts,
)
from broadsheet.search import create_alert
from broadsheet.site import throttle
from broadsheet.storage import feeds
from broadsheet.storage.models import Article
from broadsheet.storage.reader import queries as reader_state
from broadsheet.storage.reader import subscriptions
from tests.api.conftest import PASSWORD, Account, make_account
from tests.support.throttle import Clock, own_cache

pytestmark = pytest.mark.django_db
GR = "/reader/api/0/"
STARRED = "user/-/state/com.google/starred"
READ = "user/-/state/com.google/read"
FEVER_PASSWORD = "fever-password-long-enough"


@dataclass
class Reader:
    """One account on every way in: a web session, a JSON API token, Google Reader, Fever."""

    account: Account
    web: Client
    greader: dict[str, str]
    fever: str

    @property
    def id(self) -> int:
        return self.account.id

    def gr_get(self, path: str, **params: object) -> Any:
        response = self.web.get(GR + path, params, headers=self.greader)
        assert response.status_code == 200, response.content[:300]
        return json.loads(response.content)

    def gr_post(self, path: str, data: dict[str, object]) -> int:
        token = self.web.get(GR + "token", headers=self.greader).content.decode()
        return int(self.web.post(GR + path, {**data, "T": token}, headers=self.greader).status_code)

    def fever_call(self, query: str, **data: object) -> Any:
        response = Client().post(f"/fever/?api&{query}", {"api_key": self.fever, **data})
        return json.loads(response.content)

    def api(self, method: str, path: str, body: object = None) -> Any:
        call = getattr(Client(), method)
        kwargs: dict[str, Any] = {"headers": self.account.headers}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
        return call(path, **kwargs)


def _reader(username: str, *, staff: bool = False) -> Reader:
    account = make_account(username, staff=staff)
    web = Client()
    web.force_login(User.objects.get(id=account.id))
    login = Client().post("/accounts/ClientLogin", {"Email": username, "Passwd": PASSWORD})
    assert login.status_code == 200, login.content
    auth = re.search(r"Auth=(\S+)", login.content.decode())
    assert auth
    set_fever_password(account.id, FEVER_PASSWORD)
    return Reader(
        account,
        web,
        {"Authorization": f"GoogleLogin auth={auth.group(1)}"},
        hashlib.md5(f"{username}:{FEVER_PASSWORD}".encode()).hexdigest(),  # Fever's key
    )


@dataclass
class World:
    """Ana's things, and the accounts that try them."""

    ana: Reader
    bo: Reader
    staff: Reader
    feed_id: int
    saved: int
    read: int
    other: int
    alert_id: int
    rule_id: int
    comment_id: int


@pytest.fixture
def world(db: None) -> World:
    """Ana's saved and read articles, folder, alert, rule and comment; bo and staff."""
    feed_id = feeds.add_feed("https://news.example/feed.xml", title="Example feed")[0]
    now = timezone.now()
    ids = [
        Article.objects.create(
            origin=f"feed:{feed_id}",
            key_hash=f"k{i}",
            item_key=f"k{i}",
            key_kind="guid",
            feed_id=feed_id,
            url=f"https://news.example/{i}",
            title=f"Tram story {i}",
            html=f"<p>The tram story {i}.</p>",
            published_at=now - timedelta(hours=i + 1),
        ).id
        for i in range(3)
    ]
    ana, bo, staff = _reader("ana"), _reader("bo"), _reader("chief", staff=True)
    assert ana.gr_post("edit-tag", {"i": ids[0], "a": STARRED}) == 200
    assert ana.gr_post("edit-tag", {"i": ids[1], "a": READ}) == 200
    alert = create_alert(ana.id, "Ana's trams", "tram")
    rule = add_filter_rule(ana.id, "block", "keyword", "text", "zebracrossing")
    comment = add_comment(ana.id, "Ana's own words about the tram.", article_id=ids[0])
    return World(ana, bo, staff, feed_id, ids[0], ids[1], ids[2], alert.id, rule.id, comment.id)


def _anas_state(w: World) -> dict[str, object]:
    """Everything of ana's bo must not be able to change, as ana's own ways in report it."""
    fever_saved = w.ana.fever_call("saved_item_ids")["saved_item_ids"]
    fever_unread = w.ana.fever_call("unread_item_ids")["unread_item_ids"]
    return {
        "saved": reader_state.saved_ids(w.ana.id),
        "read": sorted(reader_state.is_read(w.ana.id, [w.saved, w.read, w.other])),
        "starred (greader)": [
            i["title"] for i in w.ana.gr_get("stream/contents/" + STARRED)["items"]
        ],
        "fever saved": fever_saved,
        "fever unread": fever_unread,
        "alerts": [(a.id, a.name) for a in user_alerts(w.ana.id)],
        "rules": [r.id for r in filter_rules(w.ana.id)],
        "comment": (get_comment(w.comment_id).text, get_comment(w.comment_id).status),
        "tokens": [t.id for t in list_tokens(w.ana.id)],
        "token works": w.ana.api("get", "/api/me").status_code,
    }


def test_bo_sees_none_of_anas_things(world: World) -> None:
    w, bo = world, world.bo
    assert bo.web.get("/saved/").content.decode().count("Tram story 0") == 0
    assert w.ana.web.get("/saved/").content.decode().count("Tram story 0") == 1  # the control
    me = json.loads(bo.api("get", "/api/me").content)
    assert me["saved"] == [] and me["username"] == "bo"
    state = json.loads(bo.api("get", f"/api/articles/{w.saved}/state").content)
    assert state == {"id": w.saved, "read": False, "saved": False}
    listed = json.loads(bo.api("get", "/api/me/tokens").content)["items"]
    assert {t["id"] for t in listed} == {t.id for t in list_tokens(bo.id)}  # his three only
    assert bo.gr_get("stream/contents/" + STARRED)["items"] == []
    ana_stream = f"user/{w.ana.id}/state/com.google/starred"  # ana's own id in the stream
    assert bo.gr_get("stream/contents/" + ana_stream)["items"] == []
    assert bo.gr_get("stream/items/ids", s=STARRED)["itemRefs"] == []
    assert bo.fever_call("saved_item_ids")["saved_item_ids"] == ""
    assert str(w.read) in bo.fever_call("unread_item_ids")["unread_item_ids"].split(",")
    # alerts: the page, its feed with bo's token, and without one
    page = bo.web.get(f"/alerts/{w.alert_id}/")
    assert page.status_code == 302 and "Ana's trams" not in bo.web.get("/alerts/").content.decode()
    for query in (f"?token={bo.account.token}", ""):
        feed = Client().get(f"/syndication/alerts/{w.alert_id}.rss{query}")
        assert feed.status_code in (401, 403, 404) and b"Ana" not in feed.content, feed.status_code
    assert "zebracrossing" not in bo.web.get("/rules/").content.decode()
    assert bo.web.get(f"/comments/{w.comment_id}/edit").status_code == 302  # no edit form


def test_bo_changes_none_of_anas_things(world: World) -> None:
    w, bo = world, world.bo
    before = _anas_state(w)
    anas_token = list_tokens(w.ana.id)[0].id
    answers = {
        # web
        "web unsave": bo.web.post(f"/articles/{w.saved}/save", {"saved": "0"}).status_code,
        "web unread": bo.web.post(f"/articles/{w.read}/read", {"read": "0"}).status_code,
        "web alert delete": bo.web.post(f"/alerts/{w.alert_id}/delete").status_code,
        "web rule delete": bo.web.post(f"/rules/{w.rule_id}/delete").status_code,
        "web comment edit": bo.web.post(
            f"/comments/{w.comment_id}/edit", {"text": "bo was here"}
        ).status_code,
        "web comment delete": bo.web.post(f"/comments/{w.comment_id}/delete").status_code,
        # JSON API
        "api state": bo.api(
            "put", f"/api/articles/{w.saved}/state", {"saved": False, "read": True}
        ).status_code,
        "api comment edit": bo.api(
            "patch", f"/api/comments/{w.comment_id}", {"text": "bo was here"}
        ).status_code,
        "api comment delete": bo.api("delete", f"/api/comments/{w.comment_id}").status_code,
        "api token revoke": bo.api("delete", f"/api/me/tokens/{anas_token}").status_code,
        # Google Reader
        "greader unstar": bo.gr_post("edit-tag", {"i": w.saved, "r": STARRED}),
        "greader unread": bo.gr_post("edit-tag", {"i": w.read, "r": READ}),
        "greader read all": bo.gr_post(
            "mark-all-as-read", {"s": "user/-/state/com.google/reading-list"}
        ),
        # Fever
        "fever unsave": bo.fever_call(f"mark=item&as=unsaved&id={w.saved}")["auth"],
        "fever unread": bo.fever_call(f"mark=item&as=unread&id={w.read}")["auth"],
        "fever read all": bo.fever_call("mark=group&as=read&id=0&before=9999999999")["auth"],
    }
    assert answers["api comment edit"] == answers["api comment delete"] == 403
    assert answers["api token revoke"] == 404
    assert _anas_state(w) == before, answers
    # bo's own changes did happen: the calls worked, on his state alone
    assert reader_state.saved_ids(bo.id) == []
    assert set(reader_state.is_read(bo.id, [w.saved, w.read, w.other])) == {
        w.saved,
        w.read,
        w.other,
    }


def _one_line_403(response: Any) -> str:
    assert response.status_code == 403, (response.status_code, response.content[:200])
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        body = json.loads(body)["detail"]
    else:
        assert response["Content-Type"].startswith("text/plain"), response["Content-Type"]
    assert body.strip() and "\n" not in body.strip(), body
    return body.strip()


def test_staff_only_actions_refuse_a_reader_with_403_and_one_line(world: World) -> None:
    w, bo = world, world.bo
    shared = w.feed_id
    reasons = {
        "web refresh": _one_line_403(bo.web.post(f"/feeds/{shared}/refresh")),
        "web delete": _one_line_403(bo.web.post(f"/feeds/{shared}/delete")),
        "web edit address": _one_line_403(
            bo.web.post(f"/feeds/{shared}/edit", {"url": "https://evil.example/feed.xml"})
        ),
        "api refresh": _one_line_403(bo.api("post", f"/api/feeds/{shared}/refresh")),
        "api delete": _one_line_403(bo.api("delete", f"/api/feeds/{shared}")),
        "api edit address": _one_line_403(
            bo.api("patch", f"/api/me/feeds/{shared}", {"url": "https://evil.example/feed.xml"})
        ),
    }
    assert all("staff" in r.lower() for r in reasons.values()), reasons
    # the moderation queue sends a reader to sign in as staff, and moderates nothing for him
    assert bo.web.get("/moderation/")["Location"].startswith("/admin/login/")
    bo.web.post("/moderation/", {"comment_id": w.comment_id, "action": "remove"})
    assert feeds.get_feed(shared).url == "https://news.example/feed.xml"
    assert get_comment(w.comment_id).status == "visible"
    # staff may: the same calls succeed for them
    assert w.staff.web.get("/moderation/").status_code == 200
    assert w.staff.api("post", f"/api/feeds/{shared}/refresh").status_code == 202


def test_a_revoked_token_stops_working_at_once(world: World) -> None:
    ana = world.ana
    spare = reader_state.create_token(ana.id, "spare")
    headers = {"Authorization": f"Bearer {spare}"}
    assert Client().get("/api/me", headers=headers).status_code == 200
    spare_id = next(t.id for t in list_tokens(ana.id) if t.name == "spare")
    assert ana.api("delete", f"/api/me/tokens/{spare_id}").status_code == 204
    refused = Client().get("/api/me", headers=headers)
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")
    assert ana.api("get", "/api/me").status_code == 200  # her other token still works
    # a Google Reader login and the Fever key are tokens too: revoked, the next call fails
    kinds = {t.kind: t.id for t in list_tokens(ana.id)}
    assert ana.api("delete", f"/api/me/tokens/{kinds['greader']}").status_code == 204
    assert Client().get(GR + "user-info", headers=ana.greader).status_code == 401
    assert ana.fever_call("saved_item_ids")["auth"] == 1
    assert ana.api("delete", f"/api/me/tokens/{kinds['fever']}").status_code == 204
    assert ana.fever_call("saved_item_ids")["auth"] == 0


# Routes that take no session cookie for their writes, so no CSRF token either: each
# authenticates every request by a token it carries (and the Fever key), checked below.
TOKEN_ONLY = ("api/", "reader/api/0/", "api/greader.php/", "accounts/ClientLogin", "fever/")
SAMPLE = {"int": "1", "str": "x", "path": "x/y", "slug": "x", "uuid": "0" * 32}


def _routes(patterns: list[Any] | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(pattern, a concrete path for it) for every route of the URLconf, admin included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            if pattern.startswith("^") or "(?P" in pattern:  # a regex route (the admin's)
                concrete = re.sub(r"\(\?P<\w+>[^)]*\)", "1", pattern)
                concrete = concrete.strip("^$").replace("\\", "")
            else:
                concrete = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m[1] or "str"], pattern)
            yield pattern, "/" + concrete


def test_every_form_route_refuses_a_post_without_the_csrf_token(world: World) -> None:
    """Signed in as staff (so no route turns the request away for want of rights first)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(id=world.staff.id))
    checked, unprotected = 0, []
    for pattern, path in _routes():
        if path.lstrip("/").startswith(TOKEN_ONLY) or pattern.endswith("fever.php"):
            continue
        response = client.post(path, {"text": "x", "url": "https://x.example/f"})
        checked += 1
        refused = response.status_code == 403 and b"CSRF" in response.content
        if not refused and response.status_code != 405:  # 405: the route takes no POST at all
            unprotected.append(f"{pattern} -> {response.status_code}")
    assert unprotected == []
    assert checked >= 120, checked  # 127 today: the web pages, the outgoing feeds, the admin


def test_token_only_routes_ignore_the_session_cookie(world: World) -> None:
    """Exempt from CSRF, so a signed-in browser's cookie alone must change nothing."""
    web = world.ana.web
    assert web.post("/api/comments", {"text": "x", "article_id": world.saved}).status_code == 401
    assert web.put(f"/api/articles/{world.other}/state", "{}").status_code == 401
    assert web.post(GR + "edit-tag", {"i": world.other, "a": STARRED}).status_code == 401
    assert (
        web.post(
            "/api/greader.php/reader/api/0/edit-tag", {"i": world.other, "a": STARRED}
        ).status_code
        == 401
    )
    assert json.loads(web.post("/fever/?api&mark=item&as=saved&id=1").content)["auth"] == 0
    assert json.loads(web.post("/api/fever.php?api&mark=item&as=saved&id=1").content)["auth"] == 0
    assert reader_state.saved_ids(world.ana.id) == [world.saved]


def test_a_comment_burst_from_one_reader_stops_at_the_limit(world: World) -> None:
    bo, article = world.bo, world.other
    web = [
        bo.web.post(
            "/comments/add",
            {"article_id": article, "text": f"Comment number {i} on the trams."},
            headers={"HX-Request": "true"},
        )
        for i in range(12)
    ]
    shown = [r.content.decode() for r in web]
    limited = [("You can post 5 comments every 10 minutes" in s) for s in shown]
    assert limited == [False] * 5 + [True] * 7
    api = bo.api("post", "/api/comments", {"text": "One more from the API.", "article_id": article})
    assert api.status_code == 429 and "5 comments every 10 minutes" in api.content.decode()


def test_anas_private_feed_is_hers_alone(world: World) -> None:
    w, bo = world, world.bo
    url = "https://private.example/feed.xml?key=anas-secret"
    private = feeds.add_feed(url, title="Ana's private feed")[0]
    subscriptions.follow(w.ana.id, private, private=True)
    assert "anas-secret" in w.ana.web.get("/feeds/").content.decode()  # the control
    seen = {
        "web feeds page": bo.web.get("/feeds/").content.decode(),
        "web opml": bo.web.get("/feeds/export.opml").content.decode(),
        "api feeds": bo.api("get", "/api/feeds").content.decode(),
        "api my feeds": bo.api("get", "/api/me/feeds").content.decode(),
        "greader list": json.dumps(bo.gr_get("subscription/list")),
        "fever feeds": json.dumps(bo.fever_call("feeds")),
        "visitor feeds page": Client().get("/feeds/").content.decode(),
    }
    assert [k for k, v in seen.items() if "anas-secret" in v or "private feed" in v] == []
    assert bo.web.get(f"/feeds/{private}/").status_code == 404
    assert bo.api("get", f"/api/feeds/{private}").status_code == 404
    assert bo.api("patch", f"/api/me/feeds/{private}", {"title": "bo's"}).status_code == 404
    assert bo.api("delete", f"/api/me/feeds/{private}").status_code == 404
    assert bo.web.post(f"/feeds/{private}/unsubscribe").status_code == 404
    assert bo.web.post(f"/feeds/{private}/refresh").status_code == 403
    assert bo.web.post(f"/feeds/{private}/delete").status_code == 403
    bo.web.post(f"/feeds/{private}/edit", {"title": "bo's title", "folder": "Bo"})
    assert subscriptions.subscriber_ids(private) == (w.ana.id,)
    assert "bo&#39;s title" not in w.ana.web.get("/feeds/").content.decode()
    assert feeds.get_feed(private).url == url


def test_a_comment_burst_from_one_address_over_many_accounts_stops_at_20(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Accounts made one after another on an open sign-up page each have their own 5: the
    address's 20 per 10 minutes holds whichever of them posts."""
    clock = Clock()
    monkeypatch.setattr(throttle, "clock", clock)
    with own_cache("locmem://", tmp_path):
        shown = []
        for n in range(6):
            web = Client(REMOTE_ADDR="203.0.113.9")
            web.force_login(User.objects.create_user(f"sock{n}", password=PASSWORD))
            for i in range(4):
                answer = web.post(
                    "/comments/add",
                    {"article_id": world.other, "text": f"Puppet {n} says thing {i} on trams."},
                    headers={"HX-Request": "true"},
                )
                shown.append("Too many comments from your address" in answer.content.decode())
        assert shown == [False] * throttle.COMMENTS_PER_ADDRESS + [True] * 4
        assert len(comments_for(article_id=world.other)) == throttle.COMMENTS_PER_ADDRESS
        api = Client(REMOTE_ADDR="203.0.113.9").post(
            "/api/comments",
            json.dumps({"text": "And one through the API.", "article_id": world.other}),
            content_type="application/json",
            headers=world.bo.account.headers,
        )
        assert api.status_code == 429 and api["Retry-After"] == "600"
        elsewhere = Client(REMOTE_ADDR="198.51.100.4")  # another address is not held up
        elsewhere.force_login(User.objects.get(id=world.bo.id))
        posted = elsewhere.post("/comments/add", {"article_id": world.other, "text": "Bo here."})
        assert posted.status_code == 302
        clock.now += 600  # the next window
        again = web.post("/comments/add", {"article_id": world.other, "text": "Later, calmly."})
        assert again.status_code == 302
        assert len(comments_for(article_id=world.other)) == throttle.COMMENTS_PER_ADDRESS + 2
