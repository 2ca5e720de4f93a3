"""A page never waits for the model: it shows the offline summary and the model's once written.

The language model is ``tests/support/llm_stub.py`` on 127.0.0.1; the background writer is the
scheduler's round (``tasks.work_due``), run here by hand.
"""

from __future__ import annotations

import time

import pytest
from django.test import Client

from broadsheet.pipeline import tasks
from broadsheet.reading._summaries import WRITING
from broadsheet.storage.stories.models import Membership
from broadsheet.storage.summaries.models import CachedSummary, SummaryRequest
from tests.summaries.corpus import STORY
from tests.support.llm_stub import LLMStub
from tests.web.test_reader_pages import _import

pytestmark = pytest.mark.django_db


@pytest.fixture
def stub(settings_env) -> LLMStub:  # type: ignore[no-untyped-def]
    with LLMStub() as running:
        running.default = "slow"  # a page that called it would take 3 s
        settings_env.setenv("BROADSHEET_LLM_URL", running.url)
        settings_env.setenv("BROADSHEET_LLM_MODEL", "stub-model")
        yield running


def _imported() -> list[int]:
    return [_import(d.title, d.text, d.outlet) for d in STORY]


def test_article_page_shows_the_offline_summary_and_later_the_model_s(
    client: Client, stub: LLMStub
) -> None:
    first, *_ = _imported()
    started = time.perf_counter()
    page = client.get(f"/articles/{first}/").content.decode()
    assert time.perf_counter() - started < 2 and stub.requests == []  # the model was not called
    assert WRITING in page and 'class="summary"' in page  # the offline summary, with the note
    assert SummaryRequest.objects.filter(kind="article", key=str(first)).count() == 1
    client.get(f"/articles/{first}/")  # asking again keeps one request
    assert SummaryRequest.objects.count() == 1
    stub.default = "good"
    tasks.work_due()  # the scheduler's round writes it
    assert [r["model"] for r in stub.requests] == ["stub-model"]
    assert CachedSummary.objects.filter(kind="article", method="llm:stub-model").exists()
    page = client.get(f"/articles/{first}/").content.decode()
    assert WRITING not in page and 'class="summary"' in page and "data-cites" in page
    assert len(stub.requests) == 1 and not SummaryRequest.objects.exists()


def test_story_page_does_not_wait_either(client: Client, stub: LLMStub) -> None:
    ids = _imported()
    story = Membership.objects.filter(article_id=ids[0]).values_list("story_id", flat=True)[0]
    page = client.get(f"/stories/{story}/").content.decode()
    assert stub.requests == [] and "What happened" in page and WRITING in page
    stub.default = "good"
    tasks.work_due()
    page = client.get(f"/stories/{story}/").content.decode()
    assert WRITING not in page and "What happened" in page
    assert CachedSummary.objects.filter(kind="story", method="llm:stub-model").exists()
