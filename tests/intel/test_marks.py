"""Quote marks: every common style, British multi-paragraph quotes, apostrophes that are not marks."""

from __future__ import annotations

import pytest

from broadsheet.enrich._marks import find_marked


def inners(text: str) -> list[str]:
    return [m.inner for m in find_marked(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('The mayor said "the bridge opens in May" on Friday.', ["the bridge opens in May"]),
        ("The mayor said 'the bridge opens in May' on Friday.", ["the bridge opens in May"]),
        ("The mayor said “the bridge opens in May” on Friday.", ["the bridge opens in May"]),
        ("The mayor said ‘the bridge opens in May’ on Friday.", ["the bridge opens in May"]),
        (
            "She said: 'We've done what we can and it isn't over.'",
            ["We've done what we can and it isn't over."],
        ),
        (
            "He said: 'The Joneses' dog barked all night, and we can't sleep.'",
            ["The Joneses' dog barked all night, and we can't sleep."],
        ),
        ("Ms Patel's 'clear plan' won praise; rock 'n' roll stayed.", ["clear plan"]),
        ("''It is fiscally responsible,'' the economist said.", ["It is fiscally responsible,"]),
        ("The headline read ‘anchors' and nothing more.", ["anchors"]),
    ],
)
def test_quote_styles(text: str, expected: list[str]) -> None:
    assert inners(text) == expected


def test_british_multi_paragraph_quote_is_one_quote() -> None:
    text = (
        "She said: 'The first paragraph of speech ends here.\n\n"
        "'The second continues without a closing mark.\n\n"
        "'The third one closes.'\n\nThe council met later."
    )
    marked = find_marked(text)
    assert len(marked) == 1
    assert marked[0].inner.startswith("The first") and marked[0].inner.endswith("third one closes.")
    assert marked[0].closed


def test_unclosed_last_paragraph_still_counts() -> None:
    text = "He said: 'One more point.\n\n'And this is where the page ended without a mark"
    assert inners(text) == ["One more point. And this is where the page ended without a mark"]


def test_possessive_after_s_inside_single_quotes_is_not_a_closer() -> None:
    text = "'The Reeves' plan is fine,' she said."
    assert inners(text) == ["The Reeves' plan is fine,"]
