"""Group several storage calls into one database transaction (all or nothing)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from django.db import transaction

__all__ = ["one_transaction"]


def one_transaction() -> AbstractContextManager[Any]:
    """Return a context manager committing everything inside it at once, or nothing on error."""
    return transaction.atomic()
