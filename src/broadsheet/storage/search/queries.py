"""All SQL of search: keep the index in step with articles and find matching article IDs.

SQLite uses FTS5 ranked by bm25 (title weighted above body); PostgreSQL uses a weighted
tsvector ranked by ts_rank_cd. Both stem English words (FTS5's ``porter`` tokenizer, PostgreSQL's
``english`` configuration), so "strikes" finds what "strike" finds; a quoted phrase is exact: it
must also match the unstemmed index (``search_exact`` on SQLite, the ``exact`` column on
PostgreSQL). On SQLite the stemmed search ranks and the exact index then keeps only the ranked
articles holding the phrase as written; a word PostgreSQL's ``english`` configuration drops as a
stopword ("the") is looked up unstemmed, as FTS5 (which has no stopwords) finds it. Very common terms are handled by ranking only the newest ``cap`` matches
(MEASURED.md: sorting every match of a near-stopword costs ~190 ms on 100k documents).

FTS5's bm25 also reads every match of every term once per query to weigh the terms (about 20 ms
for "the" at 1M articles, whatever the cap). So on SQLite a term found in at least
``STOPWORD_SHARE`` of the newest articles filters but does not weigh in the ranking (bm25 gives
it a weight near zero anyway), and a query made only of terms found in at least
``COMMON_SHARE`` of them is not ranked by bm25: it lists the newest matches, those with the words
in the headline first (for one word, bm25's order is mostly that too). Snippets come from FTS5
too (``snippets``), so the article text is never loaded; on PostgreSQL they are built in Python.

Filters on SQLite: walking the matches newest first through the article table until enough pass
costs about 1 µs a match, so a common word with a filter few articles pass (one outlet, one day,
an entity) took half a second at 1M articles. When a filter that has an index (source, dates,
entity/hashtag IDs) is passed by at most ``DRIVE`` articles, their IDs are read from that index
and only those rows are checked against the text (``_Scope``): FTS5 either looks each one up
(``rowid IN``, about ``SEEK`` times the cost of stepping over one match; for a common word and
a sparse filter) or steps over the matches between the oldest and newest of them, keeping those
in the list (everything else; bm25 always, as FTS5 weighs it again per row looked up). A date
range ending long ago (more than ``DRIVE`` newer articles) with at most ``SPAN`` articles at
least bounds the rowids walked. With candidates far apart, "headlines first" looks titles up
only as far as the page needs (``want``).
The matches, their order, the cap and ``total`` are the same as when the article table is
walked; filters without an index (language) still join the article table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from operator import itemgetter
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from broadsheet.storage.models import Article, Source
from broadsheet.storage.search.models import Document
from broadsheet.storage.stories.models import Signature

__all__ = [
    "Match",
    "Phrase",
    "Query",
    "Row",
    "article_count",
    "article_ids",
    "index_articles",
    "indexed_count",
    "match",
    "match_expression",
    "rows",
    "snippets",
]

CHUNK = 500
ART = Article._meta.db_table
TITLE_END = "zzbroadsheettitleend"
SRC = Source._meta.db_table
# Matches are checked against filters through a narrow index led by the article ID (migration
# storage.0006): the article row holds its text before feed_id, so reading it costs overflow pages.
SCOPE_INDEX = " INDEXED BY article_scope"
BM25 = "-bm25(search_fts, 4.0, 1.0)"  # title weighted 4x; bm25 is lower-is-better, so flipped
PROBE = 100  # how many of a term's newest matches tell how common it is
COMMON_SHARE = 0.1  # a query of only terms this common (share of articles) is not ranked by bm25
STOPWORD_SHARE = 0.3  # terms this common filter but do not weigh in bm25
NEWEST = " ORDER BY search_fts.rowid DESC LIMIT %s"
SNIPPET_TOKENS = 36  # words in a snippet window (about the 220 characters of _snippet.WIDTH)
DRIVE = 20_000  # a filter passed by at most this many articles drives an FTS5 search (see above)
SEEK = 60  # an FTS5 lookup by rowid costs about as much as stepping over this many matches
SPAN = 200_000  # a closed date range with at most this many articles bounds the rowids walked


class Phrase(Protocol):
    """One required (or, with ``exclude``, excluded) word sequence of a parsed query.

    ``exact`` (a quoted phrase) matches the words as written, not their stems.
    """

    @property
    def words(self) -> tuple[str, ...]: ...

    @property
    def exclude(self) -> bool: ...

    @property
    def exact(self) -> bool: ...


class Query(Protocol):
    """A reader's query already parsed into terms (the search package's ``ParsedQuery`` is one)."""

    @property
    def terms(self) -> tuple[Phrase, ...]: ...


def _empty(query: Query) -> bool:
    return not any(not t.exclude for t in query.terms)


@dataclass(frozen=True)
class _Terms:
    """A query made of some of another query's terms."""

    terms: tuple[Phrase, ...]


