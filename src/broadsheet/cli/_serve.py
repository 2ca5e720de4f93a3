"""Commands to run Broadsheet: migrate, starter, serve."""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("migrate", help="create or upgrade the database tables")
    p.set_defaults(func=cmd_migrate, needs_tables=False)
    p = sub.add_parser("starter", help="load starter data into an empty database")
    p.set_defaults(func=cmd_starter)
    p = sub.add_parser("serve", help="serve the reader (and run the feed scheduler)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--access-log", action="store_true", help="print one line per request (off by default)"
    )
    p.set_defaults(func=cmd_serve, chatty=True)


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply database migrations."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_starter(args: argparse.Namespace) -> int:
    """Load the starter feeds (online) or the bundled demo corpus (offline) into an empty database."""
    from broadsheet.pipeline.starter import load_starter

    print(load_starter())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve with gunicorn; the scheduler runs beside it as a child process."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from broadsheet import config
    from broadsheet.pipeline.scheduler import resume
    from broadsheet.site.wsgi import application

    class App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for name, value in gunicorn_options(args).items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return application

    scheduler = None
    if config.get().scheduler:
        resume()  # a killed earlier serve's leases: its half-done work is taken up at once
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "broadsheet", "refresh"], preexec_fn=_die_with(os.getpid())
        )
    connections.close_all()  # gunicorn's forked workers must not share this process's connection
    print(f"Broadsheet is serving http://{args.host}:{args.port}/", file=sys.stderr)
    try:
        App().run()
    finally:
        if scheduler is not None:
            scheduler.terminate()
            scheduler.wait(timeout=10)
    return 0


def gunicorn_options(args: argparse.Namespace) -> dict[str, Any]:
    """Gunicorn's settings for ``serve``: request lines only with ``--access-log``."""
    options: dict[str, Any] = {
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        "threads": 4,
        "timeout": 60,
    }
    if getattr(args, "access_log", False):
        options["accesslog"] = "-"
    return options


def _die_with(parent: int) -> Callable[[], None] | None:
    """In the scheduler child (Linux): be sent SIGTERM when ``parent`` dies, even by kill -9.

    Without it a killed ``serve`` leaves its scheduler running, and the next ``serve`` starts a
    second one beside it.
    """
    if not sys.platform.startswith("linux"):
        return None

    def set_death_signal() -> None:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the signal was set
            os.kill(os.getpid(), signal.SIGTERM)

    return set_death_signal
