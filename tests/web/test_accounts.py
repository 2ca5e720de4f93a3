"""Accounts: sign up, sign in and out, password reset by e-mail; every form needs CSRF."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def test_signup_signs_in_and_next_is_safe(client: Client) -> None:
    page = client.get("/accounts/signup/")
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    r = client.post(
        "/accounts/signup/",
        {
            "username": "ana",
            "email": "ana@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "next": "https://evil.example/",
        },
    )
    assert r.status_code == 302 and r["Location"] == "/"
    assert "Sign out" in client.get("/").content.decode()


def test_signup_errors_are_shown(client: Client) -> None:
    r = client.post(
        "/accounts/signup/", {"username": "ana", "email": "x", "password1": "a", "password2": "b"}
    )
    html = r.content.decode()
    assert r.status_code == 200 and 'role="alert"' in html and not User.objects.exists()


def test_login_logout(client: Client) -> None:
    User.objects.create_user("ana", "ana@example.org", "pw-pw-pw-1")
    r = client.post("/accounts/login/", {"username": "ana", "password": "wrong"})
    assert r.status_code == 200 and "correct username" in r.content.decode()
    r = client.post(
        "/accounts/login/?next=/feeds/",
        {"username": "ana", "password": "pw-pw-pw-1", "next": "/feeds/"},
    )
    assert r["Location"] == "/feeds/"
    assert client.post("/accounts/logout/").status_code == 302
    assert "Sign in" in client.get("/").content.decode()


def test_password_reset_mail_has_a_working_link(client: Client) -> None:
    User.objects.create_user("ana", "ana@example.org", "old-password-1")
    r = client.post("/accounts/password-reset/", {"email": "ana@example.org"})
    assert r.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "new-password-22", "new_password2": "new-password-22"},
    )
    assert done.status_code == 302
    assert Client().login(username="ana", password="new-password-22")


def test_forms_need_csrf() -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/accounts/login/", {"username": "a", "password": "b"}).status_code == 403
    assert strict.post("/accounts/signup/", {}).status_code == 403
    User.objects.create_user("ana", password="pw")
    strict.login(username="ana", password="pw")
    assert strict.post("/comments/add", {"story_id": "1", "text": "x"}).status_code == 403