def _exact(query: Query, exclude: bool) -> list[Phrase]:
    return [t for t in query.terms if t.exact and t.exclude == exclude]


def match_expression(query: Query) -> str:
    """The query in FTS5 syntax: quoted phrases joined by AND / NOT (no input is an FTS5 error)."""
    expr = _phrases([t for t in query.terms if not t.exclude])
    for term in (t for t in query.terms if t.exclude):
        expr += f" NOT {_phrases((term,))}"
    return expr


@dataclass(frozen=True)
class Match:
    """Matching article IDs, best first, with the number ranked and whether the cap was hit.

    ``common`` lists the very common terms that filtered but did not weigh in the ranking.
    Given ``want``, ``ranked`` may stop after its first ``want`` entries (``total`` still counts
    them all) when ordering the rest would cost more lookups.
    """

    ranked: tuple[tuple[int, float], ...]
    total: int
    capped: bool
    common: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """What a result line needs about one article.

    ``marked_*`` come from the FTS5 index with each match between two marker characters (raw
    text, not HTML); ``text`` is then empty. On PostgreSQL they are None and ``text`` is loaded.
    """

    id: int
    title: str
    text: str
    outlet: str
    url: str
    published_at: datetime | None
    marked_title: str | None = None
    marked_snippet: str | None = None


@dataclass(frozen=True)
class _Scope:
    """Which articles an FTS5 query may return.

    ``where``/``params`` are filters checked on the joined article table. ``ids``, when not None,
    are the only candidates (newest first): they passed the other filters, read from an index.
    Otherwise ``bounds``, when known, are the lowest and highest ID a match can have.
    """

    where: str = ""
    params: tuple[Any, ...] = ()
    ids: tuple[int, ...] | None = None
    bounds: tuple[int, int] | None = None


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = sorted({int(i) for i in ids})
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def index_articles(article_ids: Sequence[int]) -> int:
    """Upsert the given articles into the index (idempotent); return how many are indexed.

    Exact copies (``Signature.duplicate_of``: the same article by another feed or URL) leave
    the index like deleted articles, so a search lists each article once.
    """
    done = 0
    for chunk in _chunks(article_ids):
        copies = set(
            Signature.objects.filter(article_id__in=chunk, duplicate_of__isnull=False).values_list(
                "article_id", flat=True
            )
        )
        with transaction.atomic():
            if copies:
                _unindex(sorted(copies))
            kept = [i for i in chunk if i not in copies]
            if kept:
                done += (_index_pg if connection.vendor == "postgresql" else _index_sqlite)(kept)
    return done


def _unindex(ids: list[int]) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            _forget_fts(cur, ids)
    Document.objects.filter(article_id__in=ids).delete()


def _forget_fts(cur: Any, ids: list[int]) -> None:
    """Remove these rows from both FTS5 tables (the exact one with the values it indexed)."""
    marks = ",".join("%s" for _ in ids)
    cur.execute(
        "INSERT INTO search_exact(search_exact, rowid, title, body) "
        f"SELECT 'delete', rowid, title, body FROM search_fts WHERE rowid IN ({marks})",
        ids,
    )
    cur.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)


