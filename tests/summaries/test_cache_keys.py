"""Stored summaries are checked against small change stamps, never the article text.

A hit reads two small rows; a change through any writer of ``Article.text`` (feed update,
re-import, re-extraction) or of a story's membership makes the stored result stale: a page
no longer shows it and asks for a new one, which the background writer makes (``_write``).
"""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet import reading
from broadsheet.errors import NotFoundError
from broadsheet.pipeline import _summarize
from broadsheet.storage import articles
from broadsheet.storage.models import Article, Source
from broadsheet.storage.stories.models import Membership, Signature, Story
from broadsheet.storage.summaries import export
from broadsheet.storage.summaries.models import CachedSummary, SummaryRequest

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

NEW_TEXT = "A new text replaced the story entirely today. It has two sentences of its own here."
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def story(ids: list[int]) -> int:
    """A story holding the three corpus articles, oldest first."""
    s = Story.objects.create(headline="Flood", size=len(ids))
    for n, i in enumerate(ids):
        Membership.objects.create(article_id=i, story=s, published_at=T0 + timedelta(hours=n))
    return s.id


def _article(article_id: int):  # type: ignore[no-untyped-def]
    """The article's summary as a page shows it, written first if the page had to ask for it."""
    shown = reading.article_summary(article_id)
    if shown is None:
        _summarize.write_requested()
        shown = reading.article_summary(article_id)
    return shown


def _story(story_id: int):  # type: ignore[no-untyped-def]
    """The story's summary as a page shows it, written first if the page had to ask for it."""
    shown = reading.story_summary(story_id)
    if shown is None:
        _summarize.write_requested()
        shown = reading.story_summary(story_id)
    return shown


def _poison(kind: str) -> None:
    """Mark every cached row so that a result served from the cache is recognisable."""
    if kind == "article":
        payload = {"sentences": [], "method": "extractive", "note": "cached"}
    else:
        payload = {
            "what_happened": [],
            "outlet_additions": [],
            "disagreements": [],
            "method": "extractive",
            "note": "cached",
        }
    CachedSummary.objects.filter(kind=kind).update(payload=payload)


def _reextract(article_id: int) -> None:
    articles.save_extraction(
        article_id, text=NEW_TEXT, html="", source="page", reason="test", status="done"
    )


def _reimport(article_id: int) -> None:
    a = Article.objects.get(id=article_id)
    Article.objects.filter(id=article_id).update(
        origin="import", key_hash=articles._key_hash(a.url)
    )
    record = articles.ImportedArticle(
        url=a.url,
        title=a.title,
        text=NEW_TEXT,
        html="",
        published=None,
        published_raw="",
        source="",
        source_url="",
        authors=(),
        categories=(),
        language="",
        image="",
        extra={},
    )
    assert articles.store_imported(record) == (article_id, False)


def _feed_update(article_id: int) -> None:
    """What ``store_feed_items`` does to an item whose content changed."""
    Article.objects.filter(id=article_id).update(
        text=NEW_TEXT, item_hash="changed", updated_at=T0 + timedelta(days=1)
    )


@pytest.mark.parametrize("change", [_reextract, _reimport, _feed_update])
def test_article_summary_refreshed_by_every_text_writer(ids: list[int], change) -> None:
    assert _article(ids[0]).sentences
    _poison("article")
    assert _article(ids[0]).note == "cached"
    change(ids[0])
    fresh = _article(ids[0])
    assert fresh.note == "" and fresh.sentences[0].text.startswith("A new text")
    assert _article(ids[0]) == fresh  # and cached again


def test_renamed_outlet_refreshes(ids: list[int]) -> None:
    _article(ids[0])
    _poison("article")
    Source.objects.filter(articles__id=ids[0]).update(name="Renamed Ledger")
    assert _article(ids[0]).note == ""


def test_hits_read_no_article_text(ids: list[int], story: int) -> None:
    _article(ids[0])
    _story(story)
    for read in (lambda: reading.article_summary(ids[0]), lambda: reading.story_summary(story)):
        with CaptureQueriesContext(connection) as ctx:
            read()
        sql = [q["sql"] for q in ctx.captured_queries]
        assert len(sql) == 2, sql
        assert not any(re.search(r'\.("text"|text)\b', s) for s in sql), sql


def test_story_summary_refreshed_when_a_member_text_changes(ids: list[int], story: int) -> None:
    _story(story)
    _poison("story")
    assert _story(story).note == "cached"
    _reextract(ids[1])
    fresh = _story(story)
    assert fresh.note == "" and fresh.what_happened


def test_story_summary_refreshed_when_membership_changes(ids: list[int], story: int) -> None:
    _story(story)
    _poison("story")
    Membership.objects.filter(article_id=ids[2]).delete()  # an article leaves the story
    left = _story(story)
    assert left.note == ""
    assert {c.article_id for s in left.what_happened for c in s.citations} <= set(ids[:2])
    _poison("story")
    Membership.objects.create(article_id=ids[2], story_id=story, published_at=T0)  # and joins
    assert _story(story).note == ""


def test_story_summary_leaves_copies_out_and_notices_new_copies(ids: list[int], story: int) -> None:
    _story(story)
    _poison("story")
    Signature.objects.create(article_id=ids[2], canonical_url="x", syndicated_from_id=ids[0])
    fresh = _story(story)
    assert fresh.note == ""
    assert ids[2] not in {c.article_id for s in fresh.what_happened for c in s.citations}


