"""A reader's filter rules hold in the Fever API: items, paging, unread ids and totals."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from broadsheet.pipeline import add_filter_rule
from broadsheet.reading import mark_saved, set_fever_password
from tests.fever.client import FeverClient, api_key
from tests.fever.conftest import ACCOUNT_PASSWORD, FEVER_PASSWORD, PER_FEED, Library

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _block_every_tech_story_but_0(alice: int) -> None:
    # "tech story 1" .. "tech story 29": every tech title but the first (a run of 29 hidden)
    add_filter_rule(alice, "block", "regex", "title", r"^tech story [1-9][0-9]?$")


def test_a_block_rule_hides_items_from_paging_unread_ids_with_ids_and_totals(
    fever: FeverClient, library: Library, alice: int
) -> None:
    _block_every_tech_story_but_0(alice)
    hidden = set(library.tech[1:])
    visible = library.every - hidden
    items = fever.all_items()
    assert [i["id"] for i in items] == sorted(visible)  # ascending, none skipped or repeated
    assert fever.items()["total_items"] == len(visible)
    assert fever.unread() == visible
    down, max_id = [], 0
    while page := fever.items(max_id=max_id)["items"]:  # max_id=0: from the newest down
        down += [i["id"] for i in page]
        max_id = min(i["id"] for i in page)
    assert down == sorted(visible, reverse=True)
    asked = ",".join(map(str, library.tech[:5]))
    assert [i["id"] for i in fever.items(with_ids=asked)["items"]] == [library.tech[0]]


def test_a_keep_rule_hides_the_rest_and_a_saved_article_stays(
    fever: FeverClient, library: Library, alice: int
) -> None:
    add_filter_rule(alice, "keep", "keyword", "title", "misc")
    mark_saved(alice, [library.tech[3]])
    visible = set(library.misc) | {library.tech[3]}
    assert {i["id"] for i in fever.all_items()} == visible
    assert fever.unread() == visible
    assert fever.saved() == {library.tech[3]}
    with_ids = fever.items(with_ids=f"{library.tech[3]},{library.imported[0]}")["items"]
    assert [i["id"] for i in with_ids] == [library.tech[3]]
    assert fever.items()["total_items"] == len(visible)


def test_a_second_reader_is_unaffected(
    client: Client, fever: FeverClient, library: Library, alice: int
) -> None:
    _block_every_tech_story_but_0(alice)
    bob = User.objects.create_user("bob", "bob@example.org", ACCOUNT_PASSWORD)
    set_fever_password(bob.id, FEVER_PASSWORD)
    theirs = FeverClient(client, api_key("bob", FEVER_PASSWORD))
    assert {i["id"] for i in theirs.all_items()} == library.every
    assert theirs.unread() == library.every
    assert theirs.items()["total_items"] == len(library.every)
    assert len(fever.unread()) == len(library.every) - (PER_FEED - 1)
