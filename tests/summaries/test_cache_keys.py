"""The summary cache is checked against small change stamps, never the article text.

A hit reads two small rows; a change through any writer of ``Article.text`` (feed update,
re-import, re-extraction) or of a story's membership invalidates the stored result.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.errors import NotFoundError
from broadsheet.storage import articles
from broadsheet.storage.models import Article, Source
from broadsheet.storage.stories.models import Membership, Signature, Story
from broadsheet.storage.summaries import queries
from broadsheet.storage.summaries.models import CachedSummary

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
    assert queries.article_summary(ids[0]).sentences
    _poison("article")
    assert queries.article_summary(ids[0]).note == "cached"
    change(ids[0])
    fresh = queries.article_summary(ids[0])
    assert fresh.note == "" and fresh.sentences[0].text.startswith("A new text")
    assert queries.article_summary(ids[0]) == fresh  # and cached again


def test_renamed_outlet_refreshes(ids: list[int]) -> None:
    queries.article_summary(ids[0])
    _poison("article")
    Source.objects.filter(articles__id=ids[0]).update(name="Renamed Ledger")
    assert queries.article_summary(ids[0]).note == ""


def test_hits_read_no_article_text(ids: list[int], story: int) -> None:
    queries.article_summary(ids[0])
    queries.story_summary(story)
    for read in (lambda: queries.article_summary(ids[0]), lambda: queries.story_summary(story)):
        with CaptureQueriesContext(connection) as ctx:
            read()
        sql = [q["sql"] for q in ctx.captured_queries]
        assert len(sql) == 2, sql
        assert not any(re.search(r'\.("text"|text)\b', s) for s in sql), sql


def test_story_summary_refreshed_when_a_member_text_changes(ids: list[int], story: int) -> None:
    queries.story_summary(story)
    _poison("story")
    assert queries.story_summary(story).note == "cached"
    _reextract(ids[1])
    fresh = queries.story_summary(story)
    assert fresh.note == "" and fresh.what_happened


def test_story_summary_refreshed_when_membership_changes(ids: list[int], story: int) -> None:
    queries.story_summary(story)
    _poison("story")
    Membership.objects.filter(article_id=ids[2]).delete()  # an article leaves the story
    left = queries.story_summary(story)
    assert left.note == ""
    assert {c.article_id for s in left.what_happened for c in s.citations} <= set(ids[:2])
    _poison("story")
    Membership.objects.create(article_id=ids[2], story_id=story, published_at=T0)  # and joins
    assert queries.story_summary(story).note == ""


def test_story_summary_leaves_copies_out_and_notices_new_copies(ids: list[int], story: int) -> None:
    queries.story_summary(story)
    _poison("story")
    Signature.objects.create(article_id=ids[2], canonical_url="x", syndicated_from_id=ids[0])
    fresh = queries.story_summary(story)
    assert fresh.note == ""
    assert ids[2] not in {c.article_id for s in fresh.what_happened for c in s.citations}


def test_merged_story_reads_the_survivor(ids: list[int], story: int) -> None:
    summary = queries.story_summary(story)
    merged = Story.objects.create(headline="Old", redirect_to_id=story)
    assert queries.story_summary(merged.id) == summary
    assert CachedSummary.objects.filter(kind="story").count() == 1
    with pytest.raises(NotFoundError):
        queries.story_summary(merged.id + 100)
    empty = Story.objects.create(headline="Empty")
    with pytest.raises(NotFoundError):
        queries.story_summary(empty.id)


def test_old_cache_rows_are_recomputed(ids: list[int]) -> None:
    """Rows written under the old whole-text hash simply miss once and are replaced."""
    queries.article_summary(ids[0])
    CachedSummary.objects.update(content_hash="0" * 64)
    _poison("article")
    assert queries.article_summary(ids[0]).note == ""
    assert CachedSummary.objects.filter(kind="article").count() == 1


def test_answers_refreshed_when_text_changes(ids: list[int]) -> None:
    question = "How many families were moved to the gym?"
    first = queries.ask(question, ids)
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
    assert queries.ask(question, ids).note == "cached"
    _reextract(ids[0])
    assert queries.ask(question, ids).note != "cached"


@pytest.mark.django_db(transaction=True)
def test_page_view_is_served_when_the_cache_write_is_locked_out(ids: list[int], caplog) -> None:
    """Another writer holds the lock: the summary is computed and shown, just not stored."""
    if connection.vendor != "sqlite":
        pytest.skip("the short lock wait is SQLite's")
    caplog.set_level(logging.INFO, logger="broadsheet.storage.summaries.queries")
    other = sqlite3.connect(
        connection.settings_dict["NAME"], uri=True, timeout=0, isolation_level=None
    )
    try:
        other.execute("BEGIN IMMEDIATE")  # holds the write lock
        started = time.perf_counter()
        summary = queries.article_summary(ids[0])
        assert time.perf_counter() - started < 5
        assert summary.sentences and summary.note == ""
        assert any(r.msg == "summary not cached" for r in caplog.records)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not CachedSummary.objects.exists()
    with connection.cursor() as cursor:  # the usual lock wait is back
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 30000


def test_keys_of_many_ids_skip_missing_ones(ids: list[int]) -> None:
    from broadsheet.storage.summaries import keys

    parts = keys.article_parts([*range(10**6, 10**6 + 1200), *ids])  # more than one chunk
    assert sorted(parts) == sorted(ids)


def test_many_summaries_read_stored_rows_together_and_fill_gaps(ids: list[int]) -> None:
    empty = Article.objects.create(origin="import", key_hash="e", item_key="e", key_kind="link")
    first = queries.article_summaries([*ids, empty.id, 987654])
    assert set(first) == {*ids, empty.id} and first[empty.id] is None
    assert CachedSummary.objects.filter(kind="article").count() == len(ids)  # stored as computed
    assert queries.article_summary(ids[1], use_llm=False) == first[ids[1]]
    with CaptureQueriesContext(connection) as ctx:
        again = queries.article_summaries(ids)
    assert again == {i: first[i] for i in ids}
    assert len(ctx.captured_queries) == 2  # the stamps, then every stored row at once


def test_an_admin_edit_of_the_text_recomputes_the_summary(ids: list[int]) -> None:
    from django.contrib import admin

    before = queries.article_summary(ids[0], use_llm=False)
    article = Article.objects.get(id=ids[0])
    article.text = NEW_TEXT
    admin.site._registry[Article].save_model(None, article, None, True)
    after = queries.article_summary(ids[0], use_llm=False)
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
    summary = queries.story_summary(story)
    cited = {c.article_id for s in summary.what_happened for c in s.citations}
    assert french.id not in cited and cited <= set(ids)
    Article.objects.filter(id__in=ids).update(language="")  # unknown languages stay in
    assert french.id in keys.story_sources(story).article_ids
