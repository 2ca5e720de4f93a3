"""The LLM path against a local OpenAI-compatible stub: verified citations, logged fallbacks."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from broadsheet.summarize import (
    LLMConfig,
    answer_question,
    split_sentences,
    summarize_article,
    summarize_story,
)
from tests.summaries.corpus import RIVERTON, STORY
from tests.support.llm_stub import LLMStub


@pytest.fixture
def stub() -> Iterator[LLMStub]:
    with LLMStub() as server:
        yield server


def _config(stub: LLMStub, timeout: float = 2.0) -> LLMConfig:
    return LLMConfig(stub.url, "stub-model", timeout=timeout)


def _reasons(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.reason for r in caplog.records if r.getMessage() == "llm_fallback"]


def test_good_reply_becomes_an_llm_summary_with_verified_citations(stub: LLMStub) -> None:
    summary = summarize_article(RIVERTON, _config(stub))
    assert summary.method == "llm" and summary.note == ""
    sentences = split_sentences(RIVERTON.text)
    for s in summary.sentences:
        (c,) = s.citations
        assert c.article_id == 1 and sentences[c.sentence_index] == c.text == s.text


def test_prompt_numbers_sources_and_asks_for_markers(stub: LLMStub) -> None:
    summarize_article(RIVERTON, _config(stub))
    request = stub.requests[-1]
    assert request["model"] == "stub-model" and request["temperature"] == 0
    system, user = request["messages"]
    assert "[2][5]" in system["content"] and '{"sentences"' in system["content"]
    assert "[1] " + split_sentences(RIVERTON.text)[0] in user["content"]


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("uncited", "unverified"),
        ("wrong_citation", "unverified"),
        ("invented", "unverified"),
        ("malformed_json", "malformed_response"),
        ("not_json_reply", "malformed_reply"),
        ("status_500", "http_status"),
    ],
)
def test_bad_replies_fall_back_to_extractive_with_reason_logged(
    stub: LLMStub, caplog: pytest.LogCaptureFixture, mode: str, reason: str
) -> None:
    stub.script(mode)
    with caplog.at_level(logging.INFO, logger="broadsheet.summarize"):
        summary = summarize_article(RIVERTON, _config(stub))
    assert summary.method == "extractive"
    assert summary.sentences == summarize_article(RIVERTON).sentences
    assert reason in summary.note
    assert _reasons(caplog) == [reason]


def test_timeout_falls_back_quickly(stub: LLMStub, caplog: pytest.LogCaptureFixture) -> None:
    stub.script("slow")
    stub.slow_seconds = 3
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="broadsheet.summarize"):
        summary = summarize_article(RIVERTON, _config(stub, timeout=0.5))
    assert time.monotonic() - started < 2.5
    assert summary.method == "extractive" and "timeout" in summary.note
    assert _reasons(caplog) == ["timeout"]


def test_unreachable_endpoint_falls_back() -> None:
    summary = summarize_article(RIVERTON, LLMConfig("http://127.0.0.1:9/v1", "m", timeout=1))
    assert summary.method == "extractive" and "connection" in summary.note


def test_mixed_reply_keeps_supported_sentences_and_says_how_many_dropped(stub: LLMStub) -> None:
    first, second = split_sentences(RIVERTON.text)[:2]
    stub.script(
        lambda messages: (
            '{"sentences": ["' + first + ' [1]", "' + second + ' [1]", "Nobody was moved. [4]"]}'
        )
    )
    summary = summarize_article(RIVERTON, _config(stub))
    assert summary.method == "llm"
    assert [s.text for s in summary.sentences] == [first]
    assert "2 generated sentence(s) dropped" in summary.note


def test_paraphrase_citing_two_sources_is_kept(stub: LLMStub) -> None:
    stub.script(
        lambda m: (
            '{"sentences": ["Riverton closed its main bridge on Tuesday after the '
            'Mill River flooded, and 12 families were moved. [1][3]"]}'
        )
    )
    summary = summarize_article(RIVERTON, _config(stub))
    (sentence,) = summary.sentences
    assert [c.sentence_index for c in sentence.citations] == [0, 2]


def test_story_llm_rewrites_what_happened_only(stub: LLMStub) -> None:
    offline = summarize_story(STORY)
    summary = summarize_story(STORY, _config(stub))
    assert summary.method == "llm"
    assert summary.outlet_additions == offline.outlet_additions
    assert summary.disagreements == offline.disagreements
    assert all(s.citations for s in summary.what_happened)


def test_story_falls_back_on_500(stub: LLMStub) -> None:
    stub.script("status_500")
    summary = summarize_story(STORY, _config(stub))
    assert summary.method == "extractive" and "http_status" in summary.note


def test_answer_through_llm_and_its_refusals(stub: LLMStub) -> None:
    answer = answer_question("How many families were moved to the gym?", STORY, _config(stub))
    assert answer.supported and answer.method == "llm"
    stub.script("empty")
    refused = answer_question("How many families were moved to the gym?", STORY, _config(stub))
    assert not refused.supported and refused.sentences == ()
    asked = len(stub.requests)
    unsupported = answer_question("What did the central bank decide?", STORY, _config(stub))
    assert not unsupported.supported and len(stub.requests) == asked  # model never asked


def test_answer_falls_back_on_malformed_reply(stub: LLMStub) -> None:
    stub.script("malformed_json")
    answer = answer_question("How many families were moved to the gym?", STORY, _config(stub))
    assert answer.supported and answer.method == "extractive" and "malformed" in answer.note


def test_changed_number_is_dropped_even_with_a_plausible_citation(stub: LLMStub) -> None:
    stub.script(
        lambda m: (
            '{"sentences": ["Mayor Ana Ruiz said 15 families were moved to the high school gym. [3]", '
            '"Mayor Ana Ruiz said 12 families were moved to the high school gym overnight. [3]"]}'
        )
    )
    summary = summarize_article(RIVERTON, _config(stub))
    assert [s.text for s in summary.sentences] == [
        "Mayor Ana Ruiz said 12 families were moved to the high school gym overnight."
    ]
    assert "1 generated sentence(s) dropped" in summary.note


def test_fenced_json_reply_is_accepted(stub: LLMStub) -> None:
    first = split_sentences(RIVERTON.text)[0]
    stub.script(lambda m: '```json\n{"sentences": ["' + first + ' [1]"]}\n```')
    assert summarize_article(RIVERTON, _config(stub)).method == "llm"


def test_empty_article_never_asks_the_model(stub: LLMStub) -> None:
    from broadsheet.summarize import Document

    assert summarize_article(Document(4, ""), _config(stub)).sentences == ()
    assert summarize_story([Document(4, "")], _config(stub)).what_happened == ()
    assert stub.requests == []
