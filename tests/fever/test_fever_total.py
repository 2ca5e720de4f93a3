"""Fever's ``total_items`` (counted from the feed index, not a scan of every article) leaves out
hidden feeds and muted outlets, in feeds and among articles of no feed, as the reading list does."""

from __future__ import annotations

import pytest

from broadsheet.storage.models import Article, Source
from broadsheet.storage.reader import subscriptions
from broadsheet.storage.reader.models import MutedSource
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
