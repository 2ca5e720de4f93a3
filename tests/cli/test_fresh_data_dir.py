"""Every command, run as a real process on a data directory nobody set up, answers in plain words.

The commands are read from the argparse parser, so a new command is covered the day it is
added: each runs once as is and once per flag and per choice of its options, each on its own
empty data directory. A command may fail (there is nothing to list yet) but only with one line
and exit code 1; a traceback, an "internal error" (exit 70) or any other code fails the test.
Commands that run until stopped (``serve``, ``refresh`` without ``--once``) must still be
running after their start-up and stop cleanly on Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from broadsheet.cli._main import _parser
from broadsheet.storage.schema import SchemaState, decide

pytestmark = pytest.mark.slow

ONE_SHOT_SECONDS = 120
FOREVER_SECONDS = 60  # the most a long-running command may take to start on a loaded machine


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))
            return
    yield path, parser


def _positional(action: argparse.Action, missing: Path) -> str:
    if action.type is int:
        return "1"
    if action.type is Path or action.dest in {"file", "inputs"}:
        return str(missing)
    if action.dest == "url":
        return "http://127.0.0.1:9/feed"  # nothing listens on the discard port
    return "x"


def variants(missing: Path) -> list[list[str]]:
    """Each command as is, then with each of its flags and each choice of its options."""
    found: list[list[str]] = []
    for path, sub in _commands(_parser()):
        positional = [
            _positional(a, missing) for a in sub._actions if not a.option_strings and a.nargs != 0
        ]
        found.append([*path, *positional])
        for action in sub._actions:
            if isinstance(action, argparse._StoreTrueAction) and action.dest != "help":
                found.append([*path, action.option_strings[0], *positional])
            for choice in action.choices or ():
                if action.option_strings and choice != action.default:
                    found.append([*path, action.option_strings[0], str(choice), *positional])
    return [*found, ["refresh", "--feed", "1"]]


def runs_forever(argv: list[str]) -> bool:
    return argv[0] == "serve" or (argv[0] == "refresh" and not {"--once", "--feed"} & set(argv))


@dataclass
class Ran:
    argv: list[str]
    code: int | None  # None: still running when stopped
    stdout: str
    stderr: str


def _env(data_dir: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("BROADSHEET_", "DJANGO_"))}
    return keep | {
        "BROADSHEET_DATA_DIR": str(data_dir),
        "BROADSHEET_STARTER": "offline",
        "BROADSHEET_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
        "BROADSHEET_FETCH_TIMEOUT": "2",
    }


def _free_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


READY = ("Broadsheet is serving", "polling due feeds")  # what a long-running command says once up


def run(argv: list[str], data_dir: Path) -> Ran:
    """Run ``broadsheet argv`` in its own process group; stop a long-running one with Ctrl-C
    once it says it is up (or after FOREVER_SECONDS)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    full = [*argv, "--port", _free_port()] if argv[0] == "serve" else argv
    out, err = data_dir / "stdout", data_dir / "stderr"
    with out.open("w") as o, err.open("w") as e:
        proc = subprocess.Popen(
            [sys.executable, "-m", "broadsheet", *full],
            cwd=data_dir,
            env=_env(data_dir),
            stdin=subprocess.DEVNULL,
            stdout=o,
            stderr=e,
            start_new_session=True,
        )
        code = _wait(proc, err) if runs_forever(argv) else proc.wait(ONE_SHOT_SECONDS)
    return Ran(argv, code, out.read_text(), err.read_text())


def _wait(proc: subprocess.Popen[bytes], err: Path) -> int | None:
    """Wait until the command is up, then interrupt it: None if it was still running."""
    deadline = time.monotonic() + FOREVER_SECONDS
    while proc.poll() is None and time.monotonic() < deadline:
        if any(word in err.read_text() for word in READY):
            time.sleep(1.0)  # let it get on with its first round of work
            break
        time.sleep(0.2)
    if proc.poll() is not None:
        return proc.returncode
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return None


def test_every_command_is_enumerated() -> None:
    names = {v[0] for v in variants(Path("missing"))}
    assert {
        "feeds",
        "export-opml",
        "refresh",
        "export",
        "stories",
        "search",
        "token",
        "recluster",
        "reindex",
        "import-articles",
        "import-opml",
        "serve",
        "migrate",
    } <= names
    assert ["feeds", "--format", "json"] in variants(Path("missing"))
    assert ["token", "list", "x"] in variants(Path("missing"))


def test_every_command_on_a_fresh_data_directory(tmp_path: Path) -> None:
    todo = variants(tmp_path / "missing-file")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda ia: run(ia[1], tmp_path / f"d{ia[0]}"), enumerate(todo)))
    problems = []
    for r in results:
        shown = f"broadsheet {' '.join(r.argv)} -> {r.code}: {r.stderr[-600:]!r}"
        if "Traceback" in r.stderr or "internal error" in r.stderr:
            problems.append(shown)
        elif runs_forever(r.argv):
            if r.code is not None or "Created a new database" not in r.stderr:
                problems.append(f"{shown} (should have set up, then kept running)")
        elif r.code not in (0, 1):
            problems.append(shown)
        elif r.code == 1 and "broadsheet: error: " not in r.stderr:
            problems.append(f"{shown} (failed without saying why)")
    assert not problems, "\n".join(problems)


def test_the_tables_are_created_once_and_quietly(tmp_path: Path) -> None:
    first = run(["export-opml"], tmp_path)
    assert first.code == 0
    assert first.stderr.strip() == f"Created a new database at {tmp_path / 'broadsheet.sqlite3'}."
    again = run(["feeds", "--format", "json"], tmp_path)
    assert again.code == 0 and again.stderr == ""


def test_an_upgraded_database_is_not_migrated_behind_the_operators_back(tmp_path: Path) -> None:
    assert run(["migrate"], tmp_path).code == 0
    with sqlite3.connect(tmp_path / "broadsheet.sqlite3") as db:
        db.execute(
            "DELETE FROM django_migrations WHERE id = (SELECT MAX(id) FROM django_migrations)"
        )
    ran = run(["feeds"], tmp_path)
    assert ran.code == 1
    assert ran.stderr.strip().endswith(
        "needs 1 migration(s) for this version of Broadsheet: "
        "back it up, then run `broadsheet migrate`"
    )


@pytest.mark.parametrize(
    ("state", "action", "words"),
    [
        (
            SchemaState("sqlite", "/d/b.sqlite3", new=True, pending=40),
            "create",
            "Created a new database at /d/b.sqlite3.",
        ),
        (
            SchemaState("postgresql", "news on db", new=True, pending=40),
            "refuse",
            "has no tables yet: run `broadsheet migrate`",
        ),
        (
            SchemaState("sqlite", "/d/b.sqlite3", new=False, pending=2),
            "refuse",
            "needs 2 migration",
        ),
        (SchemaState("postgresql", "news on db", new=False, pending=0), "ready", ""),
    ],
)
def test_what_to_do_with_the_database(state: SchemaState, action: str, words: str) -> None:
    decided, message = decide(state)
    assert decided == action and words in message
