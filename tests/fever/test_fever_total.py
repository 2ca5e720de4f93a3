"""Fever's ``total_items`` and ``unread_item_ids`` (read from the feed index, not a scan of every
article) leave out hidden feeds and muted outlets and keep articles of no feed, as the reading
list does."""

from __future__ import annotations

import pytest

from broadsheet.storage import feeds
from broadsheet.storage.models import Article, Source
from broadsheet.storage.reader import subscriptions
from broadsheet.storage.reader.models import MutedSource
from broadsheet.storage.reader.queries import mark_read
from broadsheet.storage.reader.streams import Stream, StreamFilter, _filtered
from tests.fever.client import FeverClient
from tests.fever.conftest import Library

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _reading_list(user_id: int) -> int:
    return _filtered(user_id, Stream("all"), StreamFilter()).count()


def test_total_leaves_out_hidden_feeds_and_muted_outlets(
    fever: FeverClient, alice: int, library: Library
) -> None:
    assert fever.items()["total_items"] == len(library.every) == _reading_list(alice)
    assert subscriptions.unfollow(alice, library.misc_feed) == "hidden"
    muted = Source.objects.create(domain="muted.example", name="Muted", site_url="")
    Article.objects.filter(id__in=library.tech[:5]).update(source=muted)
    MutedSource.objects.create(user_id=alice, source=muted)
    paper = Article.objects.get(id=library.imported[0]).source
    assert paper is not None
    MutedSource.objects.create(user_id=alice, source=paper)
    expected = len(library.tech) - 5  # misc hidden, the imports' outlet muted
    assert fever.items()["total_items"] == expected == _reading_list(alice)


def test_unread_ids_of_a_reader_of_few_feeds_come_from_their_feeds(
    fever: FeverClient, alice: int, library: Library
) -> None:
    # Following under half of the instance's feeds, the ids are named from the followed feeds'
    # index; they must be the reading list's unread articles all the same, imports included.
    for n in range(3):
        extra = feeds.add_feed(f"https://other{n}.example/feed.xml", title=f"Other {n}")[0]
        subscriptions.unfollow(alice, extra)
    assert subscriptions.unfollow(alice, library.misc_feed) == "hidden"
    muted = Source.objects.create(domain="muted.example", name="Muted", site_url="")
    Article.objects.filter(id__in=library.tech[:3]).update(source=muted)
    MutedSource.objects.create(user_id=alice, source=muted)
    mark_read(alice, library.tech[3:6])
    expected = (set(library.tech[6:]) | set(library.imported)) - set(library.misc)
    reference = _filtered(alice, Stream("all"), StreamFilter(exclude_read=True))
    assert fever.unread() == expected == set(reference.values_list("id", flat=True))
