"""Stored summaries and answers: pages read what the pipeline stored, never compute it themselves.

The offline summaries come from the ``summarize`` step; what a page finds missing (the model's
summary, or an offline one the step never made) is asked for and written by the background
writer (``pipeline._summarize.write_requested``), which these tests run by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet import reading
from broadsheet.errors import NotFoundError
from broadsheet.pipeline import _summarize
from broadsheet.reading._summaries import WRITING
from broadsheet.storage import articles
from broadsheet.storage.models import Article
from broadsheet.storage.stories.models import Membership, Signature, Story
from broadsheet.storage.summaries import export
from broadsheet.storage.summaries.models import CachedSummary, SummaryRequest
from broadsheet.summarize import Summary
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


def test_a_page_shows_the_stored_summary_and_asks_for_a_stale_one(ids: list[int]) -> None:
    assert reading.article_summary(ids[0]) is None  # never computed inside a page view
    assert SummaryRequest.objects.filter(kind="article", key=str(ids[0])).count() == 1
    assert _summarize.write_requested() == 1
    first = reading.article_summary(ids[0])
    assert isinstance(first, Summary) and first.sentences
    assert first.sentences[0].citations[0].article_id == ids[0]
    assert not SummaryRequest.objects.exists()
    CachedSummary.objects.update(
        payload={"sentences": [], "method": "extractive", "note": "cached"}
    )
    assert reading.article_summary(ids[0]).note == "cached"  # read back as stored
    articles.save_extraction(  # a re-extraction; test_cache_keys.py covers every text writer
        ids[0],
        text="A new text replaced the story entirely today. It has two sentences of its own here.",
        html="",
        source="page",
        reason="test",
        status="done",
    )
    assert reading.article_summary(ids[0]) is None  # a stale summary is never shown
    _summarize.write_requested()
    fresh = reading.article_summary(ids[0])
    assert fresh.note == "" and fresh.sentences[0].text.startswith("A new text")


def test_missing_article_raises_not_found() -> None:
    with pytest.raises(NotFoundError):
        reading.article_summary(987654)


def test_story_summary_of_stored_story(story: int, ids: list[int]) -> None:
    assert _summarize.run(ids) == {"article": 3, "story": 1}
    summary = reading.story_summary(7)
    assert summary.what_happened and summary.method == "extractive"
    assert {c.outlet for d in summary.disagreements for c in d.claims} >= {
        "Daily Ledger",
        "Evening Post",
    }
    assert reading.story_summary(7) == summary  # round-trips through the table unchanged
    assert reading.story_summary(70) == summary  # a merged story's summary is the survivor's
    assert CachedSummary.objects.filter(kind="story").count() == 1
    cited = {c.article_id for s in summary.what_happened for c in s.citations}
    assert cited <= set(ids)  # the syndicated copy is left out
    with pytest.raises(NotFoundError):
        reading.story_summary(8)


def test_ask_supported_and_not(ids: list[int]) -> None:
    answer = reading.ask("How many families were moved to the gym?", ids)
    assert answer.supported and answer.sentences[0].citations[0].article_id in ids
    assert reading.ask("How many families were moved to the gym?", ids) == answer
    refused = reading.ask("What did the central bank decide about rates?", ids)
    assert not refused.supported and refused.note


def test_the_model_s_summary_is_written_later_and_a_failed_try_is_said(
    settings_env, ids: list[int]
) -> None:
    _summarize.run(ids)
    with LLMStub() as stub:
        settings_env.setenv("BROADSHEET_LLM_URL", stub.url)
        settings_env.setenv("BROADSHEET_LLM_MODEL", "stub-model")
        stub.script("status_500")
        shown = reading.article_summary(ids[1])
        assert shown.method == "extractive" and shown.note == WRITING
        assert stub.requests == []  # the page asked for it, and did not wait
        assert _summarize.write_requested() == 0  # the model failed: kept for later
        failed = reading.article_summary(ids[1])
        assert failed.method == "extractive" and "http_status" in failed.note
        assert not CachedSummary.objects.filter(method="llm:stub-model").exists()
        SummaryRequest.objects.update(not_before=T0)  # its retry time has come
        assert _summarize.write_requested() == 1
        calls = len(stub.requests)
        best = reading.article_summary(ids[1])
        assert best.method == "llm" and best.note == ""
        assert all(s.citations for s in best.sentences)  # every sentence cites its sources
        assert reading.article_summary(ids[1]) == best and len(stub.requests) == calls
        assert stub.requests[-1]["model"] == "stub-model"


def test_answers_through_the_model_are_stored_but_fallbacks_are_not(
    settings_env, ids: list[int]
) -> None:
    question = "How many families were moved to the gym?"
    with LLMStub() as stub:
        settings_env.setenv("BROADSHEET_LLM_URL", stub.url)
        settings_env.setenv("BROADSHEET_LLM_MODEL", "stub-model")
        stub.script("status_500")
        assert reading.ask(question, ids).method == "extractive"
        assert not CachedSummary.objects.filter(kind="answer").exists()
        assert reading.ask(question, ids).method == "llm"
        calls = len(stub.requests)
        assert reading.ask(question, ids).method == "llm" and len(stub.requests) == calls


def test_export_fields_carry_the_stored_summary_with_citations(ids: list[int]) -> None:
    empty = Article.objects.create(
        origin="import", key_hash="e", item_key="e", key_kind="link", text=""
    )
    assert export.fields(ids)[ids[0]] == {"summary": []}  # not summarised yet: nothing made up
    _summarize.run([*ids, empty.id])
    rows = export.fields([*ids, empty.id])
    assert rows[empty.id] == {"summary": []}
    first = rows[ids[0]]["summary"]
    assert 2 <= len(first) <= 4
    assert set(first[0]) == {"text", "citations"}
    assert set(first[0]["citations"][0]) == {"article_id", "sentence_index"}
