"""`broadsheet user create` and `user passwd`: passwords from stdin, the first one is admin."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User

from broadsheet.cli import main

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.storage]


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_create_then_passwd(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        capsys, monkeypatch, "first-pass-phrase\n", "user", "create", "ana", "--password-stdin"
    )
    assert code == 0 and "ana (administrator)" in out
    assert User.objects.get(username="ana").is_superuser
    code, out, _ = run(
        capsys, monkeypatch, "second-pass-phrase\n", "user", "create", "ben", "--password-stdin"
    )
    assert code == 0 and "ben (reader)" in out and not User.objects.get(username="ben").is_staff
    code, out, _ = run(
        capsys, monkeypatch, "third-pass-phrase\n", "user", "create", "cy", "--staff",
        "--password-stdin",
    )  # fmt: skip
    assert code == 0 and "cy (administrator)" in out
    cy = User.objects.get(username="cy")
    assert cy.is_staff and not cy.is_superuser
    code, out, _ = run(
        capsys, monkeypatch, "a-new-pass-phrase\n", "user", "passwd", "ben", "--password-stdin"
    )
    assert code == 0 and authenticate(username="ben", password="a-new-pass-phrase") is not None


@pytest.mark.parametrize(
    ("stdin", "args", "message"),
    [
        ("x-pass-phrase-9\n", ["create", "ana"], "--password-stdin"),  # no terminal
        ("\n", ["create", "ana", "--password-stdin"], "password is empty"),
        ("123\n", ["create", "ana", "--password-stdin"], "too short"),
        ("x-pass-phrase-9\n", ["create", "bad name", "--password-stdin"], "account name"),
        ("x-pass-phrase-9\n", ["passwd", "nobody", "--password-stdin"], "no account named"),
    ],
)
def test_mistakes_are_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str,
    args: list[str],
    message: str,
) -> None:
    code, _, err = run(capsys, monkeypatch, stdin, "user", *args)
    assert code == 1 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_taken_name_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    User.objects.create_user("ana", password="x")
    code, _, err = run(
        capsys, monkeypatch, "x-pass-phrase-9\n", "user", "create", "Ana", "--password-stdin"
    )
    assert code == 1 and "exists already" in err