def _index_sqlite(ids: list[int]) -> int:
    marks = ",".join("%s" for _ in ids)
    with connection.cursor() as cur:
        _forget_fts(cur, ids)
        cur.execute(
            f"INSERT INTO search_fts(rowid, title, body) SELECT id, title, text FROM {ART} "
            f"WHERE id IN ({marks}) AND (title != '' OR text != '')",
            ids,
        )
        present = cur.rowcount
        cur.execute(
            "INSERT INTO search_exact(rowid, title, body) SELECT rowid, title, body "
            f"FROM search_fts WHERE rowid IN ({marks})",
            ids,
        )
    existing = list(Article.objects.filter(id__in=ids).values_list("id", flat=True))
    Document.objects.filter(article_id__in=ids).exclude(article_id__in=existing).delete()
    now = timezone.now()
    Document.objects.bulk_create(
        [Document(article_id=i, indexed_at=now) for i in existing],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["indexed_at"],
    )
    return max(present, 0)


def _pg_vector(config: str) -> str:
    # The end token keeps a phrase from spanning the title and the body (as FTS5 columns do).
    return (
        f"setweight(to_tsvector('{config}', coalesce(title, '') || ' {TITLE_END}'), 'A') || "
        f"setweight(to_tsvector('{config}', coalesce(text, '')), 'B')"
    )


def _index_pg(ids: list[int]) -> int:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO search_document (article_id, indexed_at, vector, exact) "
            f"SELECT id, now(), {_pg_vector('english')}, {_pg_vector('simple')} "
            f"FROM {ART} WHERE id = ANY(%s) "
            "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector, "
            "exact = EXCLUDED.exact, indexed_at = EXCLUDED.indexed_at",
            [ids],
        )
        return int(cur.rowcount)


def article_ids(after: int = 0, limit: int = CHUNK) -> list[int]:
    """Return article IDs greater than ``after`` in order (for a full reindex in batches)."""
    return list(
        Article.objects.filter(id__gt=after).order_by("id").values_list("id", flat=True)[:limit]
    )


def article_count() -> int:
    """Return how many articles are stored (a full reindex's total)."""
    return Article.objects.count()


def indexed_count() -> int:
    """Return how many articles are in the index."""
    return Document.objects.count()


def _filters(
    source: str,
    since: datetime | None,
    until: datetime | None,
    language: str,
    only_ids: Sequence[int] | None,
    pg: bool,
    feeds: QuerySet[Any, Any] | None = None,
    joined: bool = False,
) -> tuple[str, list[Any]]:
    """Return SQL on article ``a`` (and its parameters) for the filters given.

    ``joined``: ``a`` is looked up by ID for each match (SQLite's scope index); ``+`` keeps the
    feeds checked on the entry found rather than sought once per feed.
    """
    sql, params = "", []
    if feeds is not None:  # one subquery (the reader's feeds), however many feeds it holds
        inner, inner_params = feeds.query.sql_with_params()
        sql += f" AND {'+' if joined else ''}a.feed_id IN ({inner})"
        params += list(inner_params)
    if source:
        sql += f" AND a.source_id IN (SELECT id FROM {SRC} WHERE domain = %s OR name = %s)"
        params += [source.lower(), source]
    if since is not None:
        sql += " AND a.published_at >= %s"
        params.append(since)
    if until is not None:
        sql += " AND a.published_at < %s"
        params.append(until)
    if language:
        sql += " AND (a.language = %s OR a.language LIKE %s)"
        params += [language, f"{language}-%"]
    if only_ids is not None:
        ids = [int(i) for i in only_ids] or [0]
        if pg:
            sql += " AND a.id = ANY(%s)"
            params.append(ids)
        else:
            sql += f" AND a.id IN ({','.join('%s' for _ in ids)})"
            params += ids
    return sql, params


