"""A request Django refuses before any view (too many form fields, too large a body) answers
400 with one line saying what to send instead, in the error shape of the API it was sent to.

Django answers those with its HTML "Bad Request (400)" page, which no API client can read:
the JSON API's errors are ``{"detail": ...}``, Google Reader's and Fever's ``{"error": ...}``,
and pages get the line as plain text.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse

__all__ = ["bad_request"]

_ERROR_KEY_PATHS = (
    "/api/greader.php/",
    "/api/fever.php",
    "/fever/",
    "/reader/",
    "/accounts/ClientLogin",
)


def _reason(exception: BaseException | None) -> str:
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return f"the request has more than {limit} form fields: send fewer in each request"
    if isinstance(exception, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
        return f"the request body is larger than {limit_mb:.1f} MB: send less in each request"
    return "the request could not be read: check its headers and body"


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """``handler400``: one line naming what was wrong, as JSON for the APIs, else plain text."""
    reason = _reason(exception)
    if request.path.startswith(_ERROR_KEY_PATHS):
        return JsonResponse({"error": reason}, status=400)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason}, status=400)
    return HttpResponse(reason + "\n", status=400, content_type="text/plain; charset=utf-8")
