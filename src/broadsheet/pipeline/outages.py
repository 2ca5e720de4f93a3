"""Which failures are an outage of the database, the broker or the disk, not a bug in the work.

An outage (PostgreSQL restarting, Redis gone, SQLite's disk full or read-only) is waited out:
the work stays where it is (its lease expires and it is claimed again, or its task is retried)
and a long-running process logs one line and goes on with its next round. Any other failure is
a bug and is logged with its traceback.
"""

from __future__ import annotations

import errno
import logging
import sys

__all__ = ["database_errors", "is_outage", "report", "summary"]

_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def database_errors() -> tuple[type[BaseException], ...]:
    """Django's connection errors, and psycopg's (raised as themselves where code talks to
    psycopg directly) once psycopg is loaded: importing it costs a SQLite-only command 0.1 s."""
    from django.db import InterfaceError, OperationalError

    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return (OperationalError, InterfaceError)
    return (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


def _broker_errors() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = [ConnectionError]
    try:
        import redis
        from kombu.exceptions import OperationalError as KombuOperationalError
    except ImportError:
        return tuple(found)
    return (*found, redis.ConnectionError, redis.TimeoutError, KombuOperationalError)


_BROKER_ERRORS = _broker_errors()


def is_outage(exc: BaseException) -> bool:
    """Whether ``exc`` says the database, the broker or the disk is unavailable."""
    if isinstance(exc, database_errors() + _BROKER_ERRORS):
        return True
    return isinstance(exc, OSError) and exc.errno in _DISK_ERRNOS


def summary(exc: BaseException) -> str:
    """The error's type and the first line of its message, for a one-line log record."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:300]


def report(
    log: logging.Logger, what: str, exc: BaseException, then: str = "retrying next round"
) -> None:
    """Log that ``what`` failed: an outage in one line with the error, a bug with its traceback."""
    if is_outage(exc):
        log.warning(
            f"{what} failed: the database, the broker or the disk is unavailable; {then}",
            extra={"error": summary(exc)},
        )
    else:
        log.error(f"{what} failed; {then}", exc_info=exc)
