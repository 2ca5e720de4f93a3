"""Run a search: parse, resolve entity/hashtag filters, rank in storage, build snippets."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from broadsheet.search._query import parse
from broadsheet.search._snippet import mark, snippet
from broadsheet.search._types import Filters, Hit, SearchResults
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.search import queries

CAP = 1000  # rank at most the newest CAP matches (see MEASURED.md on very common terms)
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


def search(query: str, filters: Filters | None = None, page: int = 1,
           per_page: int = 20) -> SearchResults:
    """Return one page of articles matching ``query`` and ``filters``, best first."""
    filters = filters or Filters()
    page, per_page = max(1, page), max(1, min(per_page, 100))
    parsed = parse(query)
    only, notice = _restriction(filters)
    found = queries.match(parsed, source=filters.source, since=filters.since,
                          until=filters.until, language=filters.language, only_ids=only, cap=CAP)
    window = found.ranked[(page - 1) * per_page: page * per_page]
    details = queries.rows([i for i, _ in window])
    words = parsed.highlight_words()
    hits = tuple(
        Hit(article_id=i, title=r.title, outlet=r.outlet, published_at=r.published_at,
            snippet_html=snippet(r.text, words), score=round(score, 4), url=r.url,
            title_html=mark(r.title, words))
        for i, score in window if (r := details.get(i)) is not None)
    if found.capped:
        notice = (notice + " " if notice else "") + (
            f"Very common words: only the newest {CAP} matches were ranked. Add a word or a "
            "filter to narrow it down.")
    return SearchResults(query=query, hits=hits, total=found.total, page=page,
                         per_page=per_page, capped=found.capped, filters=filters, notice=notice)


def index(article_ids: Sequence[int]) -> int:
    """Index (or re-index) the given articles; deleted ones leave the index. Idempotent."""
    return queries.index_articles(article_ids)


def reindex_all(batch: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Re-index every stored article in batches; return how many were indexed."""
    after, done = 0, 0
    while ids := queries.article_ids(after, batch):
        done += queries.index_articles(ids)
        after = ids[-1]
        if progress:
            progress(done)
    return done
