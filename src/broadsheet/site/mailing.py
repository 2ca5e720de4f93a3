"""Django's mail settings from ``BROADSHEET_EMAIL_URL`` and ``BROADSHEET_EMAIL_FROM``."""

from __future__ import annotations

from typing import Any

from broadsheet.config import EmailServer

MAIL_TIMEOUT = 15  # seconds: a server that does not answer fails the send, not the request


def mail_settings(server: EmailServer | None, sender: str) -> dict[str, Any]:
    """SMTP through ``pipeline.mail.SMTPBackend`` when a server is set, else the console."""
    common = {"DEFAULT_FROM_EMAIL": sender, "SERVER_EMAIL": sender}
    if server is None:
        return common | {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return common | {
        "EMAIL_BACKEND": "broadsheet.pipeline.mail.SMTPBackend",
        "EMAIL_HOST": server.host,
        "EMAIL_PORT": server.port,
        "EMAIL_HOST_USER": server.username,
        "EMAIL_HOST_PASSWORD": server.password,
        "EMAIL_USE_TLS": server.security == "starttls",
        "EMAIL_USE_SSL": server.security == "tls",
        "EMAIL_TIMEOUT": MAIL_TIMEOUT,
        "BROADSHEET_EMAIL_CAFILE": server.cafile,
    }
