"""Offline article summaries: 2–4 sentences, each citing the sentence it is."""

from __future__ import annotations

from broadsheet.summarize import Document, split_sentences, summarize_article
from tests.summaries.corpus import RIVERTON


def test_article_summary_cites_its_own_sentences() -> None:
    summary = summarize_article(RIVERTON)
    sentences = split_sentences(RIVERTON.text)
    assert summary.method == "extractive"
    assert 2 <= len(summary.sentences) <= 4
    for sentence in summary.sentences:
        (citation,) = sentence.citations
        assert citation.article_id == RIVERTON.article_id
        assert sentences[citation.sentence_index] == citation.text == sentence.text


def test_summary_leads_with_the_event_and_keeps_reading_order() -> None:
    summary = summarize_article(RIVERTON)
    assert "bridge" in summary.sentences[0].text
    indices = [s.citations[0].sentence_index for s in summary.sentences]
    assert indices == sorted(indices)


def test_redundant_sentences_are_not_both_chosen() -> None:
    doc = Document(
        9,
        title="Council approves budget",
        text=(
            "The city council approved the new budget on Monday night. "
            "On Monday night the city council approved the new budget. "
            "The plan adds money for parks and road repairs across town. "
            "Critics said the tax increase would hurt small businesses."
        ),
    )
    texts = [s.text for s in summarize_article(doc).sentences]
    assert not (
        {texts[0], *texts[1:]} >= {split_sentences(doc.text)[0], split_sentences(doc.text)[1]}
    )


def test_empty_and_tiny_articles() -> None:
    assert summarize_article(Document(1, "")).sentences == ()
    tiny = summarize_article(Document(2, "Short note."))
    assert [s.text for s in tiny.sentences] == ["Short note."]
