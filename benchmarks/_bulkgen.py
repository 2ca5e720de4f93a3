"""Fill a fresh Broadsheet SQLite database fast: outlets, feeds, articles, stories, intel, search.

Article text is sampled from the real fixture corpora (paragraphs of BASIL, ECB+ and AllSides
articles, read at run time); rows go in with raw SQL through Django's connection in large
transactions, then the FTS5 index is filled with one INSERT ... SELECT and optimized.
Article IDs grow with ``published_at`` (as in a live install); stories are runs of consecutive
articles (1-19, mean ~10), so each story spans a few hours and several outlets.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from _stories_data import CORPORA, load

BATCH = 50_000
SPAN_DAYS = 365
TAGS = (
    "Politics",
    "Economy",
    "Climate",
    "Health",
    "Tech",
    "Sport",
    "Courts",
    "Elections",
    "Ukraine",
    "Energy",
    "Science",
    "Culture",
    "Education",
    "Crime",
    "Trade",
    "Housing",
)
_WORD = re.compile(r"[a-z]{3,}")


def _ts(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


def corpus() -> tuple[list[str], list[str], list[str], list[str]]:
    """Return (titles, paragraphs, mid-frequency words, common words) from the fixture text."""
    records = [r for c in CORPORA for r in load(c)]
    titles = [r["title"].strip() for r in records if r["title"].strip()]
    paras = [p.strip() for r in records for p in r["text"].split("\n\n") if len(p.strip()) > 60]
    df: Counter[str] = Counter()
    for p in paras:
        df.update(set(_WORD.findall(p.lower())))
    ranked = [w for w, _ in df.most_common()]
    n = len(paras)
    mid = [w for w in ranked if 0.002 * n <= df[w] <= 0.01 * n and len(w) > 5][::7][:20]
    common = ranked[:5]  # the, and, that… : the near-stopwords MEASURED.md warns about
    return titles, paras, mid, common


def _articles(
    n: int,
    feeds: list[tuple[int, int, str]],
    titles: list[str],
    paras: list[str],
    rng: random.Random,
    start: datetime,
) -> Iterator[tuple[Any, ...]]:
    step = SPAN_DAYS * 86400 / n
    for i in range(1, n + 1):
        feed_id, source_id, domain = feeds[rng.randrange(len(feeds))]
        text = "\n\n".join(rng.sample(paras, rng.randint(3, 7)))
        html = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        title = rng.choice(titles)
        when = _ts(start + timedelta(seconds=i * step))
        url = f"https://{domain}/news/{i}"
        key = hashlib.sha256(url.encode()).hexdigest()
        yield (
            i,
            f"feed:{feed_id}",
            key,
            url,
            "guid",
            url,
            title,
            "[]",
            "[]",
            "",
            "en",
            when,
            "",
            "",
            when,
            when,
            key,
            "",
            "",
            text,
            html,
            len(text.split()),
            "page",
            "",
            "[]",
            "done",
            "",
            when,
            None,
            "{}",
            feed_id,
            source_id,
        )


def _stories(n: int, rng: random.Random) -> Iterator[tuple[int, int, int]]:
    """Yield (story_id, first_article_id, last_article_id) runs covering 1..n."""
    sid, first = 0, 1
    while first <= n:
        sid += 1
        size = min(n - first + 1, 1 if rng.random() < 0.3 else rng.randint(2, 19))
        yield sid, first, first + size - 1
        first += size


def generate(
    conn: Any, n: int, n_feeds: int = 2000, seed: int = 7, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Fill the migrated database behind Django connection ``conn``; return counts and timings."""
    rng = random.Random(seed)
    conn.ensure_connection()
    db = conn.connection  # the raw sqlite3 connection: executemany with ? placeholders
    db.isolation_level = None
    for pragma in (
        "journal_mode=DELETE",
        "synchronous=OFF",
        "cache_size=-1000000",
        "temp_store=MEMORY",
        "foreign_keys=OFF",
    ):
        db.execute(f"PRAGMA {pragma}")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    titles, paras, mid, common = corpus()
    n_sources = max(1, n_feeds // 5)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=SPAN_DAYS)
    far = _ts(datetime.now(UTC) + timedelta(days=30))  # the scheduler idles during the load
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO storage_source(id, domain, name, site_url) VALUES (?,?,?,?)",
        [
            (s, f"outlet{s}.example", f"Outlet {s}", f"https://outlet{s}.example/")
            for s in range(1, n_sources + 1)
        ],
    )
    feeds = [
        (f, (f - 1) % n_sources + 1, f"outlet{(f - 1) % n_sources + 1}.example")
        for f in range(1, n_feeds + 1)
    ]
    db.executemany(
        "INSERT INTO storage_feed(id, url, title, site_url, description, language, image, format,"
        " created_at, etag, last_modified, body_hash, active, disabled_reason, interval_minutes,"
        " next_fetch_at, consecutive_failures, health, health_message, damage, source_id) VALUES"
        " (?,?,?,?,'','en','','rss',?,'','','',1,'',60,?,0,'ok','Fine.','',?)",
        [
            (
                f,
                f"http://127.0.0.1:9/feeds/{f}.xml",
                f"Feed {f}",
                f"https://{d}/",
                _ts(start),
                far,
                s,
            )
            for f, s, d in feeds
        ],
    )
    db.execute("COMMIT")
    rows = _articles(n, feeds, titles, paras, rng, start)
    sql = (
        "INSERT INTO storage_article(id, origin, key_hash, item_key, key_kind, url, title,"
        " authors, categories, image, language, published_at, published_raw, updated_raw,"
        " discovered_at, updated_at, item_hash, feed_summary_html, feed_content_html, text,"
        " html, word_count, content_source, content_reason, embeds, extraction_status,"
        " extraction_error, extracted_at, raw_html, extra, feed_id, source_id) VALUES ("
        + ",".join("?" * 32)
        + ")"
    )
    done = 0
    while done < n:
        chunk = [next(rows) for _ in range(min(BATCH, n - done))]
        db.execute("BEGIN")
        db.executemany(sql, chunk)
        db.execute("COMMIT")
        done += len(chunk)
        if done % 200_000 == 0 or done == n:
            log(f"  articles {done:,} ({time.perf_counter() - t0:.0f} s)")
    timings["articles_s"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    n_stories = _fill_stories(db, n, rng)
    timings["stories_s"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    _fill_intel(db, n, rng)
    timings["intel_s"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO search_fts(rowid, title, body) SELECT id, title, text FROM storage_article"
    )
    db.execute(
        "INSERT INTO search_document(article_id, indexed_at) SELECT id, updated_at"
        " FROM storage_article"
    )
    db.execute("COMMIT")
    timings["fts_insert_s"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    db.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    timings["fts_optimize_s"] = time.perf_counter() - t1
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
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


def _fill_stories(db: Any, n: int, rng: random.Random) -> int:
    """Stories, memberships and 3 related links per article; return the number of stories."""
    info = {
        i: (t, p, s)
        for i, t, p, s in db.execute(
            "SELECT a.id, a.title, a.published_at, s.name FROM storage_article a"
            " JOIN storage_source s ON s.id = a.source_id"
        )
    }
    db.execute("BEGIN")
    stories, members, links, last = [], [], [], 0
    for sid, first, end in _stories(n, rng):
        outlets = list(dict.fromkeys(info[i][2] for i in range(first, end + 1)))
        stories.append(
            (
                sid,
                info[end][1],
                info[end][1],
                info[first][0],
                json.dumps(outlets),
                len(outlets),
                end - first + 1,
                info[first][1],
                info[end][1],
                first,
            )
        )
        members += [(i, sid, 0.8, "engine", "{}", "{}", info[i][1]) for i in range(first, end + 1)]
        last = sid
    db.executemany(
        "INSERT INTO stories_story(id, created_at, updated_at, headline, outlets,"
        " n_outlets, size, first_published, last_published, headline_article_id)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        stories,
    )
    db.executemany(
        "INSERT INTO stories_membership(article_id, story_id, score, method,"
        " explanation, features, published_at) VALUES (?,?,?,?,?,?,?)",
        members,
    )
    for i in range(1, n + 1):
        others = {max(1, i - rng.randint(20, 5000)) for _ in range(3)} - {i}
        links += [(i, o, round(rng.uniform(0.3, 0.9), 3), "shares people: Outlet") for o in others]
    db.executemany(
        "INSERT INTO stories_relatedlink(article_id, other_id, score, reason) VALUES (?,?,?,?)",
        links,
    )
    db.execute("COMMIT")
    return last


def _fill_intel(db: Any, n: int, rng: random.Random) -> None:
    """2,000 entities, 2 mentions and 2 automatic hashtags per article."""
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO intel_entity(id, name, kind, display) VALUES (?,?,?,?)",
        [(e, f"Person {e}", "person", f"Person {e}") for e in range(1, 2001)],
    )
    mentions, tags = [], []
    for i in range(1, n + 1):
        for e in {int(rng.paretovariate(1.0)) % 2000 + 1, rng.randint(1, 2000)}:
            mentions.append((i, e, rng.randint(1, 4), f"Person {e}"))
        for pos, tag in enumerate(dict.fromkeys(rng.choices(TAGS, k=2))):
            tags.append((i, tag, "auto", pos))
    db.executemany(
        "INSERT INTO intel_articleentity(article_id, entity_id, count, display) VALUES (?,?,?,?)",
        mentions,
    )
    db.executemany(
        "INSERT INTO intel_articletag(article_id, tag, source, position) VALUES (?,?,?,?)", tags
    )
    db.execute("COMMIT")
