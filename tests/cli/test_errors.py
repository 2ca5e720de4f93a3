"""User errors get one line and exit 1; bugs get one line and exit 70 (a traceback with --debug).

Each bad file is tried on both ``import-articles`` (JSON Lines) and ``import-opml``: unreadable
paths, binary garbage, JSON nested 100,000 deep (``json.loads`` raises RecursionError) and 900
deep (parses, but would fail later), broken, deeply nested and entity-laden OPML, an empty file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.cli import _search, main

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]

GOOD_LINE = '{"url": "https://news.example/a", "title": "Bridge", "text": "The bridge opens."}'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    '<opml><body><outline text="&b;" xmlUrl="https://a.example/"/></body></opml>'
)
FILES: dict[str, bytes | None] = {
    "missing": None,
    "directory": b"",
    "binary": bytes(range(256)) * 64,
    "deep-json": ("[" * 100_000 + "]" * 100_000 + "\n" + GOOD_LINE + "\n").encode(),
    "deep-parseable-json": (
        '{"url": "https://news.example/b", "text": "t", "x": ' + "[" * 900 + "]" * 900 + "}\n"
    ).encode(),
    "bad-opml": b"<opml><body><outline",
    "deep-opml": (
        '<?xml version="1.0"?><opml version="2.0"><body>'
        + '<outline text="f">' * 100_000
        + "</outline>" * 100_000
        + "</body></opml>"
    ).encode(),
    "entity-opml": LAUGHS.encode(),
    "empty": b"\n",
}
# (command, file) -> (exit code, words the output must hold)
EXPECTED = {
    ("import-articles", "missing"): (1, "broadsheet: error: cannot read"),
    ("import-articles", "directory"): (1, "broadsheet: error: cannot read"),
    ("import-articles", "binary"): (1, "broadsheet: skipped line 1: not valid JSON"),
    ("import-articles", "deep-json"): (
        0,
        "broadsheet: skipped line 1: JSON nested more than 32 levels deep",
    ),
    ("import-articles", "deep-parseable-json"): (
        1,
        "broadsheet: skipped line 1: JSON nested more than 32",
    ),
    ("import-articles", "bad-opml"): (1, "broadsheet: skipped line 1: not valid JSON"),
    ("import-articles", "deep-opml"): (1, "broadsheet: skipped line 1: not valid JSON"),
    ("import-articles", "entity-opml"): (1, "broadsheet: skipped line 1: not valid JSON"),
    ("import-articles", "empty"): (0, "0 articles imported, 0 updated, 0 rejected"),
    ("import-opml", "missing"): (1, "broadsheet: error: cannot read"),
    ("import-opml", "directory"): (1, "broadsheet: error: cannot read"),
    ("import-opml", "binary"): (1, "broadsheet: error: The OPML file is not valid XML"),
    ("import-opml", "deep-json"): (1, "broadsheet: error: The OPML file is not valid XML"),
    ("import-opml", "deep-parseable-json"): (
        1,
        "broadsheet: error: The OPML file is not valid XML",
    ),
    ("import-opml", "bad-opml"): (1, "broadsheet: error: The OPML file is not valid XML"),
    ("import-opml", "deep-opml"): (
        1,
        "broadsheet: error: The OPML file nests outlines more than 64",
    ),
    ("import-opml", "entity-opml"): (
        1,
        "broadsheet: error: The OPML file uses XML features refused",
    ),
    ("import-opml", "empty"): (1, "broadsheet: error: The OPML file is empty"),
}


def _file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"input-{kind}"
    content = FILES[kind]
    if kind == "directory":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(("command", "kind"), sorted(EXPECTED))
def test_bad_file_gets_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    code = main([command, str(_file(tmp_path, kind))])
    out, err = capsys.readouterr()
    expected_code, words = EXPECTED[command, kind]
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    assert code == expected_code and words in out + err, (code, out, err[-2000:])
    assert all(len(line) < 300 for line in err.splitlines() if line.startswith("broadsheet:"))
    if (command, kind) == ("import-articles", "deep-json"):
        assert "1 articles imported" in out  # the line after the deep one is still imported


def test_an_unexpected_error_is_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise ValueError("the index is upside down\nsecond line")

    monkeypatch.setattr(_search, "cmd_search", broken)
    assert main(["search", "x"]) == 70
    err = capsys.readouterr().err
    assert err == (
        "broadsheet: internal error: ValueError: the index is upside down (run "
        "`broadsheet --debug search ...` for the traceback, and please report it)\n"
    )
    with pytest.raises(ValueError, match="upside down"):
        main(["--debug", "search", "x"])


def test_a_database_error_is_one_line_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.db import OperationalError

    def broken(args: object) -> int:
        raise OperationalError("no such table: storage_feed")

    monkeypatch.setattr(_search, "cmd_search", broken)
    assert main(["search", "x"]) == 1
    assert capsys.readouterr().err == (
        "broadsheet: error: database: no such table: storage_feed (run `broadsheet migrate`)\n"
    )


def test_ctrl_c_while_the_commands_import_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from broadsheet.cli import _main

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_main, "_parser", interrupted)
    assert main(["feeds"]) == 130
    assert capsys.readouterr().err == "broadsheet: interrupted\n"
