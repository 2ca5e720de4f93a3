"""Fast writes for the refresh hot path: one statement for many rows, values adapted once per type.

Django's ``bulk_create`` and ``update`` spend most of their time preparing each value and
building each statement through several layers (about 4.7 ms for 20 feed items, 1 ms for one
feed's UPDATE here); feed refresh writes thousands of rows a minute.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.models.fields import AutoFieldMixin

_ADAPTED = {"JSONField", "DateTimeField", "DateField", "BinaryField", "DecimalField", "UUIDField"}
_MAX_PARAMS = 30000  # SQLite allows 32,766 parameters a statement


def _adapter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    if field.get_internal_type() in _ADAPTED:
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def bulk_insert(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows given as {attname: value}, missing columns defaulted; return their ids in order."""
    return [row[0] for row in _insert(model, rows, ("pk",), skip_conflicts=False)]


def insert_new(
    model: type[models.Model], rows: Sequence[dict[str, Any]], returning: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Insert the rows no unique constraint already holds (others are skipped, not errors) and
    return ``returning`` (attnames) of each row inserted, in no promised order."""
    return _insert(model, rows, returning, skip_conflicts=True)


def _insert(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    returning: Sequence[str],
    *,
    skip_conflicts: bool,
) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:  # callers give rows of one shape: this is one group
        shapes.setdefault(tuple(row), []).append(row)
    for given, group in shapes.items():
        out += _insert_shape(model, given, group, returning, skip_conflicts)
    return out


def _insert_shape(
    model: type[models.Model],
    given: tuple[str, ...],
    rows: list[dict[str, Any]],
    returning: Sequence[str],
    skip_conflicts: bool,
) -> list[tuple[Any, ...]]:
    """Insert rows that all give the columns ``given``: those first, each row's values read at
    C speed, then the defaults of the others, the same for every row (adapted once)."""
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = {f.attname: f for f in meta.concrete_fields if not isinstance(f, AutoFieldMixin)}
    names = [n for n in given if n in fields]
    rest = [n for n in fields if n not in given]
    defaults = []
    for name in rest:
        adapt, default = _adapter(fields[name], connection), fields[name].get_default()
        defaults.append(adapt(default) if adapt else default)
    adapted = [(i, a) for i, n in enumerate(names) if (a := _adapter(fields[n], connection))]
    read = operator.itemgetter(*names)
    params = []
    last: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        values = [*read(row)] if len(names) > 1 else [read(row)]
        for i, adapt in adapted:
            value = values[i]
            seen = last.get(i)
            if seen is not None and seen[0] is value:  # the batch's shared ``now``: adapt once
                values[i] = seen[1]
            else:
                values[i] = adapt(value)
                last[i] = (value, values[i])
        params.append(values + defaults)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(fields[n].column)) for n in [*names, *rest])
    table = quote(meta.db_table)
    by_name = {f.attname: str(f.column) for f in meta.concrete_fields}
    by_name["pk"] = str(meta.pk.column)
    back = ", ".join(quote(by_name[n]) for n in returning)
    conflict = " ON CONFLICT DO NOTHING" if skip_conflicts else ""
    width = len(names) + len(rest)
    row_marks = "(" + ", ".join(["%s"] * width) + ")"
    per_statement = max(1, _MAX_PARAMS // width)
    out: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(params), per_statement):
            chunk = params[start : start + per_statement]
            marks = ", ".join([row_marks] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {marks}{conflict} RETURNING {back}",
                [v for row in chunk for v in row],
            )
            out.extend(tuple(row) for row in cursor.fetchall())
    return out
