"""Filters few articles pass drive an FTS5 search: same results as walking the article table."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import product
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from broadsheet.pipeline import import_articles
from broadsheet.search import Filters, _core, index, parse, search
from broadsheet.storage.search import queries

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

QUERIES = [
    "the",
    "news",
    "the news",
    "said the",
    "tram",
    "the tram",
    "the -tram",
    '"tram strike"',
    "strike -the",
    "news tram",
    "nothing-matches-this",
]


def _record(title: str, text: str, source: str, hours: int, language: str = "en") -> str:
    return json.dumps(
        {
            "url": f"https://{source.split()[0].lower()}.example/{abs(hash((title, hours)))}",
            "title": title,
            "text": text,
            "source": source,
            "language": language,
            "published": (timezone.now() - timedelta(hours=hours)).isoformat(),
        }
    )


def _add(*records: str) -> list[int]:
    ids = list(import_articles(list(records)).ids)
    index(ids)
    return ids


@pytest.fixture
def corpus(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sixty articles: one big outlet, one rare one, spread over days, "the" nearly everywhere."""
    if connection.vendor != "sqlite":
        pytest.skip("the filter-driven path is FTS5's")
    monkeypatch.setattr(queries, "PROBE", 3)  # a few matches tell how common a word is
    records = []
    for n in range(60):
        source = "Rare Paper" if n % 15 == 7 else ("Other Paper" if n % 3 else "Big Paper")
        title = ["The news today", "Tram strike", "Markets", "The tram <b>news</b>"][n % 4]
        text = [
            "the news of the day",
            "the tram strike goes on, said the union",
            "strike talks",
            "news about the tram",
            "nothing here",
        ][n % 5]
        # each text its own (identical texts are one article, indexed once): "edition n"
        records.append(
            _record(
                f"{title} {n}",
                f"{text}, edition {n}",
                source,
                hours=24 * (60 - n) + n % 7,
                language="fr" if n % 4 == 1 else "en",
            )
        )
    return _add(*records)


def _filters(ids: list[int]) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {"source": "Rare Paper"},
        {"source": "big.example"},
        {"source": "Other Paper"},
        {"source": "nobody.example"},
        {"since": now - timedelta(days=3)},
        {"until": now - timedelta(days=50)},
        {"since": now - timedelta(days=30), "until": now - timedelta(days=29)},
        {"since": now - timedelta(days=40), "until": now - timedelta(days=10)},
        {"language": "fr"},
        {"source": "Big Paper", "language": "fr"},
        {"source": "Big Paper", "since": now - timedelta(days=20)},
        {"only_ids": ids[::9]},
        {"only_ids": []},
        {"only_ids": ids[::2], "language": "en"},
        {"only_ids": ids[5:40], "source": "Other Paper", "until": now - timedelta(days=30)},
    ]


def _old_scope(
    source: str, since: Any, until: Any, language: str, only_ids: Any, feeds: Any = None
) -> Any:
    """The article table joined for every filter: the path before filters could drive."""
    return queries._Scope(
        *(lambda w, p: (w, tuple(p)))(
            *queries._filters(source, since, until, language, only_ids, False, feeds)
        )
    )


MODES = {
    "default": {},
    "look up": {"SEEK": 0},
    "step over": {"SEEK": 10**9},
    "bounds": {"DRIVE": 0, "SPAN": 10**9},
}


