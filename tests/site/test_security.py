"""The Content-Security-Policy on every response, and what BROADSHEET_PUBLIC_URL turns on.

`check --deploy` gave 4 warnings no setting could fix (W004 HSTS, W008 SSL redirect, W012 and
W016 secure cookies); under an https public URL it must give none.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from broadsheet import config
from broadsheet.errors import ConfigError
from broadsheet.site.security import HSTS_SECONDS, content_security_policy, https_settings
from tests.support.shared import REPO

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' https: http: data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
TEMPLATES = REPO / "src" / "broadsheet" / "web" / "jinja2"
SECRET = "k" * 20 + "-a-long-random-enough-secret-for-the-check-0123456789"


def directives(policy: str) -> dict[str, str]:
    pairs = (part.strip().partition(" ") for part in policy.split(";"))
    return {name: value for name, _, value in pairs}


def test_the_policy_is_strict() -> None:
    found = directives(content_security_policy(https=False))
    assert {k: found[k] for k in REQUIRED} == REQUIRED
    assert "unsafe" not in content_security_policy(https=True)
    assert "upgrade-insecure-requests" in directives(content_security_policy(https=True))
    assert "upgrade-insecure-requests" not in found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/latest/", 200),
        ("/feeds/", 200),
        ("/search/?q=bridge", 200),
        ("/articles/999999/", 404),
        ("/no/such/page/", 404),
        ("/api/articles", 200),
        ("/api/articles/999999", 404),
        ("/api/openapi.json", 200),
        ("/api/docs", 200),
        ("/syndication/latest.rss", 200),
        ("/accounts/login/", 200),
        ("/admin/login/", 200),
        ("/admin/", 302),
        ("/reader/api/0/user-info", 401),
        ("/static/web/broadsheet.css", 200),
    ],
)
def test_every_kind_of_response_carries_the_policy(client: Client, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Security-Policy"] == content_security_policy(https=False)


@pytest.mark.django_db
def test_the_api_docs_use_our_own_swagger_files(client: Client) -> None:
    html = client.get("/api/docs").content.decode()
    assert (
        "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui-init.js" in html
    )
    assert "cdn.jsdelivr.net" not in html
    assert not re.search(r"<script>\s*\S", html)  # no inline script body
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def _template_sources() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_templates_hold_nothing_the_policy_would_block() -> None:
    """No inline script bodies, event-handler or style attributes, javascript: URLs."""
    assert len(_template_sources()) > 10
    for path in _template_sources():
        text = path.read_text()
        where = path.relative_to(TEMPLATES)
        for script in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, flags=re.S | re.I):
            assert "src=" in script.group(1) and not script.group(2).strip(), where
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", text, flags=re.I), where
        assert not re.search(r"<[^>]+\sstyle\s*=", text, flags=re.I), where
        assert not re.search(r"<style\b", text, flags=re.I), where
        assert "javascript:" not in text.lower() and "hx-on" not in text, where


def test_htmx_is_told_not_to_inject_its_style_or_eval() -> None:
    base = (TEMPLATES / "web" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base and '"allowEval": false' in base


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("https://news.example.org", "https://news.example.org"),
        ("https://News.Example.org:8443/", "https://news.example.org:8443"),
        ("http://192.168.1.5:8000", "http://192.168.1.5:8000"),
    ],
)
def test_public_url_is_normalised(raw: str, expected: str) -> None:
    assert config.load({"BROADSHEET_PUBLIC_URL": raw}).public_url == expected


@pytest.mark.parametrize(
    "raw",
    [
        "news.example.org",
        "ftp://news.example.org",
        "https://news.example.org/reader",
        "https://user:pw@news.example.org",
        "https://",
        "https://news.example.org/?x=1",
    ],
)
def test_a_bad_public_url_is_refused_naming_the_setting(raw: str) -> None:
    with pytest.raises(ConfigError, match="BROADSHEET_PUBLIC_URL: expected the site's address"):
        config.load({"BROADSHEET_PUBLIC_URL": raw})


def test_no_public_url_changes_nothing() -> None:
    assert https_settings("", "host", ["localhost"]) == {}


def test_an_http_public_url_only_allows_its_host() -> None:
    found = https_settings("http://news.lan:8000", "host", ["127.0.0.1"])
    assert found == {
        "ALLOWED_HOSTS": ["127.0.0.1", "news.lan"],
        "CSRF_TRUSTED_ORIGINS": ["http://news.lan:8000"],
    }


@pytest.mark.parametrize(
    ("hsts", "seconds", "subdomains", "preload", "silenced"),
    [
        ("host", HSTS_SECONDS, False, False, ["security.W005", "security.W021"]),
        ("subdomains", HSTS_SECONDS, True, False, ["security.W021"]),
        ("preload", HSTS_SECONDS, True, True, []),
        ("off", 0, False, False, []),
    ],
)
def test_an_https_public_url_turns_on_secure_cookies_hsts_and_the_proxy_header(
    hsts: str, seconds: int, subdomains: bool, preload: bool, silenced: list[str]
) -> None:
    found = https_settings("https://news.example.org", hsts, ["127.0.0.1", "localhost"])
    assert found == {
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "news.example.org"],
        "CSRF_TRUSTED_ORIGINS": ["https://news.example.org"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": seconds,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": subdomains,
        "SECURE_HSTS_PRELOAD": preload,
        "SILENCED_SYSTEM_CHECKS": silenced,
    }


def _django(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("BROADSHEET_", "DJANGO_"))}
    full = (
        keep
        | {
            "BROADSHEET_DATA_DIR": str(tmp_path),
            "BROADSHEET_SECRET_KEY": SECRET,
            "DJANGO_SETTINGS_MODULE": "broadsheet.site.settings",
        }
        | env
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=full,
        timeout=120,
        cwd=tmp_path,
    )


CHECK = (
    "import sys, django; from django.core.management import call_command; django.setup(); "
    "call_command('check', deploy=True, fail_level='WARNING')"
)


def test_check_deploy_warned_four_times_without_a_public_url(tmp_path: Path) -> None:
    done = _django(tmp_path, CHECK)
    assert done.returncode != 0
    assert sorted(re.findall(r"security\.W\d+", done.stderr)) == [
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
    ]


@pytest.mark.parametrize("hsts", ["host", "subdomains", "preload"])
def test_check_deploy_is_clean_under_an_https_public_url(tmp_path: Path, hsts: str) -> None:
    done = _django(
        tmp_path, CHECK, BROADSHEET_PUBLIC_URL="https://news.example.org", BROADSHEET_HSTS=hsts
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "System check identified no issues" in done.stdout + done.stderr


BEHIND_PROXY = """
import django; django.setup()
from django.test import Client
c = Client(HTTP_HOST="news.example.org")
plain = c.get("/accounts/login/")
print("plain", plain.status_code, plain["Location"])
tls = c.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
print("tls", tls.status_code, tls["Strict-Transport-Security"])
print("csp", tls["Content-Security-Policy"])
print("cookie", tls.cookies["csrftoken"]["secure"])
other = Client(HTTP_HOST="evil.example").get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
print("other_host", other.status_code)
"""


def test_behind_a_tls_proxy_the_site_redirects_sets_hsts_and_secure_cookies(tmp_path: Path) -> None:
    done = _django(tmp_path, BEHIND_PROXY, BROADSHEET_PUBLIC_URL="https://news.example.org")
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["plain"] == "301 https://news.example.org/accounts/login/"
    assert lines["tls"] == f"200 max-age={HSTS_SECONDS}"
    assert lines["csp"].endswith("; upgrade-insecure-requests")
    assert lines["cookie"] == "True"
    assert lines["other_host"] == "400"  # ALLOWED_HOSTS still applies
