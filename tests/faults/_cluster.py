"""What the worker fault tests share: a PostgreSQL database and a Redis database of their own,
served feeds whose pages have quotes, names and shared topics, roles started as processes.

PostgreSQL comes from ``TEST_POSTGRES_URL`` (a database is created per test and dropped after),
Redis from ``TEST_REDIS_URL``'s server, but in database ``FAULTS_REDIS_DB`` (emptied first), so
the Celery test of tests/pipeline running at the same time on database 15 cannot take these
tests' tasks. Without either, the tests skip saying which is missing.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.support.server import LocalServer

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "")
REDIS = os.environ.get("TEST_REDIS_URL", "")
FAULTS_REDIS_DB = 13
BIN = Path(sys.executable).parent / "broadsheet"

NAMES = ("Maria Lopez", "Tomas Berg", "Aisha Khan", "Peter Novak", "Lena Fischer", "Omar Haddad")
PLACES = ("Springfield", "Riverton", "Lakeside", "Hillcrest", "Brookfield")
TOPICS = (
    ("bridge", "river", "council", "traffic", "repairs"),
    ("hospital", "nurses", "wards", "funding", "patients"),
    ("harvest", "farmers", "drought", "prices", "grain"),
    ("election", "ballots", "turnout", "candidates", "polls"),
    ("festival", "music", "crowds", "stages", "tickets"),
)


def reachable(url: str, default_port: int) -> bool:
    """Whether something listens at the host and port of ``url``."""
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def skip_without_services() -> None:
    """Skip the test, saying why, unless PostgreSQL and Redis answer on their test URLs."""
    if not POSTGRES or not reachable(POSTGRES, 5432):
        pytest.skip(
            f"needs PostgreSQL at TEST_POSTGRES_URL ({POSTGRES or 'not set'}); .ci/run sets it"
        )
    if not REDIS or not reachable(REDIS, 6379):
        pytest.skip(f"needs Redis at TEST_REDIS_URL ({REDIS or 'not set'}); .ci/run sets it")


def redis_url() -> str:
    """The fault tests' own Redis database on the TEST_REDIS_URL server, emptied."""
    import redis

    parts = urlsplit(REDIS)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{FAULTS_REDIS_DB}", "", ""))
    redis.Redis.from_url(url).flushdb()
    return url


@contextlib.contextmanager
def database() -> Iterator[str]:
    """A new empty PostgreSQL database on the TEST_POSTGRES_URL server; dropped afterwards."""
    import psycopg

    name = f"faults_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(POSTGRES)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))  # may exist alone
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Run one read-only query on the database at ``url``."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        return list(con.execute(sql).fetchall())


def count(url: str, sql: str) -> int:
    """The single number ``sql`` returns."""
    return int(query(url, sql)[0][0])


COUNTS = {
    "articles": "SELECT count(*) FROM storage_article",
    "from page": "SELECT count(*) FROM storage_article WHERE content_source = 'page'",
    "memberships": "SELECT count(*) FROM stories_membership",
    "tags": "SELECT count(*) FROM intel_articletag",
    "entity mentions": "SELECT count(*) FROM intel_articleentity",
    "quotes": "SELECT count(*) FROM intel_quote",
    "search rows": "SELECT count(*) FROM search_document",
    "work rows": "SELECT count(*) FROM storage_work",
}


def counts(url: str) -> dict[str, int]:
    """The rows a pipeline run leaves, per kind (work rows: 0 once every article is done)."""
    return {name: count(url, sql) for name, sql in COUNTS.items()}


@dataclass(frozen=True)
class Site:
    """The served feeds, and the page URL of every (feed URL, guid) they list."""

    feed_urls: list[str]
    items: dict[tuple[str, str], str]


