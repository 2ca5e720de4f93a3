"""An OPML folder name longer than the stored column is cut to it, on every database: PostgreSQL
refused the whole import with a server error (found by tests/browser/test_xss_matrix.py)."""

from __future__ import annotations

import pytest

from broadsheet.pipeline import import_opml
from broadsheet.storage.models import Feed

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_a_folder_name_past_the_column_is_cut_and_the_feed_added() -> None:
    folder = "Long folder " + "x" * 400
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="{folder}">'
        '<outline type="rss" text="One" xmlUrl="https://one.example/feed.xml"/>'
        "</outline></body></opml>"
    )
    report = import_opml(opml)
    assert report.added == 1
    feed = Feed.objects.select_related("category").get(url="https://one.example/feed.xml")
    assert feed.category is not None and feed.category.title == folder[:200]
    assert import_opml(opml).added == 0  # the same folder is found again, not made twice
