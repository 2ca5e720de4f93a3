"""A request that finds the database down answers 503 with one plain line, never a traceback.

While PostgreSQL restarts (or SQLite's disk is full or read-only), every query fails with
Django's ``OperationalError`` or ``InterfaceError``. Pages, the API and the feeds out then
answer ``503 Service Unavailable`` with ``Retry-After`` and one line of text, even under
``DEBUG``, and the failure is logged in one line. Connections are opened again by the next
request (``CONN_HEALTH_CHECKS`` on PostgreSQL), so pages answer 200 as soon as the database is
back, with no restart of the web server.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.views import defaults

__all__ = ["MESSAGE", "DatabaseUnavailableMiddleware", "server_error", "unavailable"]

log = logging.getLogger(__name__)

MESSAGE = "Broadsheet's database is unavailable right now; please try again in a minute.\n"
RETRY_AFTER_SECONDS = 30


def unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 answer for a request the database failed: one line of text, not cached."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    log.warning(
        "database unavailable; answered 503",
        extra={"path": request.path, "error": f"{type(exc).__name__}: {first}"[:300]},
    )
    response = HttpResponse(MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a database error raised by a view (or its template) into :func:`unavailable`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Answer the request; database errors are handled in :meth:`process_exception`."""
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        """A 503 for a database error, None (Django's own handling) for anything else."""
        if isinstance(exc, (OperationalError, InterfaceError)):
            return unavailable(request, exc)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database error raised outside the view (a session being saved) is a
    503 too; any other error gets Django's plain 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        return unavailable(request, exc)
    return defaults.server_error(request)
