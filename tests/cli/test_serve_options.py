"""``broadsheet serve`` prints no line per request unless asked (``make run`` stays quiet)."""

from __future__ import annotations

from broadsheet.cli._main import _parser as build_parser
from broadsheet.cli._serve import gunicorn_options


def test_request_lines_are_off_by_default_and_on_with_access_log() -> None:
    quiet = gunicorn_options(build_parser().parse_args(["serve", "--port", "8123"]))
    assert "accesslog" not in quiet and quiet["bind"] == "127.0.0.1:8123"
    chatty = gunicorn_options(build_parser().parse_args(["serve", "--access-log"]))
    assert chatty["accesslog"] == "-"