def _page(feed: int, item: int) -> bytes:
    """An article on topic ``item`` as outlet ``feed`` tells it: names, a quote, a place."""
    rng = random.Random(feed * 1000 + item)
    words = TOPICS[item % len(TOPICS)]
    who, where = rng.choice(NAMES), PLACES[item % len(PLACES)]
    sentences = [
        f"The {words[0]} in {where} drew attention again on Tuesday, as officials discussed "
        f"{words[1]}, {words[2]} and {words[3]}.",
        f'"We will not let the {words[4]} wait another year," said {who}, who leads the '
        f"{where} {words[2]} group.",
        f"Residents told outlet {feed} that the {words[1]} mattered more than the "
        f"{rng.choice(words)}, and that #{words[0]}{where} was trending locally.",
        f"{rng.choice(NAMES)} of the {where} Council said the plan for the {words[0]} would "
        f"be published soon, after a review of {words[3]} figures by {rng.choice(NAMES)}.",
    ]
    body = "".join(f"<p>{s} {s}</p>" for s in sentences)
    title = f"{where} {words[0]}: {words[1]} and {words[2]} ({feed}-{item})"
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
        f"</article></body></html>"
    ).encode()


def _rss(feed: int, links: list[str]) -> bytes:
    entries = "".join(
        f"<item><title>{TOPICS[i % len(TOPICS)][0].title()} news {feed}-{i}</title>"
        f"<link>{link}</link><guid>urn:faults:{feed}:{i}</guid>"
        f"<description>Short text {feed}-{i}.</description></item>"
        for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {feed}</title>'
        f"<link>http://127.0.0.1/{feed}</link>{entries}</channel></rss>"
    ).encode()


def serve_site(
    server: LocalServer, feeds: int, items: int, page_delay: float, feed_delay: float = 0.0
) -> Site:
    """Route ``feeds`` feeds of ``items`` items each; pages answer after ``page_delay`` s,
    feeds after ``feed_delay`` s."""
    feed_urls, listed = [], {}
    for feed in range(feeds):
        links = []
        feed_url = server.url(f"/feeds/{feed}.xml")
        for item in range(items):
            path = f"/pages/{feed}/{item}.html"
            server.route(path, body=_page(feed, item), headers={"Content-Type": "text/html"})
            links.append(server.url(f"/_/slow/{page_delay}{path}" if page_delay else path))
            listed[feed_url, f"urn:faults:{feed}:{item}"] = links[-1]
        server.route(
            f"/feeds/{feed}.xml",
            body=_rss(feed, links),
            headers={"Content-Type": "application/rss+xml"},
            delay=feed_delay,
        )
        feed_urls.append(feed_url)
    return Site(feed_urls, listed)


def write_opml(path: Path, urls: list[str]) -> Path:
    """An OPML file subscribing to ``urls``."""
    outlines = "".join(
        f'<outline type="rss" text="Outlet {n}" xmlUrl="{u}"/>' for n, u in enumerate(urls)
    )
    path.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    return path


def environment(data_dir: Path, database_url: str, broker_url: str = "", **extra: str) -> dict:
    """The settings of one role's process: this database, this broker, local fetches only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    env.update(
        BROADSHEET_DATA_DIR=str(data_dir),
        BROADSHEET_DATABASE_URL=database_url,
        BROADSHEET_FETCH_ALLOW_NETWORKS="127.0.0.0/8",
        BROADSHEET_FETCH_HOST_DELAY="0",
        BROADSHEET_FETCH_TIMEOUT="10",
        BROADSHEET_PAGE_DEADLINE="20",
        BROADSHEET_STARTER="offline",
        BROADSHEET_LOG_LEVEL="INFO",
    )
    if broker_url:
        env["BROADSHEET_BROKER_URL"] = broker_url
    env.update(extra)
    return env


def cli(env: dict, *args: str, timeout: float = 300) -> str:
    """Run one ``broadsheet`` command to its end; fail the test with its stderr if it fails."""
    done = subprocess.run(
        [str(BIN), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"broadsheet {' '.join(args)}: {done.stderr[-3000:]}"
    return done.stdout


def start(env: dict, log: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start ``broadsheet ARGS`` in its own process group, its output appended to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(BIN), *args], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def group(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def kill_9(proc: subprocess.Popen[bytes]) -> int:
    """``kill -9`` a role's whole process group (the worker and its pool); return how many."""
    pids = group(proc.pid)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return len(pids)