def test_merged_story_reads_the_survivor(ids: list[int], story: int) -> None:
    summary = _story(story)
    merged = Story.objects.create(headline="Old", redirect_to_id=story)
    assert _story(merged.id) == summary
    assert CachedSummary.objects.filter(kind="story").count() == 1
    with pytest.raises(NotFoundError):
        _story(merged.id + 100)
    empty = Story.objects.create(headline="Empty")
    with pytest.raises(NotFoundError):
        _story(empty.id)


def test_old_cache_rows_are_recomputed(ids: list[int]) -> None:
    """Rows written under the old whole-text hash simply miss once and are replaced."""
    _article(ids[0])
    CachedSummary.objects.update(content_hash="0" * 64)
    _poison("article")
    assert _article(ids[0]).note == ""
    assert CachedSummary.objects.filter(kind="article").count() == 1


def test_answers_refreshed_when_text_changes(ids: list[int]) -> None:
    question = "How many families were moved to the gym?"
    first = reading.ask(question, ids)
    assert first.supported
    CachedSummary.objects.filter(kind="answer").update(
        payload={
            "question": question,
            "sentences": [],
            "supported": False,
            "method": "extractive",
            "note": "cached",
        }
    )
    assert reading.ask(question, ids).note == "cached"
    _reextract(ids[0])
    assert reading.ask(question, ids).note != "cached"


@pytest.mark.django_db(transaction=True)
def test_a_page_view_is_served_when_the_request_write_is_locked_out(ids: list[int]) -> None:
    """Another writer holds the lock: the page asks for the summary briefly and goes on."""
    if connection.vendor != "sqlite":
        pytest.skip("the short lock wait is SQLite's")
    other = sqlite3.connect(
        connection.settings_dict["NAME"], uri=True, timeout=0, isolation_level=None
    )
    try:
        other.execute("BEGIN IMMEDIATE")  # holds the write lock
        started = time.perf_counter()
        assert reading.article_summary(ids[0]) is None  # nothing stored yet, nothing waited for
        assert time.perf_counter() - started < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not SummaryRequest.objects.exists()  # the next view asks again
    with connection.cursor() as cursor:  # the usual lock wait is back
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 30000


def test_keys_of_many_ids_skip_missing_ones(ids: list[int]) -> None:
    from broadsheet.storage.summaries import keys

    parts = keys.article_parts([*range(10**6, 10**6 + 1200), *ids])  # more than one chunk
    assert sorted(parts) == sorted(ids)


def test_export_reads_the_stored_rows_of_many_articles_together(ids: list[int]) -> None:
    empty = Article.objects.create(origin="import", key_hash="e", item_key="e", key_kind="link")
    _summarize.run([*ids, empty.id, 987654])
    assert CachedSummary.objects.filter(kind="article").count() == len(ids)  # none for no text
    with CaptureQueriesContext(connection) as ctx:
        rows = export.fields([*ids, empty.id, 987654])
    assert set(rows) == {*ids, empty.id} and rows[empty.id] == {"summary": []}
    assert [s["text"] for s in rows[ids[1]]["summary"]] == [
        s.text for s in reading.article_summary(ids[1]).sentences
    ]
    assert len(ctx.captured_queries) == 2  # the stamps, then every stored row at once


def test_an_admin_edit_of_the_text_recomputes_the_summary(ids: list[int]) -> None:
    from django.contrib import admin

    before = _article(ids[0])
    article = Article.objects.get(id=ids[0])
    article.text = NEW_TEXT
    admin.site._registry[Article].save_model(None, article, None, True)
    after = _article(ids[0])
    assert after != before and "replaced the story" in after.sentences[0].text


def test_a_story_summary_keeps_to_the_story_s_main_language(ids: list[int], story: int) -> None:
    Article.objects.filter(id__in=ids).update(language="en")
    french = Article.objects.create(
        origin="import",
        key_hash="hfr",
        item_key="kfr",
        key_kind="link",
        language="fr",
        url="https://outlet0.example/fr",
        title="Inondations",
        text="La tempête a provoqué des inondations dans la ville. Les secours ont évacué 400 foyers.",
    )
    Membership.objects.create(article=french, story_id=story, published_at=T0 - timedelta(hours=1))
    from broadsheet.storage.summaries import keys

    assert keys.story_sources(story).article_ids == tuple(ids)
    summary = _story(story)
    cited = {c.article_id for s in summary.what_happened for c in s.citations}
    assert french.id not in cited and cited <= set(ids)
    Article.objects.filter(id__in=ids).update(language="")  # unknown languages stay in
    assert french.id in keys.story_sources(story).article_ids


def test_answers_made_again_by_a_newer_answerer(
    ids: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that changes how questions are answered does not read older answers back."""
    from broadsheet.reading import _summaries

    question = "How many families were moved to the gym?"
    assert reading.ask(question, ids).supported
    CachedSummary.objects.filter(kind="answer").update(
        payload={"question": question, "sentences": [], "supported": False, "note": "cached"}
    )
    assert reading.ask(question, ids).note == "cached"
    monkeypatch.setattr(_summaries, "ANSWERER_VERSION", "a newer one")
    assert reading.ask(question, ids).note != "cached"