def match(
    query: Query,
    *,
    source: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    language: str = "",
    only_ids: Sequence[int] | None = None,
    cap: int = 1000,
    want: int | None = None,
    feeds: QuerySet[Any, Any] | None = None,
) -> Match:
    """Rank the newest ``cap`` articles matching ``query`` and the filters, best first;
    ``feeds``, a subquery of feed ids, keeps only those feeds' articles."""
    if _empty(query):
        return Match((), 0, False)
    if connection.vendor != "postgresql":
        scope = _scope(source, since, until, language, only_ids, feeds)
        if not any(t.exact for t in query.terms):
            return _match_fts5(query, scope, cap, want)
        stemmed = _Terms(tuple(t for t in query.terms if not (t.exact and t.exclude)))
        return _as_written(_match_fts5(stemmed, scope, cap, None), query)
    where, params = _filters(source, since, until, language, only_ids, True, feeds)
    sql, head = _pg_sql(query, where)
    with connection.cursor() as cur:
        cur.execute(sql, head + params + [cap + 1])
        return _best_first(cur.fetchall(), cap)


def _scope(
    source: str,
    since: datetime | None,
    until: datetime | None,
    language: str,
    only_ids: Sequence[int] | None,
    feeds: QuerySet[Any, Any] | None = None,
) -> _Scope:
    """Turn the filters that an index lists few articles for into candidates; join the rest."""
    ids = None if only_ids is None else {int(i) for i in only_ids}
    bounds = None
    if source and (few := _few(*_filters(source, None, None, "", None, False))[0]) is not None:
        ids, source = few if ids is None else ids & few, ""
    if feeds is not None:  # a reader of a few small feeds: their articles drive the search
        mine = _filters("", None, None, "", None, False, feeds)
        if (few := _few(*mine)[0]) is not None:
            ids, feeds = few if ids is None else ids & few, None
    if since or until:
        dates = _filters("", since, until, "", None, False)
        few, _ = _few(*dates)
        if few is not None:
            ids, since, until = few if ids is None else ids & few, None, None
        elif (
            since
            and until
            and ids is None
            and _count(*_filters("", until, None, "", None, False), DRIVE)[0] > DRIVE
        ):
            # A range ending long ago skips many of the newest articles: its IDs bound the walk.
            bounds = _few(*dates, SPAN)[1]
    where, params = _filters(source, since, until, language, None, False, feeds, joined=True)
    if ids is not None:
        return _Scope(where, tuple(params), tuple(sorted(ids, reverse=True)))
    return _Scope(where, tuple(params), bounds=bounds)


def _few(
    where: str, params: Sequence[Any], span: int = 0
) -> tuple[set[int] | None, tuple[int, int] | None]:
    """Return the IDs of the articles passing ``where`` if at most ``DRIVE`` do.

    Otherwise return None and, if at most ``span`` do, their lowest and highest ID.
    """
    found, lowest, highest = _count(where, params, max(span, DRIVE))
    if found > DRIVE:
        return None, ((lowest, highest) if found <= span else None)
    with connection.cursor() as cur:  # reads only the filter's index, not the articles
        cur.execute(f"SELECT a.id FROM {ART} a WHERE {where.removeprefix(' AND ')}", list(params))
        return {i for (i,) in cur.fetchall()}, None


def _count(where: str, params: Sequence[Any], limit: int) -> tuple[int, Any, Any]:
    """Count the articles passing ``where`` up to ``limit`` + 1, with their lowest and highest ID."""
    with connection.cursor() as cur:  # reads only the filter's index, not the articles
        cur.execute(
            f"SELECT count(*), min(id), max(id) FROM (SELECT a.id FROM {ART} a "
            f"WHERE {where.removeprefix(' AND ')} LIMIT %s)",
            [*params, limit + 1],
        )
        found, lowest, highest = cur.fetchone()
    return int(found), lowest, highest


