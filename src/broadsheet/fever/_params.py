"""Fever parameters: where they are read from and how a malformed one is refused.

Clients put the call's names in the query string (``?api&items&since_id=5``) and ``api_key`` and
the ``mark`` arguments in a form body; some put everything in one of the two. Either works.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import HttpRequest

__all__ = ["MAX_WITH_IDS", "BadCall", "has", "id_list", "number", "timestamp", "value"]

MAX_WITH_IDS = 50  # the protocol's page size
MAX_NUMBER = 2**63 - 1


class BadCall(Exception):
    """The call cannot be understood; the message names the argument and what it accepts."""


def has(request: HttpRequest, name: str) -> bool:
    """Return whether the call names ``name`` (with or without a value)."""
    return name in request.GET or name in request.POST


def value(request: HttpRequest, name: str) -> str:
    """Return an argument from the form body or the query string ("" when absent)."""
    return (request.POST.get(name) or request.GET.get(name) or "").strip()


def number(request: HttpRequest, name: str, *, negative: bool = False) -> int | None:
    """Return an integer argument, None when absent or empty, or raise BadCall."""
    raw = value(request, name)
    if not raw:
        return None
    try:
        result = int(raw)
    except ValueError:
        raise BadCall(f"{name}={raw[:40]!r} is not a whole number") from None
    if (result < 0 and not negative) or abs(result) > MAX_NUMBER:
        raise BadCall(f"{name}={raw[:40]!r} is out of range")
    return result


def id_list(request: HttpRequest, name: str) -> list[int]:
    """Return a comma-separated list of at most ``MAX_WITH_IDS`` item ids, or raise BadCall."""
    raw = value(request, name)
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if len(parts) > MAX_WITH_IDS:
        raise BadCall(f"{name} takes at most {MAX_WITH_IDS} ids; ask for the rest in another call")
    ids = []
    for part in parts:
        if not part.isdigit() or int(part) > MAX_NUMBER:
            raise BadCall(f"{name}: {part[:40]!r} is not an item id (comma-separated numbers)")
        ids.append(int(part))
    return list(dict.fromkeys(ids))


def timestamp(request: HttpRequest, name: str) -> datetime | None:
    """Return a Unix time argument as a datetime, None when absent, or raise BadCall."""
    seconds = number(request, name)
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise BadCall(f"{name}={seconds} is not a Unix time in range") from None
