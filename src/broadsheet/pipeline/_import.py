"""Import already-fetched articles from JSON Lines through the same pipeline as fetched ones.

Lines are taken in chunks: each chunk is validated, stored and taken through every step
before the next is read, so the import runs at the pipeline's own rate and an interruption
loses at most one chunk's work. A chunk's articles are stored with their work rows in one
transaction, so none is ever stored without its steps to come. Importing the same file again
resumes it: a line already stored unchanged whose work is done is skipped, one whose work was
cut short is taken through its steps again (they are idempotent).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from broadsheet.errors import ImportRecordError
from broadsheet.extract import paragraphs_html, sanitize_html
from broadsheet.pipeline._outlets import outlet_of
from broadsheet.pipeline._run import extract_articles
from broadsheet.pipeline.flow import FIRST
from broadsheet.storage import articles, work
from broadsheet.storage.articles import ImportedArticle
from broadsheet.storage.transactions import one_transaction
from broadsheet.untrusted import url_problem, xml_text

log = logging.getLogger(__name__)

KNOWN = {
    "url",
    "title",
    "text",
    "html",
    "published",
    "source",
    "source_url",
    "feed_url",
    "authors",
    "categories",
    "language",
    "image",
}


@dataclass
class ImportReport:
    """How many lines were imported, updated, skipped as already imported, or rejected (why)."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)


def parse_published(value: Any) -> tuple[datetime | None, str]:
    """Return a UTC datetime for a date or date-time value (naive means UTC) and the raw text."""
    if value in (None, ""):
        return None, ""
    raw = str(value).strip()
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = datetime.combine(date.fromisoformat(raw[:10]), datetime.min.time())
        except ValueError:
            raise ImportRecordError(f"'published' is not a date or date-time: {raw!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC), raw


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        return (xml_text(value),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(xml_text(v) for v in value)
    raise ImportRecordError(f"'{name}' must be a string or a list of strings")


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportRecordError(f"'{name}' must be a string, got {type(value).__name__}")
    return xml_text(value)


def _url(record: dict[str, Any], name: str, *, required: bool) -> str:
    value = _text(record, name).strip()
    if not value and not required:
        return ""
    problem = url_problem(value)
    if problem:
        raise ImportRecordError(f"'{name}' must be an absolute http(s) URL ({problem}): {value!r}")
    return value


def to_imported(record: Any) -> ImportedArticle:
    """Validate one decoded JSON record, raising ImportRecordError naming the bad field."""
    if not isinstance(record, dict):
        raise ImportRecordError("each line must be a JSON object")
    url = _url(record, "url", required=True)
    text, html = _text(record, "text"), _text(record, "html")
    if not text.strip() and not html.strip():
        raise ImportRecordError("the article needs 'text' or 'html'")
    published, raw = parse_published(record.get("published"))
    source = _text(record, "source").strip()
    source_url = _url(record, "source_url", required=False)
    return ImportedArticle(
        url=url,
        title=_text(record, "title").strip(),
        text=text.strip(),
        html=html,
        published=published,
        published_raw=raw,
        source=source,
        source_url=source_url,
        feed_url=_url(record, "feed_url", required=False),
        authors=_strings(record.get("authors"), "authors"),
        categories=_strings(record.get("categories"), "categories"),
        language=_text(record, "language"),
        image=_url(record, "image", required=False),
        extra={k: v for k, v in record.items() if k not in KNOWN},
        display_html=sanitize_html(html, url) if html.strip() else paragraphs_html(text.strip()),
        outlet=outlet_of(url, source_url, source),
    )


MAX_DEPTH = 32  # deepest nesting of arrays and objects one line may hold


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend(
                    (v, level + 1) for v in (item.values() if isinstance(item, dict) else item)
                )
    return deepest


def decode_line(line: str) -> Any:
    """Decode one JSON line, raising ImportRecordError if it is not JSON or nests too deeply.

    A line like ``[[[[...]]]]`` 100,000 deep makes ``json.loads`` raise RecursionError, and one
    just under the interpreter's limit would fail later when stored; both are refused here.
    """
    try:
        value = json.loads(line)
        too_deep = _depth(value) > MAX_DEPTH
    except json.JSONDecodeError as exc:
        raise ImportRecordError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        too_deep = True
    if too_deep:
        raise ImportRecordError(f"JSON nested more than {MAX_DEPTH} levels deep")
    return value


def _records(lines: Iterable[str]) -> Iterator[tuple[int, ImportedArticle | str]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, to_imported(decode_line(line))
        except ImportRecordError as exc:
            yield number, f"line {number}: {exc}"


Progress = Callable[[int, int], None]


def import_articles(
    lines: Iterable[str], progress: Progress | None = None, batch: int = 200
) -> ImportReport:
    """Store every valid line once and take it through every step; bad lines are reported, not fatal.

    ``progress(done, 0)`` counts the lines dealt with: rejected, skipped, or through every step.
    """
    report, done = ImportReport(), 0
    records = _records(lines)
    while chunk := list(islice(records, batch)):
        with one_transaction():  # a chunk is stored with its work rows, or not at all
            ids = _store_chunk(chunk, report)
            work.enter(ids, FIRST)
        base = done + len(chunk) - len(ids)  # lines of the chunk needing no pipeline work

        def step_progress(finished: int, _total: int, base: int = base) -> None:
            if progress:
                progress(base + finished, 0)

        if ids:
            extract_articles(ids, progress=step_progress)
        done += len(chunk)
        if progress:
            progress(done, 0)
    return report


def _store_chunk(chunk: list[tuple[int, ImportedArticle | str]], report: ImportReport) -> list[int]:
    """Store a chunk's new and changed articles; return the IDs with pipeline work to do."""
    valid = [item for _number, item in chunk if not isinstance(item, str)]
    earlier = articles.imported_already(valid)
    ids: list[int] = []
    for _number, item in chunk:
        if isinstance(item, str):
            report.rejected += 1
            report.problems.append(item)
            log.warning("import line rejected", extra={"problem": item})
            continue
        known = earlier.pop(item.url, None)  # popped: a repeated line is stored again
        if known is not None:
            article_id, unfinished = known
            report.skipped += not unfinished
            report.updated += unfinished
        else:
            article_id, created = articles.store_imported(item)
            report.created += created
            report.updated += not created
            unfinished = True
        report.ids.append(article_id)
        if unfinished:
            ids.append(article_id)
    return ids
