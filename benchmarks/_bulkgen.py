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
# the columns each generator's rows fill, in order (shared by the SQLite and PostgreSQL fillers)
SOURCE_COLUMNS = "id, domain, name, site_url"
FEED_COLUMNS = (
    "id, url, title, site_url, description, language, image, format, created_at, etag,"
    " last_modified, body_hash, active, disabled_reason, interval_minutes, next_fetch_at,"
    " consecutive_failures, health, health_message, damage, source_id"
)
ARTICLE_COLUMNS = (
    "id, origin, key_hash, item_key, key_kind, url, title, authors, categories, image, language,"
    " published_at, published_raw, updated_raw, discovered_at, updated_at, item_hash,"
    " feed_summary_html, feed_content_html, text, html, word_count, content_source,"
    " content_reason, embeds, extraction_status, extraction_error, extracted_at, raw_html,"
    " extra, feed_id, source_id"
)
STORY_COLUMNS = (
    "id, created_at, updated_at, headline, outlets, n_outlets, size, first_published,"
    " last_published, headline_article_id"
)
MEMBER_COLUMNS = "article_id, story_id, score, method, explanation, features, published_at"
LINK_COLUMNS = "article_id, other_id, score, reason"
ENTITY_COLUMNS = "id, name, kind, display"
MENTION_COLUMNS = "article_id, entity_id, count, display"
TAG_COLUMNS = "article_id, tag, source, position"


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


def source_rows(n_sources: int) -> list[tuple[Any, ...]]:
    """The outlets: ``outlet<i>.example``."""
    return [
        (s, f"outlet{s}.example", f"Outlet {s}", f"https://outlet{s}.example/")
        for s in range(1, n_sources + 1)
    ]


def feed_list(n_feeds: int, n_sources: int) -> list[tuple[int, int, str]]:
    """(feed id, outlet id, outlet domain) of each feed: the feeds go round the outlets."""
    return [
        (f, (f - 1) % n_sources + 1, f"outlet{(f - 1) % n_sources + 1}.example")
        for f in range(1, n_feeds + 1)
    ]


def feed_rows(
    feeds: list[tuple[int, int, str]], start: datetime, far: str
) -> list[tuple[Any, ...]]:
    """The feeds' rows: healthy, not due before ``far`` (the scheduler idles during the load)."""
    return [
        (
            f,
            f"http://127.0.0.1:9/feeds/{f}.xml",
            f"Feed {f}",
            f"https://{d}/",
            "",
            "en",
            "",
            "rss",
            _ts(start),
            "",
            "",
            "",
            1,
            "",
            60,
            far,
            0,
            "ok",
            "Fine.",
            "",
            s,
        )
        for f, s, d in feeds
    ]


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
    feeds = feed_list(n_feeds, n_sources)
    db.execute("BEGIN")
    db.executemany(
        f"INSERT INTO storage_source({SOURCE_COLUMNS}) VALUES (?,?,?,?)", source_rows(n_sources)
    )
    db.executemany(
        f"INSERT INTO storage_feed({FEED_COLUMNS}) VALUES ({','.join('?' * 21)})",
        feed_rows(feeds, start, far),
    )
    db.execute("COMMIT")
    rows = _articles(n, feeds, titles, paras, rng, start)
    sql = f"INSERT INTO storage_article({ARTICLE_COLUMNS}) VALUES (" + ",".join("?" * 32) + ")"
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


