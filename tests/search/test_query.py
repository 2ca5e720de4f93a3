"""Parsing what readers type, and highlighting: pure functions, no database.

The parsed terms are written in FTS5 syntax by storage (``match_expression``), checked here too.
"""

from __future__ import annotations

from broadsheet.search import parse
from broadsheet.search._snippet import mark, snippet
from broadsheet.storage.search.queries import match_expression


def test_words_phrases_and_exclusions_become_safe_fts5() -> None:
    q = parse('Tram  "city council" -strike -"bus lane"')
    assert match_expression(q) == '"tram" AND "city council" NOT "strike" NOT "bus lane"'
    assert q.highlight_words() == ("tram", "city", "council")


def test_operators_and_stray_quotes_are_plain_text() -> None:
    q = parse('a OR b) NEAR( "unclosed *')
    assert (
        '"or"' in match_expression(q)
        and "(" not in match_expression(q)
        and "*" not in match_expression(q)
    )
    assert parse("-only").empty and parse("  ").empty and parse("!!!").empty


def test_mark_escapes_html_and_marks_word_prefixes() -> None:
    html = mark("<b>Trams</b> & the tram", ["tram"])
    assert html == "&lt;b&gt;<mark>Trams</mark>&lt;/b&gt; &amp; the <mark>tram</mark>"


def test_snippet_centres_on_matches() -> None:
    text = "filler " * 100 + "the mayor opened the tram line" + " tail" * 100
    html = snippet(text, ["tram"])
    assert "<mark>tram</mark>" in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 320
    assert snippet("no match here", ["tram"]) == "no match here"


def test_alert_rules_parse_into_conditions_with_keyword_terms() -> None:
    from broadsheet.search import Condition, parse_rule

    first, second, third = parse_rule('tram strike and not source = "Other Paper" and tag: #Trams')
    assert first == Condition("keyword", "tram strike", False, parse("tram strike"))
    assert second == Condition("source", "Other Paper", True)
    assert third.field == "hashtag" and third.value == "#Trams" and third.query is None


def test_mark_finds_the_other_forms_of_a_word_as_search_does() -> None:
    html = mark("A strike, two strikes, workers striking; a street", ["strikes"])
    assert html.count("<mark>") == 3 and "<mark>street" not in html
    assert mark("The news is new", ["news"]) == "The <mark>news</mark> is new"
