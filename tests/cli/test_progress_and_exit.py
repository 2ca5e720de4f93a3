"""Long commands show a bar with a total (so tqdm can give an ETA); a failed refresh exits 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadsheet.cli import _articles, _feeds, _progress
from broadsheet.cli._main import main
from tests.support.server import LocalServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[int, int]]]:
    """Record every bar's (done, total) updates by description."""
    seen: dict[str, list[tuple[int, int]]] = {}

    def fake(description: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
        calls = seen.setdefault(description, [])
        return (lambda done, total: calls.append((done, total))), (lambda: None)

    monkeypatch.setattr(_progress, "bar", fake)
    monkeypatch.setattr(_articles, "bar", fake)
    monkeypatch.setattr(_feeds, "bar", fake)
    return seen


def _jsonl(path: Path, n: int) -> Path:
    lines = [
        json.dumps(
            {
                "url": f"https://news.example/{i}",
                "title": f"Story number {i} about trams",
                "text": f"Article {i} says the tram line {i} opens soon.",
                "source": "Example News",
            }
        )
        for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n\n")
    return path


def test_import_reindex_and_recluster_count_up_to_their_total(
    tmp_path: Path, bars: dict[str, list[Any]]
) -> None:
    assert _progress.count_lines(_jsonl(tmp_path / "a.jsonl", 3)) == 3
    assert main(["import-articles", str(tmp_path / "a.jsonl")]) == 0
    assert bars["articles"][-1] == (3, 3)
    bars.clear()
    assert main(["reindex"]) == 0
    assert bars["articles"][-1] == (3, 3)
    bars.clear()
    assert main(["recluster"]) == 0
    assert bars["articles"][-1] == (3, 3)


def test_refresh_once_exits_non_zero_when_feeds_fail(
    capsys: pytest.CaptureFixture[str], bars: dict[str, list[Any]]
) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        "<link>http://127.0.0.1/</link></channel></rss>"
    )
    with LocalServer() as server:
        server.route("/feed.xml", body=rss, headers={"Content-Type": "application/rss+xml"})
        assert main(["add", server.url("/feed.xml"), "--no-refresh"]) == 0
        server.route("/feed.xml", status=500, body="down")  # the feed breaks
        capsys.readouterr()
        assert main(["refresh", "--once"]) == 1
    err = capsys.readouterr().err
    assert "1 failed" in err and "1 feed failed to refresh" in err
    assert bars["feeds"][-1] == (1, 1)