def stop(*procs: subprocess.Popen[bytes]) -> None:
    """SIGTERM each role, wait for it; SIGKILL what is left after 30 s."""
    for proc in procs:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=30)
        for pid in group(proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def until(what: str, check: Callable[[], bool], timeout: float, *logs: Path) -> float:
    """Poll ``check`` until it holds; return the seconds it took (fail after ``timeout``)."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            tails = "\n".join(f"--- {p.name}\n{p.read_text()[-2500:]}" for p in logs if p.exists())
            pytest.fail(f"{what}: not within {timeout:g} s\n{tails}")
        time.sleep(0.3)
    return time.monotonic() - started


def until_all_through(url: str, site: Site, *logs: Path) -> float:
    """Wait (240 s at most) until every served item is stored and no article waits at a step;
    return the seconds it took."""
    return until(
        "every feed stored and every article through every step",
        lambda: (
            count(url, "SELECT count(*) FROM storage_article") == len(site.items)
            and counts(url)["work rows"] == 0
        ),
        240,
        *logs,
    )


def stored_once(url: str, site: Site) -> dict[str, int]:
    """Expected, stored, lost and duplicated items of the served feeds, from the database."""
    rows = query(
        url,
        "SELECT f.url, a.item_key FROM storage_article a JOIN storage_feed f ON f.id = a.feed_id",
    )
    seen: dict[tuple[str, str], int] = {}
    for feed_url, key in rows:
        seen[feed_url, key] = seen.get((feed_url, key), 0) + 1
    return {
        "expected": len(site.items),
        "stored": len(rows),
        "lost": len(site.items.keys() - seen.keys()),
        "duplicated": sum(n - 1 for n in seen.values()),
        "unknown": len(seen.keys() - site.items.keys()),
    }


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PG_BIN = Path("/usr/lib/postgresql/15/bin")


class OwnPostgres:
    """A throw-away PostgreSQL server of this test's own (never the shared one on 5432),
    run as the ``postgres`` user in a temporary directory: stopped and started at will."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        self.data, self.log = root / "data", root / "postgres.log"
        self.url = f"postgresql://broadsheet:broadsheet@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str) -> None:
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{' '.join(args)}: {done.stdout}{done.stderr}"

    def init(self) -> None:
        """Create the cluster: superuser ``broadsheet``, trusted on 127.0.0.1 only."""
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "broadsheet",
            "--auth=trust", "-E", "UTF8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=100"
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str) -> None:
        """``pg_ctl stop -m MODE``: ``immediate`` is a crash (no checkpoint), ``fast`` a clean
        shutdown that ends every session."""
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"
        )

    def database(self, name: str) -> str:
        """Create database ``name`` on this server; return its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"


@contextlib.contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    """A started throw-away PostgreSQL server (skip, saying why, where one cannot be run)."""
    import shutil
    import tempfile

    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"needs PostgreSQL's initdb and pg_ctl in {PG_BIN} (Debian postgresql-15)")
    if os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("runs its own PostgreSQL as the postgres user: needs root and runuser")
    root = Path(tempfile.mkdtemp(prefix="broadsheet-faults-pg-"))  # postgres must reach it
    shutil.chown(root, "postgres", "postgres")
    server = OwnPostgres(root)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


class OwnRedis:
    """A redis-server of this test's own on a free port, nothing saved to disk: killing it
    loses every queued message, as a crash of a Redis without persistence does."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server on its port and wait until it answers PING."""
        import redis

        with (self.root / "redis.log").open("ab") as out:
            self.proc = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", str(self.root)],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                redis.Redis.from_url(self.url, socket_timeout=1).ping()
                return
            except redis.RedisError:
                assert time.monotonic() < deadline, "redis-server did not start within 30 s"
                time.sleep(0.1)

    def kill(self) -> None:
        """``kill -9`` the server: everything it held is gone."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@contextlib.contextmanager
def own_redis(root: Path) -> Iterator[OwnRedis]:
    """A started redis-server of this test's own (skip, saying why, without redis-server)."""
    import shutil

    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server on PATH (Debian redis-server)")
    server = OwnRedis(root)
    server.start()
    try:
        yield server
    finally:
        server.kill()


@dataclass(frozen=True)
class Answer:
    """One web page's answer: its status, content type and body (status 0: no answer)."""

    status: int
    content_type: str
    body: str


def get(url: str, timeout: float = 10) -> Answer:
    """GET ``url``; an HTTP error status is an answer too, a refused connection is status 0."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return Answer(response.status, response.headers.get("Content-Type", ""), "")
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")
        return Answer(exc.code, exc.headers.get("Content-Type", ""), body)
    except (urllib.error.URLError, OSError):
        return Answer(0, "", "")
