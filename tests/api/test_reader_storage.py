"""Reader state storage: tokens stored as hashes, read/saved/muted per user."""

from __future__ import annotations

import pytest

from broadsheet.errors import NotFoundError
from broadsheet.storage import articles as article_store
from broadsheet.storage.models import Article
from broadsheet.storage.reader import queries as reader
from broadsheet.storage.reader import rows
from broadsheet.storage.reader.models import ApiToken
from tests.api.conftest import PASSWORD, Account, make_account

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_token_is_stored_only_as_a_hash_and_resolves_to_its_user(alice: Account) -> None:
    assert reader.token_user(alice.token) == alice.id
    stored = ApiToken.objects.get(user_id=alice.id)
    assert alice.token not in (stored.digest, stored.prefix) and len(stored.digest) == 64
    assert reader.token_user(alice.token + "x") is None
    assert reader.token_user("") is None and reader.token_user("x" * 5000) is None


def test_revoked_token_and_inactive_user_are_refused(alice: Account) -> None:
    token_id = reader.list_tokens(alice.id)[0].id
    reader.revoke_token(alice.id, token_id)
    assert reader.token_user(alice.token) is None
    with pytest.raises(NotFoundError):
        reader.revoke_token(alice.id, token_id)
    bob = make_account("bob")
    from django.contrib.auth.models import User

    User.objects.filter(id=bob.id).update(is_active=False)
    assert reader.token_user(bob.token) is None


def test_client_login_tokens_are_capped(alice: Account) -> None:
    for _ in range(reader.MAX_GREADER_TOKENS + 3):
        reader.create_token(alice.id, "client", kind="greader")
    assert (
        ApiToken.objects.filter(user_id=alice.id, kind="greader").count()
        == reader.MAX_GREADER_TOKENS
    )
    assert reader.token_user(alice.token) == alice.id  # API tokens are untouched


def test_password_check_by_name_or_email(alice: Account) -> None:
    assert reader.check_password("alice", PASSWORD) == alice.id
    assert reader.check_password("alice@example.org", PASSWORD) == alice.id
    assert reader.check_password("alice", "wrong") is None
    assert reader.check_password("nobody", PASSWORD) is None


def test_read_and_saved_state_is_per_user(alice: Account, articles: list[int]) -> None:
    bob = make_account("bob")
    assert reader.mark_read(alice.id, [*articles[:2], 10**9]) == 2  # unknown ids are ignored
    assert reader.is_read(alice.id, articles) == set(articles[:2])
    assert reader.is_read(bob.id, articles) == set()
    reader.mark_read(alice.id, [articles[0]], read=False)
    assert reader.is_read(alice.id, articles) == {articles[1]}
    reader.save(alice.id, articles[3])
    reader.save(alice.id, articles[4])
    assert reader.saved_ids(alice.id) == [articles[4], articles[3]]
    reader.save(alice.id, articles[4], saved=False)
    assert reader.saved_ids(alice.id) == [articles[3]] and reader.saved_ids(bob.id) == []
    with pytest.raises(NotFoundError):
        reader.save(alice.id, 10**9)


def test_mute_source(alice: Account, articles: list[int]) -> None:
    source_id = Article.objects.get(id=articles[0]).source_id
    reader.mute_source(alice.id, source_id)
    reader.mute_source(alice.id, source_id)  # idempotent
    assert reader.muted_sources(alice.id) == {source_id}
    reader.mute_source(alice.id, source_id, muted=False)
    assert reader.muted_sources(alice.id) == set()
    with pytest.raises(NotFoundError):
        reader.mute_source(alice.id, 10**9)


def test_article_rows_have_every_export_field(articles: list[int]) -> None:
    exported = next(iter(article_store.export_rows()))
    (row,) = rows.article_rows([exported["id"]])
    assert set(exported) <= set(row)
    assert {k: row[k] for k in exported} == exported
    assert rows.article_rows([10**9]) == []
