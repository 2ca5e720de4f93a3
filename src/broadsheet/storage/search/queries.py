"""All SQL of search: keep the index in step with articles and find matching article IDs.

SQLite uses FTS5 ranked by bm25 (title weighted above body); PostgreSQL uses a weighted
tsvector ranked by ts_rank_cd. Both use the ``simple`` configuration (no stemming) so results
agree across vendors. Very common terms are handled by ranking only the newest ``cap`` matches
(MEASURED.md: sorting every match of a near-stopword costs ~190 ms on 100k documents).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from broadsheet.storage.models import Article, Source
from broadsheet.storage.search.models import Document

if TYPE_CHECKING:
    from broadsheet.search._query import ParsedQuery

CHUNK = 500
ART = Article._meta.db_table
TITLE_END = "zzbroadsheettitleend"
SRC = Source._meta.db_table


@dataclass(frozen=True)
class Match:
    """Matching article IDs, best first, with the number ranked and whether the cap was hit."""

    ranked: tuple[tuple[int, float], ...]
    total: int
    capped: bool


@dataclass(frozen=True)
class Row:
    """What a result line needs about one article."""

    id: int
    title: str
    text: str
    outlet: str
    url: str
    published_at: datetime | None


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
    if pg:
        sql, head = _pg_sql(query, where)
    else:
        sql, head = ("SELECT search_fts.rowid, bm25(search_fts, 4.0, 1.0) FROM search_fts "
                     f"JOIN {ART} a ON a.id = search_fts.rowid WHERE search_fts MATCH %s{where} "
                     "ORDER BY search_fts.rowid DESC LIMIT %s"), [query.fts5()]
    with connection.cursor() as cur:
        cur.execute(sql, head + params + [cap + 1])
        rows = cur.fetchall()
    capped = len(rows) > cap
    rows = rows[:cap]
    # Higher is better: ts_rank_cd as is; bm25 is negative-is-better, so flip it.
    ranked = sorted(((int(i), float(s) if pg else -float(s)) for i, s in rows),
                    key=lambda r: (-r[1], -r[0]))
    return Match(tuple(ranked), len(ranked), capped)


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


def rows(ids: Sequence[int]) -> dict[int, Row]:
    """Return title, text, outlet, URL and time for the given articles."""
    qs = (Article.objects.filter(id__in=list(ids)).select_related("source")
          .only("id", "title", "text", "url", "published_at", "source__name", "source__domain"))
    return {a.id: Row(a.id, a.title, a.text, a.source.name if a.source else "", a.url,
                      a.published_at) for a in qs}
