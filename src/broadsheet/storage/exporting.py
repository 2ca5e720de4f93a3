"""`broadsheet export`: every article with the fields each concern adds (stories, intelligence…).

A concern adds fields by providing ``broadsheet.storage.<concern>.export`` with
``fields(article_ids) -> dict[int, dict]``; articles are exported in batches so memory stays flat.
``fields`` reads a batch in a fixed number of queries (one per table): the API's article endpoint
exports one article per request through here, and a test pins its query count.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from typing import Any

from broadsheet.storage.articles import export_rows

__all__ = ["export_all", "export_articles"]

EXPORTERS = (
    "broadsheet.storage.stories.export",
    "broadsheet.storage.intel.export",
    "broadsheet.storage.summaries.export",
)
BATCH = 500


def _exporters() -> list[Any]:
    return [importlib.import_module(name) for name in EXPORTERS]


def _merged(batch: list[dict[str, Any]], exporters: list[Any]) -> Iterator[dict[str, Any]]:
    ids = [row["id"] for row in batch]
    extras = [exporter.fields(ids) for exporter in exporters]
    for row in batch:
        for extra in extras:
            row.update(extra.get(row["id"], {}))
        yield row


def export_all() -> Iterator[dict[str, Any]]:
    """Yield every article as a dict with its base fields and every concern's fields."""
    exporters = _exporters()
    batch: list[dict[str, Any]] = []
    for row in export_rows():
        batch.append(row)
        if len(batch) >= BATCH:
            yield from _merged(batch, exporters)
            batch = []
    yield from _merged(batch, exporters)


def export_articles(ids: Sequence[int]) -> list[dict[str, Any]]:
    """Return the given articles, in the order given, with every concern's fields; unknown ids are left out."""
    by_id = {row["id"]: row for row in _merged(list(export_rows(ids)), _exporters())}
    return [by_id[i] for i in ids if i in by_id]
