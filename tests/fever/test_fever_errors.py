"""Malformed Fever calls get a clear error and never a 500; bad keys are throttled."""

from __future__ import annotations

import random
import string

import pytest
from django.test import Client

from tests.fever.client import ENDPOINT, FeverClient
from tests.fever.conftest import Library

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

MALFORMED = [
    ("items&since_id=abc", {}, "since_id"),
    ("items&max_id=-4", {}, "max_id"),
    ("items&since_id=1&max_id=9", {}, "not both"),
    ("items&since_id=99999999999999999999999", {}, "out of range"),
    ("items&with_ids=1,two,3", {}, "with_ids"),
    ("items&with_ids=" + ",".join(str(i) for i in range(1, 52)), {}, "at most 50"),
    ("", {"mark": "story", "as": "read", "id": "1"}, "mark=item"),
    ("", {"mark": "item", "as": "starred", "id": "1"}, "saved"),
    ("", {"mark": "item", "as": "read"}, "needs id"),
    ("", {"mark": "item", "as": "read", "id": "x"}, "id="),
    ("", {"mark": "feed", "as": "unread", "id": "1"}, "only be marked as=read"),
    ("", {"mark": "feed", "as": "read", "id": "1", "before": "yesterday"}, "before"),
]


@pytest.mark.parametrize(("query", "form", "named"), MALFORMED)
def test_malformed_calls_are_400_and_say_what_is_wrong(
    fever: FeverClient, library: Library, query: str, form: dict[str, str], named: str
) -> None:
    body = fever.call(query, status=400, **form)
    assert body["auth"] == 1 and named in body["error"]


def test_unknown_feed_or_group_is_404(fever: FeverClient, library: Library) -> None:
    assert "no feed" in fever.mark("feed", "read", 123_456, status=404)["error"]
    assert "no group" in fever.mark("group", "read", 77, status=404)["error"]


def test_calls_that_are_not_fever_calls(client: Client, fever: FeverClient) -> None:
    assert "?api" in client.post(ENDPOINT, {"api_key": fever.key}).json()["error"]
    assert client.post(ENDPOINT + "?api=xml", {"api_key": fever.key}).status_code == 400
    response = client.put(ENDPOINT + "?api")
    assert response.status_code == 405 and response["Allow"] == "GET, POST"


def test_get_works_as_well_as_post(client: Client, fever: FeverClient, library: Library) -> None:
    body = client.get(ENDPOINT, {"api": "", "api_key": fever.key, "unread_item_ids": ""}).json()
    assert body["auth"] == 1 and body["unread_item_ids"]


def test_random_garbage_is_never_a_500(
    client: Client, fever: FeverClient, library: Library
) -> None:
    rng = random.Random(16)
    names = ["items", "since_id", "max_id", "with_ids", "mark", "as", "id", "before", "groups"]
    values = ["", "0", "-1", "1,2", "read", "saved", "\x00", "9" * 40, "é", "1e3", " 7 "]
    for _ in range(300):
        query = "&".join(
            f"{rng.choice(names)}={rng.choice([*values, ''.join(rng.choices(string.printable, k=5))])}"
            for _ in range(rng.randint(0, 4))
        )
        form = {rng.choice(names): rng.choice(values) for _ in range(rng.randint(0, 3))}
        response = client.post(f"{ENDPOINT}?api&{query}", {"api_key": fever.key, **form})
        assert response.status_code in (200, 400, 404), (query, form, response.content[:200])
        assert response.json()["api_version"] == 3


def test_bad_keys_are_throttled_per_address(client: Client, settings_env: object) -> None:
    settings_env.setenv("BROADSHEET_LOGIN_FAILURES_PER_ADDRESS", "3")  # type: ignore[attr-defined]
    guesser = FeverClient(client, "0" * 32)
    for _ in range(3):
        assert guesser.call("")["auth"] == 0
    response = client.post(ENDPOINT + "?api", {"api_key": "1" * 32})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
