"""Run a search: parse, resolve entity/hashtag filters, rank in storage, build snippets."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from broadsheet.search._query import parse
from broadsheet.search._snippet import MARKS, mark, marked_html, snippet
from broadsheet.search._types import Filters, Hit, SearchResults
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.reader import subscriptions
from broadsheet.storage.search import queries

CAP = 1000  # rank at most the newest CAP matches (see MEASURED.md on very common terms)
# Ranking costs terms × rows, so a query of several words shares CAP between them.
FILTER_IDS = 5000  # how many articles an entity or hashtag filter considers


def _ids_for(kind: str, value: str) -> list[int]:
    """Return IDs of the newest articles with this entity or hashtag."""
    if kind == "entity":
        return intel.articles_for_entity(value, FILTER_IDS, 0)
    return intel.articles_for_tag(value, FILTER_IDS, 0)


def _restriction(filters: Filters) -> tuple[list[int] | None, str]:
    only: set[int] | None = None
    notice = ""
    for kind, value in (("entity", filters.entity), ("tag", filters.hashtag.lstrip("#"))):
        if not value:
            continue
        ids = _ids_for(kind, value)
        only = set(ids) if only is None else only & set(ids)
    return (sorted(only) if only is not None else None), notice


def _hit(row: queries.Row, score: float, words: tuple[str, ...]) -> Hit:
    if row.marked_snippet is not None:  # marked by the index (SQLite)
        title_html = marked_html(row.marked_title or "")
        snippet_html = marked_html(row.marked_snippet)
    else:
        title_html, snippet_html = mark(row.title, words), snippet(row.text, words)
    return Hit(
        article_id=row.id,
        title=row.title,
        outlet=row.outlet,
        published_at=row.published_at,
        snippet_html=snippet_html,
        score=round(score, 4),
        url=row.url,
        title_html=title_html,
    )


def _notice(found: queries.Match, terms: int) -> str:
    """Say why the order is not plain relevance, or "" when it is."""
    if found.common and len(found.common) == terms:
        words = ", ".join(f"“{w}”" for w in found.common)
        return (
            f"Very common words ({words}): the newest {found.total} matches are listed, those "
            "with the words in the headline first. Add a word or a filter to narrow it down."
        )
    if found.capped:
        return (
            f"Many matches: only the newest {found.total} were ranked. Add a word or a "
            "filter to narrow it down."
        )
    return ""


def search(
    query: str, filters: Filters | None = None, page: int = 1, per_page: int = 20
) -> SearchResults:
    """Return one page of articles matching ``query`` and ``filters``, best first."""
    filters = filters or Filters()
    page, per_page = max(1, page), max(1, min(per_page, 100))
    parsed = parse(query)
    only, notice = _restriction(filters)
    words = sum(1 for t in parsed.terms if not t.exclude)
    found = queries.match(
        parsed,
        source=filters.source,
        since=filters.since,
        until=filters.until,
        language=filters.language,
        only_ids=only,
        cap=max(1, CAP // max(1, words)),
        want=page * per_page,
        feeds=subscriptions.followed_feed_ids(filters.feeds_of) if filters.feeds_of else None,
    )
    window = found.ranked[(page - 1) * per_page : page * per_page]
    details = queries.rows([i for i, _ in window], parsed, MARKS)
    hits = tuple(
        _hit(r, score, parsed.highlight_words())
        for i, score in window
        if (r := details.get(i)) is not None
    )
    if extra := _notice(found, words):
        notice = (notice + " " if notice else "") + extra
    return SearchResults(
        query=query,
        hits=hits,
        total=found.total,
        page=page,
        per_page=per_page,
        capped=found.capped,
        filters=filters,
        notice=notice,
    )


def index(article_ids: Sequence[int]) -> int:
    """Index (or re-index) the given articles; deleted ones leave the index. Idempotent."""
    return queries.index_articles(article_ids)


def reindex_all(batch: int = 500, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-index every stored article in batches; return how many were indexed.

    ``progress(checked, total)`` follows the articles gone through, out of all stored.
    """
    after, done, checked = 0, 0, 0
    total = queries.article_count() if progress else 0
    while ids := queries.article_ids(after, batch):
        done += queries.index_articles(ids)
        after, checked = ids[-1], checked + len(ids)
        if progress:
            progress(checked, max(total, checked))
    return done
