"""Run the newsboat binary against a Broadsheet: its ``feedhq`` source speaks Google Reader.

newsboat 2.21 (Debian) logs in with ClientLogin, lists ``subscription/list`` and reads each
subscription from ``/reader/atom/<stream id>?n=<feedhq-min-items>``; marking read in its
interface posts ``edit-tag`` (one article) or ``mark-all-as-read`` (a feed). ``-x reload`` and
``-x print-unread`` run without a terminal; the interface is driven through a pseudo-terminal.
Everything lives in a temporary directory: configuration, cache, logs and ``HOME``.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

BINARY = shutil.which("newsboat")


class Newsboat:
    """One newsboat set up for one Broadsheet account, in its own directory."""

    def __init__(self, root: Path, base_url: str, username: str, password: str) -> None:
        self.root = root
        (root / "home").mkdir(parents=True, exist_ok=True)
        self.config = root / "config"
        self.config.write_text(
            "\n".join(
                [
                    'urls-source "feedhq"',
                    f'feedhq-url "{base_url}"',
                    f'feedhq-login "{username}"',
                    f'feedhq-password "{password}"',
                    "feedhq-min-items 100",
                    "feedhq-show-special-feeds no",  # they name feedhq.org itself
                    "bind-key j down",
                    "",
                ]
            )
        )
        self.cache = root / "cache.db"
        self.log = root / "newsboat.log"
        self.env = {
            "HOME": str(root / "home"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TERM": "xterm",
            "COLUMNS": "120",
            "LINES": "40",
        }

    def _args(self) -> list[str]:
        assert BINARY is not None
        return [
            BINARY,
            "-C", str(self.config),
            "-c", str(self.cache),
            "-u", str(self.root / "urls"),
            "-l", "6",
            "-d", str(self.log),
        ]  # fmt: skip

    def run(self, *commands: str) -> str:
        """Run ``newsboat -x <commands>`` and return what it printed."""
        done = subprocess.run(
            [*self._args(), "-x", *commands],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def cached_items(self) -> dict[str, tuple[str, bool]]:
        """Return newsboat's cached articles: guid -> (title, unread)."""
        with sqlite3.connect(self.cache) as db:
            rows = db.execute("SELECT guid, title, unread FROM rss_item WHERE deleted = 0")
            return {guid: (title, bool(unread)) for guid, title, unread in rows}

    def cached_feeds(self) -> list[str]:
        """Return the titles of the feeds newsboat holds."""
        with sqlite3.connect(self.cache) as db:
            return [row[0] for row in db.execute("SELECT title FROM rss_feed ORDER BY title")]

    def type_keys(self, keys: list[str], pause: float = 0.7) -> str:
        """Start the interface, type ``keys`` one by one, and return the screen output."""
        pid, fd = pty.fork()
        if pid == 0:  # the child: become newsboat
            os.execve(self._args()[0], self._args(), self.env)
        out = b""

        def pump(seconds: float) -> None:
            nonlocal out
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if ready:
                    try:
                        out += os.read(fd, 65536)
                    except OSError:
                        return

        pump(2.0)
        for key in keys:
            os.write(fd, key.encode())
            pump(pause)
        exited = _reap(pid, seconds=10.0)
        pump(0.2)
        os.close(fd)
        assert exited, "newsboat did not quit after the keys typed: " + out.decode()[-500:]
        return out.decode("utf-8", "replace")


def _reap(pid: int, seconds: float) -> bool:
    """Wait for the child to exit; kill it past ``seconds``. Return whether it exited itself."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return True
        time.sleep(0.1)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return False
