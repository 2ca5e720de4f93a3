"""Mail and push: the SMTP backend behind ``BROADSHEET_EMAIL_URL``, and alert delivery.

Password resets go through Django's mail with this backend. Alerts whose reader chose
"immediately" get one mail per scheduler round with their new matches; "daily" gets at most one
digest a day. An alert with a webhook gets its new matches POSTed as JSON (``hook_payload``)
to that URL; the address must be public unless ``BROADSHEET_FETCH_ALLOW_NETWORKS`` allows it,
as for feeds. What failed stays pending and is tried again at the next round (logged).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend
from django.urls import reverse
from django.utils import timezone

from broadsheet import config
from broadsheet.errors import BlockedAddressError, FetchError, InvalidURLError, MailError
from broadsheet.fetch import FetchPolicy
from broadsheet.fetch import post_json as guarded_post
from broadsheet.storage.community import deliveries
from broadsheet.storage.community.deliveries import Pending

__all__ = [
    "Delivered",
    "SMTPBackend",
    "deliver_alerts",
    "digest_due",
    "digest_mail",
    "hook_payload",
    "post_json",
    "send_mail",
]

log = logging.getLogger(__name__)
DAY = timedelta(days=1)
HOOK_TIMEOUT = 5.0
DELIVERIES = ("none", "immediate", "daily")


class SMTPBackend(EmailBackend):
    """Django's SMTP backend, trusting ``?cafile=`` of ``BROADSHEET_EMAIL_URL`` when given."""

    @cached_property
    def ssl_context(self) -> ssl.SSLContext:
        """The TLS context: the system's CAs, or only the configured CA file."""
        cafile = getattr(settings, "BROADSHEET_EMAIL_CAFILE", "")
        return ssl.create_default_context(cafile=cafile or None)


@dataclass(frozen=True)
class Delivered:
    """One delivery round: alerts mailed and POSTed, and how many sends failed."""

    mailed: int = 0
    posted: int = 0
    failed: int = 0


def send_mail(to: str, subject: str, body: str) -> None:
    """Send one plain-text mail, or raise MailError naming the server and its answer."""
    server = getattr(settings, "EMAIL_HOST", "") or "the console"
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
    except (smtplib.SMTPException, OSError) as exc:
        port = getattr(settings, "EMAIL_PORT", "")
        raise MailError(
            f"could not send mail through {server}:{port}: {exc}; check BROADSHEET_EMAIL_URL"
        ) from exc


def digest_due(delivery: str, last_mailed: datetime | None, now: datetime) -> bool:
    """True when an alert with new matches should be mailed now (immediately, or daily)."""
    if delivery == "immediate":
        return True
    return delivery == "daily" and (last_mailed is None or now - last_mailed >= DAY)


def _link(base: str, article_id: int) -> str:
    return base.rstrip("/") + reverse("article", args=[article_id])


def _base() -> str:
    return config.get().public_url or "http://127.0.0.1:8000"


def digest_mail(alert: Pending, base: str) -> tuple[str, str]:
    """The subject and plain-text body of an alert's mail."""
    n = len(alert.matches)
    subject = f"{alert.name}: {n} new article{'s' if n != 1 else ''}"
    lines = [f"Your alert “{alert.name}” ({alert.rule}) matched:", ""]
    for m in alert.matches:
        lines += [f"* {m.title}", f"  {m.outlet or 'Unknown outlet'} · {_link(base, m.article_id)}"]
    lines += ["", f"Change or delete this alert: {base.rstrip('/')}{reverse('alerts')}"]
    return subject, "\n".join(lines) + "\n"


def hook_payload(alert: Pending, base: str) -> dict[str, Any]:
    """The JSON an alert's webhook receives for its new matches."""
    return {
        "alert": {"id": alert.alert_id, "name": alert.name, "rule": alert.rule},
        "matches": [
            {
                "id": m.article_id,
                "title": m.title,
                "url": m.url,
                "outlet": m.outlet,
                "published_at": m.published_at.isoformat() if m.published_at else None,
                "link": _link(base, m.article_id),
            }
            for m in alert.matches
        ],
    }


def post_json(url: str, payload: dict[str, Any]) -> None:
    """POST ``payload`` to a public http(s) URL; MailError says why it failed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MailError(f"the webhook {url!r} is not an http(s) URL")
    policy = FetchPolicy.from_settings(config.get(), timeout=HOOK_TIMEOUT)
    try:
        status = guarded_post(url, payload, policy=policy)  # connects only to vetted addresses
    except (BlockedAddressError, InvalidURLError) as exc:
        raise MailError(f"webhook refused: {exc}") from exc
    except FetchError as exc:
        raise MailError(f"webhook {url} failed: {exc}") from exc
    if status >= 300:
        raise MailError(f"webhook {url} answered HTTP {status}")


def _mail_round(now: datetime, base: str) -> tuple[int, int]:
    sent = failed = 0
    for alert in deliveries.pending("mail"):
        if not alert.matches or not digest_due(alert.delivery, alert.last_mailed, now):
            continue
        subject, body = digest_mail(alert, base)
        try:
            send_mail(alert.email, subject, body)
        except MailError as exc:
            failed += 1
            log.warning("alert mail failed", extra={"alert": alert.alert_id, "error": str(exc)})
            continue
        deliveries.mark_sent("mail", alert.alert_id, [m.article_id for m in alert.matches], now)
        sent += 1
    return sent, failed


def _hook_round(now: datetime, base: str) -> tuple[int, int]:
    sent = failed = 0
    for alert in deliveries.pending("hook"):
        if not alert.matches:
            continue
        try:
            post_json(alert.webhook, hook_payload(alert, base))
        except MailError as exc:
            failed += 1
            log.warning("alert webhook failed", extra={"alert": alert.alert_id, "error": str(exc)})
            continue
        deliveries.mark_sent("hook", alert.alert_id, [m.article_id for m in alert.matches], now)
        sent += 1
    return sent, failed


def deliver_alerts(now: datetime | None = None) -> Delivered:
    """Mail and POST the alerts' new matches that are due; failures wait for the next round."""
    now, base = now or timezone.now(), _base()
    mailed, mail_failed = _mail_round(now, base)
    posted, hook_failed = _hook_round(now, base)
    return Delivered(mailed, posted, mail_failed + hook_failed)
