"""Stored summaries and answers: read the ones still valid, write new ones, read their sources.

A stored result is valid while its sources' key (``keys.py``: ids, outlets, titles and change
stamps of the source articles, never their text) is unchanged, for the method it was made
with (``extractive`` or ``llm:<model>``), so a hit reads two small rows. Results are made
elsewhere (the pipeline's ``summarize`` step and its background writer, the reading layer's
answers) and stored here as the JSON the summarizer writes (the summarize package's ``to_json``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from broadsheet.storage.models import Article
from broadsheet.storage.summaries.models import CachedSummary

__all__ = [
    "EXTRACTIVE",
    "SourceText",
    "hits",
    "method_for",
    "outlet_names",
    "save",
    "short_lock_wait",
    "sources",
    "stored",
]

log = logging.getLogger(__name__)
EXTRACTIVE = "extractive"
WRITE_WAIT_MS = 200  # how long a request (not a background job) waits for SQLite's write lock


def method_for(model: str | None) -> str:
    """The stored method of results made by the model ``model`` (None: the offline method)."""
    return f"llm:{model}"[:120] if model else EXTRACTIVE


@dataclass(frozen=True)
class SourceText:
    """One article as a summary is made from it: id, body text, title and outlet name."""

    article_id: int
    text: str
    title: str
    outlet: str


def sources(article_ids: Iterable[int]) -> list[SourceText]:
    """The existing articles among ``article_ids``, in the given order."""
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    rows = (
        Article.objects.select_related("source")
        .only("id", "title", "text", "source__name", "source__domain")
        .in_bulk(ids)
    )
    out = []
    for i in ids:
        if (a := rows.get(i)) is not None:
            outlet = (a.source.name or a.source.domain) if a.source is not None else ""
            out.append(SourceText(a.id, a.text or "", a.title or "", outlet))
    return out


def outlet_names(article_ids: Iterable[int]) -> dict[int, str]:
    """``{article id: outlet name}`` for the existing articles among ``article_ids`` (no text read)."""
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    rows = Article.objects.filter(id__in=ids).values_list("id", "source__name", "source__domain")
    return {i: name or domain or "" for i, name, domain in rows}


@cache
def _hits_sql(methods: int) -> str:
    q = connection.ops.quote_name
    marks = ", ".join(["%s"] * methods)
    return (
        f"SELECT {q('method')}, {q('content_hash')}, {q('payload')} "
        f"FROM {q(CachedSummary._meta.db_table)} "
        f"WHERE {q('kind')} = %s AND {q('key')} = %s AND {q('method')} IN ({marks})"
    )


def hits(kind: str, key: str, methods: Sequence[str], source_key: str) -> dict[str, dict[str, Any]]:
    """``{method: payload}`` of the stored results still valid under ``source_key`` (one query).

    Hand-written SQL: this runs on every page view, and the ORM's query building costs about
    20 times the query itself.
    """
    with connection.cursor() as cursor:
        cursor.execute(_hits_sql(len(methods)), [kind, key, *methods])
        rows = cursor.fetchall()
    out = {}
    for method, stored_key, raw in rows:
        payload = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
        if stored_key == source_key and isinstance(payload, dict):
            out[method] = payload
    return out


def stored(kind: str, wanted: dict[str, str], method: str = EXTRACTIVE) -> dict[str, Any]:
    """``{key: payload}`` of the results among ``wanted`` (``{key: sources' key}``) still valid."""
    rows = CachedSummary.objects.filter(kind=kind, method=method, key__in=list(wanted)).values_list(
        "key", "content_hash", "payload"
    )
    return {key: payload for key, source_key, payload in rows if wanted.get(key) == source_key}


@contextmanager
def short_lock_wait() -> Iterator[None]:
    """On SQLite, wait at most ``WRITE_WAIT_MS`` for the write lock instead of the usual 30 s.

    For writes made while a reader waits (a request); background jobs take the usual wait.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {int(WRITE_WAIT_MS)}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


def save(kind: str, key: str, method: str, source_key: str, payload: dict[str, Any]) -> bool:
    """Store a result (its JSON) in one upsert; False (logged, not raised) when the write failed."""
    row = CachedSummary(
        kind=kind,
        key=key,
        method=method,
        content_hash=source_key,
        payload=payload,
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            CachedSummary.objects.bulk_create(
                [row],
                update_conflicts=True,
                unique_fields=["kind", "key", "method"],
                update_fields=["content_hash", "payload", "created_at"],
            )
    except IntegrityError:
        pass  # a concurrent writer stored the same result first
    except OperationalError as exc:  # the write lock stayed busy
        log.info("summary not stored", extra={"kind": kind, "key": key, "error": str(exc)})
        return False
    return True