def _fts5(
    cols: str,
    expr: str,
    scope: _Scope = _Scope(),
    tail: str = "",
    more: Sequence[Any] = (),
    rowids: tuple[str, Sequence[Any]] = ("", ()),
) -> list[tuple[Any, ...]]:
    """Run one FTS5 query; the article table is joined only when a filter needs it.

    ``rowids`` is SQL (and its parameters) on ``search_fts.rowid`` alone. CROSS JOIN keeps
    FTS5 the outer loop: looked up by rowid instead, it would weigh bm25 once per row.
    """
    join = f" CROSS JOIN {ART} a{SCOPE_INDEX} ON a.id = search_fts.rowid" if scope.where else ""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {cols} FROM search_fts{join} WHERE search_fts MATCH %s{rowids[0]}"
            f"{scope.where}{tail}",
            [expr, *rowids[1], *scope.params, *more],
        )
        rows: list[tuple[Any, ...]] = cur.fetchall()
    return rows


def _share(term: Phrase) -> float:
    """Estimate the share of the newest articles that contain ``term`` (0 when it is rare)."""
    sql = (
        "SELECT count(*), min(rowid), (SELECT max(rowid) FROM search_fts) FROM (SELECT rowid "
        "FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s)"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [_phrases((term,)), PROBE])
        found, oldest, newest = cur.fetchone()
    return found / (newest - oldest + 1) if found >= PROBE else 0.0


def _phrases(terms: Sequence[Phrase], join: str = " AND ") -> str:
    return join.join('"' + " ".join(t.words) + '"' for t in terms)


def _as_written(found: Match, query: Query) -> Match:
    """Keep the ranked articles that hold every quoted phrase as written and no excluded one."""
    ids = json.dumps([i for i, _ in found.ranked])
    if not found.ranked:
        return found
    kept = {i for i, _ in found.ranked}
    sql = "SELECT rowid FROM search_exact WHERE search_exact MATCH %s AND rowid IN "
    sql += "(SELECT value FROM json_each(%s))"
    with connection.cursor() as cur:
        if required := _exact(query, exclude=False):
            cur.execute(sql, [_phrases(required), ids])
            kept &= {i for (i,) in cur.fetchall()}
        if excluded := _exact(query, exclude=True):
            cur.execute(sql, [_phrases(excluded, " OR "), ids])
            kept -= {i for (i,) in cur.fetchall()}
    ranked = tuple(r for r in found.ranked if r[0] in kept)
    return Match(ranked, len(ranked), found.capped, found.common)


def _match_fts5(query: Query, scope: _Scope, cap: int, want: int | None) -> Match:
    """FTS5 ranking: bm25 over the terms that are not very common (see the module docstring)."""
    if scope.ids == ():
        return Match((), 0, False)
    required = [t for t in query.terms if not t.exclude]
    shares = [_share(t) for t in required]
    if min(shares) >= COMMON_SHARE:
        return _headlines_first(query, scope, cap, min(shares), want)
    weighed = [t for t, share in zip(required, shares, strict=True) if share < STOPWORD_SHARE]
    if len(weighed) == len(query.terms):  # the usual case: nothing left out, nothing excluded
        return _best_first(
            _newest_rows(f"search_fts.rowid, {BM25}", match_expression(query), scope, cap), cap
        )
    ids = _newest(query, scope, cap, min(shares))  # every term filters...
    if not ids:
        return Match((), 0, False)
    scores = dict(
        _fts5(f"search_fts.rowid, {BM25}", _phrases(weighed), rowids=_within(ids, cap, scope))
    )  # ...but only the weighed ones rank
    unweighed = tuple(" ".join(t.words) for t in required if t not in weighed)
    return _best_first([(i, scores.get(i, 0.0)) for i in ids], cap, unweighed)


def _headlines_first(
    query: Query, scope: _Scope, cap: int, share: float, want: int | None = None
) -> Match:
    """Order the newest matches of common terms: those with every term in the title first."""
    required = [t for t in query.terms if not t.exclude]
    ids = _newest(query, scope, cap, share)
    if not ids:
        return Match((), 0, False)
    title = "{title} : (" + _phrases(required) + ")"
    common, kept = tuple(" ".join(t.words) for t in required), ids[:cap]
    if scope.ids is not None and want and share * (kept[0] - kept[-1] + 1) > SEEK * want:
        # Far apart (a sparse filter): look titles up, newest first, only as far as needed.
        found, checked = _looked_up(title, kept, want, share / 4)
        if checked < len(kept):
            return Match(tuple((i, 1.0) for i in found), len(kept), len(ids) > cap, common)
        titled = set(found)
    else:
        titled = {i for (i,) in _fts5("search_fts.rowid", title, rowids=_within(ids, cap, scope))}
    return _best_first([(i, 1.0 if i in titled else 0.0) for i in ids], cap, common)


