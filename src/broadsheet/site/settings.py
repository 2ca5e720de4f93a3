"""Django settings, derived entirely from the validated BROADSHEET_* settings."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from broadsheet import config
from broadsheet.logs import logging_config
from broadsheet.site.caching import cache_settings
from broadsheet.site.mailing import mail_settings
from broadsheet.site.security import content_security_policy, https_settings

CFG = config.get()
DATA_DIR: Path = CFG.data_path
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if CFG.secret_key:
        return str(CFG.secret_key)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database() -> dict[str, object]:
    url = CFG.database_url or f"sqlite:///{DATA_DIR / 'broadsheet.sqlite3'}"
    db = dj_database_url.parse(url, conn_max_age=600)
    # A kept connection that died with its server (a restart) is found at the start of the next
    # request and opened again, instead of failing that request: one SELECT 1 per request.
    db["CONN_HEALTH_CHECKS"] = db["ENGINE"] != "django.db.backends.sqlite3"
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # Connections persist (one per server thread): opening one and running these pragmas cost
        # 1.5 ms of every request (6.1 → 4.4 ms CPU for a cached article page at 1M articles).
        # Each keeps at most 8 MB of pages; the operating system's file cache holds the rest.
        db["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA cache_size=-8000;"
            ),
        }
    return db


SECRET_KEY = _secret_key()
CACHES = {"default": cache_settings(CFG.cache_url, DATA_DIR)}
DEBUG = bool(CFG.debug)
ALLOWED_HOSTS = list(CFG.allowed_hosts) + (["testserver"] if DEBUG else [])
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # the API docs' Swagger UI from our own static files, not a CDN (see site/security.py)
    "broadsheet.storage",
    "broadsheet.storage.stories",
    "broadsheet.storage.intel",
    "broadsheet.storage.reader",
    "broadsheet.storage.search",
    "broadsheet.storage.community",
    "broadsheet.storage.summaries",
    "broadsheet.web",
]
MIDDLEWARE = [
    "broadsheet.site.security.ContentSecurityPolicyMiddleware",  # outermost: every response
    "broadsheet.site.unavailable.DatabaseUnavailableMiddleware",  # database down: a plain 503
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "broadsheet.site.urls"
WSGI_APPLICATION = "broadsheet.site.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "broadsheet.web.jinja.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]
DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGIN_URL = "/admin/login/"
LOGGING = logging_config(CFG.log_level, CFG.log_format)
# BROADSHEET_EMAIL_URL: an SMTP server (pipeline.mail.SMTPBackend), else mail goes to the console.
globals().update(mail_settings(CFG.email_url, CFG.email_from))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = content_security_policy(https=CFG.public_url.startswith("https://"))
# BROADSHEET_PUBLIC_URL: its host and origin; behind https, secure cookies, HSTS, the proxy header.
globals().update(https_settings(CFG.public_url, CFG.hsts, ALLOWED_HOSTS))
