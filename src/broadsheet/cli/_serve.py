"""Commands to run Broadsheet: migrate, starter, serve."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any


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
    from gunicorn.app.base import BaseApplication

    from broadsheet import config
    from broadsheet.site.wsgi import application

    class App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)

        def load(self) -> Any:
            return application

    scheduler = None
    if config.get().scheduler:
        scheduler = subprocess.Popen([sys.executable, "-m", "broadsheet", "refresh"])
    print(f"Broadsheet is serving http://{args.host}:{args.port}/", file=sys.stderr)
    try:
        App().run()
    finally:
        if scheduler is not None:
            scheduler.terminate()
            scheduler.wait(timeout=10)
    return 0
