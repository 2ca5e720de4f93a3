"""A command that fails on a full or read-only data directory says so in one line (exit 1).

The directory's state is faked (free space, read-only flag); the errors are the ones SQLite and
the file cache raise there. tests/faults/test_disk_full.py does it on a real full tmpfs.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from django.db import OperationalError

from broadsheet.cli import _disk, main
from broadsheet.errors import DataDirectoryFullError, DataDirectoryReadOnlyError

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(_disk, "_where", lambda: tmp_path)
    return tmp_path


def _disk_state(monkeypatch: pytest.MonkeyPatch, *, free: int, read_only: bool) -> None:
    monkeypatch.setattr(_disk, "_free_bytes", lambda _: free)
    monkeypatch.setattr(_disk, "_read_only", lambda _: read_only)


@pytest.mark.parametrize(
    "exc",
    [
        OperationalError("database or disk is full"),
        sqlite3.OperationalError("disk I/O error"),
    ],
)
def test_a_database_error_on_a_full_disk_is_a_full_data_directory(
    exc: BaseException, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _disk_state(monkeypatch, free=4096, read_only=False)
    problem = _disk.data_directory_problem(exc)
    assert isinstance(problem, DataDirectoryFullError)
    assert str(problem) == f"the data directory {data_dir} is full: free space there and run again"


def test_the_same_message_with_space_left_is_not_blamed_on_the_disk(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _disk_state(monkeypatch, free=10 << 30, read_only=False)
    assert _disk.data_directory_problem(sqlite3.OperationalError("disk I/O error")) is None


@pytest.mark.parametrize(
    "message", ["unable to open database file", "attempt to write a readonly database"]
)
def test_a_database_error_on_a_read_only_directory_says_read_only(
    message: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _disk_state(monkeypatch, free=10 << 30, read_only=True)
    problem = _disk.data_directory_problem(OperationalError(message))
    assert isinstance(problem, DataDirectoryReadOnlyError)
    assert str(problem).startswith(f"the data directory {data_dir} is read-only: ")


def test_file_errors_count_only_inside_the_data_directory(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _disk_state(monkeypatch, free=0, read_only=False)
    inside = OSError(errno.ENOSPC, "No space left on device", str(data_dir / "cache" / "x"))
    assert isinstance(_disk.data_directory_problem(inside), DataDirectoryFullError)
    read_only = OSError(errno.EROFS, "Read-only file system", str(data_dir / "secret_key"))
    assert isinstance(_disk.data_directory_problem(read_only), DataDirectoryReadOnlyError)
    # an input file the user named, or stdout, is not the data directory's problem
    elsewhere = OSError(errno.EACCES, "Permission denied", "/etc/feeds.opml")
    assert _disk.data_directory_problem(elsewhere) is None
    assert _disk.data_directory_problem(OSError(errno.ENOSPC, "No space left")) is None
    assert _disk.data_directory_problem(ValueError("database or disk is full")) is None


def test_a_command_prints_one_line_and_exits_1(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _disk_state(monkeypatch, free=0, read_only=False)

    def full(*_: object, **__: object) -> None:
        raise OperationalError("database or disk is full")

    monkeypatch.setattr("broadsheet.pipeline.subscribe", full)
    code = main(["add", "--no-refresh", "http://127.0.0.1:9/feed.xml"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"broadsheet: error: the data directory {data_dir} is full: free space there and run "
        "again\n"
    )
