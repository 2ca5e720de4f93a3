"""Say in one line when a command failed because the data directory's disk is full or read-only.

SQLite reports a full disk as "database or disk is full" while writing, or as "disk I/O error"
when not even its shared-memory file fits; a read-only mount as "unable to open database file"
(a database in WAL mode must write beside itself even to read) or "attempt to write a readonly
database". The file cache and the secret key fail with ``OSError`` (``ENOSPC``, ``EROFS``). The
same messages can mean other things, so the directory itself is asked: how much space is free,
whether it is mounted read-only or cannot be written.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from pathlib import Path

from broadsheet.errors import (
    DataDirectoryError,
    DataDirectoryFullError,
    DataDirectoryReadOnlyError,
)

FULL_BELOW_BYTES = 1 << 20  # less free space than this, and a failed write means a full disk
_FULL = ("database or disk is full", "disk i/o error")
_READ_ONLY = ("readonly database", "unable to open database file", "disk i/o error")


def _where() -> Path:
    """The directory of the SQLite database when there is one, else the data directory."""
    settings = getattr(sys.modules.get("django.conf"), "settings", None)
    try:
        db = settings.DATABASES["default"] if settings is not None else {}
    except Exception:  # settings not configured yet
        db = {}
    if "sqlite" in str(db.get("ENGINE", "")) and db.get("NAME"):
        return Path(str(db["NAME"])).parent
    from broadsheet import config

    return config.get().data_path


def _free_bytes(path: Path) -> int | None:
    try:
        stat = os.statvfs(path)
    except OSError:
        return None
    return stat.f_bavail * stat.f_frsize


def _read_only(path: Path) -> bool:
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    database = path / "broadsheet.sqlite3"
    return not os.access(path, os.W_OK) or (database.exists() and not os.access(database, os.W_OK))


def _database_error(exc: BaseException) -> bool:
    django_db = sys.modules.get("django.db")
    return isinstance(exc, sqlite3.DatabaseError) or (
        django_db is not None and isinstance(exc, django_db.DatabaseError)
    )


def _file_error(exc: BaseException, where: Path) -> int | None:
    """The errno of an OSError about a file in ``where`` (not an input file, not stdout)."""
    if not isinstance(exc, OSError) or not exc.filename:
        return None
    inside = Path(os.fsdecode(exc.filename)).resolve().is_relative_to(where.resolve())
    return exc.errno if inside else None


def data_directory_problem(exc: BaseException) -> DataDirectoryError | None:
    """The typed error for a failure caused by a full or read-only data directory, else None."""
    database_error = _database_error(exc)
    if not database_error and not isinstance(exc, OSError):
        return None
    where = _where()
    code = _file_error(exc, where)
    text = str(exc).lower()
    free = _free_bytes(where)
    if code in (errno.ENOSPC, errno.EDQUOT) or (
        database_error and any(m in text for m in _FULL) and free is not None
        and free < FULL_BELOW_BYTES
    ):  # fmt: skip
        return DataDirectoryFullError(str(where))
    if code in (errno.EROFS, errno.EACCES) or (
        database_error and any(m in text for m in _READ_ONLY) and _read_only(where)
    ):
        return DataDirectoryReadOnlyError(str(where))
    return None
