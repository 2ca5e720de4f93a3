"""Full-text search through the one interface, on whichever database the suite runs."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.search import Filters, _core, index, parse, reindex_all, search
from broadsheet.storage.models import Article
from broadsheet.storage.search import queries

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def _add(
    title: str, text: str, source: str = "Example News", hours: int = 1, **extra: object
) -> int:
    record = {
        "url": f"https://{source.split()[0].lower()}.example/{abs(hash(title))}",
        "title": title,
        "text": text,
        "source": source,
        "published": (timezone.now() - timedelta(hours=hours)).isoformat(),
    } | extra
    ids = import_articles([json.dumps(record)]).ids
    index(ids)  # the pipeline step runs too when extraction runs; indexing twice is harmless
    return ids[0]


def test_ranks_title_matches_first_and_marks_snippets() -> None:
    body_only = _add("Council meets", "Later the tram depot was discussed at length.")
    in_title = _add("Tram line opens", "The mayor opened the new line this morning.")
    _add("Weather", "Sunny all week.")
    results = search("tram")
    assert [h.article_id for h in results.hits] == [in_title, body_only]
    assert results.total == 2
    assert "<mark>tram</mark>" in results.hits[1].snippet_html
    assert results.hits[0].title_html == "<mark>Tram</mark> line opens"
    assert results.hits[0].outlet == "Example News"


def test_phrases_exclusions_and_no_syntax_errors() -> None:
    a = _add("City council votes", "The city council voted on the budget.")
    _add("Council of the city", "Council members of the city met.")
    assert [h.article_id for h in search('"city council"').hits] == [a]
    assert {h.article_id for h in search("council -budget").hits} != {a}
    for nasty in ['"', "OR", "a AND (", "NEAR(x y)", "*", "-"]:
        assert search(nasty).total >= 0


def test_snippet_escapes_article_html() -> None:
    _add("Markup", "Readers wrote <script>alert(1)</script> about the tram.")
    html = search("tram").hits[0].snippet_html
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>tram</mark>" in html


def test_filters_source_dates_language() -> None:
    old = _add("Tram history", "Trams ran here in 1900.", source="Old Paper", hours=24 * 40)
    new = _add("Tram today", "The tram runs again.", source="New Paper", hours=2, language="fr")
    assert [h.article_id for h in search("tram", Filters(source="Old Paper")).hits] == [old]
    recent = Filters(since=timezone.now() - timedelta(days=30))
    assert [h.article_id for h in search("tram", recent).hits] == [new]
    until = Filters(until=timezone.now() - timedelta(days=30))
    assert [h.article_id for h in search("tram", until).hits] == [old]
    assert [h.article_id for h in search("tram", Filters(language="fr")).hits] == [new]


def test_reindex_is_idempotent_and_follows_edits_and_deletes() -> None:
    a = _add("Tram", "first text")
    index([a])
    index([a])
    assert search("tram").total == 1
    Article.objects.filter(id=a).update(title="Bus", text="second text")
    index([a])
    assert search("tram").total == 0 and search("bus").total == 1
    Article.objects.filter(id=a).delete()
    index([a])
    assert search("bus").total == 0 and queries.indexed_count() == 0
    b = _add("Ferry", "boats")
    assert reindex_all() == 1 and search("ferry").hits[0].article_id == b


def test_an_article_deleted_without_reindexing_leaves_the_index() -> None:
    kept = _add("Tram depot", "The depot opens at dawn for the morning drivers.")
    gone = _add("Ferry depot", "A second depot by the harbour takes the night boats.")
    Article.objects.filter(id=gone).delete()  # admin, a feed's cascade, retention, a raw delete
    found = search("depot")
    assert found.total == 1 and [h.article_id for h in found.hits] == [kept]


def test_common_terms_rank_only_the_newest_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_core, "CAP", 3)
    ids = [_add(f"Story {i}", f"the news of the day, edition {i}") for i in range(5)]
    results = search("news", per_page=10)
    assert results.capped and results.total == 3 and "newest 3" in results.notice
    assert {h.article_id for h in results.hits} == set(ids[-3:])


def test_paging() -> None:
    for i in range(7):
        _add(f"Tram {i}", f"tram, edition {i}")
    first, last = search("tram", per_page=3), search("tram", page=3, per_page=3)
    assert first.pages == 3 and len(first.hits) == 3 and len(last.hits) == 1


def test_entity_filter_for_an_entity_nobody_names_finds_nothing() -> None:
    _add("Tram", "tram")
    assert search("tram", Filters()).total == 1
    results = search("tram", Filters(entity="Nobody Named This"))
    assert results.total == 0 and results.hits == ()


def test_snippets_stay_escaped_with_only_balanced_marks() -> None:
    _add(
        "Tram <b>fares</b> \x02rise",
        'Riders said <img src=x onerror=alert(1)> & "tram" \x03 ok \x02.',
    )
    hit = search("tram").hits[0]
    for html in (hit.snippet_html, hit.title_html):
        assert html.count("<mark>") == html.count("</mark>") >= 1
        assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
    assert "&lt;img" in hit.snippet_html and "<mark>tram</mark>" in hit.snippet_html


def _fts5_only(monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("how common a term is only changes the ranking on FTS5 (bm25's cost)")
    monkeypatch.setattr(queries, "PROBE", 3)  # three matches are enough to judge a term


def test_only_very_common_words_list_headlines_first_then_newest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fts5_only(monkeypatch)
    a = _add("Weather report", "the news of the day")
    b = _add("Morning news", "the day")
    c = _add("Sport", "the news again")
    d = _add("Markets", "the news")
    results = search("news")
    assert [h.article_id for h in results.hits] == [b, d, c, a]
    assert results.total == 4 and not results.capped and "“news”" in results.notice
    assert "<mark>news</mark>" in results.hits[1].snippet_html


def test_very_common_words_filter_but_do_not_weigh(monkeypatch: pytest.MonkeyPatch) -> None:
    _fts5_only(monkeypatch)
    in_title = _add("Tram strike", "the drivers stop")
    in_body = _add("Council", "the the the tram was mentioned", source="Other Paper")
    z = _add("Weather", "the sun")
    w = _add("Rain", "the rain")
    assert queries.match(parse("the tram")).common == ("the",)
    results = search("the tram")
    assert [h.article_id for h in results.hits] == [in_title, in_body] and not results.notice
    assert [h.article_id for h in search("the -tram").hits] == [w, z]
    other = Filters(source="Other Paper")
    assert [h.article_id for h in search("the tram", other).hits] == [in_body]


def test_several_words_share_the_rank_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_core, "CAP", 4)
    ids = [_add(f"Tram strike {i}", f"drivers, edition {i}") for i in range(5)]
    results = search("tram strike")
    assert results.capped and results.total == 2 and "newest 2" in results.notice
    assert {h.article_id for h in results.hits} == set(ids[-2:])
