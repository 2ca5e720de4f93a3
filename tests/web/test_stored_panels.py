"""An article page's panels are built once by the pipeline's ``panels`` step and read back.

They come back equal to what the page would build, are not served once the article's story has
changed (or their format is old), leave out related articles deleted since, and a reader's
hashtag edit rebuilds them at once.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet import reading
from broadsheet.pipeline import import_articles
from broadsheet.pipeline.flow import STEPS
from broadsheet.reading import _panels
from broadsheet.storage.models import Article, ArticlePanels
from broadsheet.storage.stories.models import Membership, Story
from broadsheet.web import panels

pytestmark = pytest.mark.django_db

TEXT = (
    "The council of Riverton voted on Tuesday to close the old Mill Street bridge to lorries "
    "after engineers found cracks in two of its steel girders.\n\n"
    "Mayor Lena Fischer said the bridge would stay open to cars and buses while repairs are "
    'planned. "We will not take risks with a crossing that thousands use every day," she said.'
    "\n\nThe repairs are expected to take eight months and to cost about four million pounds."
)


def _story(
    outlets: tuple[str, ...] = ("Riverton Post", "Valley Herald", "County Times"),
) -> list[int]:
    """Import the same event from several outlets: one story, related coverage on each page."""
    now = timezone.now()
    records = [
        json.dumps(
            {
                "url": f"https://{name.split()[0].lower()}.example/bridge-{i}",
                "title": f"Riverton shuts Mill Street bridge to lorries over girder cracks ({name})",
                "text": TEXT.replace("Tuesday", ["Tuesday", "Tuesday evening", "Tuesday night"][i]),
                "source": name,
                "published": (now - timedelta(minutes=30 + 10 * i)).isoformat(),
            }
        )
        for i, name in enumerate(outlets)
    ]
    return import_articles(records).ids


def test_the_panels_step_is_the_last_of_the_flow() -> None:
    assert STEPS[-1].name == "panels"


def test_stored_panels_are_what_the_page_would_build() -> None:
    ids = _story()
    assert ArticlePanels.objects.filter(article_id__in=ids).count() == len(ids)
    for article_id in ids:
        stored = reading.stored_panels(article_id)
        assert stored is not None
        assert stored == reading.panels_of(article_id)
    first = reading.stored_panels(ids[0])
    assert first is not None and first.story is not None and first.related is not None
    assert first.related.items, "three outlets on one story: the others are related coverage"


def test_the_page_reads_the_stored_panels_without_building_them(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ids = _story()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page built its panels")

    monkeypatch.setattr(panels.reading, "related_coverage", broken)
    monkeypatch.setattr(panels.reading, "article_story", broken)
    with caplog.at_level(logging.ERROR, logger="broadsheet.web.panels"):
        page = client.get(f"/articles/{ids[0]}/")
    assert page.status_code == 200
    assert not [r for r in caplog.records if getattr(r, "panel", "")]
    assert "Valley Herald" in page.content.decode() or "County Times" in page.content.decode()


def test_a_story_changed_since_makes_the_page_build_them() -> None:
    ids = _story()
    assert reading.stored_panels(ids[0]) is not None
    story_id = Membership.objects.get(article_id=ids[0]).story_id
    Story.objects.filter(id=story_id).update(updated_at=timezone.now() + timedelta(seconds=1))
    assert reading.stored_panels(ids[0]) is None
    reading.build_panels([ids[0]])
    assert reading.stored_panels(ids[0]) is not None


def test_panels_of_another_format_are_not_served(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _story()
    monkeypatch.setattr(_panels, "FORMAT", _panels.FORMAT + 1)
    assert reading.stored_panels(ids[0]) is None


def test_an_unreadable_payload_is_built_again_not_an_error() -> None:
    ids = _story()
    ArticlePanels.objects.filter(article_id=ids[0]).update(payload={"story": "not a story"})
    assert reading.stored_panels(ids[0]) is None


def test_related_articles_deleted_without_a_story_change_are_left_out() -> None:
    ids = _story()
    before = reading.stored_panels(ids[0])
    assert before is not None and before.related is not None
    gone = before.related.items[0].article_id
    # Deleted behind the story's back (its stamp unchanged): the stored block still names it.
    Membership.objects.filter(article_id=gone).delete()
    Article.objects.filter(id=gone).delete()
    after = reading.stored_panels(ids[0])
    assert after is not None and after.related is not None
    assert gone not in {item.article_id for item in after.related.items}
    assert len(after.related.items) == len(before.related.items) - 1


def test_a_readers_hashtag_rebuilds_the_stored_panels(client: Client) -> None:
    from django.contrib.auth.models import User

    ids = _story()
    User.objects.create_user("ana", "ana@example.org", "pw")
    client.login(username="ana", password="pw")
    client.post(f"/articles/{ids[0]}/tags", {"tag": "#BridgeWatch"})
    stored = reading.stored_panels(ids[0])
    assert stored is not None and stored.intel is not None
    assert "BridgeWatch" in {t.tag for t in stored.intel.hashtags}
