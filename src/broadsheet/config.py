"""Broadsheet's settings: declared once, read from ``BROADSHEET_*`` environment variables.

Every setting lives in :data:`SETTINGS`. :func:`load` reads and validates them all
and fails with one :class:`~broadsheet.errors.ConfigError` naming every bad value, so
a typo is caught at start-up rather than at three in the morning. The README table
is checked against :data:`SETTINGS` by ``tests/test_settings_documented.py``.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from broadsheet.errors import ConfigError

__all__ = ["SETTINGS", "EmailServer", "Setting", "Settings", "get", "load"]


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError(f"expected a positive whole number, got {raw!r}")
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        raise ValueError(f"expected a positive number, got {raw!r}")
    return value


def _networks(raw: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    try:
        return tuple(ipaddress.ip_network(p, strict=False) for p in parts)
    except ValueError as exc:
        raise ValueError(f"expected comma-separated CIDRs such as 127.0.0.0/8: {exc}") from exc


def _choice(*options: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in options:
            raise ValueError(f"expected one of {', '.join(options)}, got {raw!r}")
        return value

    return parse


def _text(raw: str) -> str:
    return raw.strip()


def _cache_url(raw: str) -> str:
    value = raw.strip()
    if value and not value.startswith(("locmem://", "file://", "redis://", "rediss://")):
        raise ValueError(f"expected locmem://, file:///<dir>, redis://<host> or empty, got {raw!r}")
    return value


@dataclass(frozen=True)
class EmailServer:
    """The SMTP server of ``BROADSHEET_EMAIL_URL``; ``security`` is starttls, tls or none."""

    host: str
    port: int
    username: str
    password: str
    security: str
    cafile: str = ""


def _email_url(raw: str) -> EmailServer | None:
    """``smtp://user:pass@host:587`` (STARTTLS) or ``smtps://…:465`` (TLS); empty: no mail."""
    value = raw.strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"expected smtp://user:pass@host:587 or smtps://…:465, got {raw!r}")
    if not parts.hostname:
        raise ValueError("the mail URL names no host, e.g. smtp://user:pass@mail.example.org:587")
    try:
        port = parts.port or (587 if parts.scheme == "smtp" else 465)
    except ValueError:
        raise ValueError(f"the mail URL's port is not a number: {parts.netloc!r}") from None
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = sorted(set(options) - {"starttls", "cafile"})
    if unknown:
        raise ValueError(f"unknown mail URL option {unknown[0]!r}: use starttls=off or cafile=PATH")
    security = "tls" if parts.scheme == "smtps" else "starttls"
    if options.get("starttls", "on").lower() in ("off", "no", "false", "0"):
        if parts.scheme == "smtps":
            raise ValueError("starttls=off goes with smtp://, not smtps:// (which is TLS already)")
        security = "none"
    cafile = options.get("cafile", "")
    if cafile and not Path(cafile).is_file():
        raise ValueError(f"the mail URL's cafile {cafile!r} is not a file")
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    return EmailServer(parts.hostname, port, user, password, security, cafile)


def _llm_url(raw: str) -> str:
    """An http(s) base URL; the endpoint's path (``/chat/completions``) is added by Broadsheet."""
    value = raw.strip().rstrip("/")
    if not value:
        return ""
    if urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc:
        raise ValueError(f"expected an http(s) URL such as http://127.0.0.1:8080/v1, got {raw!r}")
    if value.endswith("/chat/completions"):
        raise ValueError(
            f"leave /chat/completions off {raw!r}: Broadsheet adds it (write up to /v1)"
        )
    return value


def _address(raw: str) -> str:
    value = raw.strip()
    if "@" not in parseaddr(value)[1]:
        raise ValueError(
            f"expected a mail address such as Broadsheet <news@example.org>, got {raw!r}"
        )
    return value


def _hosts(raw: str) -> tuple[str, ...]:
    return tuple(h.strip() for h in raw.split(",") if h.strip())


