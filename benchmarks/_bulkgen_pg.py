"""Fill a fresh Broadsheet PostgreSQL database fast, with the rows ``_bulkgen`` gives SQLite.

The same generators, seed and order of random draws (so the same outlets, feeds, articles,
stories, related links, mentions and hashtags); the rows go in with COPY (psycopg 3
``cursor.copy``) while the filled tables' secondary indexes and their unique and foreign-key
constraints are dropped. The search index, the ``vector`` (english) and ``exact`` (simple)
tsvector columns of ``search_document``, is filled with one ``INSERT … SELECT`` of the
expression ``storage.search.queries`` indexes an article with. Then the indexes and
constraints are built again, the identity sequences moved past the ids given, and the tables
vacuumed and analysed, as autovacuum leaves a live install (an index-only scan needs the
visibility map).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from _bulkgen import (
    ARTICLE_COLUMNS,
    ENTITY_COLUMNS,
    FEED_COLUMNS,
    LINK_COLUMNS,
    MEMBER_COLUMNS,
    MENTION_COLUMNS,
    SOURCE_COLUMNS,
    SPAN_DAYS,
    STORY_COLUMNS,
    TAG_COLUMNS,
    _articles,
    _ts,
    corpus,
    feed_list,
    feed_rows,
    intel_rows,
    source_rows,
    story_rows,
)

TABLES = (
    "storage_source",
    "storage_feed",
    "storage_article",
    "stories_story",
    "stories_membership",
    "stories_relatedlink",
    "intel_entity",
    "intel_articleentity",
    "intel_articletag",
    "search_document",
)


def _drop_indexes(cur: Any) -> list[str]:
    """Drop the secondary indexes and the unique and foreign-key constraints of ``TABLES``;
    return the statements that build them again (unique constraints and indexes, then keys)."""
    cur.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('u', 'f')",
        [list(TABLES)],
    )
    constraints = cur.fetchall()
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        " AND tablename = ANY(%s) AND indexname NOT IN"
        " (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
        [list(TABLES)],
    )
    indexes = cur.fetchall()
    for table, name, _, _ in constraints:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    add = [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, kind, d in constraints]
    unique = [sql for sql, (_, _, kind, _) in zip(add, constraints, strict=True) if kind == "u"]
    keys = [sql for sql, (_, _, kind, _) in zip(add, constraints, strict=True) if kind == "f"]
    return unique + [sql for _, sql in indexes] + keys


def _copy(cur: Any, table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> int:
    """COPY ``rows`` into ``table``; return how many went in."""
    done = 0
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            done += 1
    return done


def _reset_sequences(cur: Any) -> None:
    """Move each filled table's identity sequence past the ids the rows were given."""
    cur.execute(
        "SELECT table_name, pg_get_serial_sequence(table_name, column_name)"
        " FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = ANY(%s) AND column_name = 'id' AND is_identity = 'YES'",
        [list(TABLES)],
    )
    for table, seq in cur.fetchall():
        cur.execute(
            f"SELECT setval(%s, coalesce((SELECT max(id) FROM {table}), 0) + 1, false)", [seq]
        )


def _admin(url: str) -> tuple[Any, str]:
    """A connection to the server's ``postgres`` database (to create or drop ``url``'s), and the
    name of ``url``'s database."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = str(conninfo_to_dict(url)["dbname"])
    return psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True), name


def create_database(url: str) -> bool:
    """Create the database ``url`` names unless it exists; return True when it was created."""
    admin, name = _admin(url)
    with admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        admin.execute(f'CREATE DATABASE "{name}"')
    return True


def drop_database(url: str) -> None:
    """Drop the database ``url`` names (made by :func:`create_database` for one run)."""
    admin, name = _admin(url)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def generate(
    conn: Any, n: int, n_feeds: int = 2000, seed: int = 7, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Fill the migrated PostgreSQL database behind Django connection ``conn`` with the rows
    ``_bulkgen.generate`` gives SQLite; return counts and timings."""
    from broadsheet.storage.search.queries import _pg_vector  # the live index's expression

    rng = random.Random(seed)
    conn.ensure_connection()
    db = conn.connection  # psycopg 3, in autocommit (Django's default): one transaction below
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    titles, paras, mid, common = corpus()
    n_sources = max(1, n_feeds // 5)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=SPAN_DAYS)
    far = _ts(datetime.now(UTC) + timedelta(days=30))  # the scheduler idles during the load
    feeds = feed_list(n_feeds, n_sources)
    with db.cursor() as cur:
        for setting in (
            "TIME ZONE 'UTC'",
            "synchronous_commit = off",
            "maintenance_work_mem = '1GB'",
        ):
            cur.execute(f"SET {setting}")
    with db.transaction(), db.cursor() as cur:
        cur.execute("SELECT count(*) FROM storage_article")
        if cur.fetchone()[0]:
            raise SystemExit("the database already holds articles: give an empty one")
        rebuild = _drop_indexes(cur)
        _copy(cur, "storage_source", SOURCE_COLUMNS, source_rows(n_sources))
        _copy(cur, "storage_feed", FEED_COLUMNS, feed_rows(feeds, start, far))
        info: dict[int, tuple[str, Any, str]] = {}  # what the stories need, as SQLite reads it

        def noted(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
            for row in rows:
                info[row[0]] = (row[6], row[11], f"Outlet {row[31]}")
                if row[0] % 200_000 == 0:
                    log(f"  articles {row[0]:,} ({time.perf_counter() - t0:.0f} s)")
                yield row

        _copy(
            cur,
            "storage_article",
            ARTICLE_COLUMNS,
            noted(_articles(n, feeds, titles, paras, rng, start)),
        )
        timings["articles_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        stories, members, links = story_rows(n, info, rng)
        info.clear()
        _copy(cur, "stories_story", STORY_COLUMNS, stories)
        _copy(cur, "stories_membership", MEMBER_COLUMNS, members)
        _copy(cur, "stories_relatedlink", LINK_COLUMNS, links)
        n_stories = stories[-1][0] if stories else 0
        del stories, members, links
        timings["stories_s"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        entities, mentions, tags = intel_rows(n, rng)
        _copy(cur, "intel_entity", ENTITY_COLUMNS, entities)
        _copy(cur, "intel_articleentity", MENTION_COLUMNS, mentions)
        _copy(cur, "intel_articletag", TAG_COLUMNS, tags)
        del entities, mentions, tags
        timings["intel_s"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        log(f"  search index: tsvectors of {n:,} articles ({time.perf_counter() - t0:.0f} s)")
        cur.execute(
            "INSERT INTO search_document (article_id, indexed_at, vector, exact)"
            f" SELECT id, updated_at, {_pg_vector('english')}, {_pg_vector('simple')}"
            " FROM storage_article"
        )
        timings["search_insert_s"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        log(f"  {len(rebuild)} indexes and constraints ({time.perf_counter() - t0:.0f} s)")
        for sql in rebuild:
            cur.execute(sql)
        _reset_sequences(cur)
        timings["indexes_s"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    with db.cursor() as cur:
        for table in TABLES:
            cur.execute(f"VACUUM (ANALYZE) {table}")
    timings["vacuum_s"] = time.perf_counter() - t1
    timings["total_s"] = time.perf_counter() - t0
    return {
        "articles": n,
        "feeds": n_feeds,
        "sources": n_sources,
        "stories": n_stories,
        "mid_words": mid,
        "common_words": common,
        "timings": timings,
    }
