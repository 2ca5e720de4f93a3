"""The web page where a reader sets their Fever password and finds the endpoint to give apps."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.fever.client import FeverClient, api_key
from tests.fever.conftest import ACCOUNT_PASSWORD, FEVER_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.storage]
PAGE = "/accounts/fever/"


@pytest.fixture
def signed_in(client: Client, alice: int) -> Client:
    assert client.login(username="alice", password=ACCOUNT_PASSWORD)
    return client


def test_the_page_needs_a_sign_in(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_the_endpoints_and_the_state(signed_in: Client) -> None:
    html = signed_in.get(PAGE).content.decode()
    assert "http://testserver/fever/" in html and "http://testserver/api/fever.php" in html
    assert "Fever access is <strong>on</strong>" in html  # the fixture set a password
    assert 'href="/accounts/fever/"' in signed_in.get("/").content.decode()  # account menu


def test_setting_a_password_signs_apps_in_with_it(signed_in: Client) -> None:
    new = "a brand new fever pass"
    response = signed_in.post(PAGE, {"password": new, "again": new, "action": "set"}, follow=True)
    assert "Fever password set" in response.content.decode()
    assert FeverClient(signed_in, api_key("alice", new)).authenticated()
    assert not FeverClient(signed_in, api_key("alice", FEVER_PASSWORD)).authenticated()


@pytest.mark.parametrize(
    ("password", "again", "says"),
    [("short", "short", "at least 8"), ("long enough one", "another one", "differ")],
)
def test_bad_passwords_are_refused_with_the_reason(
    signed_in: Client, password: str, again: str, says: str
) -> None:
    response = signed_in.post(PAGE, {"password": password, "again": again, "action": "set"})
    assert response.status_code == 200 and says in response.content.decode()
    assert FeverClient(signed_in, api_key("alice", FEVER_PASSWORD)).authenticated()


def test_turning_fever_off_signs_apps_out(signed_in: Client) -> None:
    response = signed_in.post(PAGE, {"action": "off"}, follow=True)
    assert "Fever access is <strong>off</strong>" in response.content.decode()
    assert not FeverClient(signed_in, api_key("alice", FEVER_PASSWORD)).authenticated()
