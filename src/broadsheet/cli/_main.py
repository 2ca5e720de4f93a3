"""Argument parsing and error handling shared by every command."""

from __future__ import annotations

import argparse
import logging
import logging.config
import os
import sys
from collections.abc import Callable, Sequence

from broadsheet import __version__
from broadsheet.errors import BroadsheetError

Command = Callable[[argparse.Namespace], int]


def setup_django() -> None:
    """Configure Django (settings from BROADSHEET_*) for commands that use the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.site.settings")
    import django

    django.setup()


def _parser() -> argparse.ArgumentParser:
    from broadsheet.cli import (
        _articles,
        _feeds,
        _roles,
        _search,
        _serve,
        _status,
        _stories,
        _tokens,
        _users,
    )

    parser = argparse.ArgumentParser(prog="broadsheet", description="Broadsheet news reader.")
    parser.add_argument("--version", action="version", version=f"broadsheet {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="show the full traceback when a command fails unexpectedly",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (
        _feeds,
        _articles,
        _stories,
        _search,
        _tokens,
        _users,
        _serve,
        _roles,
        _status,
    ):
        module.register(sub)
    return parser


def _prepare(args: argparse.Namespace) -> None:
    """Set up Django and the tables (or logging alone) for the command about to run."""
    if getattr(args, "needs_db", True):
        setup_django()
        if getattr(args, "needs_tables", True):
            from broadsheet.pipeline import prepare_tables

            created = prepare_tables()
            if created:
                print(created, file=sys.stderr)
    else:
        from broadsheet import config
        from broadsheet.logs import logging_config

        cfg = config.get()
        logging.config.dictConfig(logging_config(cfg.log_level, cfg.log_format))
    if not getattr(args, "chatty", False) and "BROADSHEET_LOG_LEVEL" not in os.environ:
        # One-shot commands report in their own words; only problems are logged.
        logging.getLogger().setLevel(logging.WARNING)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _unexpected(exc: Exception, args: argparse.Namespace) -> int:
    """One line for an error no command handles: a full or read-only data directory or another
    database problem (1), or a bug (70)."""
    from broadsheet.cli._disk import data_directory_problem

    problem = data_directory_problem(exc)
    if problem is not None:
        print(f"broadsheet: error: {problem}", file=sys.stderr)
        return 1
    db, django_errors = sys.modules.get("django.db"), sys.modules.get("django.core.exceptions")
    if db is not None and isinstance(exc, db.DatabaseError):
        missing = any(w in str(exc) for w in ("no such table", "no such column", "does not exist"))
        hint = "run `broadsheet migrate`" if missing else "check BROADSHEET_DATABASE_URL"
        print(f"broadsheet: error: database: {_first_line(exc)} ({hint})", file=sys.stderr)
        return 1
    if django_errors is not None and isinstance(exc, django_errors.ImproperlyConfigured):
        print(f"broadsheet: error: configuration: {_first_line(exc)}", file=sys.stderr)
        return 1
    print(
        f"broadsheet: internal error: {type(exc).__name__}: {_first_line(exc)[:200]} "
        f"(run `broadsheet --debug {args.command} ...` for the traceback, and please report it)",
        file=sys.stderr,
    )
    return 70


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors print one clear line and exit non-zero (--debug: a traceback)."""
    try:
        return _run(_parser().parse_args(argv))  # Ctrl-C may come while the commands import
    except KeyboardInterrupt:
        print("broadsheet: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    try:
        _prepare(args)
        result: int = args.func(args)
        return result
    except BrokenPipeError:  # e.g. `broadsheet export | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except BroadsheetError as exc:
        print(f"broadsheet: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            raise
        return _unexpected(exc, args)