def _public_url(raw: str) -> str:
    value = raw.strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.path
        or parts.query
        or parts.fragment
    ):
        raise ValueError(
            f"expected the site's address such as https://news.example.org, got {raw!r}"
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


@dataclass(frozen=True)
class Setting:
    """One declared setting: environment name, default, parser and documentation."""

    name: str
    default: str
    parse: Callable[[str], Any]
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "BROADSHEET_DATA_DIR",
        "./data",
        _text,
        "Directory for the SQLite database, secret key and other state.",
    ),
    Setting(
        "BROADSHEET_DATABASE_URL",
        "",
        _text,
        "Database URL, e.g. `postgresql://user:pass@host/db`. Empty: SQLite in the data directory.",
    ),
    Setting(
        "BROADSHEET_SECRET_KEY",
        "",
        _text,
        "Django secret key. Empty: generated once and kept in the data directory.",
    ),
    Setting(
        "BROADSHEET_DEBUG", "false", _bool, "Django debug mode. Never enable on a public server."
    ),
    Setting(
        "BROADSHEET_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        _hosts,
        "Comma-separated host names the web server answers to.",
    ),
    Setting(
        "BROADSHEET_PUBLIC_URL",
        "",
        _public_url,
        "The address readers use, e.g. `https://news.example.org`: its host is allowed and trusted for CSRF; `https://` (TLS at a reverse proxy that sets `X-Forwarded-Proto`) also turns on secure cookies, the redirect to https and HSTS.",
    ),
    Setting(
        "BROADSHEET_HSTS",
        "host",
        _choice("host", "subdomains", "preload", "off"),
        "HSTS under an `https://` public URL, for a year: `host` only, `subdomains` too, `preload` (also asks browsers to hard-code it), or `off`.",
    ),
    Setting(
        "BROADSHEET_LOG_LEVEL",
        "info",
        _choice("debug", "info", "warning", "error"),
        "Minimum level of log records.",
    ),
    Setting(
        "BROADSHEET_LOG_FORMAT",
        "text",
        _choice("text", "json"),
        "`text` for humans, `json` for one structured record per line.",
    ),
    Setting(
        "BROADSHEET_FETCH_ALLOW_NETWORKS",
        "",
        _networks,
        "Comma-separated CIDRs exempt from the private-address guard (e.g. `127.0.0.0/8` for local tests).",
    ),
    Setting(
        "BROADSHEET_USER_AGENT_CONTACT",
        "",
        _text,
        "Contact (URL or e-mail) added to the User-Agent so publishers can reach the operator.",
    ),
    Setting(
        "BROADSHEET_FETCH_TIMEOUT",
        "20",
        _positive_float,
        "Seconds allowed for one whole HTTP request, connection to last byte.",
    ),
    Setting(
        "BROADSHEET_FETCH_MAX_BYTES",
        "10485760",
        _positive_int,
        "Largest response body accepted, after decompression, in bytes.",
    ),
    Setting(
        "BROADSHEET_FETCH_CONCURRENCY",
        "32",
        _positive_int,
        "Requests in flight at once across all hosts.",
    ),
    Setting(
        "BROADSHEET_FETCH_PER_HOST", "4", _positive_int, "Requests in flight at once to one host."
    ),
    Setting(
        "BROADSHEET_FETCH_HOST_DELAY",
        "1.0",
        float,
        "Minimum seconds between two article-page requests to one host.",
    ),
    Setting(
        "BROADSHEET_POLL_MIN_MINUTES",
        "15",
        _positive_int,
        "Shortest interval between two polls of one feed.",
    ),
    Setting(
        "BROADSHEET_POLL_MAX_MINUTES",
        "1440",
        _positive_int,
        "Longest interval between two polls of one feed.",
    ),
    Setting(
        "BROADSHEET_STALE_DAYS",
        "14",
        _positive_int,
        "A feed that answers but has had no new item for this many days is reported as stale.",
    ),
    Setting(
        "BROADSHEET_UNREAD_DAYS",
        "30",
        _positive_int,
        "Articles published longer ago than this many days count as read in unread counts, the "
        "unread list and the Google Reader and Fever unread views (they can still be opened).",
    ),
    Setting(
        "BROADSHEET_EXTRACT_PAGES",
        "true",
        _bool,
        "Fetch and extract each item's web page (false: use the feed's own content only).",
    ),
    Setting(
        "BROADSHEET_PAGE_DEADLINE",
        "30",
        _positive_float,
        "Seconds allowed for one article page in all (address check, robots.txt, redirects, "
        "retries); past it the article shows its feed text and the page is tried again later.",
    ),
    Setting(
        "BROADSHEET_WORK_LEASE_SECONDS",
        "600",
        _positive_int,
        "Seconds a process holds a batch of pipeline work; if it dies, another takes the "
        "batch after this long.",
    ),
    Setting(
        "BROADSHEET_SCHEDULER", "true", _bool, "Run the feed scheduler inside `broadsheet serve`."
    ),
    Setting(
        "BROADSHEET_BROKER_URL",
        "",
        _text,
        "Celery broker URL (e.g. `redis://localhost:6379/0`). Empty: tasks run in-process.",
    ),
    Setting(
        "BROADSHEET_CACHE_URL",
        "",
        _cache_url,
        "Cache shared by the web workers and the pipeline: `redis://host:6379/1`, `file:///dir` or `locmem://` (one per process). Empty: files in `<data dir>/cache`.",
    ),
    Setting(
        "BROADSHEET_LOGIN_FAILURES_PER_ADDRESS",
        "10",
        _positive_int,
        "Failed sign-ins (web, `ClientLogin`) allowed from one client address per window, and separately bad API tokens; then 429 until the window ends.",
    ),
    Setting(
        "BROADSHEET_LOGIN_FAILURES_PER_ACCOUNT",
        "5",
        _positive_int,
        "Failed sign-ins allowed for one account name per window, from any address; then 429, even with the right password.",
    ),
    Setting(
        "BROADSHEET_LOGIN_WINDOW_MINUTES",
        "15",
        _positive_int,
        "Length of the failed sign-in window (clock-aligned); see docs/web.md, Sign-in throttling.",
    ),
    Setting(
        "BROADSHEET_SIGNUP",
        "open",
        _choice("open", "closed"),
        "`open`: anyone may create an account on /accounts/signup/ (the first account is the administrator); `closed`: only `broadsheet user create` makes accounts.",
    ),
    Setting(
        "BROADSHEET_READER_FEEDS",
        "staff",
        _choice("staff", "everyone"),
        "Who may add a feed address this Broadsheet does not have yet. `staff`: readers follow the instance's feeds in their own folders and ask staff for new ones; `everyone`: any reader adds feeds, and their articles show on the shared pages (front page, latest, search) to every reader, so choose it only when sign-up is closed or readers trust each other.",
    ),
    Setting(
        "BROADSHEET_STARTER",
        "auto",
        _choice("auto", "online", "offline", "none"),
        "What `make run` loads into an empty database: real feeds if online, the bundled demo corpus if not.",
    ),
    Setting(
        "BROADSHEET_LLM_URL",
        "",
        _llm_url,
        "OpenAI-compatible endpoint for abstractive summaries and answers, up to `/v1` (for "
        "example `http://127.0.0.1:11434/v1`; see docs/summaries.md). Empty: offline NLP only.",
    ),
    Setting("BROADSHEET_LLM_MODEL", "", _text, "Model name sent to `BROADSHEET_LLM_URL`."),
    Setting(
        "BROADSHEET_LLM_API_KEY",
        "",
        _text,
        "Key for a hosted endpoint, sent as `Authorization: Bearer <key>`. Empty: none sent.",
    ),
    Setting(
        "BROADSHEET_EMAIL_URL",
        "",
        _email_url,
        "SMTP server for password resets and alert mail: `smtp://user:pass@host:587` (STARTTLS) or "
        "`smtps://user:pass@host:465` (TLS); `?starttls=off` for a local relay, `?cafile=PATH` to "
        "trust a private CA. Empty: mail is printed to the console.",
    ),
    Setting(
        "BROADSHEET_EMAIL_FROM",
        "Broadsheet <broadsheet@localhost>",
        _address,
        "Sender address of the mail Broadsheet sends.",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Validated settings, keyed by their short lower-case name (``data_dir`` for ``BROADSHEET_DATA_DIR``)."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def data_path(self) -> Path:
        """The data directory as an absolute path."""
        return Path(self.values["data_dir"]).expanduser().resolve()


def short_name(env_name: str) -> str:
    """Return the attribute name for an environment variable (``BROADSHEET_X_Y`` -> ``x_y``)."""
    return env_name.removeprefix("BROADSHEET_").lower()


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every declared setting, raising ConfigError listing all bad values."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting in SETTINGS:
        raw = env.get(setting.name, setting.default)
        try:
            values[short_name(setting.name)] = setting.parse(raw)
        except ValueError as exc:
            problems.append(f"{setting.name}: {exc}")
    unknown = sorted(k for k in env if k.startswith("BROADSHEET_") and k not in _NAMES)
    problems.extend(f"{k}: unknown setting (see the settings table in README.md)" for k in unknown)
    if problems:
        raise ConfigError("invalid configuration: " + "; ".join(problems))
    return Settings(values)


_NAMES = frozenset(s.name for s in SETTINGS)
_cached: Settings | None = None


def get() -> Settings:
    """Return the process-wide settings, loading them on first use."""
    global _cached
    if _cached is None:
        _cached = load()
    return _cached


def reset() -> None:
    """Forget cached settings so the next :func:`get` re-reads the environment (tests use this)."""
    global _cached
    _cached = None
