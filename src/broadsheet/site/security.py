"""The Content-Security-Policy on every response, and the HTTPS settings BROADSHEET_PUBLIC_URL implies.

Broadsheet's pages load their scripts and styles from its own origin only (no inline script,
no inline style, no ``eval``; htmx is told not to inject its indicator ``<style>``), so the
policy can be strict: a stored XSS that slipped past the sanitiser could neither run inline
script nor load script from elsewhere. The one allowance is ``img-src``: article images are the
publishers' own, on any host, often still over plain http, and sometimes inline ``data:`` URIs,
so images may come from ``https:``, ``http:`` and ``data:``. A remote image can only learn the
reader's address (the Referrer-Policy ``same-origin`` keeps the page's address to ourselves);
behind HTTPS, ``upgrade-insecure-requests`` fetches http images over https. The Django admin
and the API docs (Swagger UI, served from our own static files) work under the same policy.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse

__all__ = ["ContentSecurityPolicyMiddleware", "content_security_policy", "https_settings"]

HSTS_SECONDS = 365 * 24 * 3600  # one year: what browsers' preload lists require

_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' https: http: data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("frame-ancestors", "'none'"),
    ("form-action", "'self'"),
)


def content_security_policy(https: bool) -> str:
    """The policy sent with every response; behind HTTPS it also upgrades http subresources."""
    parts = [f"{name} {value}" for name, value in _DIRECTIVES]
    return "; ".join([*parts, "upgrade-insecure-requests"] if https else parts)


class ContentSecurityPolicyMiddleware:
    """Add ``settings.CONTENT_SECURITY_POLICY`` to every response (pages, API, errors, files)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Answer the request, then set the header unless a view chose its own policy."""
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def https_settings(public_url: str, hsts: str, allowed_hosts: list[str]) -> dict[str, object]:
    """Django settings for a site served at ``public_url`` (empty: no change).

    Any public URL adds its host to ALLOWED_HOSTS and its origin to CSRF_TRUSTED_ORIGINS. An
    https one means TLS ends at a reverse proxy in front of gunicorn (which speaks plain HTTP), so
    Django trusts that proxy's ``X-Forwarded-Proto: https``, redirects plain http to https, marks
    the session and CSRF cookies Secure, and sends HSTS for a year: for this host only unless
    ``hsts`` is ``subdomains`` or ``preload`` (both bind every subdomain of the host, which the
    operator may not control; preload also asks browsers to hard-code it, which is slow to undo).
    """
    if not public_url:
        return {}
    parts = urlsplit(public_url)
    found: dict[str, object] = {
        "ALLOWED_HOSTS": list(dict.fromkeys([*allowed_hosts, str(parts.hostname)])),
        "CSRF_TRUSTED_ORIGINS": [f"{parts.scheme}://{parts.netloc}"],
    }
    if parts.scheme != "https":
        return found
    return found | {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 0 if hsts == "off" else HSTS_SECONDS,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": hsts in {"subdomains", "preload"},
        "SECURE_HSTS_PRELOAD": hsts == "preload",
        # `check --deploy` suggests subdomains and preload; leaving them off is BROADSHEET_HSTS's
        # documented default, not an oversight, so those two suggestions are silenced.
        "SILENCED_SYSTEM_CHECKS": {
            "host": ["security.W005", "security.W021"],
            "subdomains": ["security.W021"],
        }.get(hsts, []),
    }