@pytest.mark.parametrize("mode", list(MODES))
def test_driving_from_a_filter_finds_the_same_matches_in_the_same_order(
    corpus: list[int], mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = list(product(QUERIES, _filters(corpus), (2, 7, 1000)))
    with monkeypatch.context() as old:
        old.setattr(queries, "_scope", _old_scope)
        expected = [queries.match(parse(q), cap=cap, **f) for q, f, cap in cases]
    for name, value in MODES[mode].items():
        monkeypatch.setattr(queries, name, value)
    assert [queries.match(parse(q), cap=cap, **f) for q, f, cap in cases] == expected
    assert any(m.total for m in expected) and any(m.capped for m in expected)
    assert any(m.common for m in expected) and any(not m.total for m in expected)


@pytest.mark.parametrize("mode", list(MODES))
def test_result_pages_snippets_and_notices_match_the_old_path(
    corpus: list[int], mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_core, "CAP", 30)
    now = timezone.now()
    filters = [
        Filters(source="Rare Paper"),
        Filters(source="big.example"),
        Filters(source="Other Paper"),
        Filters(since=now - timedelta(days=30), until=now - timedelta(days=25)),
        Filters(source="Other Paper", language="fr"),
    ]
    cases = list(product(QUERIES, filters, (1, 2, 5)))
    with monkeypatch.context() as old:
        old.setattr(queries, "_scope", _old_scope)
        expected = [search(q, f, page=page, per_page=2) for q, f, page in cases]
    for name, value in MODES[mode].items():
        monkeypatch.setattr(queries, name, value)
    assert [search(q, f, page=page, per_page=2) for q, f, page in cases] == expected
    assert any(r.notice for r in expected) and any(r.hits for r in expected)


def test_a_sparse_filter_looks_up_a_common_word_and_steps_over_a_rare_one(
    corpus: list[int],
) -> None:
    scope = queries._scope("Rare Paper", None, None, "", None)
    assert scope.ids is not None and len(scope.ids) == 4 and not scope.where
    far_apart = (10**6, 5 * 10**5, 10, 5)
    assert queries._looks_up(far_apart, 1.0, 1000)  # a common word: four lookups
    assert not queries._looks_up(far_apart, 0.0, 1000)  # a rare one: few matches to step over
    assert not queries._looks_up(tuple(range(1000, 0, -1)), 1.0, 1000)  # side by side
    wide = queries._scope("", timezone.now() - timedelta(days=400), None, "fr", None)
    assert wide.ids is not None and "language" in wide.where


def test_filter_driven_search_escapes_hostile_text(
    corpus: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    [hostile] = _add(
        _record(
            'Tram <img src=x onerror=alert(1)> "strike" \x02',
            "<script>x</script> & the tram \x03 strike \x02",
            "Rare Paper",
            1,
        )
    )
    for seek in (0, 10**9):
        monkeypatch.setattr(queries, "SEEK", seek)
        for q in ["tram", "the", 'tram" OR "x', "NEAR(tram strike)", "tram*", "-", '"']:
            results = search(q, Filters(source="Rare Paper"))
            for hit in results.hits:
                for html in (hit.snippet_html, hit.title_html):
                    assert html.count("<mark>") == html.count("</mark>")
                    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
        hit = search("tram", Filters(source="Rare Paper")).hits[0]
        assert hit.article_id == hostile and "&lt;script&gt;" in hit.snippet_html
        assert "<mark>tram</mark>" in hit.snippet_html
    for source in ["' OR 1=1 --", '"; DROP TABLE search_fts; --', "%", "_", "\x00"]:
        assert search("the", Filters(source=source)).total == 0
    assert search("the", Filters(source="Rare Paper")).total == 3  # two titles and the new one


@pytest.mark.parametrize("filters", [{"language": "fr"}, {"feeds": "all"}, {"until": "old"}])
def test_matches_are_checked_against_filters_through_the_narrow_scope_index(
    corpus: list[int], filters: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article row holds its text before feed_id: each match reads one index entry instead."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(queries, "DRIVE", -1)  # no filter drives: every match is checked

    from broadsheet.storage.models import Feed

    given: dict[str, Any] = {
        "language": filters.get("language", ""),
        "feeds": Feed.objects.values("id") if "feeds" in filters else None,
        "until": timezone.now() - timedelta(days=1) if "until" in filters else None,
    }
    with CaptureQueriesContext(connection) as seen:
        queries.match(parse("tram"), cap=1000, **given)
    walks = [q["sql"] for q in seen.captured_queries if "CROSS JOIN" in q["sql"]]
    assert walks, [q["sql"] for q in seen.captured_queries]
    with connection.cursor() as cur:
        for sql in walks:
            cur.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [row[-1] for row in cur.fetchall()]
            looked_up = [step for step in plan if step.startswith("SEARCH a ")]
            assert looked_up == ["SEARCH a USING COVERING INDEX article_scope (id=?)"], plan