def story_rows(
    n: int, info: dict[int, tuple[str, Any, str]], rng: random.Random
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(stories, memberships, related links) over articles 1..n, from ``info``: for each article
    id its (title, published_at, outlet name)."""
    stories, members, links = [], [], []
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
    for i in range(1, n + 1):
        others = {max(1, i - rng.randint(20, 5000)) for _ in range(3)} - {i}
        links += [(i, o, round(rng.uniform(0.3, 0.9), 3), "shares people: Outlet") for o in others]
    return stories, members, links


def _fill_stories(db: Any, n: int, rng: random.Random) -> int:
    """Stories, memberships and 3 related links per article; return the number of stories."""
    info = {
        i: (t, p, s)
        for i, t, p, s in db.execute(
            "SELECT a.id, a.title, a.published_at, s.name FROM storage_article a"
            " JOIN storage_source s ON s.id = a.source_id"
        )
    }
    stories, members, links = story_rows(n, info, rng)
    db.execute("BEGIN")
    db.executemany(
        f"INSERT INTO stories_story({STORY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", stories
    )
    db.executemany(
        f"INSERT INTO stories_membership({MEMBER_COLUMNS}) VALUES (?,?,?,?,?,?,?)", members
    )
    db.executemany(
        f"INSERT INTO stories_relatedlink({LINK_COLUMNS}) VALUES (?,?,?,?)",
        links,
    )
    db.execute("COMMIT")
    return stories[-1][0] if stories else 0


def intel_rows(
    n: int, rng: random.Random
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(entities, mentions, tags): 2,000 people, 2 mentions and 2 automatic hashtags per article."""
    entities = [(e, f"Person {e}", "person", f"Person {e}") for e in range(1, 2001)]
    mentions, tags = [], []
    for i in range(1, n + 1):
        for e in {int(rng.paretovariate(1.0)) % 2000 + 1, rng.randint(1, 2000)}:
            mentions.append((i, e, rng.randint(1, 4), f"Person {e}"))
        for pos, tag in enumerate(dict.fromkeys(rng.choices(TAGS, k=2))):
            tags.append((i, tag, "auto", pos))
    return entities, mentions, tags


def _fill_intel(db: Any, n: int, rng: random.Random) -> None:
    """2,000 entities, 2 mentions and 2 automatic hashtags per article."""
    entities, mentions, tags = intel_rows(n, rng)
    db.execute("BEGIN")
    db.executemany(f"INSERT INTO intel_entity({ENTITY_COLUMNS}) VALUES (?,?,?,?)", entities)
    db.executemany(
        f"INSERT INTO intel_articleentity({MENTION_COLUMNS}) VALUES (?,?,?,?)",
        mentions,
    )
    db.executemany(f"INSERT INTO intel_articletag({TAG_COLUMNS}) VALUES (?,?,?,?)", tags)
    db.execute("COMMIT")


FOLDERS = (
    "News",
    "Politics",
    "Economy",
    "Climate",
    "Tech",
    "Science",
    "Sport",
    "Culture",
    "Local",
    "World",
    "Longreads",
    "Opinion",
    "Business",
    "Health",
)
PASSWORD = "web-load-reader"  # every generated reader's password (one hash, made once)
SIGNED_IN = 10  # readers the load signs in, spread from the lightest to the heaviest


def _columns(conn: Any, model: str, given: str) -> tuple[str, str, tuple[Any, ...]]:
    """(columns, placeholders, values) for a raw insert into ``model`` ("app.Model").

    ``given`` names the columns the caller fills; any other NOT NULL column (one added after
    this generator was written) gets its field's default, so the raw inserts keep working.
    """
    from django.apps import apps

    cols = [c.strip() for c in given.split(",")]
    extra, values = [], []
    for field in apps.get_model(model)._meta.concrete_fields:
        if field.column in cols or field.primary_key or field.null:
            continue
        if not field.has_default():
            raise SystemExit(f"{model}.{field.name} has no default: fill it in _bulkgen.py")
        extra.append(field.column)
        values.append(field.get_db_prep_save(field.get_default(), conn))
    return ", ".join(cols + extra), ",".join("?" * (len(cols) + len(extra))), tuple(values)


def _insert(db: Any, conn: Any, table: str, model: str, given: str, rows: list[Any]) -> None:
    cols, marks, extra = _columns(conn, model, given)
    db.executemany(f"INSERT INTO {table}({cols}) VALUES ({marks})", [(*r, *extra) for r in rows])


def _follow_counts(n_readers: int, n_feeds: int, rng: random.Random) -> list[int]:
    """How many feeds each reader follows: most 30-300, some 300-600, 5% most of the instance."""
    out = []
    for r in range(n_readers):
        share = r / n_readers
        if share < 0.05:
            k = rng.randint(int(n_feeds * 0.75), n_feeds)
        elif share < 0.20:
            k = rng.randint(300, 600)
        else:
            k = int(30 * 10 ** rng.random())  # log-uniform 30-300
        out.append(min(k, n_feeds))
    rng.shuffle(out)
    return out


def _weighted_sample(weights: list[float], k: int, rng: random.Random) -> list[int]:
    """``k`` distinct indexes drawn with probability proportional to ``weights``."""
    keys = sorted(range(len(weights)), key=lambda i: -(rng.random() ** (1 / weights[i])))
    return keys[:k]


def generate_readers(
    conn: Any,
    info: dict[str, Any],
    n_readers: int = 200,
    seed: int = 13,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Add readers with personal state to a generated database; return what the load needs.

    Each reader follows 30-600 feeds (5% of readers follow most of the instance) chosen with a
    popularity skew, by hiding the instance's other feeds (a feed without ``Subscription`` rows
    is everyone's), in 3-12 folders (``FeedLabel``); 1% of the feeds are private, followed by
    1-3 readers each (``Subscription`` rows). Each reader has read 60-95% of their feeds'
    articles (a third as much of the last 3 days: the unread pile is at the top), saved about
    1% of them, muted 0-3 outlets, and has 0-5 filter rules (keywords; one regex) and 1-3
    alerts with their matches of the last 30 days.
    """
    from django.contrib.auth.hashers import make_password

    rng = random.Random(seed)
    conn.ensure_connection()
    db = conn.connection
    db.isolation_level = None
    for pragma in ("synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
        db.execute(f"PRAGMA {pragma}")
    t0 = time.perf_counter()
    n_feeds, n_sources = info["feeds"], info["sources"]
    now = datetime.now(UTC).replace(microsecond=0)
    stamp = _ts(now)
    first_user = (db.execute("SELECT max(id) FROM auth_user").fetchone()[0] or 0) + 1
    users = list(range(first_user, first_user + n_readers))
    counts = dict(zip(users, _follow_counts(n_readers, n_feeds, rng), strict=True))
    weights = [1 / (rank + 1) ** 0.8 for rank in range(n_feeds)]
    rng.shuffle(weights)  # feed ids are not popularity ranks
    n_private = max(1, n_feeds // 100)
    private = list(range(n_feeds - n_private + 1, n_feeds + 1))
    shared = list(range(1, n_feeds - n_private + 1))
    subs = {f: rng.sample(users, rng.randint(1, 3)) for f in private}
    password = make_password(PASSWORD)
    db.execute("BEGIN")
    _insert(
        db,
        conn,
        "auth_user",
        "auth.User",
        "id, password, last_login, is_superuser, username, first_name, last_name, email,"
        " is_staff, is_active, date_joined",
        [
            (u, password, stamp, 0, f"reader{u}", "", "", f"reader{u}@example.org", 0, 1, stamp)
            for u in users
        ],
    )
    db.execute("CREATE TEMP TABLE bench_follow(user_id INTEGER, feed_id INTEGER)")
    hidden, labels, follows, mutes, readers = [], [], [], [], {}
    for u in users:
        own = [f for f, who in subs.items() if u in who]
        picked = {shared[i] for i in _weighted_sample(weights[: len(shared)], counts[u], rng)}
        followed = sorted(picked | set(own))
        hidden += [(u, f) for f in shared if f not in picked]
        folders = rng.sample(FOLDERS, min(len(FOLDERS), rng.randint(3, 12)))
        for f in followed:
            folder = "" if rng.random() < 0.1 else rng.choice(folders)
            labels.append((u, f, "", folder))
        follows += [(u, f) for f in followed]
        mutes += [
            (u, s, stamp) for s in rng.sample(range(1, n_sources + 1), rng.choice((0, 0, 1, 3)))
        ]
        readers[u] = {"id": u, "username": f"reader{u}", "feeds": len(followed), "folders": folders}
    _insert(db, conn, "reader_hiddenfeed", "reader.HiddenFeed", "user_id, feed_id", hidden)
    _insert(
        db, conn, "reader_feedlabel", "reader.FeedLabel", "user_id, feed_id, title, folder", labels
    )
    _insert(
        db,
        conn,
        "reader_subscription",
        "reader.Subscription",
        "user_id, feed_id, created_at",
        [(u, f, stamp) for f, who in subs.items() for u in who],
    )
    _insert(
        db,
        conn,
        "reader_mutedsource",
        "reader.MutedSource",
        "user_id, source_id, created_at",
        mutes,
    )
    db.executemany("INSERT INTO bench_follow(user_id, feed_id) VALUES (?,?)", follows)
    db.execute("CREATE INDEX temp.bench_follow_user ON bench_follow(user_id, feed_id)")
    db.execute("COMMIT")
    t1 = time.perf_counter()
    recent = _ts(now - timedelta(days=3))
    states = 0
    cols, _, extra = _columns(
        conn, "reader.ArticleState", "user_id, article_id, read, saved, read_at, saved_at"
    )
    more = "".join(f", ?{5 + i}" for i in range(len(extra)))
    indexes = db.execute(  # built once after the inserts: much faster than kept up row by row
        "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
        " AND tbl_name = 'reader_articlestate' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    for k, u in enumerate(users, 1):
        p = rng.randint(600, 950)  # per mille of the reader's articles read
        db.execute("BEGIN")
        cur = db.execute(
            f"INSERT INTO reader_articlestate({cols})"
            f" SELECT ?1, id, 1, s, r, CASE WHEN s THEN r END{more} FROM ("
            "  SELECT id, published_at, min(datetime(published_at, '+3 hours'), ?4) AS r,"
            "   ((id * 2654435761 + ?1 * 40503) % 1000003) % 1000 AS h,"
            "   ((id * 31 + ?1 * 17) % 97 = 0) AS s"
            "  FROM storage_article"
            "  WHERE feed_id IN (SELECT feed_id FROM temp.bench_follow WHERE user_id = ?1))"
            " WHERE h < CASE WHEN published_at < ?2 THEN ?3 ELSE ?3 / 3 END ORDER BY id",
            (u, recent, p, stamp, *extra),
        )
        db.execute("COMMIT")
        states += cur.rowcount
        readers[u]["read_per_mille"] = p
        if k % 50 == 0 or k == len(users):
            log(f"  reader states: {k} readers, {states:,} rows ({time.perf_counter() - t0:.0f} s)")
    for _, sql in indexes:
        db.execute(sql)
    t2 = time.perf_counter()
    rules, alerts, matches = _reader_rules(db, conn, users, info, rng, stamp)
    ranked = sorted(users, key=lambda u: readers[u]["feeds"])
    picks = sorted(
        {ranked[round(i * (len(ranked) - 1) / (SIGNED_IN - 1))] for i in range(SIGNED_IN)}
    )
    signed = []
    for u in picks:
        feeds = [
            f
            for (f,) in db.execute("SELECT feed_id FROM temp.bench_follow WHERE user_id = ?", (u,))
        ]
        arts = [
            a
            for (a,) in db.execute(
                "SELECT id FROM storage_article WHERE feed_id IN"
                " (SELECT feed_id FROM temp.bench_follow WHERE user_id = ?)"
                " AND (id * 40503 + ?) % 97 < 3 LIMIT 2000",
                (u, u),
            )
        ]
        used = [
            f
            for (f,) in db.execute(
                "SELECT DISTINCT folder FROM reader_feedlabel WHERE user_id = ? AND folder != ''",
                (u,),
            )
        ]
        signed.append(
            readers[u]
            | {
                "folders": sorted(used),
                "feed_sample": rng.sample(feeds, min(50, len(feeds))),
                "article_sample": rng.sample(arts, min(300, len(arts))),
            }
        )
    db.execute("DROP TABLE temp.bench_follow")
    for table in (
        "auth_user",
        "reader_articlestate",
        "reader_hiddenfeed",
        "reader_feedlabel",
        "reader_subscription",
        "reader_mutedsource",
        "community_readerrule",
        "community_alert",
        "community_alertmatch",
    ):
        db.execute(f"ANALYZE {table}")
    sizes = sorted(r["feeds"] for r in readers.values())
    return {
        "readers": n_readers,
        "password": PASSWORD,
        "states": states,
        "hidden_feeds": len(hidden),
        "private_feeds": n_private,
        "rules": rules,
        "alerts": alerts,
        "alert_matches": matches,
        "feeds_followed": {"min": sizes[0], "median": sizes[len(sizes) // 2], "max": sizes[-1]},
        "signed_in": signed,
        "timings": {
            "readers_s": t1 - t0,
            "states_s": t2 - t1,
            "rules_alerts_s": time.perf_counter() - t2,
        },
    }


def _reader_rules(
    db: Any, conn: Any, users: list[int], info: dict[str, Any], rng: random.Random, stamp: str
) -> tuple[int, int, int]:
    """0-5 filter rules (keywords, one regex) and 1-3 alerts with their last 30 days' matches."""
    words, n = info["mid_words"], info["articles"]
    cutoff = n - n * 30 // SPAN_DAYS
    rules, alerts, matches = [], 0, 0
    alert_cols, alert_marks, alert_extra = _columns(
        conn, "community.Alert", "user_id, name, rule, created_at, checked_at, delivery, webhook"
    )
    match_cols, match_marks, match_extra = _columns(
        conn, "community.AlertMatch", "alert_id, article_id, matched_at, mailed_at, posted_at"
    )
    # the last 30 days read once, matched here: a subquery per alert would read every mention
    published, source = {}, {}
    for a, when, src in db.execute(
        "SELECT id, published_at, source_id FROM storage_article WHERE id > ?", (cutoff,)
    ):
        published[a], source[a] = when, src
    by_entity: dict[int, list[int]] = {}
    for a, e in db.execute(
        "SELECT article_id, entity_id FROM intel_articleentity WHERE article_id > ?", (cutoff,)
    ):
        by_entity.setdefault(e, []).append(a)
    by_tag: dict[str, list[int]] = {}
    for a, tag in db.execute(
        "SELECT article_id, tag FROM intel_articletag WHERE article_id > ?", (cutoff,)
    ):
        by_tag.setdefault(tag, []).append(a)
    db.execute("BEGIN")
    for u in users:
        for k in range(rng.choice((0, 0, 1, 2, 3, 4, 5))):
            if k == 1:
                a, b = rng.sample(words, 2)
                rules.append(
                    (u, "block", "regex", rng.choice(("title", "any")), rf"\b({a}|{b})s?\b")
                )
            else:
                field = rng.choice(("title", "title", "text", "any", "outlet"))
                pattern = (
                    f"Outlet {rng.randint(1, info['sources'])}"
                    if field == "outlet"
                    else ", ".join(rng.sample(words, rng.randint(1, 2)))
                )
                rules.append((u, "block", "keyword", field, pattern))
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(("entity", "entity", "hashtag", "keyword"))
            if kind == "entity":
                e = int(rng.paretovariate(1.0)) % 2000 + 1
                rule, found = f"entity = Person {e}", by_entity.get(e, [])
            elif kind == "hashtag":
                tag, s = rng.choice(TAGS), rng.randint(1, info["sources"])
                rule = f"hashtag = {tag} and not source = Outlet {s}"
                found = [a for a in by_tag.get(tag, []) if source[a] != s]
            else:
                rule = rng.choice(words)
                found = [
                    a
                    for (a,) in db.execute(
                        "SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid > ?",
                        (rule, cutoff),
                    )
                ]
            cur = db.execute(
                f"INSERT INTO community_alert({alert_cols}) VALUES ({alert_marks})",
                (u, rule, rule, stamp, stamp, "none", "", *alert_extra),
            )
            alerts += 1
            rows = [
                (cur.lastrowid, a, published[a], published[a], published[a])
                for a in sorted(set(found), reverse=True)[:2000]
            ]
            db.executemany(
                f"INSERT INTO community_alertmatch({match_cols}) VALUES ({match_marks})",
                [(*r, *match_extra) for r in rows],
            )
            matches += len(rows)
    _insert(
        db,
        conn,
        "community_readerrule",
        "community.ReaderRule",
        "user_id, action, kind, field, pattern, created_at",
        [(*r, stamp) for r in rules],
    )
    db.execute("COMMIT")
    return len(rules), alerts, matches
