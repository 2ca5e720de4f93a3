"""Web latency and memory at scale: 1M articles, 2,000 feeds, ~100k stories, under gunicorn.

Generates a fresh SQLite database (``migrate``, then raw bulk inserts of fixture-sampled text:
see ``_bulkgen.py``), runs the pipeline's summarize step over the pages the load will visit,
starts ``gunicorn -w 2 --threads 4`` and the scheduler (``broadsheet refresh``) with the same
environment, and drives each endpoint with wrk (a Lua script rotating URLs; a bounded Python
thread pool when wrk is missing) twice: under a bounded load (8 readers with exponential think
time, about ``--rate`` requests/s), which the targets apply to (p99 < 50 ms for pages and the
API, < 100 ms for search), and back to back (capacity). Prints requests/s, p50, p99 and the
server CPU per request (robust to other load on the machine), the RSS of gunicorn master +
workers + scheduler after the load (target < 1 GiB) and, with ``--profile``, the median of 20
requests served alone in-process and their slowest SQL.

PostgreSQL (``--database-url postgresql://…``, a database of its own: created when missing):
``_bulkgen_pg.py`` fills it with the same rows by COPY; then gunicorn serves it while, instead
of the in-process scheduler, ``broadsheet scheduler`` and two ``broadsheet worker`` processes
(Celery over ``--broker-url``) refresh ``--local-feeds`` (500) feeds served from 127.0.0.1 by
``_feedgen.py``, due one after another during the load, and take their articles through the
pipeline. The server CPU per request then counts the PostgreSQL backends of gunicorn's
connections too; the load average, and the articles the workers stored, are sampled every minute.

Per-reader views: ``--readers`` (200) readers with their own feeds, folders, read and saved
articles, muted outlets, rules and alerts (``_bulkgen.generate_readers``); 10 of them, from the
lightest to the heaviest, are signed in (a session, a Google Reader token, a Fever key, made
directly) and the signed-in pages and app APIs rotate over them, each row compared (server CPU
per request) with the anonymous endpoint of the same kind.

Usage: python benchmarks/web_load.py [--articles 1000000] [--keep DIR] [--json out.json]
       [--duration 10] [--connections 8] [--rate 50] [--profile] [--readers 200]
       [--only "signed in,greader,fever"] [--database-url postgresql://… [--broker-url redis://…]
       [--local-feeds 500]] [--build-only]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import hashlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _bulkgen_pg import create_database, drop_database  # noqa: E402
from _load_pipeline import (  # noqa: E402
    WORKER_APP,
    Sampler,
    db_backends,
    local_feeds,
    pipeline_summary,
    start_pipeline,
    wait_stored,
)

BIN = Path(sys.executable).parent
PAGE_MS, SEARCH_MS, RSS_LIMIT, TIMEOUT = 50.0, 100.0, 1 << 30, 10
WEB_APP = "web_load-web"  # gunicorn's PostgreSQL application_name
LUA = """
-- one request per line: the path, then tab-separated "Name: value" headers (a reader's cookie)
local reqs = {}
for line in io.lines("%s") do
  local parts = {}
  for field in string.gmatch(line, "[^\t]+") do parts[#parts + 1] = field end
  local headers = {}
  for i = 2, #parts do
    local k, v = parts[i]:match("^([^:]+):%%s*(.*)$")
    headers[k] = v
  end
  reqs[#reqs + 1] = wrk.format("GET", parts[1], headers)
end
local n = 0
request = function()
  n = n + 1
  return reqs[(n * 7919) %% #reqs + 1]
end
local think = %s
if think > 0 then
  delay = function() return -math.log(1 - math.random()) * think end
end
done = function(summary, latency, requests)
  local f = io.open("%s", "w")
  f:write(string.format('{"requests": %%d, "seconds": %%f, "errors": %%d, "non2xx": %%d, '
    .. '"p50": %%f, "p99": %%f, "max": %%f}', summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.status, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  f:close()
end
"""


def _setup(data_dir: Path) -> Any:
    os.environ["BROADSHEET_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.site.settings")
    import django

    django.setup()
    from django.db import connection

    return connection


def _postgres() -> bool:
    return os.environ.get("BROADSHEET_DATABASE_URL", "").startswith(
        ("postgres://", "postgresql://")
    )


def build(data_dir: Path, n: int, readers: int) -> dict[str, Any]:
    """Migrate a fresh database (in ``data_dir``, or the empty PostgreSQL one) and fill it;
    return counts and timings."""
    if _postgres():
        from _bulkgen_pg import generate
    else:
        from _bulkgen import generate

    t0 = time.perf_counter()
    subprocess.run(
        [str(BIN / "broadsheet"), "migrate"],
        check=True,
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
    )
    migrate_s = time.perf_counter() - t0
    conn = _setup(data_dir)
    info = generate(conn, n, log=lambda m: print(m, flush=True))
    conn.close()
    info["timings"]["migrate_s"] = migrate_s
    return add_readers(data_dir, info, readers)


def add_readers(data_dir: Path, info: dict[str, Any], readers: int) -> dict[str, Any]:
    """Give the generated database ``readers`` readers with their state; save and return info."""
    from _bulkgen import generate_readers

    if readers and _postgres():
        raise SystemExit("readers are generated on SQLite only: pass --readers 0")
    if readers:
        conn = _setup(data_dir)
        from broadsheet.reading import check_filter_rule
        from broadsheet.storage.community.models import ReaderRule

        print(f"Adding {readers} readers with their feeds, folders, read state, rules, alerts")
        info["reader_info"] = generate_readers(
            conn, info, readers, log=lambda m: print(m, flush=True)
        )
        for r in ReaderRule.objects.all():  # raw inserts: hold them to the form's checks
            check_filter_rule(r.action, r.kind, r.field, r.pattern)
        conn.close()
    if _postgres():
        from django.db import connection

        _setup(data_dir)
        with connection.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            info["db_bytes"] = cur.fetchone()[0]
        info["database_url"] = os.environ["BROADSHEET_DATABASE_URL"]
    else:
        info["db_bytes"] = (data_dir / "broadsheet.sqlite3").stat().st_size
    (data_dir / "web_load.json").write_text(json.dumps(info))
    return info


def sign_in(data_dir: Path, info: dict[str, Any]) -> dict[int, dict[str, str]]:
    """Credentials of the readers the load signs in, made directly (not through the forms).

    A session in the session store (as ``django.contrib.auth.login`` leaves it), a Google
    Reader ClientLogin token and a Fever key (md5 of "user:password", as clients send it).
    """
    _setup(data_dir)
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    from broadsheet.reading import create_token, set_fever_password

    store = import_module(settings.SESSION_ENGINE).SessionStore
    password, out = info["reader_info"]["password"], {}
    for reader in info["reader_info"]["signed_in"]:
        user = get_user_model().objects.get(id=reader["id"])
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        set_fever_password(user.pk, password)
        out[user.pk] = {
            "cookie": f"Cookie: {settings.SESSION_COOKIE_NAME}={session.session_key}",
            "greader": "Authorization: GoogleLogin auth="
            + create_token(user.pk, "web_load", kind="greader"),
            # the key a Fever client sends: md5 of "user:password", as the protocol says
            "fever": hashlib.md5(f"{user.username}:{password}".encode()).hexdigest(),
        }
    return out


def _env(data_dir: Path, app: str = "") -> dict[str, str]:
    """The servers' environment; ``app`` names their PostgreSQL connections (to find their CPU)."""
    url = os.environ.get("BROADSHEET_DATABASE_URL", "")
    if app and _postgres():
        url += ("&" if "?" in url else "?") + f"application_name={app}"
    return {
        **os.environ,
        "BROADSHEET_DATABASE_URL": url,
        "BROADSHEET_DATA_DIR": str(data_dir),
        "BROADSHEET_LOG_LEVEL": "warning",
        "BROADSHEET_STARTER": "none",
        "BROADSHEET_EXTRACT_PAGES": "false",
        "DJANGO_SETTINGS_MODULE": "broadsheet.site.settings",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


Procs = dict[str, subprocess.Popen[bytes]]


def start(data_dir: Path, port: int, broker: str = "") -> Procs:
    """Start gunicorn and the scheduler (on PostgreSQL: ``broadsheet scheduler`` and two Celery
    workers over ``broker``); wait until the front page answers."""
    shutil.rmtree(data_dir / "cache", ignore_errors=True)  # start from a cold shared cache
    log = open(data_dir / "gunicorn.log", "ab")  # noqa: SIM115 - lives as long as the server
    procs = {
        "web": subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "broadsheet.site.wsgi:application",
                "-w",
                "2",
                "--threads",
                "4",
                "-b",
                f"127.0.0.1:{port}",
            ],
            env=_env(data_dir, WEB_APP) | ({"BROADSHEET_BROKER_URL": broker} if broker else {}),
            stdout=log,
            stderr=log,
        )
    }
    if broker:
        procs |= start_pipeline(_env(data_dir, WORKER_APP), broker, data_dir / "pipeline.log")
    else:
        procs["scheduler"] = subprocess.Popen(
            [str(BIN / "broadsheet"), "refresh", "--no-extract"],
            env=_env(data_dir),
            stdout=log,
            stderr=log,
        )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
            return procs
        except OSError:
            time.sleep(0.5)
    stop(procs)
    raise SystemExit(f"gunicorn did not answer on port {port}: see {data_dir}/gunicorn.log")


def stop(procs: Procs) -> None:
    """Stop every process (workers finish their task: warm shutdown), the web server last."""
    for proc in reversed(procs.values()):
        proc.terminate()
    for proc in reversed(procs.values()):
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _descendants(pid: int) -> list[int]:
    out = [pid]
    for child in _children(pid):
        out += _descendants(child)
    return out


def pipeline_cpu(procs: Procs) -> dict[int, float]:
    """CPU seconds so far of the scheduler, the Celery workers with every process under them,
    and their PostgreSQL backends, by process id."""
    pids = [pid for k, p in procs.items() if k != "web" for pid in _descendants(p.pid)]
    return {pid: _cpu(pid) for pid in pids + db_backends(WORKER_APP)}


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, IndexError, ValueError):
                continue
    return out


def memory(procs: Procs) -> dict[str, int]:
    """RSS bytes of the gunicorn master, its workers and the scheduler (and their sum), and of
    the Celery workers with their pool processes (apart)."""
    web, sched = procs["web"], procs["scheduler"]
    workers = _children(web.pid)
    out = {
        "gunicorn_master": _rss(web.pid),
        "gunicorn_workers": sum(map(_rss, workers)),
        "workers": len(workers),
        "scheduler": _rss(sched.pid),
    }
    out["total"] = out["gunicorn_master"] + out["gunicorn_workers"] + out["scheduler"]
    celery = [p.pid for k, p in procs.items() if k.startswith("worker")]
    out["celery_workers"] = sum(_rss(pid) + sum(map(_rss, _children(pid))) for pid in celery)
    return out


def _cpu(pid: int) -> float:
    """User + system CPU seconds used so far by process ``pid`` (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(map(int, fields[11:13])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return 0.0


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by these processes."""
    return sum(map(_cpu, pids))


class ServerCPU:
    """CPU seconds of gunicorn and its workers and, on PostgreSQL, of the backends serving
    their connections (where the queries run), from ``start()`` to ``seconds()``."""

    def __init__(self, web: subprocess.Popen[bytes], postgres: bool) -> None:
        self.web, self.postgres = web, postgres

    def _now(self) -> tuple[dict[int, float], dict[int, float]]:
        web = {pid: _cpu(pid) for pid in [self.web.pid, *_children(self.web.pid)]}
        db = {pid: _cpu(pid) for pid in db_backends(WEB_APP)} if self.postgres else {}
        return web, db

    def start(self) -> None:
        """Note where each process stands now."""
        self.before = self._now()

    def seconds(self) -> tuple[float, float]:
        """(gunicorn, PostgreSQL) CPU seconds since ``start``; a backend opened since counts
        from nothing."""
        after = self._now()
        return tuple(  # type: ignore[return-value]
            sum(v - then.get(pid, 0.0) for pid, v in now.items())
            for now, then in zip(after, self.before, strict=True)
        )


Endpoints = dict[str, tuple[list[str], float, str]]


def _path(url: str) -> str:
    return url.split("\t", 1)[0]


def _headers(url: str) -> dict[str, str]:
    return dict(h.split(": ", 1) for h in url.split("\t")[1:])


def endpoints(info: dict[str, Any], rng: random.Random) -> Endpoints:
    """Each anonymous endpoint's rotating URLs (500 per endpoint) and its p99 target in ms."""
    n, stories = info["articles"], info["stories"]
    ids = [rng.randint(1, n) for _ in range(500)]
    mid, common = info["mid_words"], info["common_words"]
    pairs = [f"{rng.choice(mid)}+{rng.choice(mid)}" for _ in range(20)]
    return {
        "story /stories/<id>/": (
            [f"/stories/{rng.randint(1, stories)}/" for _ in range(500)],
            PAGE_MS,
            "",
        ),
        "article /articles/<id>/": ([f"/articles/{i}/" for i in ids], PAGE_MS, ""),
        # 3,000 other articles: nearly every request is the first view, with nothing cached
        "article, first views": (
            [f"/articles/{rng.randint(1, n)}/" for _ in range(3000)],
            PAGE_MS,
            "",
        ),
        "search mid-frequency": ([f"/search/?q={w}" for w in mid + pairs], SEARCH_MS, ""),
        "search common": ([f"/search/?q={w}" for w in common], SEARCH_MS, ""),
        "api /api/articles?limit=50": (["/api/articles?limit=50"], PAGE_MS, ""),
        "api /api/articles/<id>": ([f"/api/articles/{i}" for i in ids], PAGE_MS, ""),
        "latest /latest/": (["/latest/"], PAGE_MS, ""),
        "front page /": (["/"], PAGE_MS, ""),
    }


GR = "/reader/api/0/"
READING_LIST = GR + "stream/contents/user/-/state/com.google/reading-list?n=50"


def reader_endpoints(
    info: dict[str, Any], creds: dict[int, dict[str, str]], rng: random.Random
) -> Endpoints:
    """The signed-in endpoints: 500 URLs each, rotating over the signed-in readers.

    Each URL carries its reader's credentials after a tab (the Lua script sends them as a
    header); the third member names the anonymous endpoint the CPU per request is compared to.
    """
    signed = info["reader_info"]["signed_in"]
    mid = info["mid_words"]
    words = mid + [f"{rng.choice(mid)}+{rng.choice(mid)}" for _ in range(20)]
    n = info["articles"]

    def each(make: Any, how: str = "cookie") -> list[str]:
        out = []
        for i in range(500):
            r = signed[i % len(signed)]
            c = creds[r["id"]]
            path = make(r, c)
            out.append(path if how == "query" else f"{path}\t{c[how]}")
        return out

    def folder(r: dict[str, Any]) -> str:
        return "/folders/" + urllib.parse.quote(rng.choice(r["folders"])) + "/"

    def fever(call: str) -> Any:
        return lambda r, c: f"/fever/?api&{call}&api_key={c['fever']}"

    recent = max(1, n - n // 20)  # the newest 5%: where a client pages from
    return {
        "signed in: front page /": (each(lambda r, c: "/"), PAGE_MS, "front page /"),
        "signed in: front ?feeds=mine": (
            each(lambda r, c: "/?feeds=mine"),
            PAGE_MS,
            "front page /",
        ),
        "signed in: latest ?feeds=mine": (
            each(lambda r, c: "/latest/?feeds=mine"),
            PAGE_MS,
            "latest /latest/",
        ),
        "signed in: /unread/": (each(lambda r, c: "/unread/"), PAGE_MS, "latest /latest/"),
        "signed in: /feeds/<id>/": (
            each(lambda r, c: f"/feeds/{rng.choice(r['feed_sample'])}/"),
            PAGE_MS,
            "latest /latest/",
        ),
        "signed in: /folders/<f>/": (each(lambda r, c: folder(r)), PAGE_MS, "latest /latest/"),
        "signed in: search ?feeds=mine": (
            each(lambda r, c: f"/search/?q={rng.choice(words)}&feeds=mine"),
            SEARCH_MS,
            "search mid-frequency",
        ),
        "signed in: article": (
            each(lambda r, c: f"/articles/{rng.choice(r['article_sample'])}/"),
            PAGE_MS,
            "article /articles/<id>/",
        ),
        "greader reading-list n=50": (
            each(lambda r, c: READING_LIST, "greader"),
            PAGE_MS,
            "api /api/articles?limit=50",
        ),
        "greader reading-list unread": (
            each(lambda r, c: READING_LIST + "&xt=user/-/state/com.google/read", "greader"),
            PAGE_MS,
            "api /api/articles?limit=50",
        ),
        "greader unread-count": (
            each(lambda r, c: GR + "unread-count?output=json", "greader"),
            PAGE_MS,
            "api /api/articles?limit=50",
        ),
        "fever items (max_id)": (
            each(
                lambda r, c: fever(f"items&max_id={rng.randint(recent, n)}")(r, c),
                "query",
            ),
            PAGE_MS,
            "api /api/articles?limit=50",
        ),
        "fever unread_item_ids": (
            each(fever("unread_item_ids"), "query"),
            PAGE_MS,
            "api /api/articles?limit=50",
        ),
    }


def run_wrk(
    base: str, paths: list[str], seconds: int, conns: int, work: Path, rate: float = 0.0
) -> dict[str, Any]:
    """Drive ``paths`` with wrk; return requests/s, p50/p99/max ms and error counts.

    ``rate`` > 0 bounds the load: each connection is a reader who waits an exponentially
    distributed think time (mean ``conns / rate`` s) after each answer, so about ``rate``
    requests/s arrive while the server keeps up. ``rate`` = 0 sends back to back (saturation).
    """
    (work / "paths.txt").write_text("\n".join(paths) + "\n")
    out = work / "wrk.json"
    think_ms = conns * 1000.0 / rate if rate > 0 else 0.0
    (work / "rotate.lua").write_text(LUA % (work / "paths.txt", think_ms, out))
    subprocess.run(
        [
            "wrk",
            f"-c{conns}",
            f"-t{min(conns, 2)}",
            f"-d{seconds}s",
            "--timeout",
            f"{TIMEOUT}s",
            "-s",
            str(work / "rotate.lua"),
            base,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    r = json.loads(out.read_text())
    r["rps"] = r["requests"] / r["seconds"]
    return r


def drain(base: str, limit: float = 120.0) -> float:
    """Wait until requests queued by a timed-out run are served (a probe answers in < 0.5 s)."""
    t0 = time.time()
    while time.time() - t0 < limit:
        t = time.perf_counter()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(base + "/api/articles/1", timeout=limit).read()
        if time.perf_counter() - t < 0.5:
            break
    return time.time() - t0


def run_pool(
    base: str, paths: list[str], seconds: int, conns: int, rate: float = 0.0
) -> dict[str, Any]:
    """The same measurement with a bounded thread pool (when wrk is not installed)."""
    stop, lat, errors = time.time() + seconds, [], 0
    think = conns / rate if rate > 0 else 0.0

    def worker(k: int) -> tuple[list[float], int]:
        mine, bad, i, rng = [], 0, k, random.Random(k)
        while time.time() < stop:
            if think:
                time.sleep(rng.expovariate(1 / think))
            t = time.perf_counter()
            try:
                url = paths[i % len(paths)]
                req = urllib.request.Request(base + _path(url), headers=_headers(url))
                urllib.request.urlopen(req, timeout=TIMEOUT).read()
            except OSError:
                bad += 1
            mine.append((time.perf_counter() - t) * 1000)
            i += conns
        return mine, bad

    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(conns) as pool:
        for mine, bad in pool.map(worker, range(conns)):
            lat += mine
            errors += bad
    q = statistics.quantiles(lat, n=100)
    return {
        "requests": len(lat),
        "seconds": time.perf_counter() - t0,
        "errors": errors,
        "non2xx": 0,
        "p50": q[49],
        "p99": q[98],
        "max": max(lat),
        "rps": len(lat) / (time.perf_counter() - t0),
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def check_signed_in(base: str, urls: Endpoints) -> None:
    """Fail unless each signed-in endpoint answers its first URLs 200 as its reader.

    wrk counts only 4xx/5xx as errors: a lost session would quietly measure the login redirect.
    """
    opener = urllib.request.build_opener(_NoRedirect)
    for name, (paths, _, baseline) in urls.items():
        if not baseline:
            continue
        for url in paths[:5]:
            req = urllib.request.Request(base + _path(url), headers=_headers(url))
            try:
                with opener.open(req, timeout=60) as resp:
                    body = resp.read()
            except urllib.error.HTTPError as exc:
                raise SystemExit(f"{name}: {_path(url)} answered {exc.code}") from exc
            if url.startswith("/fever/") and json.loads(body).get("auth") != 1:
                raise SystemExit(f"{name}: the Fever key was refused")
            page = not url.startswith(("/fever/", GR))
            if page and b"/accounts/logout/" not in body:
                raise SystemExit(f"{name}: {_path(url)} was not served signed in")


def precompute(data_dir: Path, urls: Endpoints) -> dict[str, float]:
    """Run the pipeline's summarize and panels steps over the articles and stories the load
    will visit, and apply every reader's filter rules (the rules backfill, as a rule change
    does; a kept database's readers get theirs the first time).

    In a live install those steps run as articles arrive, so pages read stored summaries and
    panels. Running them over all 1M generated articles would take hours here; both are read by
    key, so how many others exist does not change a page's cost.
    """
    _setup(data_dir)
    from broadsheet.pipeline import _panels, _summarize
    from broadsheet.storage.stories.models import Membership

    paths = [_path(u) for some, _, _ in urls.values() for u in some]
    articles = {
        int(u.strip("/").split("/")[-1])
        for u in paths
        if u.startswith(("/articles/", "/api/articles/"))
    }
    stories = {int(u.strip("/").split("/")[-1]) for u in paths if u.startswith("/stories/")}
    members = set(
        Membership.objects.filter(story_id__in=stories).values_list("article_id", flat=True)
    )
    ids = sorted(articles | members)
    t = time.perf_counter()
    _summarize.run(ids)
    summaries = time.perf_counter() - t
    for start in range(0, len(ids), 500):  # the step's batches, larger: one transaction each
        _panels.run(ids[start : start + 500])
    from broadsheet.pipeline import _rules

    ruled = time.perf_counter()
    while _rules.resume(budget_seconds=3600):  # every reader's rules applied (their backfill)
        pass
    return {
        "articles": len(ids),
        "stories": len(stories),
        "seconds": time.perf_counter() - t,
        "summaries_s": summaries,
        "rules_s": time.perf_counter() - ruled,
    }


def _timed(cursor: Any, sql: str) -> tuple[float, int]:
    t = time.perf_counter()
    rows = cursor.execute(sql).fetchall()
    return (time.perf_counter() - t) * 1000, len(rows)


def profile(data_dir: Path, urls: dict[str, list[str]], top: int = 3) -> dict[str, list[str]]:
    """Serve 20 URLs per endpoint in-process, one at a time: median wall and CPU ms, and the
    slowest SQL of the last one, each SELECT run again to its last row (on SQLite a query's
    ``execute`` returns at the first row, so Django's timing misses the rest), with the plan of
    the slowest."""
    _setup(data_dir)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, out = Client(HTTP_HOST="127.0.0.1"), {}
    for name, some in urls.items():
        times, cpu = [], []
        for url in some[:20]:
            with CaptureQueriesContext(connection) as ctx:
                t, c = time.perf_counter(), time.process_time()
                client.get(_path(url), headers=_headers(url))
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
        raw = connection.connection  # sqlite3 or psycopg: the captured SQL has its values
        timed = []
        for q in ctx.captured_queries:
            if q["sql"].lstrip().upper().startswith("SELECT"):
                with contextlib.suppress(Exception):  # a value the log quoted differently
                    timed.append((*_timed(raw, q["sql"]), q["sql"]))
        timed.sort(reverse=True)
        lines = [
            f"median {statistics.median(times):.1f} ms ({statistics.median(cpu):.1f} ms CPU), "
            f"max {max(times):.1f} ms alone; {len(ctx.captured_queries)} queries in "
            f"{_path(some[:20][-1])}"
        ] + [f"{ms:.1f} ms, {n} rows: {sql[:300]}" for ms, n, sql in timed[:top]]
        if timed:
            explain = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            plan = raw.execute(explain + timed[0][2]).fetchall()
            lines.append("plan of the first: " + "; ".join(str(row[-1]) for row in plan))
        out[name] = lines
    return out


def report(results: list[dict[str, Any]], mem: dict[str, int], args: Any, postgres: bool) -> None:
    """Print the bounded-load and saturation tables and the memory line."""
    print(
        f"\nBounded load: {args.connections} readers with exponential think time, about "
        f"{args.rate:.0f} requests/s in total.\n\n"
        "| endpoint | req/s | p50 ms | p99 ms | target p99 | pass | server CPU ms/req"
        + (" (gunicorn + PostgreSQL)" if postgres else "")
        + " "
        "| CPU vs anonymous | load avg |\n|---|---|---|---|---|---|---|---|---|"
    )
    by_name = {r["endpoint"]: r for r in results}

    def ratio(r: dict[str, Any], mode: str) -> str:
        base = by_name.get(r["baseline"])
        if not base or not base[mode]["cpu_ms"]:
            return "-"
        return f"{r[mode]['cpu_ms'] / base[mode]['cpu_ms']:.1f}× {r['baseline'].split()[0]}"

    for r in results:
        b = r["bounded"]
        lat = (
            f"{b['p50']:.1f} | {b['p99']:.1f}"
            if b["requests"]
            else f"none answered in {TIMEOUT} s | -"
        )
        print(
            f"| {r['endpoint']} | {b['rps']:.0f} | {lat} | "
            f"< {r['target_ms']:.0f} ms | {'yes' if r['ok'] else 'NO'}"
            + (
                f" ({b['non2xx']} non-2xx, {b['errors']} errors)"
                if b["non2xx"] or b["errors"]
                else ""
            )
            + f" | {b['cpu_ms']:.1f} | {ratio(r, 'bounded')} | {b['load']:.1f} |"
        )
    print(
        f"\nSaturation (capacity): {args.connections} connections sending back to back.\n\n"
        "| endpoint | req/s | p50 ms | p99 ms | server CPU ms/req"
        + (" (gunicorn + PostgreSQL)" if postgres else "")
        + " | CPU vs anonymous "
        "| load avg |\n|---|---|---|---|---|---|---|"
    )
    for r in results:
        m = r["saturated"]
        print(
            f"| {r['endpoint']} | {m['rps']:.0f} | {m['p50']:.1f} | {m['p99']:.1f} | "
            f"{m['cpu_ms']:.1f} | {ratio(r, 'saturated')} | {m['load']:.1f} |"
        )
    print(
        f"\nRSS after load: gunicorn master {mem['gunicorn_master'] / 2**20:.0f} MiB + "
        f"{mem['workers']} workers {mem['gunicorn_workers'] / 2**20:.0f} MiB + scheduler "
        f"{mem['scheduler'] / 2**20:.0f} MiB = {mem['total'] / 2**20:.0f} MiB "
        f"(target < 1024 MiB: {'yes' if mem['total'] < RSS_LIMIT else 'NO'})"
    )


def measure(base: str, urls: Endpoints, args: Any, cpu: ServerCPU) -> list[dict[str, Any]]:
    """Drive each endpoint saturated then bounded; return its results (pass: bounded p99 under
    its target, with no error)."""
    results = []
    for name, (paths, target, baseline) in urls.items():
        r: dict[str, Any] = {"endpoint": name, "target_ms": target, "baseline": baseline}
        r["urls"] = paths[:20]
        for mode, rate in (("saturated", 0.0), ("bounded", args.rate)):
            with tempfile.TemporaryDirectory() as work:
                run = (
                    (
                        lambda s, p=paths, w=work, q=rate: run_wrk(
                            base, p, s, args.connections, Path(w), q
                        )
                    )
                    if shutil.which("wrk")
                    else (lambda s, p=paths, q=rate: run_pool(base, p, s, args.connections, q))
                )
                run(2)  # warm-up, not counted
                drain(base)
                cpu.start()
                m = run(args.duration)
                web, db = cpu.seconds()
                n = max(1, m["requests"])
                m.update(cpu_ms=(web + db) * 1000 / n, cpu_ms_web=web * 1000 / n)
                m["cpu_ms_db"] = db * 1000 / n
            m.update(load=os.getloadavg()[0], drain_s=drain(base))
            r[mode] = m
        b = r["bounded"]
        r["ok"] = b["requests"] > 0 and b["p99"] < target and not b["non2xx"] and not b["errors"]
        results.append(r)
        print(
            f"  {name}: capacity {r['saturated']['rps']:.0f} req/s "
            f"({r['saturated']['cpu_ms']:.1f} ms CPU/req); at {b['rps']:.0f} req/s "
            f"p99 {b['p99']:.1f} ms (load {b['load']:.1f})",
            flush=True,
        )
    return results


def main() -> None:
    """Build (or reuse) the database, load each endpoint, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, help="reuse (or create and keep) the database here")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument(
        "--rate",
        type=float,
        default=50.0,
        help="requests/s offered in the bounded run (the targets apply to it)",
    )
    ap.add_argument("--profile", action="store_true", help="show the slowest SQL per endpoint")
    ap.add_argument(
        "--readers",
        type=int,
        help="readers with personal state to generate (0: anonymous endpoints only; default 200"
        " on SQLite, 0 on PostgreSQL, where they are not generated)",
    )
    ap.add_argument("--only", help="load only the endpoints whose name contains one of A,B,…")
    ap.add_argument(
        "--database-url",
        default="",
        help="postgresql://… : a database of its own (created when missing, filled when empty);"
        " the pipeline then runs on Celery workers over --broker-url",
    )
    ap.add_argument("--broker-url", default="redis://127.0.0.1:6379/9", help="emptied first")
    ap.add_argument(
        "--local-feeds",
        type=int,
        default=500,
        help="on PostgreSQL, feeds served from 127.0.0.1 that the workers refresh during the load",
    )
    ap.add_argument("--build-only", action="store_true", help="build (or reuse), then stop")
    args = ap.parse_args()
    os.environ["BROADSHEET_DATABASE_URL"] = args.database_url
    postgres = _postgres()
    if args.database_url and not postgres:
        raise SystemExit("--database-url: only postgresql:// URLs (SQLite is the default)")
    if args.readers is None:
        args.readers = 0 if postgres else 200
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="broadsheet-load-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    created = postgres and create_database(args.database_url)
    saved = data_dir / "web_load.json"
    old = json.loads(saved.read_text()) if saved.exists() else {}
    if old.get("articles") == args.articles and old.get("database_url", "") == args.database_url:
        info = old
        print(f"Reusing {data_dir} ({info['articles']:,} articles)")
        subprocess.run(  # the scheduler refuses a database behind the code's migrations
            [str(BIN / "broadsheet"), "migrate"],
            check=True,
            env=_env(data_dir),
            stdout=subprocess.DEVNULL,
        )
        if args.readers and "reader_info" not in info:
            info = add_readers(data_dir, info, args.readers)
    else:
        if old or (data_dir / "broadsheet.sqlite3").exists():
            raise SystemExit(f"{data_dir} holds another database: pick an empty --keep DIR")
        print(f"Generating {args.articles:,} articles in {data_dir}", flush=True)
        info = build(data_dir, args.articles, args.readers)
    t = info["timings"] | info.get("reader_info", {}).get("timings", {})
    print(
        f"Data: {info['articles']:,} articles, {info['feeds']:,} feeds, {info['stories']:,} "
        f"stories, {info['db_bytes'] / 2**30:.2f} GiB; generated in {t['total_s']:.0f} s "
        + ", ".join(f"{k[:-2]} {v:.0f}" for k, v in t.items() if k != "total_s")
    )
    if args.build_only:
        return
    urls = endpoints(info, random.Random(11))
    if "reader_info" in info:
        ri = info["reader_info"]
        print(
            f"Readers: {ri['readers']}, following {ri['feeds_followed']['min']}-"
            f"{ri['feeds_followed']['max']} feeds (median {ri['feeds_followed']['median']}); "
            f"{ri['states']:,} read/saved states, {ri['rules']} rules, {ri['alerts']} alerts "
            f"({ri['alert_matches']:,} matches); {len(ri['signed_in'])} signed in: "
            + ", ".join(f"{r['username']} ({r['feeds']} feeds)" for r in ri["signed_in"])
        )
        front = urls.pop("front page /")  # last: a slow page leaves a backlog behind it
        urls |= reader_endpoints(info, sign_in(data_dir, info), random.Random(12))
        urls["front page /"] = front
    if args.only:
        wanted = args.only.split(",")
        urls = {k: v for k, v in urls.items() if any(w in k for w in wanted)}
    pre = precompute(data_dir, urls)
    print(
        f"Summaries stored for {pre['articles']:,} articles and {pre['stories']} stories the "
        f"load visits, and their panels, as the pipeline's summarize and panels steps do "
        f"({pre['summaries_s']:.0f} + {pre['seconds'] - pre['summaries_s']:.0f} s)",
        flush=True,
    )
    port = _free_port()
    feeds: list[int] = []
    if postgres:
        # due one after another over about the run's length: refreshes go on while pages load
        spread = len(urls) * 2 * (args.duration + 6)
        feed_server, feeds = local_feeds(args.local_feeds, spread)
    procs = start(data_dir, port, args.broker_url if postgres else "")
    base, sampler = f"http://127.0.0.1:{port}", Sampler(feeds)
    try:
        check_signed_in(base, urls)
        if feeds:
            print(f"Waiting for the workers' first articles ({len(feeds)} local feeds)", flush=True)
            wait_stored(feeds)
        sampler.samples.append(sampler.sample())
        sampler.start()
        before = pipeline_cpu(procs) if feeds else {}
        results = measure(base, urls, args, ServerCPU(procs["web"], postgres))
        sampler.halt.set()
        sampler.join()
        sampler.samples.append(sampler.sample())
        mem = memory(procs)
        work = pipeline_summary(sampler.samples, pipeline_cpu(procs), before) if feeds else {}
    finally:
        stop(procs)
        if feeds:
            feed_server.communicate(timeout=30)
    report(results, mem, args, postgres)
    if work:
        print(
            f"\nWorkers (2 Celery workers, one task at a time each, and the scheduler) during the "
            f"{work['seconds']} s of load: {work['fetches']} fetches of the {len(feeds)} local "
            f"feeds, {work['stored']:,} articles stored, {work['through_every_step']:,} through "
            f"every step ({work['waiting_at_end']:,} on their way at the end), "
            f"{work['cpu_s']:.0f} s of CPU with their PostgreSQL backends ({work['cores']:.2f} "
            "cores)"
        )
    print(
        "Load average each minute: "
        + ", ".join(f"{x['s'] // 60}:{x['s'] % 60:02d} {x['load'][0]:.1f}" for x in sampler.samples)
    )
    slow = profile(data_dir, {r["endpoint"]: r["urls"] for r in results}) if args.profile else {}
    for name, lines in slow.items():
        print(f"\n{name}: " + "\n    ".join(lines))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "data": info,
                    "database": "postgresql" if postgres else "sqlite",
                    "results": results,
                    "memory": mem,
                    "pipeline": work,
                    "load_samples": sampler.samples,
                    "profile": slow,
                },
                indent=2,
                default=str,
            )
        )
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
        if created:
            drop_database(args.database_url)
    sys.exit(0 if all(r["ok"] for r in results) and mem["total"] < RSS_LIMIT else 1)


if __name__ == "__main__":
    main()