def _newest(query: Query, scope: _Scope, cap: int, share: float) -> list[int]:
    """Return the IDs of the newest ``cap`` + 1 matches, newest first, unranked (cheap)."""
    if scope.ids is not None and _looks_up(scope.ids, share, cap):
        return _looked_up(match_expression(query), scope.ids, cap + 1, share, scope)[0][: cap + 1]
    return [i for (i,) in _newest_rows("search_fts.rowid", match_expression(query), scope, cap)]


def _newest_rows(cols: str, expr: str, scope: _Scope, cap: int) -> list[tuple[Any, ...]]:
    """Return ``cols`` of the newest ``cap`` + 1 matches, newest first, stepping over matches."""
    ids = scope.ids
    if ids is None:
        within = " AND search_fts.rowid BETWEEN %s AND %s" if scope.bounds else ""
        return _fts5(cols, expr, scope, NEWEST, [cap + 1], (within, scope.bounds or ()))
    among = (
        " AND search_fts.rowid BETWEEN %s AND %s AND +search_fts.rowid IN "
        "(SELECT value FROM json_each(%s))",
        [ids[-1], ids[0], json.dumps(ids)],
    )
    return _fts5(cols, expr, scope, NEWEST, [cap + 1], among)


def _looks_up(ids: Sequence[int], share: float, cap: int) -> bool:
    """True when looking candidates up costs less than stepping over the matches among them."""
    if not ids or share <= 0:
        return False
    needed = min(len(ids), ceil((cap + 1) / share))  # candidates checked to find cap + 1
    return share * (ids[0] - ids[needed - 1] + 1) > SEEK * needed


def _looked_up(
    expr: str, ids: Sequence[int], want: int, rate: float, scope: _Scope = _Scope()
) -> tuple[list[int], int]:
    """Look ``ids`` (newest first) up in FTS5 a chunk at a time until ``want`` match ``expr``.

    ``rate`` guesses the share that matches (each chunk is sized to find what is missing).
    Return the matches, newest first, and how many IDs were checked.
    """
    found: list[int] = []
    done = 0
    while done < len(ids) and len(found) < want:
        chunk = ids[done : done + ceil((want - len(found)) / max(rate, 0.01)) + 8]
        listed = "SELECT value FROM json_each(%s)"
        if scope.where:  # check the other filters on these articles before looking them up
            listed = f"SELECT a.id FROM {ART} a{SCOPE_INDEX} WHERE a.id IN ({listed}){scope.where}"
        rows = _fts5(
            "search_fts.rowid",
            expr,
            rowids=(
                f" AND search_fts.rowid IN ({listed})",
                [json.dumps(list(chunk)), *scope.params],
            ),
        )
        found += sorted((i for (i,) in rows), reverse=True)
        done += len(chunk)
        rate = len(found) / done
    return found, done


def _within(ids: list[int], cap: int, scope: _Scope) -> tuple[str, list[Any]]:
    """Return SQL (and its parameters) keeping rowids within the newest ``cap`` of ``ids``.

    Queries restricted this way need no filters (the IDs already passed them): joining the
    article table costs more per row than the FTS5 rows it would save. Candidates from a
    filter's index may be far apart, so then only the listed rows are kept.
    """
    kept = ids[:cap]
    sql, params = " AND search_fts.rowid BETWEEN %s AND %s", [kept[-1], kept[0]]
    if scope.ids is not None:
        sql += " AND +search_fts.rowid IN (SELECT value FROM json_each(%s))"
        params.append(json.dumps(kept))
    return sql, params


