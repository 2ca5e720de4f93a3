"""Search stems English words, and quoted phrases stay exact, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.search import index, parse, search
from broadsheet.storage.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _add(title: str, text: str) -> int:
    record = {
        "url": f"https://example.test/{abs(hash(title))}",
        "title": title,
        "text": text,
        "source": "Example News",
        "published": (timezone.now() - timedelta(hours=1)).isoformat(),
    }
    ids = import_articles([json.dumps(record)]).ids
    index(ids)
    return ids[0]


def _found(query: str) -> set[int]:
    return {h.article_id for h in search(query, per_page=100).hits}


@pytest.fixture
def strikes() -> dict[str, int]:
    return {
        "plural": _add("Drivers plan strikes", "Unions said the walkouts begin on Monday."),
        "singular": _add("A strike is called", "The depot stays shut all week long."),
        "verb": _add("Workers striking again", "Pickets stood at the gates at dawn."),
        "other": _add("Tram line opens", "The mayor opened the new line this morning."),
    }


def test_a_word_finds_its_other_forms(strikes: dict[str, int]) -> None:
    every = {strikes["plural"], strikes["singular"], strikes["verb"]}
    assert _found("strike") == every
    assert _found("strikes") == _found("strike") == _found("striking")
    assert search("strikes").total == 3


def test_quoted_phrases_match_the_words_as_written(strikes: dict[str, int]) -> None:
    assert _found('"strikes"') == {strikes["plural"]}
    assert _found('"strike"') == {strikes["singular"]}
    assert _found('"plan strikes"') == {strikes["plural"]}
    assert _found('"plan strike"') == set()
    assert search('"strikes"').total == 1


def test_exclusions_follow_the_same_rule(strikes: dict[str, int]) -> None:
    assert _found("drivers -strike") == set()  # "strikes" is a form of "strike"
    assert _found('drivers -"strike"') == {strikes["plural"]}  # but not the word as written
    assert _found('strike -"strikes"') == {strikes["singular"], strikes["verb"]}
    assert _found('"strike" "depot"') == {strikes["singular"]}


def test_stopwords_and_mixed_queries_still_match(strikes: dict[str, int]) -> None:
    assert strikes["singular"] in _found("the")  # PostgreSQL's english drops it; not here
    assert _found('strikes "unions said"') == {strikes["plural"]}
    assert _found("opening") == {strikes["other"]}


def test_edits_and_deletes_leave_both_indexes(strikes: dict[str, int]) -> None:
    a = strikes["plural"]
    Article.objects.filter(id=a).update(title="Drivers plan walkouts", text="Nothing more.")
    index([a])
    assert a not in _found('"strikes"') and a not in _found("strike")
    assert a in _found('"walkouts"')
    Article.objects.filter(id=strikes["singular"]).delete()
    assert _found('"strike"') == set() and _found("strike") == {strikes["verb"]}
    if connection.vendor == "sqlite":  # the delete trigger removed the row from the exact index
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM search_exact WHERE search_exact MATCH 'depot'")
            assert cur.fetchone()[0] == 0


def test_parse_marks_quoted_terms_exact() -> None:
    terms = parse('tram "bus lane" -"strike" -rain').terms
    assert [t.exact for t in terms] == [False, True, True, False]
