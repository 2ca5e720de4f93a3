"""Articles known by their headline alone (a feed item with a title, its page unreachable) get a
story too; only an article with neither headline nor text stays out of the stories."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.pipeline import _cluster, import_articles
from broadsheet.pipeline._cluster import forget
from broadsheet.storage.models import Article
from broadsheet.storage.stories.models import Membership

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _line(n: int, title: str, text: str) -> str:
    return json.dumps(
        {
            "url": f"https://outlet{n}.example/item",
            "title": title,
            "text": text,
            "source": f"Outlet {n}",
            "published": (T0 + timedelta(minutes=10 * n)).isoformat(),
        }
    )


def test_headline_only_articles_are_placed_in_stories() -> None:
    forget()
    ids = import_articles(
        [
            _line(0, "Harbour bridge closed after ferry strikes pier", "Placeholder one."),
            _line(1, "Ferry strikes pier: harbour bridge closed", "Placeholder two."),
            _line(2, "Library opens new reading room for children", "Placeholder three."),
        ]
    ).ids
    # As a feed item with a title only whose page could not be fetched is stored: no text.
    Article.objects.filter(id__in=ids).update(text="")
    Membership.objects.filter(article_id__in=ids).delete()
    forget()
    assert _cluster.run(ids).articles == 3
    story = dict(Membership.objects.values_list("article_id", "story_id"))
    assert set(story) == set(ids)  # every headline-only article is in a story
    assert story[ids[0]] == story[ids[1]] != story[ids[2]]  # placed by what the headline says


def test_an_article_with_neither_headline_nor_text_has_no_story() -> None:
    forget()
    ids = import_articles([_line(3, "Tram depot reopens", "The depot reopened today.")]).ids
    blank = Article.objects.get(id=ids[0])
    Article.objects.filter(id=blank.id).update(title="", text="")
    Membership.objects.filter(article_id=blank.id).delete()
    assert _cluster.run([blank.id]).articles == 0
    assert not Membership.objects.filter(article_id=blank.id).exists()