def _best_first(rows: list[tuple[int, float]], cap: int, common: tuple[str, ...] = ()) -> Match:
    """Keep the newest ``cap`` of these newest-first (id, score) rows; order them best first."""
    kept = rows[:cap]
    kept.sort(key=itemgetter(1), reverse=True)  # stable: equal scores stay newest first
    return Match(tuple(kept), len(kept), len(rows) > cap, common)


def _pg_stopwords(query: Query) -> set[str]:
    """Return the non-quoted terms the ``english`` configuration reduces to nothing ("the")."""
    loose = [" ".join(t.words) for t in query.terms if not t.exact]
    if not loose:
        return set()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT t FROM unnest(%s::text[]) t WHERE numnode(phraseto_tsquery('english', t)) = 0",
            [loose],
        )
        return {t for (t,) in cur.fetchall()}


def _pg_sql(query: Query, where: str) -> tuple[str, list[Any]]:
    """Stemmed terms test ``vector``; quoted ones (and stopwords) test ``exact``; both rank."""
    stop = _pg_stopwords(query)
    sides: dict[bool, list[Phrase]] = {False: [], True: []}
    for term in query.terms:
        sides[term.exact or " ".join(term.words) in stop].append(term)
    params = [" ".join(t.words) for t in sides[False] + sides[True]]
    tsq = {
        written: " && ".join(
            ("!!" if t.exclude else "") + f"phraseto_tsquery('{config}', %s)" for t in terms
        )
        or "''::tsquery"
        for (written, terms), config in zip(sides.items(), ("english", "simple"), strict=True)
    }
    column = {False: ("d.vector", "q.q"), True: ("d.exact", "q.x")}
    tests = " AND ".join(f"{c} @@ {v}" for w, (c, v) in column.items() if sides[w])
    ranking = [f"ts_rank_cd({c}, {v})" for w, (c, v) in column.items() if _required(sides[w])]
    sql = (
        f"SELECT d.article_id, {' + '.join(ranking)} FROM search_document d "
        f"JOIN {ART} a ON a.id = d.article_id "
        f"CROSS JOIN (SELECT {tsq[False]} AS q, {tsq[True]} AS x) q "
        f"WHERE {tests}{where} ORDER BY d.article_id DESC LIMIT %s"
    )
    return sql, params


def _required(terms: Sequence[Phrase]) -> bool:
    return any(not t.exclude for t in terms)


def rows(
    ids: Sequence[int], query: Query | None = None, marks: tuple[str, str] = ("\x02", "\x03")
) -> dict[int, Row]:
    """Return what result lines show; on SQLite with ``query``, marked snippets, not the text."""
    fts = query is not None and not _empty(query) and connection.vendor == "sqlite"
    fields = ["id", "title", "url", "published_at", "source__name"] + ([] if fts else ["text"])
    found = {r[0]: r for r in Article.objects.filter(id__in=list(ids)).values_list(*fields)}
    if query is None or not fts:
        return {
            i: Row(i, title, text, outlet or "", url, when)
            for i, (_, title, url, when, outlet, text) in found.items()
        }
    marked = snippets(list(found), query, marks)
    return {
        i: Row(i, title, "", outlet or "", url, when, *marked.get(i, (None, None)))
        for i, (_, title, url, when, outlet) in found.items()
    }


def snippets(
    ids: Sequence[int], query: Query, marks: tuple[str, str]
) -> dict[int, tuple[str, str]]:
    """Return (title, body window) per article from FTS5, each match between the two marks."""
    if not ids:
        return {}
    required = [t for t in query.terms if not t.exclude]
    opener, closer = marks
    sql = (
        f"SELECT rowid, highlight(search_fts, 0, %s, %s), "
        f"snippet(search_fts, 1, %s, %s, %s, {SNIPPET_TOKENS}) FROM search_fts "
        f"WHERE search_fts MATCH %s AND rowid IN ({','.join('%s' for _ in ids)})"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [opener, closer, opener, closer, "…", _phrases(required), *ids])
        return {int(i): (title, body) for i, title, body in cur.fetchall()}
