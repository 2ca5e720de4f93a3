"""Offline answers: the best-supported sentences with citations, or a plain "nothing supports it"."""

from __future__ import annotations

import pytest

from broadsheet.enrich import ModelMissingError
from broadsheet.summarize import SUPPORT_THRESHOLD, Document, _answer_type, answer_question
from tests.summaries.corpus import STORY


def test_answer_cites_the_sentence_that_answers() -> None:
    answer = answer_question("How many families were moved to the gym?", STORY)
    assert answer.supported and answer.method == "extractive"
    assert 1 <= len(answer.sentences) <= 3
    top = answer.sentences[0]
    assert "families were moved" in top.text
    assert top.citations[0].article_id in {1, 2}


def test_question_nothing_answers_is_refused_plainly() -> None:
    answer = answer_question("What did the central bank decide about interest rates?", STORY)
    assert not answer.supported
    assert answer.sentences == ()
    assert "Nothing in these articles answers" in answer.note


def test_empty_question_or_no_articles() -> None:
    assert not answer_question("", STORY).supported
    assert not answer_question("the the of", STORY).supported
    assert not answer_question("Who is the mayor?", []).supported


def test_threshold_is_the_one_chosen_on_data() -> None:
    assert SUPPORT_THRESHOLD == 0.42  # benchmarks/ask_threshold.py; update docs/summaries.md too


def test_how_many_prefers_the_sentence_with_a_number() -> None:
    doc = Document(
        5,
        "Volunteers filled sandbags along the river bank all day. "
        "By noon the volunteers had filled 400 sandbags along the river bank.",
    )
    answer = answer_question("How many sandbags did volunteers fill?", [doc])
    assert answer.sentences[0].citations[0].sentence_index == 1


def test_who_prefers_the_sentence_with_a_name() -> None:
    doc = Document(
        6,
        "The harbour plan was approved after a long debate in the council. "
        "Councillor Rosa Meyer proposed the harbour plan that was approved.",
    )
    answer = answer_question("Who proposed the harbour plan that was approved?", [doc])
    assert answer.sentences[0].citations[0].sentence_index == 1


def test_an_acronym_meets_the_name_it_abbreviates() -> None:
    doc = Document(
        7,
        "The weather was mild all week in the valley. "
        "Delegates of the Regional Farmers Association met on Tuesday in Marlow. "
        "Prices for wheat rose slightly over the month.",
    )
    answer = answer_question("Where did the R.F.A. delegates meet?", [doc])
    assert answer.supported and answer.sentences[0].citations[0].sentence_index == 1


def test_irregular_past_and_doubled_consonants_meet_their_verb() -> None:
    doc = Document(
        8,
        "The mayor spoke at length about parking in the old town. "
        "She wrote the word 'patience' on the board behind her. "
        "Officials planned a second meeting for the spring.",
    )
    first = answer_question("What did the mayor write on the board?", [doc])
    assert first.sentences[0].citations[0].sentence_index == 1
    second = answer_question("When are officials planning the second meeting?", [doc])
    assert second.sentences[0].citations[0].sentence_index == 2


def test_a_question_naming_someone_never_mentioned_is_declined() -> None:
    answer = answer_question(
        "What did Senator Hallworth say about Riverton closing its main bridge?", STORY
    )
    assert not answer.supported and "Nothing in these articles answers" in answer.note


def test_how_many_needs_a_number_that_counts_the_thing_asked_about() -> None:
    doc = Document(
        9,
        "The council approved a $40 million housing plan on Monday. "
        "Residents said the plan came years too late for the town.",
    )
    assert not answer_question(
        "How many homes will the council housing plan build?", [doc]
    ).supported


def test_a_sentence_denying_it_does_not_lead_a_positive_question() -> None:
    doc = Document(
        10,
        "No ferries are sailing from the north pier this morning because of the storm. "
        "Ferries are sailing from the south pier on a reduced timetable.",
    )
    answer = answer_question("Which ferries are sailing?", [doc])
    assert answer.sentences[0].citations[0].sentence_index == 1


