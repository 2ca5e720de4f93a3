"""`broadsheet token create|list|revoke USER` (module broadsheet.cli._tokens)."""

from __future__ import annotations

import argparse

import pytest
from django.test import Client

from broadsheet.cli import _tokens
from broadsheet.errors import NotFoundError
from broadsheet.storage.reader import queries as reader
from tests.api.conftest import Account

pytestmark = pytest.mark.django_db


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    _tokens.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def test_create_list_revoke(alice: Account, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("token", "create", "alice", "--name", "laptop") == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("bs_") and reader.token_user(token) == alice.id
    run("token", "list", "alice")
    listing = capsys.readouterr().out
    assert "laptop" in listing and token not in listing
    token_id = next(t.id for t in reader.list_tokens(alice.id) if t.name == "laptop")
    run("token", "revoke", "alice", str(token_id))
    assert reader.token_user(token) is None


def test_unknown_user_is_a_clear_error(db: None) -> None:
    with pytest.raises(NotFoundError, match="no user named 'ghost'"):
        run("token", "create", "ghost")


def test_token_writes_work_with_csrf_checks_on(alice: Account, articles: list[int]) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.put(
        f"/api/articles/{articles[0]}/state",
        {"read": True},
        content_type="application/json",
        headers=alice.headers,
    )
    assert response.status_code == 200
    login = strict.post(
        "/accounts/ClientLogin", {"Email": "alice", "Passwd": "correct horse battery staple"}
    )
    auth = login.content.decode().split("Auth=")[1].strip()
    tagged = strict.post(
        "/reader/api/0/edit-tag",
        {"i": str(articles[0]), "r": "user/-/state/com.google/read"},
        headers={"Authorization": f"GoogleLogin auth={auth}"},
    )
    assert tagged.status_code == 200 and reader.is_read(alice.id, articles) == set()
