"""Sentence splitting keeps abbreviations, initials, decimals and quotes together."""

from __future__ import annotations

import pytest

from broadsheet.summarize import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Lee arrived. He left at 3 p.m. on Friday.",
            ["Mr. Lee arrived.", "He left at 3 p.m. on Friday."],
        ),
        (
            "The U.S. economy grew 2.5% this year. Officials were pleased.",
            ["The U.S. economy grew 2.5% this year.", "Officials were pleased."],
        ),
        (
            'She said: "We will win." The crowd cheered!',
            ['She said: "We will win."', "The crowd cheered!"],
        ),
        (
            "Prices rose in the U.S. The central bank acted.",
            ["Prices rose in the U.S.", "The central bank acted."],
        ),
        (
            "Gen. Ortiz and Dr. Kim met Sen. Park. Talks ended.",
            ["Gen. Ortiz and Dr. Kim met Sen. Park.", "Talks ended."],
        ),
        ("Is it over? No. Not yet…", ["Is it over?", "No.", "Not yet…"]),
        (
            "It cost $1.5 million. Work starts in Jan. next year.",
            ["It cost $1.5 million.", "Work starts in Jan. next year."],
        ),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_paragraphs_never_join_and_blank_text_is_empty() -> None:
    assert split_sentences("First paragraph ends here\n\nSecond one") == [
        "First paragraph ends here",
        "Second one",
    ]
    assert split_sentences("") == []
    assert split_sentences("  \n\n ") == []
