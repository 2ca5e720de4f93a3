"""newsboat itself reads a Broadsheet through the Google Reader API and marks articles read.

The Debian package's newsboat (2.21) with ``urls-source "feedhq"`` runs against a live
Broadsheet on 127.0.0.1: every article of the reading list (feeds and imported articles of no
feed) must arrive in its cache, and what is marked read in its interface (one article opened,
one whole subscription with ``A``) must be read in Broadsheet.
"""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.greader._ids import item_id
from broadsheet.pipeline import import_articles
from broadsheet.reading import mark_read, marks_among
from broadsheet.storage import feeds
from broadsheet.storage.models import Article
from tests.greader.newsboat import BINARY, Newsboat

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        BINARY is None,
        reason="newsboat is not installed: `apt-get install newsboat` (Debian) runs this test",
    ),
]

PASSWORD = "newsboat-test-password"
ENTER, QUIT_VIEW, DOWN, MARK_FEED_READ, QUIT = "\r", "q", "j", "A", "Q"


def _stock() -> dict[str, list[int]]:
    """Tech feed (a folder, 3 articles), Misc feed (2) and 2 imported articles of no feed."""
    now = timezone.now()
    ids: dict[str, list[int]] = {}
    for name, count, folder in (("tech", 3, ("Tech",)), ("misc", 2, ())):
        feed = feeds.add_feed(
            f"https://{name}.example/feed.xml", title=f"{name.title()} feed", category=folder
        )[0]
        ids[name] = [
            Article.objects.create(
                origin=f"feed:{feed}",
                key_hash=f"{name}{i}",
                item_key=f"{name}{i}",
                key_kind="guid",
                feed_id=feed,
                url=f"https://{name}.example/{i}",
                title=f"{name} story {i}",
                html=f"<p>{name} {i} &amp; more</p>",
                published_at=now - timedelta(hours=i + (0 if name == "tech" else 5)),
            ).id
            for i in range(count)
        ]
    records = [
        json.dumps(
            {
                "url": f"https://paper.example/{i}",
                "title": f"Imported story {i}",
                "text": f"Imported text {i}.",
                "published": (now - timedelta(days=2, hours=i)).isoformat(),
                "source": "Paper",
            }
        )
        for i in range(2)
    ]
    ids["imported"] = list(import_articles(records).ids)
    return ids


def _wait_for(check: Any, seconds: float = 15.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return bool(check())


@pytest.mark.django_db(transaction=True)
def test_newsboat_reads_every_article_and_marks_read(
    live_server: Any, tmp_path: Path, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("reader", "reader@example.org", PASSWORD)
    ids = _stock()
    every = [i for group in ids.values() for i in group]
    boat = Newsboat(tmp_path, live_server.url, "reader", PASSWORD)

    boat.run("reload")
    items = boat.cached_items()
    assert set(items) == {item_id(i) for i in every}  # every article arrived, once
    titles = dict(Article.objects.filter(id__in=every).values_list("id", "title"))
    assert {items[item_id(i)][0] for i in every} == set(titles.values())
    assert all(unread for _, unread in items.values())
    assert boat.cached_feeds() == ["Misc feed", "Paper", "Tech feed"]
    assert re.search(r"\b7 unread articles", boat.run("print-unread"))

    # Open the Tech feed's newest article, go back, then mark the third subscription (the
    # imported articles' outlet) read as a whole.
    boat.type_keys([ENTER, ENTER, QUIT_VIEW, QUIT_VIEW, DOWN, DOWN, MARK_FEED_READ, QUIT])
    expected = {ids["tech"][0], *ids["imported"]}
    assert _wait_for(lambda: marks_among(user.id, every)[0] == expected), marks_among(
        user.id, every
    )

    # A mark made elsewhere (the web, another app) reaches newsboat on its next reload.
    mark_read(user.id, [ids["misc"][1]])
    boat.run("reload")
    assert re.search(r"\b3 unread articles", boat.run("print-unread"))
    unread = {guid for guid, (_, is_unread) in boat.cached_items().items() if is_unread}
    assert unread == {item_id(i) for i in (ids["tech"][1], ids["tech"][2], ids["misc"][0])}
