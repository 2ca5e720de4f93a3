"""Entity bombs are refused before feedparser expands them; modest entities still parse."""

from __future__ import annotations

import pytest

from broadsheet.errors import FeedParseError
from broadsheet.parse import parse_feed
from broadsheet.parse._entities import MAX_DECLARATIONS, MAX_EXPANSION, refuse_entity_bombs

URL = "http://feeds.test/rss"


def doc(declarations: str, description: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{declarations}\n]>\n<rss version="2.0"><channel>'
        f"<title>T</title><item><guid>g</guid><title>t</title><description>{description}"
        "</description></item></channel></rss>"
    ).encode()


def test_small_entities_are_expanded_as_before() -> None:
    feed = parse_feed(doc('<!ENTITY who "the harbour board">', "Said by &who;." * 10), URL)
    assert "Said by the harbour board." in feed.items[0].summary_html


def test_entities_just_under_the_bound_are_kept() -> None:
    body = doc(f'<!ENTITY a "{"x" * 1000}">', "&a;" * (MAX_EXPANSION // 1000 - 10))
    refuse_entity_bombs(body, "doc")  # does not raise


@pytest.mark.parametrize(
    ("declarations", "description", "words"),
    [
        ('<!ENTITY a "' + "x" * 1000 + '">', "&a;" * 2000, "would add more than"),
        # nested: 10 levels of 10 references, counted through the levels
        (
            '<!ENTITY l0 "lol">'
            + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)),
            "&l9;",
            "would add more than",
        ),
        ("<!ENTITY a '" + "y" * 290 + "'>", "&a;" * 5000, "would add more than"),  # single quotes
        ('<!ENTITY a "&b;"><!ENTITY b "&a;">', "&a;", "refer to themselves"),
        (
            "".join(f'<!ENTITY e{i} "v">' for i in range(MAX_DECLARATIONS + 1)),
            "x",
            f"more than {MAX_DECLARATIONS}",
        ),
    ],
    ids=["quadratic", "billion-laughs", "single-quoted", "cycle", "too-many"],
)
def test_bombs_are_refused_with_a_plain_reason(
    declarations: str, description: str, words: str
) -> None:
    with pytest.raises(FeedParseError, match="entity bomb") as caught:
        parse_feed(doc(declarations, description), URL)
    assert words in str(caught.value) and str(caught.value).startswith(URL)


def test_a_declaration_hidden_behind_markup_is_still_counted() -> None:
    # "<b" in the first entity ends feedparser's prolog, so it never filters the second one.
    body = doc('<!ENTITY x "<b">\n<!ENTITY a \'' + "z" * 290 + "'>", "&a;" * 5000)
    with pytest.raises(FeedParseError, match="entity bomb"):
        parse_feed(body, URL)


def test_external_and_parameter_entities_are_not_counted() -> None:
    body = doc(
        '<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;\n'
        '<!ENTITY f SYSTEM "file:///etc/passwd">',
        "&f;" * 100_000,
    )
    refuse_entity_bombs(body, "doc")  # feedparser drops both unread
