"""Password guessing on the web sign-in page is throttled per address and per account.

Defaults: 10 failures per address, 5 per account, in 15-minute windows (site/throttle.py).
The clock is moved, never waited for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from broadsheet.site import throttle
from tests.support.throttle import CACHES, T0, Clock, own_cache

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture(params=CACHES)
def clock(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    settings: object,
    tmp_path: Path,
) -> Iterator[Clock]:
    """A hand-moved clock, a cache of this test's own (each kind in turn) and the reader ana."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    fake = Clock()
    monkeypatch.setattr(throttle, "clock", fake)
    User.objects.create_user("ana", "ana@example.org", "the-right-one")
    with own_cache(request.param, tmp_path):
        yield fake


def _sign_in(client: Client, username: str, password: str) -> int:
    return client.post(LOGIN, {"username": username, "password": password}).status_code


def test_a_burst_on_one_account_gets_5_form_errors_then_429(clock: Clock) -> None:
    client = Client()
    answers = [client.post(LOGIN, {"username": "ana", "password": f"guess-{i}"}) for i in range(50)]
    statuses = [a.status_code for a in answers]
    assert statuses == [200] * 5 + [429] * 45
    assert "correct username" in answers[0].content.decode()  # the form, with its error
    refused = answers[5]
    assert refused["Retry-After"] == "900" and refused["Content-Type"].startswith("text/plain")
    assert (
        refused.content.decode()
        == "Too many failed sign-ins for this account: try again in 15 minutes.\n"
    )
    assert _sign_in(client, "ana", "the-right-one") == 429  # locked means locked
    clock.now += 600
    assert client.post(LOGIN, {"username": "ana", "password": "x"})["Retry-After"] == "300"
    clock.now = T0 + 900  # the next window
    assert _sign_in(client, "ana", "the-right-one") == 302


def test_a_burst_over_many_accounts_gets_10_form_errors_then_429(clock: Clock) -> None:
    client = Client()
    statuses = [_sign_in(client, f"user{i}", "guess") for i in range(50)]
    assert statuses == [200] * 10 + [429] * 40
    assert _sign_in(client, "ana", "the-right-one") == 429  # this address is locked, whoever
    assert _sign_in(Client(REMOTE_ADDR="198.51.100.2"), "ana", "the-right-one") == 302  # not others
    clock.now += 900
    assert _sign_in(client, "ana", "the-right-one") == 302


def test_the_account_lock_holds_from_every_address(clock: Clock) -> None:
    for i in range(5):
        assert _sign_in(Client(REMOTE_ADDR=f"198.51.100.{i + 1}"), "ana", "guess") == 200
    assert _sign_in(Client(REMOTE_ADDR="203.0.113.50"), "ana", "the-right-one") == 429
    assert (
        _sign_in(Client(REMOTE_ADDR="203.0.113.50"), "Ana", "the-right-one") == 429
    )  # case-folded


def test_signing_in_clears_the_accounts_failures_not_the_addresss(clock: Clock) -> None:
    User.objects.create_user("bo", "bo@example.org", "bos-password")
    client = Client()
    assert [_sign_in(client, "ana", "guess") for _ in range(4)] == [200] * 4
    assert _sign_in(client, "ana", "the-right-one") == 302
    client.post("/accounts/logout/")
    # ana's failures are cleared (else the second of these would be 429) ...
    assert [_sign_in(client, "ana", "guess") for _ in range(4)] == [200] * 4
    # ... but the address still counts its 8: two more, and it is locked, even for bo.
    assert [_sign_in(client, "bo", "guess") for _ in range(2)] == [200] * 2
    assert _sign_in(client, "bo", "bos-password") == 429


def test_showing_the_form_and_signed_in_posts_are_not_counted(clock: Clock) -> None:
    client = Client()
    for _ in range(20):
        assert client.get(LOGIN).status_code == 200
    assert _sign_in(client, "ana", "the-right-one") == 302
    for _ in range(20):  # already signed in: redirected, no password checked
        assert _sign_in(client, "bo", "guess") == 302
    client.post("/accounts/logout/")
    assert [_sign_in(client, "ana", "guess") for _ in range(5)] == [200] * 5
