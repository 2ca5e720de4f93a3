"""Turn what other parts return (dataclasses, dicts, lists) into JSON-ready values."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

__all__ = ["plain"]


def plain(value: Any) -> Any:
    """Return ``value`` as dicts, lists and scalars (dataclasses and objects become dicts)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "_asdict"):
        return plain(value._asdict())
    if hasattr(value, "_meta") and hasattr(value, "pk"):  # a Django model instance
        return {f.attname: plain(getattr(value, f.attname)) for f in value._meta.concrete_fields}
    return str(value)
