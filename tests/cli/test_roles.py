"""`broadsheet worker` and `broadsheet scheduler` fail in one line when what they need is missing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "broadsheet"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens there once the socket is closed


def _run(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    env.update(BROADSHEET_DATA_DIR=str(tmp_path / "data"), **settings)
    return subprocess.run(
        [str(BIN), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    ("args", "settings", "says"),
    [
        (("worker",), {}, "set BROADSHEET_BROKER_URL"),
        (("scheduler",), {}, "set BROADSHEET_BROKER_URL"),
        (
            ("worker",),
            {"BROADSHEET_BROKER_URL": "redis://127.0.0.1:{port}/0"},
            "cannot reach the broker",
        ),
        (
            ("scheduler",),
            {"BROADSHEET_BROKER_URL": "redis://127.0.0.1:{port}/0"},
            "cannot reach the broker",
        ),
        (
            ("worker",),
            {
                "BROADSHEET_BROKER_URL": "redis://127.0.0.1:6379/0",
                "BROADSHEET_DATABASE_URL": "postgresql://u:p@127.0.0.1:{port}/db",
            },
            "database: connection failed",
        ),
        (("worker", "--concurrency", "0"), {}, "--concurrency must be at least 1"),
        (
            ("scheduler", "--interval", "10", "--lock-seconds", "5"),
            {"BROADSHEET_BROKER_URL": "redis://127.0.0.1:{port}/0"},
            "--lock-seconds must be longer",
        ),
    ],
)
def test_one_line_and_exit_1(
    tmp_path: Path, args: tuple[str, ...], settings: dict[str, str], says: str
) -> None:
    port = str(_closed_port())
    done = _run(tmp_path, *args, **{k: v.format(port=port) for k, v in settings.items()})
    lines = [line for line in done.stderr.splitlines() if not line.startswith("Created a new")]
    assert done.returncode == 1, done.stderr
    assert len(lines) == 1 and says in lines[0] and lines[0].startswith("broadsheet: error:"), lines
    assert "Traceback" not in done.stderr


def test_help_names_the_roles(tmp_path: Path) -> None:
    done = _run(tmp_path, "--help")
    assert "worker" in done.stdout and "scheduler" in done.stdout
    worker = _run(tmp_path, "worker", "--help").stdout
    assert "--concurrency" in worker and "--queues" in worker
