"""Fast inserts for the refresh hot path: one executemany, values adapted once per column type.

Django's ``bulk_create`` spends most of its time preparing each value through several layers
(about 4.7 ms for 20 feed items here); feed refresh inserts thousands of rows a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router

_ADAPTED = {"JSONField", "DateTimeField", "DateField", "BinaryField", "DecimalField", "UUIDField"}


def _adapter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    if field.get_internal_type() in _ADAPTED:
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def bulk_insert(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows given as {attname: value}, missing columns defaulted; return their ids in order."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    adapters = [_adapter(f, connection) for f in fields]
    plan = [(f.attname, f.get_default, a) for f, a in zip(fields, adapters, strict=True)]
    params = []
    for row in rows:
        values = []
        for name, default, adapt in plan:
            value = row[name] if name in row else default()
            values.append(adapt(value) if adapt else value)
        params.append(values)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, 30000 // len(fields))  # SQLite allows 32,766 parameters a statement
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(params), per_statement):
            chunk = params[start : start + per_statement]
            values = ", ".join([row_marks] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}",
                [v for row in chunk for v in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids
