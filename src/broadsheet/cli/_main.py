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
    from broadsheet.cli import _articles, _feeds, _search, _serve, _stories, _tokens

    parser = argparse.ArgumentParser(prog="broadsheet", description="Broadsheet news reader.")
    parser.add_argument("--version", action="version", version=f"broadsheet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (_feeds, _articles, _stories, _search, _tokens, _serve):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors print one clear line and exit non-zero."""
    args = _parser().parse_args(argv)
    try:
        if getattr(args, "needs_db", True):
            setup_django()
        else:
            from broadsheet import config
            from broadsheet.logs import logging_config

            cfg = config.get()
            logging.config.dictConfig(logging_config(cfg.log_level, cfg.log_format))
        if not getattr(args, "chatty", False) and "BROADSHEET_LOG_LEVEL" not in os.environ:
            # One-shot commands report in their own words; only problems are logged.
            logging.getLogger().setLevel(logging.WARNING)
        result: int = args.func(args)
        return result
    except BrokenPipeError:  # e.g. `broadsheet export | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except BroadsheetError as exc:
        print(f"broadsheet: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("broadsheet: interrupted", file=sys.stderr)
        return 130

