"""Request pieces shared by every endpoint: limit/offset paging, database ids, JSON-object bodies."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Schema
from ninja.schema import DjangoGetter
from pydantic import Field, model_validator

__all__ = ["ID_MAX", "MAX_LIMIT", "JSONObject", "Paging", "next_url", "object_id", "page"]

MAX_LIMIT = 200
MAX_OFFSET = 100_000


class Paging(Schema):
    """`limit` (1–200, default 50) and `offset` (0–100000)."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="items per page (1–200)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="items to skip")


def next_url(request: HttpRequest, paging: Paging, total: int | None, got: int) -> str | None:
    """Return the URL of the next page, or None on the last page."""
    end = paging.offset + got
    if got < paging.limit or (total is not None and end >= total) or end > MAX_OFFSET:
        return None
    query = request.GET.copy()
    query["offset"] = str(end)
    query["limit"] = str(paging.limit)
    return f"{request.path}?{query.urlencode()}"


def page(
    request: HttpRequest, paging: Paging, items: list[Any], total: int | None
) -> dict[str, Any]:
    """Return the standard list envelope: items, total, limit, offset, next."""
    return {
        "items": items,
        "total": total,
        "limit": paging.limit,
        "offset": paging.offset,
        "next": next_url(request, paging, total, len(items)),
    }


ID_MAX = 2**53  # larger ids cannot exist; refusing them keeps database drivers from overflowing


def object_id(description: str = "id") -> Any:
    """Return a path parameter declaration for a database id (1 to 2**53)."""
    return Path(..., ge=1, le=ID_MAX, description=description)


class JSONObject(Schema):
    """A request body that must be a JSON object (ninja would otherwise read attributes of any
    value, so `[]` or `"text"` would pass as an empty object)."""

    @model_validator(mode="before")
    @classmethod
    def _must_be_object(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict | Schema):
            raise ValueError("the request body must be a JSON object")
        return data
