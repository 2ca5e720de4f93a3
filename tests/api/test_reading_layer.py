"""The reading layer is the entry points' only way to article, feed and story data, and its view
models serve the safe form even of rows an older version (or the admin) stored unsafe."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from django.db.models import F
from django.test import Client

from broadsheet import reading
from broadsheet.errors import NotFoundError
from broadsheet.storage import feeds
from broadsheet.storage.models import Article, Feed
from tests.api.conftest import Account, import_article
from tests.api.test_hostile_content import live_vectors

SRC = Path(__file__).resolve().parents[2] / "src" / "broadsheet"
# Entry points that reach data only through broadsheet.reading and broadsheet.pipeline.
THROUGH_READING = ("api", "greader", "syndication", "web/views/article.py", "web/views/story.py")
HOSTILE_HTML = (
    "<p>kept</p><img src=x onerror=alert(1)><script>alert(1)</script>"
    '<a href="javascript:alert(1)">x</a>'
)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", THROUGH_READING)
def test_entry_points_never_import_storage(package: str) -> None:
    offending = {
        f"{path.relative_to(SRC)}: {name}"
        for path in sorted(
            (SRC / package).rglob("*.py") if (SRC / package).is_dir() else [SRC / package]
        )
        for name in _imports(path)
        if name == "broadsheet.storage" or name.startswith("broadsheet.storage.")
    }
    assert offending == set(), "read through broadsheet.reading, write through it or pipeline"


def test_every_view_model_is_a_frozen_dataclass() -> None:
    classes = [
        getattr(reading, name)
        for name in reading.__all__
        if isinstance(getattr(reading, name), type) and name[0].isupper()
    ]
    models = [c for c in classes if dataclasses.is_dataclass(c)]
    assert len(models) >= 20
    for model in models:
        params = model.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen, model.__name__


@pytest.fixture
def unsafe_row(db: None) -> int:
    """An article whose stored fields bypassed the cleaning done when storing (an old row)."""
    feed_id = feeds.add_feed("https://news.example/feed.xml", site_url="https://news.example/")[0]
    article_id = import_article(url="https://news.example/old")
    Article.objects.filter(id=article_id).update(
        feed_id=feed_id,
        html=HOSTILE_HTML,
        url="javascript:alert(1)",
        image="data:image/svg+xml,<svg onload=alert(1)>",
        published_at=F("discovered_at"),
    )
    Feed.objects.filter(id=feed_id).update(site_url="javascript:alert(2)")
    return article_id


def _safe(html: str) -> None:
    assert "kept" in html
    for live in ("onerror", "<script", "javascript:"):
        assert live not in html, html


def test_article_view_models_serve_sanitised_html_and_web_urls_only(unsafe_row: int) -> None:
    detail = reading.article_detail(unsafe_row).fields
    _safe(detail["html"])
    assert detail["url"] == "" and detail["image"] is None
    with pytest.raises(TypeError):
        detail["html"] = HOSTILE_HTML  # type: ignore[index]
    (card,) = reading.article_cards([unsafe_row])
    assert card.url == "" and card.image == "" and not hasattr(card, "html")
    (entry,) = reading.article_entries([unsafe_row])
    _safe(entry.html)
    assert entry.url == ""
    assert [e.id for e in reading.latest_entries(5)] == [unsafe_row]


def test_the_article_page_serves_the_sanitised_html(unsafe_row: int, client: Client) -> None:
    Article.objects.filter(id=unsafe_row).update(text="")  # no text: the page shows the html
    page = client.get(f"/articles/{unsafe_row}/")
    assert page.status_code == 200
    assert "kept" in page.content.decode()
    assert live_vectors(page.content.decode(), page=True) == []
    assert 'src="data:' not in page.content.decode()


def test_reader_items_serve_sanitised_html_and_web_urls_only(
    unsafe_row: int, alice: Account
) -> None:
    (item,) = reading.reader_items(alice.id, [unsafe_row])
    _safe(item.html)
    assert item.url == "" and item.site_url == ""
    assert all(s.site_url == "" for s in reading.reader_subscriptions(alice.id))


def test_empty_html_is_served_as_escaped_text(db: None) -> None:
    article_id = import_article(text="Plain <script>alert(1)</script> words.")
    Article.objects.filter(id=article_id).update(html="")
    html = reading.article_detail(article_id).fields["html"]
    assert html.startswith("<p>") and "&lt;script&gt;" in html and "<script" not in html


def test_reader_marks_refuse_unknown_articles_and_bulk_marks_skip_them(
    articles: list[int], alice: Account
) -> None:
    with pytest.raises(NotFoundError):
        reading.article_marks(alice.id, 999_999)
    assert reading.mark_saved(alice.id, [articles[0], 999_999]) == 1
    marks = reading.set_article_marks(alice.id, articles[0], read=True)
    assert marks == reading.ArticleMarks(articles[0], read=True, saved=True)
    assert reading.saved_ids(alice.id) == [articles[0]]


def test_the_search_feed_takes_any_allowed_limit(articles: list[int], client: Client) -> None:
    """The search feed asks the search part directly (it went through the API's query schema,
    whose 100-per-page bound turned limit=101..200 into a server error)."""
    response = client.get("/syndication/search.rss?q=tram&limit=200")
    assert response.status_code == 200
    assert response.content.count(b"<item>") == len(articles)
