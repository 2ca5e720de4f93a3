"""All SQL of search: keep the index in step with articles and find matching article IDs.

SQLite uses FTS5 ranked by bm25 (title weighted above body); PostgreSQL uses a weighted
tsvector ranked by ts_rank_cd. Both use the ``simple`` configuration (no stemming) so results
agree across vendors. Very common terms are handled by ranking only the newest ``cap`` matches
(MEASURED.md: sorting every match of a near-stopword costs ~190 ms on 100k documents).

FTS5's bm25 also reads every match of every term once per query to weigh the terms (about 20 ms
for "the" at 1M articles, whatever the cap). So on SQLite a term found in at least
``STOPWORD_SHARE`` of the newest articles filters but does not weigh in the ranking (bm25 gives
it a weight near zero anyway), and a query made only of terms found in at least
``COMMON_SHARE`` of them is not ranked by bm25: it lists the newest matches, those with the words
in the headline first (for one word, bm25's order is mostly that too). Snippets come from FTS5
too (``snippets``), so the article text is never loaded; on PostgreSQL they are built in Python.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from broadsheet.storage.models import Article, Source
from broadsheet.storage.search.models import Document

if TYPE_CHECKING:
    from broadsheet.search._query import ParsedQuery, Term

CHUNK = 500
ART = Article._meta.db_table
TITLE_END = "zzbroadsheettitleend"
SRC = Source._meta.db_table
BM25 = "-bm25(search_fts, 4.0, 1.0)"  # title weighted 4x; bm25 is lower-is-better, so flipped
PROBE = 100  # how many of a term's newest matches tell how common it is
COMMON_SHARE = 0.1  # a query of only terms this common (share of articles) is not ranked by bm25
STOPWORD_SHARE = 0.3  # terms this common filter but do not weigh in bm25
NEWEST = " ORDER BY search_fts.rowid DESC LIMIT %s"
SNIPPET_TOKENS = 36  # words in a snippet window (about the 220 characters of _snippet.WIDTH)


@dataclass(frozen=True)
class Match:
    """Matching article IDs, best first, with the number ranked and whether the cap was hit.

    ``common`` lists the very common terms that filtered but did not weigh in the ranking.
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


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = sorted({int(i) for i in ids})
    for start in range(0, len(unique), CHUNK):
        yield unique[start:start + CHUNK]


def index_articles(article_ids: Sequence[int]) -> int:
    """Upsert the given articles into the index (idempotent); return how many are indexed."""
    done = 0
    for chunk in _chunks(article_ids):
        with transaction.atomic():
            done += (_index_pg if connection.vendor == "postgresql" else _index_sqlite)(chunk)
    return done


def _index_sqlite(ids: list[int]) -> int:
    marks = ",".join("%s" for _ in ids)
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)
        cur.execute(
            f"INSERT INTO search_fts(rowid, title, body) SELECT id, title, text FROM {ART} "
            f"WHERE id IN ({marks}) AND (title != '' OR text != '')", ids)
        present = cur.rowcount
    existing = list(Article.objects.filter(id__in=ids).values_list("id", flat=True))
    Document.objects.filter(article_id__in=ids).exclude(article_id__in=existing).delete()
    now = timezone.now()
    Document.objects.bulk_create(
        [Document(article_id=i, indexed_at=now) for i in existing],
        update_conflicts=True, unique_fields=["article"], update_fields=["indexed_at"])
    return max(present, 0)


def _index_pg(ids: list[int]) -> int:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO search_document (article_id, indexed_at, vector) "
            # The end token keeps a phrase from spanning the title and the body (as FTS5 columns do).
            "SELECT id, now(), setweight(to_tsvector('simple', coalesce(title, '') || ' "
            f"{TITLE_END}'), 'A') || "
            "setweight(to_tsvector('simple', coalesce(text, '')), 'B') "
            f"FROM {ART} WHERE id = ANY(%s) "
            "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector, "
            "indexed_at = EXCLUDED.indexed_at", [ids])
        return int(cur.rowcount)


