"""Requests Django refuses before any view (too many form fields, too large a body) answer 400
with one line in the error shape of their API, not Django's HTML page (found by benchmarks/fuzz.py)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.api.conftest import Account

pytestmark = pytest.mark.django_db

TOO_MANY_FIELDS = "&".join(f"i={n}" for n in range(1500))
TOO_LARGE = json.dumps({"text": "x" * 3_000_000, "article_id": 1})
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("path", "content_type", "body", "key", "says"),
    [
        ("/api/comments", "application/json", TOO_LARGE, "detail", "larger than"),
        ("/reader/api/0/edit-tag", FORM, TOO_MANY_FIELDS, "error", "form fields"),
        ("/api/greader.php/reader/api/0/edit-tag", FORM, TOO_MANY_FIELDS, "error", "form fields"),
        ("/fever/?api&items", FORM, TOO_MANY_FIELDS, "error", "form fields"),
        ("/api/fever.php?api", FORM, "api_key=" + "k" * 3_000_000, "error", "larger than"),
    ],
)
def test_refused_before_the_view_in_one_line(
    client: Client, alice: Account, path: str, content_type: str, body: str, key: str, says: str
) -> None:
    response = client.post(path, body, content_type=content_type, headers=alice.headers)
    assert response.status_code == 400, response.content[:200]
    message = json.loads(response.content)[key]
    assert says in message and "\n" not in message


def test_a_page_gets_the_line_as_plain_text(client: Client) -> None:
    response = client.post("/accounts/login/", TOO_MANY_FIELDS, content_type=FORM)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().count("\n") == 1 and b"form fields" in response.content
