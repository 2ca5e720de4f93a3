"""Mail through a real local SMTP server (aiosmtpd) and webhooks to a local HTTP receiver.

Covers ``BROADSHEET_EMAIL_URL`` (plain with ``starttls=off``, STARTTLS and implicit TLS with a
throw-away CA), password reset by mail, and alert delivery: immediately, daily, by webhook.
"""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone

from broadsheet import config
from broadsheet.errors import ConfigError, MailError
from broadsheet.pipeline import mail
from broadsheet.search import create_alert
from broadsheet.site.mailing import mail_settings
from tests.api.conftest import import_article

aiosmtpd = pytest.importorskip("aiosmtpd", reason="aiosmtpd (requirements-dev.lock) is missing")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402

SENDER = "Broadsheet <news@example.org>"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """Collects what the SMTP server accepted, and the logins it saw."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def auth(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        self.logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"s3cret")

    def bodies(self) -> list[str]:
        return [m.get_payload(decode=True).decode().replace("\r\n", "\n") for m in self.messages]


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA), made with the openssl command."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
                *("-keyout", str(key), "-out", str(cert)),
            ],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"the openssl command cannot make a test certificate: {exc}")
    return cert, key


def _server(inbox: Inbox, **options: Any) -> Controller:
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=inbox.auth,
        auth_require_tls=False,
        **options,
    )
    controller.start()
    return controller


@pytest.fixture
def plain() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = _server(inbox)
    yield inbox, controller.port
    controller.stop()


def _settings(url: str) -> dict[str, Any]:
    parsed = config.load({"BROADSHEET_EMAIL_URL": url, "BROADSHEET_EMAIL_FROM": SENDER})
    return mail_settings(parsed.email_url, parsed.email_from)


def test_the_mail_url_is_validated_at_start() -> None:
    server = config.load({"BROADSHEET_EMAIL_URL": "smtp://ana%40x.org:p%3Ass@mail.example.org"})
    assert server.email_url == config.EmailServer(
        "mail.example.org", 587, "ana@x.org", "p:ss", "starttls"
    )
    tls = config.load({"BROADSHEET_EMAIL_URL": "smtps://u:p@mail.example.org"}).email_url
    assert (tls.port, tls.security) == (465, "tls")
    assert config.load({}).email_url is None
    for bad, says in [
        ("http://mail.example.org", "expected smtp://"),
        ("smtp://", "names no host"),
        ("smtp://h:port", "not a number"),
        ("smtp://h?tls=1", "unknown mail URL option"),
        ("smtps://h?starttls=off", "goes with smtp://"),
        ("smtp://h?cafile=/nowhere.pem", "is not a file"),
    ]:
        with pytest.raises(ConfigError, match=says):
            config.load({"BROADSHEET_EMAIL_URL": bad})
    with pytest.raises(ConfigError, match="expected a mail address"):
        config.load({"BROADSHEET_EMAIL_FROM": "nobody"})


def test_plain_smtp_with_login(plain: tuple[Inbox, int]) -> None:
    inbox, port = plain
    with override_settings(**_settings(f"smtp://ana:s3cret@127.0.0.1:{port}?starttls=off")):
        mail.send_mail("bob@example.org", "Hello", "First line.\n")
    assert inbox.logins == [(b"ana", b"s3cret")]
    assert inbox.messages[0]["Subject"] == "Hello" and inbox.messages[0]["From"] == SENDER
    assert inbox.bodies() == ["First line.\n"]


def test_a_refused_login_or_a_dead_server_is_a_mail_error(plain: tuple[Inbox, int]) -> None:
    _, port = plain
    wrong = _settings(f"smtp://ana:wrong@127.0.0.1:{port}?starttls=off")
    with override_settings(**wrong), pytest.raises(MailError, match=f"127.0.0.1:{port}.*EMAIL_URL"):
        mail.send_mail("bob@example.org", "Hello", "x")
    dead = _settings(f"smtp://127.0.0.1:{_free_port()}?starttls=off")
    with override_settings(**dead), pytest.raises(MailError, match="could not send mail"):
        mail.send_mail("bob@example.org", "Hello", "x")


@pytest.mark.parametrize("scheme", ["smtp", "smtps"])
def test_starttls_and_tls_trust_the_configured_ca(certs: tuple[Path, Path], scheme: str) -> None:
    cert, key = certs
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    options = {"tls_context": context, "require_starttls": True}
    controller = _server(inbox, **(options if scheme == "smtp" else {"ssl_context": context}))
    try:
        url = f"{scheme}://ana:s3cret@127.0.0.1:{controller.port}?cafile={cert}"
        with override_settings(**_settings(url)):
            mail.send_mail("bob@example.org", f"Over {scheme}", "Encrypted.\n")
        untrusted = _settings(url.split("?")[0])  # the same server, without its CA
        with override_settings(**untrusted), pytest.raises(MailError, match="certificate"):
            mail.send_mail("bob@example.org", "Untrusted", "x")
    finally:
        controller.stop()
    assert [m["Subject"] for m in inbox.messages] == [f"Over {scheme}"]


@pytest.mark.django_db
def test_password_reset_arrives_by_mail(plain: tuple[Inbox, int]) -> None:
    inbox, port = plain
    User.objects.create_user("ana", "ana@example.org", "old-password-1")
    with override_settings(**_settings(f"smtp://127.0.0.1:{port}?starttls=off")):
        response = Client().post("/accounts/password-reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert inbox.messages[0]["To"] == "ana@example.org"
    assert "/accounts/reset/" in inbox.bodies()[0]


class Receiver(BaseHTTPRequestHandler):
    """A local webhook receiver: keeps each POSTed JSON body; answers ``status``."""

    posted: list[Any] = []
    status = 204

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        type(self).posted.append(json.loads(self.rfile.read(length)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.posted, Receiver.status = [], 204
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_alert_matches_are_mailed_immediately_and_posted(
    plain: tuple[Inbox, int], receiver: str
) -> None:
    inbox, port = plain
    ana = User.objects.create_user("ana", "ana@example.org", "pw")
    import_article(url="https://news.example/old", title="Old tram news", text="A tram.")
    create_alert(ana.id, "Trams", "tram", "immediate", receiver)
    with override_settings(**_settings(f"smtp://127.0.0.1:{port}?starttls=off")):
        assert mail.deliver_alerts() == mail.Delivered()  # the 30-day matches are not sent
        new = import_article(url="https://news.example/new", title="New tram depot", text="Tram.")
        assert mail.deliver_alerts() == mail.Delivered(mailed=1, posted=1)
        assert mail.deliver_alerts() == mail.Delivered()  # sent once
    assert inbox.messages[0]["Subject"] == "Trams: 1 new article"
    assert "New tram depot" in inbox.bodies()[0] and f"/articles/{new}/" in inbox.bodies()[0]
    assert "Old tram news" not in inbox.bodies()[0]
    [payload] = Receiver.posted
    assert payload["alert"]["name"] == "Trams"
    assert [m["id"] for m in payload["matches"]] == [new]
    assert payload["matches"][0]["url"] == "https://news.example/new"


@pytest.mark.django_db
def test_daily_digests_wait_a_day_and_failures_are_retried(
    plain: tuple[Inbox, int], receiver: str
) -> None:
    inbox, port = plain
    ana = User.objects.create_user("ana", "ana@example.org", "pw")
    create_alert(ana.id, "Depots", "depot", "daily", receiver)
    Receiver.status = 500
    now = timezone.now()
    with override_settings(**_settings(f"smtp://127.0.0.1:{port}?starttls=off")):
        import_article(url="https://news.example/1", title="Depot one", text="A bus depot.")
        assert mail.deliver_alerts(now) == mail.Delivered(mailed=1, failed=1)
        import_article(url="https://news.example/2", title="Second depot", text="Tram depot.")
        assert mail.deliver_alerts(now + timedelta(hours=23)).mailed == 0
        Receiver.status = 204
        later = mail.deliver_alerts(now + timedelta(hours=24))
    assert (later.mailed, later.posted, later.failed) == (1, 1, 0)
    assert [m["Subject"] for m in inbox.messages] == ["Depots: 1 new article"] * 2
    assert len(Receiver.posted) == 3  # two answered 500 and stay pending; the third has both
    assert [m["title"] for m in Receiver.posted[-1]["matches"]] == ["Depot one", "Second depot"]


def test_digest_due_is_a_pure_decision() -> None:
    now = timezone.now()
    assert mail.digest_due("immediate", now, now)
    assert mail.digest_due("daily", None, now) and not mail.digest_due("none", None, now)
    assert not mail.digest_due("daily", now - timedelta(hours=23), now)
    assert mail.digest_due("daily", now - timedelta(hours=24), now)


def test_webhooks_to_addresses_feeds_may_not_use_are_refused(
    receiver: str, settings_env: Any
) -> None:
    settings_env.setenv("BROADSHEET_FETCH_ALLOW_NETWORKS", "192.0.2.0/24")
    with pytest.raises(MailError, match=r"refused.*BROADSHEET_FETCH_ALLOW_NETWORKS"):
        mail.post_json(receiver, {"x": 1})
    with pytest.raises(MailError, match="not an http"):
        mail.post_json("ftp://127.0.0.1/x", {})
    assert Receiver.posted == []


@pytest.mark.django_db
def test_bad_delivery_choices_are_refused() -> None:
    from broadsheet.errors import AlertRuleError

    ana = User.objects.create_user("ana", "ana@example.org", "pw")
    with pytest.raises(AlertRuleError, match="immediately, daily"):
        create_alert(ana.id, "x", "tram", "hourly")
    with pytest.raises(AlertRuleError, match="http:// or https://"):
        create_alert(ana.id, "x", "tram", "none", "javascript:alert(1)")


@pytest.mark.django_db
def test_the_alerts_page_saves_the_delivery_choice(client: Client) -> None:
    from broadsheet.storage.community.models import Alert

    User.objects.create_user("ana", "ana@example.org", "pw")
    client.login(username="ana", password="pw")
    form = {"name": "Trams", "rule": "tram", "delivery": "hourly", "webhook": ""}
    assert "immediately, daily" in client.post("/alerts/", form, follow=True).content.decode()
    form |= {"delivery": "daily", "webhook": "https://example.org/hook"}
    assert "Alert saved" in client.post("/alerts/", form, follow=True).content.decode()
    assert list(Alert.objects.values_list("delivery", "webhook")) == [
        ("daily", "https://example.org/hook")
    ]
    assert "Daily digest" in client.get("/alerts/").content.decode()
