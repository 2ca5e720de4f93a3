"""Cached summaries and answers in the database, invalidated when an article's text changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.errors import NotFoundError
from broadsheet.storage import articles
from broadsheet.storage.models import Article
from broadsheet.storage.stories.models import Membership, Signature, Story
from broadsheet.storage.summaries import export, queries
from broadsheet.storage.summaries.models import CachedSummary
from broadsheet.summarize import LLMConfig, Summary
from tests.support.llm_stub import LLMStub

pytestmark = [pytest.mark.django_db, pytest.mark.storage]
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def story(ids: list[int]) -> int:
    """Story 7 holds the corpus articles and a syndicated copy; story 70 was merged into it."""
    copy = Article.objects.create(
        origin="import",
        key_hash="copy",
        item_key="copy",
        key_kind="link",
        title="Copy",
        text=Article.objects.get(id=ids[0]).text,
    )
    Signature.objects.create(article=copy, canonical_url="copy", syndicated_from_id=ids[0])
    story = Story.objects.create(id=7, headline="Flood")
    Story.objects.create(id=70, headline="Flood (merged)", redirect_to=story)
    for n, i in enumerate([*ids, copy.id]):
        Membership.objects.create(article_id=i, story=story, published_at=T0 + timedelta(hours=n))
    return story.id


def test_article_summary_is_cached_and_refreshed_when_text_changes(ids: list[int]) -> None:
    first = queries.article_summary(ids[0])
    assert isinstance(first, Summary) and first.sentences
    assert first.sentences[0].citations[0].article_id == ids[0]
    assert CachedSummary.objects.filter(kind="article", key=str(ids[0])).count() == 1
    CachedSummary.objects.update(
        payload={"sentences": [], "method": "extractive", "note": "cached"}
    )
    assert queries.article_summary(ids[0]).note == "cached"  # served from the cache
    articles.save_extraction(  # a re-extraction; test_cache_keys.py covers every text writer
        ids[0],
        text="A new text replaced the story entirely today. It has two sentences of its own here.",
        html="",
        source="page",
        reason="test",
        status="done",
    )
    fresh = queries.article_summary(ids[0])
    assert fresh.note == "" and fresh.sentences[0].text.startswith("A new text")


def test_missing_article_raises_not_found() -> None:
    with pytest.raises(NotFoundError):
        queries.article_summary(987654)


def test_story_summary_of_stored_story(story: int, ids: list[int]) -> None:
    summary = queries.story_summary(7)
    assert summary.what_happened and summary.method == "extractive"
    assert {c.outlet for d in summary.disagreements for c in d.claims} >= {
        "Daily Ledger",
        "Evening Post",
    }
    assert queries.story_summary(7) == summary  # round-trips through the cache unchanged
    assert queries.story_summary(70) == summary  # a merged story's summary is the survivor's
    assert CachedSummary.objects.filter(kind="story").count() == 1
    cited = {c.article_id for s in summary.what_happened for c in s.citations}
    assert cited <= set(ids)  # the syndicated copy is left out
    with pytest.raises(NotFoundError):
        queries.story_summary(8)


def test_summarize_articles_takes_ids_directly(ids: list[int]) -> None:
    summary = queries.summarize_articles([*ids, 424242])  # a missing id is skipped
    cited = {c.article_id for s in summary.what_happened for c in s.citations}
    assert cited <= set(ids)
    with pytest.raises(NotFoundError):
        queries.summarize_articles([424242])


def test_ask_supported_and_not(ids: list[int]) -> None:
    answer = queries.ask("How many families were moved to the gym?", ids)
    assert answer.supported and answer.sentences[0].citations[0].article_id in ids
    assert queries.ask("How many families were moved to the gym?", ids) == answer
    refused = queries.ask("What did the central bank decide about rates?", ids)
    assert not refused.supported and refused.note


def test_llm_results_cached_but_fallbacks_are_not(ids: list[int]) -> None:
    with LLMStub() as stub:
        config = LLMConfig(stub.url, "stub-model", timeout=2)
        stub.script("status_500")
        assert queries.article_summary(ids[1], config).method == "extractive"
        assert not CachedSummary.objects.filter(method="llm:stub-model").exists()
        assert queries.article_summary(ids[1], config).method == "llm"
        calls = len(stub.requests)
        assert queries.article_summary(ids[1], config).method == "llm"
        assert len(stub.requests) == calls  # cached


def test_llm_settings_are_read_from_the_environment(settings_env, ids: list[int]) -> None:
    with LLMStub() as stub:
        settings_env.setenv("BROADSHEET_LLM_URL", stub.url)
        settings_env.setenv("BROADSHEET_LLM_MODEL", "env-model")
        assert queries.article_summary(ids[2]).method == "llm"
        assert stub.requests[-1]["model"] == "env-model"


def test_export_fields_carry_summary_with_citations(ids: list[int]) -> None:
    empty = Article.objects.create(
        origin="import", key_hash="e", item_key="e", key_kind="link", text=""
    )
    rows = export.fields([*ids, empty.id])
    assert rows[empty.id] == {"summary": []}
    first = rows[ids[0]]["summary"]
    assert 2 <= len(first) <= 4
    assert set(first[0]) == {"text", "citations"}
    assert set(first[0]["citations"][0]) == {"article_id", "sentence_index"}
