"""Keeping the instance's database usable: its tables made or checked before a command runs, and
every stored article written out in the form ``import_articles`` reads back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from broadsheet.storage import exporting, schema

__all__ = ["export_all", "prepare_tables"]


def prepare_tables() -> str:
    """Create the tables of a new database and return the line saying so ("" when they exist);
    raise BroadsheetError saying what to run when the database needs migrating."""
    return schema.prepare()


def export_all() -> Iterator[dict[str, Any]]:
    """Yield every stored article as a dict of its fields and every concern's (story, people,
    hashtags, summary), id order, in batches so memory stays flat."""
    return exporting.export_all()
