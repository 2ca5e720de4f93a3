"""The first account is the administrator; BROADSHEET_SIGNUP closes the sign-up page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

PASS = "a-long-pass-phrase"


def _signup(client: Client, name: str) -> Any:
    return client.post(
        "/accounts/signup/",
        {"username": name, "email": f"{name}@example.org", "password1": PASS, "password2": PASS},
    )


def test_first_sign_up_is_the_administrator_and_the_page_says_so(client: Client) -> None:
    page = client.get("/accounts/signup/").content.decode()
    assert "first account of this Broadsheet" in page and "administrator" in page
    assert _signup(client, "ana").status_code == 302
    ana = User.objects.get(username="ana")
    assert ana.is_staff and ana.is_superuser
    other = Client()
    assert "first account" not in other.get("/accounts/signup/").content.decode()
    assert _signup(other, "ben").status_code == 302
    ben = User.objects.get(username="ben")
    assert not ben.is_staff and not ben.is_superuser


def test_names_differing_in_case_are_refused(client: Client) -> None:
    assert _signup(client, "ana").status_code == 302
    page = _signup(Client(), "ANA")
    html = page.content.decode()
    assert page.status_code == 200 and ("exists already" in html or "already exists" in html)
    assert User.objects.count() == 1


def test_closed_sign_up_refuses_with_a_page(client: Client, settings_env: Any) -> None:
    settings_env.setenv("BROADSHEET_SIGNUP", "closed")
    page = client.get("/accounts/signup/")
    assert page.status_code == 403 and "Sign-up is closed" in page.content.decode()
    assert _signup(client, "ana").status_code == 403
    assert not User.objects.exists()


def test_a_bad_signup_setting_fails_at_start_up() -> None:
    from broadsheet import config
    from broadsheet.errors import ConfigError

    with pytest.raises(ConfigError, match=r"BROADSHEET_SIGNUP.*open, closed"):
        config.load({"BROADSHEET_SIGNUP": "sometimes"})
