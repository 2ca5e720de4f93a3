"""The pipeline's summarize step stores extractive summaries so page views only read them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet import reading
from broadsheet.pipeline import _summarize, flow, import_articles
from broadsheet.pipeline._cluster import forget
from broadsheet.storage.stories.models import Membership
from broadsheet.storage.summaries.models import CachedSummary, SummaryRequest
from tests.summaries.corpus import STORY

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _lines() -> list[str]:
    return [
        json.dumps(
            {
                "url": f"https://outlet{n}.example/flood",
                "title": d.title,
                "text": d.text,
                "source": d.outlet,
                "published": (T0 + timedelta(hours=n)).isoformat(),
            }
        )
        for n, d in enumerate(STORY)
    ]


@pytest.fixture
def ids() -> list[int]:
    forget()
    return import_articles(_lines()).ids  # extraction runs every step, summarize included


def test_import_stores_article_and_story_summaries(ids: list[int]) -> None:
    stories = set(Membership.objects.filter(article_id__in=ids).values_list("story_id", flat=True))
    assert stories, "the corpus articles were placed in a story"
    stored = CachedSummary.objects.filter(method="extractive")
    assert set(stored.filter(kind="article").values_list("key", flat=True)) == {str(i) for i in ids}
    assert set(stored.filter(kind="story").values_list("key", flat=True)) == {
        str(s) for s in stories
    }
    assert reading.article_summary(ids[0]).sentences  # pages read what the step stored
    assert all(reading.story_summary(s).what_happened for s in stories)
    assert not SummaryRequest.objects.exists()  # and found nothing missing


def test_step_is_idempotent_and_skips_missing_articles(ids: list[int]) -> None:
    before = list(CachedSummary.objects.order_by("id").values_list("id", "content_hash", "payload"))
    assert _summarize.run([*ids, 987654]) == {"article": 0, "story": 0}
    assert _summarize.run([987654]) == {"article": 0, "story": 0}
    assert (
        list(CachedSummary.objects.order_by("id").values_list("id", "content_hash", "payload"))
        == before
    )


def test_step_redoes_only_what_changed(ids: list[int]) -> None:
    CachedSummary.objects.filter(kind="article", key=str(ids[1])).delete()
    CachedSummary.objects.filter(kind="story").update(content_hash="stale")
    assert _summarize.run(ids) == {"article": 1, "story": 1}  # each story once per batch


def test_summarize_comes_after_index_and_rules_and_only_the_panels_after_it() -> None:
    names = [step.name for step in flow.STEPS]
    assert names[-4:] == ["index", "rules", "summarize", "panels"]


def _strip_outlets(data: object) -> object:
    if isinstance(data, dict):
        return {
            k: _strip_outlets(v) for k, v in data.items() if k != "outlet" or "text" not in data
        }
    if isinstance(data, list):
        return [_strip_outlets(v) for v in data]
    return data


def test_summaries_stored_before_citations_named_outlets_get_them_when_read(
    ids: list[int],
) -> None:
    for row in CachedSummary.objects.all():
        row.payload = _strip_outlets(row.payload)  # as stored by an earlier version
        row.save(update_fields=["payload"])
    outlets = {d.outlet for d in STORY}
    cited = [c for s in reading.article_summary(ids[0]).sentences for c in s.citations]
    assert cited and {c.outlet for c in cited} == {STORY[0].outlet}
    story = Membership.objects.get(article_id=ids[0]).story_id
    told = reading.story_summary(story)
    marks = [c for s in told.what_happened for c in s.citations]
    assert marks and {c.outlet for c in marks} <= outlets and "" not in {c.outlet for c in marks}