def test_one_part_of_a_full_name_meets_the_other() -> None:
    doc = Document(
        11,
        "Prime Minister Alma Verhoeven spoke to the radio programme on Sunday. "
        "Alma said her sister had moved abroad last spring to study medicine.",
    )
    answer = answer_question("Where did Verhoeven's sister move?", [doc])
    assert answer.supported and answer.sentences[0].citations[0].sentence_index == 1


def test_who_prefers_a_sentence_naming_someone_new_to_one_restating_the_question() -> None:
    doc = Document(
        12,
        "Councillor Brennan ignored the calls for his resignation. "
        "Councillor Brennan's depot sale led Harriet Okafor, the opposition leader, to call for "
        "his resignation on Monday night.",
    )
    answer = answer_question("Who called for Councillor Brennan's resignation?", [doc])
    assert answer.supported and answer.sentences[0].citations[0].sentence_index == 1


def test_what_party_is_met_by_a_sentence_naming_a_party() -> None:
    doc = Document(
        13,
        "The hearing on the harbour tunnel ran late into the evening on Thursday. "
        "Kellerman, a Republican, was seen arguing with a reporter outside the hearing.",
    )
    answer = answer_question("What party does Kellerman belong to?", [doc])
    assert answer.supported and answer.sentences[0].citations[0].sentence_index == 1


def test_what_someone_said_is_led_by_the_quotation() -> None:
    doc = Document(
        14,
        "Mayor Lindqvist spoke about the harbour budget. "
        "\u201cWe will not cut a single lifeguard this summer,\u201d Lindqvist said about the "
        "harbour budget on Friday.",
    )
    answer = answer_question("What did Lindqvist say about the harbour budget?", [doc])
    assert answer.supported and answer.sentences[0].citations[0].sentence_index == 1


def test_answer_types_need_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ModelMissingError("not installed")

    monkeypatch.setattr(_answer_type, "load_model", missing)
    monkeypatch.setattr(_answer_type, "_cache", {})
    monkeypatch.setattr(_answer_type, "_unavailable", False)
    assert _answer_type.entities(["Rosa Meyer spoke in Marlow."]) == [()]
    answer = answer_question("How many families were moved to the gym?", STORY)
    assert answer.supported and "families were moved" in answer.sentences[0].text


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("Who proposed the plan?", {"PERSON", "ORG", "NORP", "GPE"}),
        ("Where will the ad run?", {"GPE", "LOC", "FAC", "ORG"}),
        ("When did the strike begin?", {"DATE", "TIME"}),
        ("How long did the strike last?", {"DURATION"}),
        ("Which state does she represent?", {"GPE", "LOC"}),
        ("What party does Etheridge belong to?", {"NORP", "ORG"}),
        ("Which candidates declined to attend?", {"PERSON"}),
        ("What did the mayor say about the budget?", {"QUOTE"}),
        ("Why did the council vote against it?", set()),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(question: str, labels: set[str]) -> None:
    assert _answer_type.expected_labels(question) == labels


def test_the_lead_sentence_wins_over_a_later_one_saying_as_much() -> None:
    doc = Document(
        15,
        "The Harlow council voted to close the pool on Mill Lane. "
        "Parents gathered outside the town hall with banners and a petition. "
        "Several speakers asked for a delay until the summer holidays were over. "
        "The council voted to close the pool on Mill Lane.",
    )
    answer = answer_question("Which pool did the council vote to close?", [doc])
    assert answer.supported and answer.sentences[0].citations[0].sentence_index == 0


def test_how_long_needs_no_sentence_saying_long() -> None:
    doc = Document(
        16,
        "Bus drivers in Marlow ended their strike on Monday morning. "
        "Their strike lasted three weeks and cost the operator its winter bonus scheme.",
    )
    answer = answer_question("How long did the strike last?", [doc])
    assert answer.supported and answer.sentences[0].citations[0].sentence_index == 1


def test_how_long_is_answered_by_a_span_not_a_day() -> None:
    doc = Document(
        17,
        "The ferry strike lasted until Monday, when it was called off by the union. "
        "Crews said the ferry strike had lasted three weeks in all, the longest in a decade.",
    )
    answer = answer_question("How long did the ferry strike last?", [doc])
    assert answer.supported and answer.sentences[0].citations[0].sentence_index == 1
