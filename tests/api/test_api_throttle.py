"""Google Reader ClientLogin and every token check are throttled per address (and account).

Defaults: 10 failures per address, 5 per account, 15-minute windows (site/throttle.py). Bad
tokens count on their own per-address counter, shared by the JSON API, the Google Reader API
and private alert feeds. The clock is moved, never waited for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from broadsheet.site import throttle
from tests.api.conftest import PASSWORD, Account
from tests.support.throttle import CACHES, Clock, own_cache

pytestmark = pytest.mark.django_db
GREADER = "/reader/api/0/subscription/list"


@pytest.fixture(params=CACHES)
def clock(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Clock]:
    """A hand-moved clock and a cache of this test's own (each kind in turn)."""
    fake = Clock()
    monkeypatch.setattr(throttle, "clock", fake)
    with own_cache(request.param, tmp_path):
        yield fake


def _client_login(api: Client, email: str, password: str) -> int:
    return api.post("/accounts/ClientLogin", {"Email": email, "Passwd": password}).status_code


def test_client_login_burst_on_one_account(api: Client, alice: Account, clock: Clock) -> None:
    answers = [
        api.post("/accounts/ClientLogin", {"Email": "alice", "Passwd": f"guess-{i}"})
        for i in range(50)
    ]
    assert [a.status_code for a in answers] == [401] * 5 + [429] * 45
    assert answers[0].content == b"Error=BadAuthentication\n"
    refused = answers[5]
    assert refused["Retry-After"] == "900" and refused["Content-Type"].startswith("text/plain")
    assert (
        refused.content.decode().count("\n") == 1
        and "try again in 15 minutes" in refused.content.decode()
    )
    assert _client_login(api, "alice", PASSWORD) == 429  # the right password too
    clock.now += 900
    assert _client_login(api, "alice", PASSWORD) == 200


def test_client_login_burst_over_many_accounts(api: Client, alice: Account, clock: Clock) -> None:
    statuses = [_client_login(api, f"user{i}@example.org", "guess") for i in range(50)]
    assert statuses == [401] * 10 + [429] * 40
    assert _client_login(api, "alice", PASSWORD) == 429
    assert (
        Client(REMOTE_ADDR="198.51.100.2")
        .post("/accounts/ClientLogin", {"Email": "alice", "Passwd": PASSWORD})
        .status_code
        == 200
    )
    clock.now += 900
    assert _client_login(api, "alice", PASSWORD) == 200


def test_web_and_client_login_share_the_counts(api: Client, alice: Account, clock: Clock) -> None:
    for _ in range(3):
        assert (
            api.post("/accounts/login/", {"username": "alice", "password": "guess"}).status_code
            == 200
        )
    assert [_client_login(api, "alice", "guess") for _ in range(3)] == [401, 401, 429]


def test_bad_greader_tokens_burst(api: Client, alice: Account, clock: Clock) -> None:
    good = api.post("/accounts/ClientLogin", {"Email": "alice", "Passwd": PASSWORD})
    auth = good.content.decode().split("Auth=")[1].strip()
    answers = [
        api.get(GREADER, headers={"Authorization": f"GoogleLogin auth=bs_guess{i}"})
        for i in range(50)
    ]
    assert [a.status_code for a in answers] == [401] * 10 + [429] * 40
    assert answers[0]["X-Reader-Google-Bad-Token"] == "true"
    assert answers[10]["Retry-After"] == "900"
    assert (
        answers[10].content == b"Too many bad tokens from your address: try again in 15 minutes.\n"
    )
    mine = {"Authorization": f"GoogleLogin auth={auth}"}
    assert api.get(GREADER, headers=mine).status_code == 429  # the right token too
    assert Client(REMOTE_ADDR="198.51.100.2").get(GREADER, headers=mine).status_code == 200
    clock.now += 900
    assert api.get(GREADER, headers=mine).status_code == 200


def test_bad_json_api_tokens_burst(api: Client, alice: Account, clock: Clock) -> None:
    answers = [
        api.get("/api/me", headers={"Authorization": f"Bearer bs_guess{i}"}) for i in range(50)
    ]
    assert [a.status_code for a in answers] == [401] * 10 + [429] * 40
    refused = answers[10]
    assert (
        refused["Retry-After"] == "900"
        and "try again in 15 minutes" in json.loads(refused.content)["detail"]
    )
    assert api.get("/api/me", headers=alice.headers).status_code == 429
    clock.now += 900
    assert api.get("/api/me", headers=alice.headers).status_code == 200


def test_token_failures_are_one_count_across_apis_and_apart_from_sign_ins(
    api: Client, alice: Account, clock: Clock
) -> None:
    for i in range(4):
        assert api.get("/api/me", headers={"Authorization": f"Bearer bs_x{i}"}).status_code == 401
    for i in range(3):
        assert (
            api.get(GREADER, headers={"Authorization": f"GoogleLogin auth=bs_y{i}"}).status_code
            == 401
        )
    for i in range(3):
        assert api.get(f"/syndication/alerts/1.rss?token=bs_z{i}").status_code == 401
    assert api.get("/syndication/alerts/1.rss?token=bs_z9").status_code == 429
    assert api.get("/api/me", headers=alice.headers).status_code == 429
    assert _client_login(api, "alice", PASSWORD) == 200  # a stale token does not lock sign-in


def test_requests_without_a_token_are_not_counted(
    api: Client, alice: Account, clock: Clock
) -> None:
    for _ in range(30):
        assert api.get(GREADER).status_code == 401
        assert api.get("/api/me").status_code == 401
    assert api.get("/api/me", headers=alice.headers).status_code == 200
