"""A reader never sees the same article twice in a listing, whatever feed or URL it came by."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.storage.stories.models import Signature

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

TEXT = (
    "The city council approved a new cycle lane on Harbour Road on Tuesday after a two-hour "
    "debate. Councillor Ada Brennan said the lane would open in the spring.\n\n"
    "Shop owners on the road asked for more loading bays, and the council agreed to add three."
)


def _import() -> tuple[int, int]:
    when = (timezone.now() - timedelta(hours=2)).isoformat()
    first = {
        "url": "https://harbour-post.example/cycle-lane",
        "title": "Cycle lane approved",
        "text": TEXT,
        "source": "Harbour Post",
        "published": when,
    }
    copy = first | {"url": first["url"] + "?utm_source=newsletter&utm_medium=email"}
    ids = import_articles([json.dumps(first), json.dumps(copy)]).ids
    assert Signature.objects.get(article_id=ids[1]).duplicate_of_id == ids[0]
    return ids[0], ids[1]


def test_latest_and_the_outlet_page_show_an_exact_copy_once(client: Client) -> None:
    original, copy = _import()
    for path in ("/latest/", "/sources/harbour-post.example/"):
        page = client.get(path).content.decode()
        assert page.count("Cycle lane approved") == 1, path
        assert f"/articles/{original}/" in page and f"/articles/{copy}/" not in page
    assert client.get(f"/articles/{copy}/").status_code == 200  # still readable by its link


def test_a_saved_article_stays_listed_even_if_it_turns_out_to_be_a_copy(client: Client) -> None:
    from broadsheet.storage.reader import queries as reader

    _, copy = _import()
    user = User.objects.create_user("ana", "ana@example.org", "pw")
    reader.save(user.id, copy)
    client.login(username="ana", password="pw")
    assert f"/articles/{copy}/" in client.get("/saved/").content.decode()


def test_search_lists_an_exact_copy_once(client: Client) -> None:
    from broadsheet.search import index, search

    original, copy = _import()
    index([original, copy])
    found = search("cycle lane Harbour Road")
    assert [h.article_id for h in found.hits] == [original]
    assert f"/articles/{copy}/" not in client.get("/search/?q=cycle+lane").content.decode()