def article_ids(after: int = 0, limit: int = CHUNK) -> list[int]:
    """Return article IDs greater than ``after`` in order (for a full reindex in batches)."""
    return list(Article.objects.filter(id__gt=after).order_by("id")
                .values_list("id", flat=True)[:limit])


def indexed_count() -> int:
    """Return how many articles are in the index."""
    return Document.objects.count()


def _filters(source: str, since: datetime | None, until: datetime | None, language: str,
             only_ids: Sequence[int] | None, pg: bool) -> tuple[str, list[Any]]:
    sql, params = "", []
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


def match(query: ParsedQuery, *, source: str = "", since: datetime | None = None,
          until: datetime | None = None, language: str = "",
          only_ids: Sequence[int] | None = None, cap: int = 1000) -> Match:
    """Rank the newest ``cap`` articles matching ``query`` and the filters, best first."""
    if query.empty:
        return Match((), 0, False)
    pg = connection.vendor == "postgresql"
    where, params = _filters(source, since, until, language, only_ids, pg)
    if not pg:
        return _match_fts5(query, (where, params), cap)
    sql, head = _pg_sql(query, where)
    with connection.cursor() as cur:
        cur.execute(sql, head + params + [cap + 1])
        return _best_first(cur.fetchall(), cap)


def _fts5(cols: str, expr: str, filters: tuple[str, list[Any]], tail: str = "",
          more: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run one FTS5 query; the article table is joined only when a filter needs it."""
    where, params = filters
    join = f" JOIN {ART} a ON a.id = search_fts.rowid" if where else ""
    with connection.cursor() as cur:
        cur.execute(f"SELECT {cols} FROM search_fts{join} WHERE search_fts MATCH %s{where}{tail}",
                    [expr, *params, *more])
        rows: list[tuple[Any, ...]] = cur.fetchall()
    return rows


def _share(term: Term) -> float:
    """Estimate the share of the newest articles that contain ``term`` (0 when it is rare)."""
    sql = ("SELECT count(*), min(rowid), (SELECT max(rowid) FROM search_fts) FROM (SELECT rowid "
           "FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s)")
    with connection.cursor() as cur:
        cur.execute(sql, [_phrases((term,)), PROBE])
        found, oldest, newest = cur.fetchone()
    return found / (newest - oldest + 1) if found >= PROBE else 0.0


def _phrases(terms: Sequence[Term]) -> str:
    return " AND ".join('"' + " ".join(t.words) + '"' for t in terms)


def _match_fts5(query: ParsedQuery, filters: tuple[str, list[Any]], cap: int) -> Match:
    """FTS5 ranking: bm25 over the terms that are not very common (see the module docstring)."""
    required = [t for t in query.terms if not t.exclude]
    shares = [_share(t) for t in required]
    if min(shares) >= COMMON_SHARE:
        return _headlines_first(query, filters, cap)
    weighed = [t for t, share in zip(required, shares, strict=True) if share < STOPWORD_SHARE]
    if len(weighed) == len(query.terms):  # the usual case: nothing left out, nothing excluded
        return _best_first(_fts5(f"search_fts.rowid, {BM25}", query.fts5(), filters, NEWEST,
                                 [cap + 1]), cap)
    ids = _newest(query, filters, cap)  # every term filters...
    if not ids:
        return Match((), 0, False)
    scores = dict(_fts5(f"search_fts.rowid, {BM25}", _phrases(weighed), ("", []),
                        *_within(ids, cap)))  # ...but only the weighed ones rank
    unweighed = tuple(" ".join(t.words) for t in required if t not in weighed)
    return _best_first([(i, scores.get(i, 0.0)) for i in ids], cap, unweighed)


def _headlines_first(query: ParsedQuery, filters: tuple[str, list[Any]], cap: int) -> Match:
    """Order the newest matches of common terms: those with every term in the title first."""
    required = [t for t in query.terms if not t.exclude]
    ids = _newest(query, filters, cap)
    if not ids:
        return Match((), 0, False)
    title = "{title} : (" + _phrases(required) + ")"
    titled = {i for i, in _fts5("search_fts.rowid", title, ("", []), *_within(ids, cap))}
    return _best_first([(i, 1.0 if i in titled else 0.0) for i in ids], cap,
                       tuple(" ".join(t.words) for t in required))


def _newest(query: ParsedQuery, filters: tuple[str, list[Any]], cap: int) -> list[int]:
    """Return the IDs of the newest ``cap`` + 1 matches, newest first, unranked (cheap)."""
    return [i for i, in _fts5("search_fts.rowid", query.fts5(), filters, NEWEST, [cap + 1])]


def _within(ids: list[int], cap: int) -> tuple[str, list[int]]:
    """Return SQL (and its parameters) keeping rowids within the newest ``cap`` of ``ids``.

    Queries restricted this way need no filters (the IDs already passed them): joining the
    article table costs more per row than the FTS5 rows it would save.
    """
    return " AND search_fts.rowid BETWEEN %s AND %s", [ids[:cap][-1], ids[0]]


def _best_first(rows: list[tuple[int, float]], cap: int, common: tuple[str, ...] = ()) -> Match:
    """Keep the newest ``cap`` of these newest-first (id, score) rows; order them best first."""
    kept = rows[:cap]
    kept.sort(key=itemgetter(1), reverse=True)  # stable: equal scores stay newest first
    return Match(tuple(kept), len(kept), len(rows) > cap, common)


def _pg_sql(query: ParsedQuery, where: str) -> tuple[str, list[Any]]:
    parts, params = [], []
    for term in query.terms:
        parts.append(("!!" if term.exclude else "") + "phraseto_tsquery('simple', %s)")
        params.append(" ".join(term.words))
    tsq = " && ".join(parts)
    sql = (f"SELECT d.article_id, ts_rank_cd(d.vector, q.q) FROM search_document d "
           f"JOIN {ART} a ON a.id = d.article_id CROSS JOIN (SELECT {tsq} AS q) q "
           f"WHERE d.vector @@ q.q{where} ORDER BY d.article_id DESC LIMIT %s")
    return sql, params


def rows(ids: Sequence[int], query: ParsedQuery | None = None,
         marks: tuple[str, str] = ("\x02", "\x03")) -> dict[int, Row]:
    """Return what result lines show; on SQLite with ``query``, marked snippets, not the text."""
    fts = query is not None and not query.empty and connection.vendor == "sqlite"
    fields = ["id", "title", "url", "published_at", "source__name"] + ([] if fts else ["text"])
    found = {r[0]: r for r in Article.objects.filter(id__in=list(ids)).values_list(*fields)}
    if query is None or not fts:
        return {i: Row(i, title, text, outlet or "", url, when)
                for i, (_, title, url, when, outlet, text) in found.items()}
    marked = snippets(list(found), query, marks)
    return {i: Row(i, title, "", outlet or "", url, when, *marked.get(i, (None, None)))
            for i, (_, title, url, when, outlet) in found.items()}


def snippets(ids: Sequence[int], query: ParsedQuery,
             marks: tuple[str, str]) -> dict[int, tuple[str, str]]:
    """Return (title, body window) per article from FTS5, each match between the two marks."""
    if not ids:
        return {}
    required = [t for t in query.terms if not t.exclude]
    opener, closer = marks
    sql = (f"SELECT rowid, highlight(search_fts, 0, %s, %s), "
           f"snippet(search_fts, 1, %s, %s, %s, {SNIPPET_TOKENS}) FROM search_fts "
           f"WHERE search_fts MATCH %s AND rowid IN ({','.join('%s' for _ in ids)})")
    with connection.cursor() as cur:
        cur.execute(sql, [opener, closer, opener, closer, "…", _phrases(required), *ids])
        return {int(i): (title, body) for i, title, body in cur.fetchall()}
