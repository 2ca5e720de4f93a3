"""The command-line contract: each command's output, and one clear line on error."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from broadsheet.cli import main
from broadsheet.storage.models import Article, Feed
from tests.support.server import LocalServer
from tests.support.shared import FIXTURES, require

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _jsonl(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


ARTICLE = {
    "url": "https://news.example/a?utm_source=x",
    "title": "Council approves new bridge",
    "text": "The council approved the bridge on Monday.\n\nWork starts in spring, officials said.",
    "published": "2026-11-20",
    "source": "Example News",
    "wire": "kept",
}


def test_import_then_export_keeps_every_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = ARTICLE | {"url": "https://news.example/b", "published": "2026-11-21T09:30:00+01:00"}
    path = _jsonl(
        tmp_path,
        [ARTICLE, "not json", {"url": "ftp://x", "text": "t"}, {"title": "no url"}, second],
    )
    code, out, err = run(capsys, "import-articles", str(path))
    assert code == 0 and "2 articles imported" in out and "3 rejected" in out
    assert "line 2: not valid JSON" in err and "line 3" in err and "'url'" in err
    code, out, _ = run(capsys, "export")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["title"] for r in rows] == ["Council approves new bridge"] * 2
    first = rows[0]
    assert first["published"] == "2026-11-20T00:00:00+00:00" and first["source"] == "Example News"
    assert first["text"].startswith("The council approved") and "\n\n" in first["text"]
    assert first["extra"] == {"wire": "kept"} and first["content_source"] == "import"
    assert rows[1]["published"] == "2026-11-21T08:30:00+00:00"
    for key in ("url", "authors", "language", "image", "html", "embeds", "categories"):
        assert key in first


def test_import_is_idempotent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _jsonl(tmp_path, [ARTICLE])
    run(capsys, "import-articles", str(path))
    code, out, _ = run(capsys, "import-articles", str(path))
    assert code == 0 and "0 articles imported, 0 updated, 0 rejected, 1 already imported" in out
    assert Article.objects.count() == 1


def test_import_puts_an_article_in_the_feed_it_names_when_this_instance_follows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from broadsheet.storage.feeds import add_feed

    feed_id, _ = add_feed("https://news.example/rss.xml", title="Example News")
    known = ARTICLE | {"feed_url": "https://news.example/rss.xml"}
    unknown = ARTICLE | {"url": "https://news.example/b", "feed_url": "https://other.example/f"}
    run(capsys, "import-articles", str(_jsonl(tmp_path, [known, unknown])))
    by_url = {a.url: a for a in Article.objects.all()}
    assert by_url["https://news.example/a?utm_source=x"].feed_id == feed_id
    assert by_url["https://news.example/b"].feed_id is None  # never subscribes to a feed
    assert by_url["https://news.example/b"].extra == {"wire": "kept"}  # not kept as an extra
    _, out, _ = run(capsys, "export")
    exported = {json.loads(line)["url"]: json.loads(line) for line in out.splitlines()}
    assert exported["https://news.example/a?utm_source=x"]["feed_url"] == known["feed_url"]


def test_missing_file_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "import-articles", "/nonexistent.jsonl")
    assert (
        code == 1
        and err.strip().startswith("broadsheet: error: cannot read")
        and len(err.splitlines()) == 1
    )


def test_extract_many_files_as_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = sorted(require(FIXTURES / "pages" / "wcxb").glob("*.html.gz"))[:12]
    code, out, _ = run(capsys, "extract", *map(str, pages), "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 12
    for row in rows:
        assert {
            "url",
            "title",
            "authors",
            "published",
            "language",
            "image",
            "text",
            "html",
            "embeds",
        } <= set(row)
        assert len(row["text"]) > 200


def test_extract_reports_bad_inputs_but_extracts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.html"
    page = sorted(require(FIXTURES / "pages" / "wcxb").glob("*.html.gz"))[0]
    good.write_bytes(gzip.decompress(page.read_bytes()))
    code, out, err = run(
        capsys, "extract", str(good), str(tmp_path / "missing.html"), "--format", "json"
    )
    data = json.loads(out)
    assert code == 1 and len(data) == 2 and data[0]["text"] and "error" in data[1]
    assert "missing.html" in err


def test_add_discovers_feed_from_home_page_and_refreshes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed = require(FIXTURES / "feeds" / "publishers" / "bbc.rss.xml").read_bytes()
    with LocalServer() as server:
        server.route(
            "/",
            body=b'<html><head><link rel="alternate" type="application/rss+xml" '
            b'href="/news/rss.xml"></head><body>Home</body></html>',
            headers={"Content-Type": "text/html"},
        )
        server.route("/news/rss.xml", body=feed, headers={"Content-Type": "application/rss+xml"})
        code, out, _ = run(capsys, "add", server.url("/"), "--category", "News/UK")
        assert code == 0 and "subscribed to feed" in out and "new items" in out
        assert Feed.objects.get().url == server.url("/news/rss.xml")
        code, out, _ = run(capsys, "add", server.url("/news/rss.xml"), "--no-refresh")
        assert "already subscribed" in out
        code, out, _ = run(capsys, "export-opml")
        assert 'text="UK"' in out and server.url("/news/rss.xml") in out
        code, out, _ = run(capsys, "feeds", "--format", "json")
        rows = json.loads(out)
        assert rows[0]["health"] == "ok" and rows[0]["articles"] > 10


def test_add_page_without_feed_explains(capsys: pytest.CaptureFixture[str]) -> None:
    with LocalServer() as server:
        server.route(
            "/",
            body=b"<html><body>No feeds here</body></html>",
            headers={"Content-Type": "text/html"},
        )
        code, _, err = run(capsys, "add", server.url("/"))
    assert code == 1 and "links to no RSS, Atom or JSON feed" in err
    assert Feed.objects.count() == 0


def test_refresh_unknown_feed_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "refresh", "--feed", "42")
    assert code == 1 and "no feed with id 42" in err


def test_opml_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opml = require(FIXTURES / "opml" / "awesome-rss-feeds_United_Kingdom.opml")
    code, out, _ = run(capsys, "import-opml", str(opml))
    assert code == 0 and "feeds added" in out
    _, exported, _ = run(capsys, "export-opml")
    again = tmp_path / "again.opml"
    again.write_text(exported)
    code, out, _ = run(capsys, "import-opml", str(again))
    assert "0 feeds added" in out


def test_bad_opml_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    code, _, err = run(capsys, "import-opml", str(bad))
    assert code == 1 and err.startswith("broadsheet: error:") and len(err.strip().splitlines()) == 1


def test_extract_runs_as_a_real_process_without_a_database(tmp_path: Path) -> None:
    import subprocess
    import sys

    pages = sorted(require(FIXTURES / "pages" / "wcxb").glob("*.html.gz"))[:10]
    env = {"PATH": "/usr/bin:/bin", "BROADSHEET_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "broadsheet", "extract", *map(str, pages)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 10
    assert not (tmp_path / "broadsheet.sqlite3").exists()
