"""`broadsheet reindex` and `broadsheet search` (the lead registers them in cli/_main.py)."""

from __future__ import annotations

import argparse
import json

import pytest

from broadsheet.cli import _search
from broadsheet.pipeline import import_articles

pytestmark = pytest.mark.django_db


def test_reindex_then_search(capsys: pytest.CaptureFixture[str]) -> None:
    import_articles(
        [
            json.dumps(
                {
                    "url": "https://n.example/1",
                    "title": "Tram line opens",
                    "text": "The tram runs.",
                    "source": "Example News",
                }
            )
        ]
    )
    assert _search.cmd_reindex(argparse.Namespace()) == 0
    assert "Indexed 1 articles" in capsys.readouterr().out
    args = argparse.Namespace(query="tram", source="", language="", limit=5)
    assert _search.cmd_search(args) == 0
    out = capsys.readouterr()
    assert "Example News\tTram line opens" in out.out and "1 matches" in out.err


def test_register_adds_both_commands() -> None:
    parser = argparse.ArgumentParser()
    _search.register(parser.add_subparsers())
    assert parser.parse_args(["search", "x", "--limit", "3"]).limit == 3
    assert parser.parse_args(["reindex"]).func is _search.cmd_reindex
