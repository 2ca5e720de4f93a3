"""Fever writes: mark items read/unread/saved/unsaved, feeds and groups read up to ``before``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from broadsheet.reading import set_fever_password
from broadsheet.storage.models import Article
from tests.fever.client import FeverClient, api_key, id_set
from tests.fever.conftest import Library

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_an_item_is_marked_read_unread_saved_and_unsaved(
    fever: FeverClient, library: Library
) -> None:
    item = library.tech[2]
    answer = fever.mark("item", "read", item)
    assert item not in id_set(answer["unread_item_ids"])  # the answer carries the new state
    assert item not in fever.unread()
    assert fever.items(with_ids=item)["items"][0]["is_read"] == 1
    fever.mark("item", "unread", item)
    assert item in fever.unread()
    answer = fever.mark("item", "saved", item)
    assert id_set(answer["saved_item_ids"]) == {item} == fever.saved()
    assert fever.items(with_ids=item)["items"][0]["is_saved"] == 1
    fever.mark("item", "unsaved", item)
    assert fever.saved() == set()


def test_an_unknown_item_id_is_skipped(fever: FeverClient, library: Library) -> None:
    assert "unread_item_ids" in fever.mark("item", "read", 987_654_321)
    assert fever.unread() == library.every


def test_a_feed_is_marked_read_only_up_to_before(fever: FeverClient, library: Library) -> None:
    cut = Article.objects.get(id=library.tech[10]).published_at
    assert cut is not None
    fever.mark("feed", "read", library.tech_feed, before=int(cut.timestamp()))
    unread = fever.unread()
    assert set(library.tech[:10]) <= unread  # newer than `before`: the client has not seen them
    assert not set(library.tech[11:]) & unread
    assert set(library.misc) | set(library.imported) <= unread


def test_the_outlet_of_imported_articles_is_a_feed_too(
    fever: FeverClient, library: Library
) -> None:
    outlet = next(i["feed_id"] for i in fever.items(with_ids=library.imported[0])["items"])
    fever.mark("feed", "read", outlet)
    assert fever.unread() == set(library.tech) | set(library.misc)


def test_a_group_and_kindling_are_marked_read(fever: FeverClient, library: Library) -> None:
    tech_group = fever.groups()["groups"][0]["id"]
    fever.mark("group", "read", tech_group, before=int(timezone.now().timestamp()))
    assert fever.unread() == set(library.misc) | set(library.imported)
    fever.mark("group", "read", -1)  # Sparks: nothing in it
    assert fever.unread() == set(library.misc) | set(library.imported)
    fever.mark("group", "read", 0)
    assert fever.unread() == set()


def test_marks_are_the_readers_own(client: Client, fever: FeverClient, library: Library) -> None:
    bob = User.objects.create_user("bob", "bob@example.org", "bob's account password")
    set_fever_password(bob.id, "bob-fever-password")
    bobs = FeverClient(client, api_key("bob", "bob-fever-password"))
    fever.mark("group", "read", 0)
    fever.mark("item", "saved", library.tech[0])
    assert bobs.unread() == library.every and bobs.saved() == set()


def test_a_new_fever_password_replaces_the_old_one(
    client: Client, alice: int, fever: FeverClient
) -> None:
    set_fever_password(alice, "another-fever-password")
    assert not fever.authenticated()
    assert FeverClient(client, api_key("alice", "another-fever-password")).authenticated()
