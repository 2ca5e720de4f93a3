"""The one Fever endpoint: check the key, apply a write, answer the reads, all as JSON.

Every answer has ``api_version`` 3 and ``auth``. A missing or wrong key is ``auth: 0`` (status
200, as Fever answers; clients show "wrong password"), and counts as a bad token against the
client's address (``broadsheet.site.throttle``: past the limit, 429 with ``Retry-After``). A
malformed call is a 400 whose ``error`` names the argument; nothing a client sends is a 500.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from broadsheet.errors import NotFoundError, ThrottledError
from broadsheet.fever._params import BadCall, has, value
from broadsheet.fever._reads import reads
from broadsheet.fever._writes import mark
from broadsheet.reading import fever_last_refreshed, fever_user
from broadsheet.site import throttle

__all__ = ["API_VERSION", "fever"]

API_VERSION = 3


def _answer(auth: int, status: int = 200, **members: Any) -> JsonResponse:
    return JsonResponse({"api_version": API_VERSION, "auth": auth, **members}, status=status)


def _refresh_time() -> int:
    when = fever_last_refreshed()
    return int(when.timestamp()) if when else 0


def _call(request: HttpRequest, user_id: int) -> JsonResponse:
    body: dict[str, Any] = {"last_refreshed_on_time": _refresh_time()}
    if has(request, "mark"):
        body |= mark(request, user_id)
    body |= reads(request, user_id)
    return _answer(1, **body)


@csrf_exempt
def fever(request: HttpRequest) -> HttpResponse:
    """Answer one Fever API call (``?api`` with ``api_key``; reads and at most one mark)."""
    if request.method not in ("GET", "POST"):
        response = _answer(0, 405, error="use POST (or GET) with ?api")
        response["Allow"] = "GET, POST"
        return response
    if not has(request, "api"):
        return _answer(0, 400, error="this is the Fever API: call it as ?api with api_key")
    if value(request, "api") not in ("", "json"):
        return _answer(0, 400, error="only JSON answers are served: use ?api, not ?api=xml")
    try:
        user_id = throttle.token_user(request, value(request, "api_key"), lookup=fever_user)
    except ThrottledError as exc:
        return throttle.too_many(exc)
    if user_id is None:
        return _answer(0)
    try:
        return _call(request, user_id)
    except BadCall as exc:
        return _answer(1, 400, error=str(exc))
    except NotFoundError as exc:
        return _answer(1, 404, error=str(exc))
