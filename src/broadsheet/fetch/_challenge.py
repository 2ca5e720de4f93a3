"""Recognise bot walls (Cloudflare, Akamai, DataDome, Imperva, PerimeterX, captchas)."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["challenge_vendor", "is_challenge_page"]

_SCAN_BYTES = 64 * 1024
_BLOCKING_STATUSES = frozenset({401, 403, 405, 429, 503})

# Markers specific enough to count whatever the status.
_STRONG = (
    ("_cf_chl_opt", "Cloudflare"),
    ("/cdn-cgi/challenge-platform/", "Cloudflare"),
    ("cf-browser-verification", "Cloudflare"),
    ("<title>just a moment...</title>", "Cloudflare"),
    ("<title>attention required! | cloudflare</title>", "Cloudflare"),
    ("checking your browser before accessing", "Cloudflare"),
    ("captcha-delivery.com", "DataDome"),
    ("_incapsula_resource", "Imperva"),
    ("px-captcha", "PerimeterX"),
    ("sucuri website firewall", "Sucuri"),
)
# Markers that only mean a wall when the status already says "refused".
_WEAK = (
    ("captcha", "captcha"),
    ("are you a robot", "captcha"),
    ("verify you are human", "captcha"),
    ("verify you are a human", "captcha"),
    ("access denied", "Akamai"),
    ("enable javascript and cookies to continue", "bot protection"),
)


def challenge_vendor(status: int, headers: Mapping[str, str], body: bytes) -> str | None:
    """Name the bot-protection vendor when the answer is a challenge page, else None."""
    lowered = {k.lower(): v.lower() for k, v in headers.items()}
    if lowered.get("cf-mitigated") == "challenge":
        return "Cloudflare"
    if "x-datadome" in lowered or "x-dd-b" in lowered:
        return "DataDome"
    if lowered.get("x-amzn-waf-action") in {"captcha", "challenge"}:
        return "AWS WAF"
    text = body[:_SCAN_BYTES].decode("utf-8", "replace").lower()
    for marker, vendor in _STRONG:
        if marker in text:
            return vendor
    if status not in _BLOCKING_STATUSES:
        return None
    if "akamaighost" in lowered.get("server", "") and "reference #" in text:
        return "Akamai"
    return next((vendor for marker, vendor in _WEAK if marker in text), None)


def is_challenge_page(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    """True when the answer is a bot wall ("Just a moment...", captcha) rather than the content."""
    return challenge_vendor(status, headers, body) is not None
