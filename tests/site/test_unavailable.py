"""A database that fails under a request gives a plain one-line 503, never a 500 or a traceback.

The database is made to fail where a restarting PostgreSQL fails it: every query raises
Django's ``OperationalError`` (or ``InterfaceError`` for a connection already closed).
"""

from __future__ import annotations

import sys

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory, override_settings

from broadsheet.site.unavailable import MESSAGE, server_error

pytestmark = [pytest.mark.django_db]

PAGES = ("/", "/latest/", "/search/?q=bridge", "/api/articles", "/syndication/latest.rss")


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)


def _assert_plain_503(response: object) -> None:
    assert response.status_code == 503, response.status_code  # type: ignore[attr-defined]
    assert response["Content-Type"] == "text/plain; charset=utf-8"  # type: ignore[index]
    assert response["Retry-After"] == "30"  # type: ignore[index]
    assert response.content.decode() == MESSAGE  # type: ignore[attr-defined]
    assert MESSAGE.count("\n") == 1


@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_a_plain_503_while_the_database_is_down(
    page: str, database_down: None
) -> None:
    _assert_plain_503(Client().get(page))


@override_settings(DEBUG=True)
def test_even_under_debug_there_is_no_debug_page(database_down: None) -> None:
    response = Client().get("/latest/")
    _assert_plain_503(response)
    assert b"Traceback" not in response.content


def test_pages_answer_200_again_once_the_database_is_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    execute = CursorWrapper.execute
    down = [True]

    def flaky(self: CursorWrapper, *args: object, **kwargs: object) -> object:
        if down[0]:
            raise InterfaceError("connection already closed")
        return execute(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CursorWrapper, "execute", flaky)
    _assert_plain_503(Client().get("/latest/"))
    down[0] = False
    assert Client().get("/latest/").status_code == 200


def test_a_database_error_outside_a_view_is_a_503_other_errors_a_500() -> None:
    request = RequestFactory().get("/")
    try:
        raise OperationalError("the connection is closed")
    except OperationalError:
        _assert_plain_503(server_error(request))
    try:
        raise ValueError("a bug")
    except ValueError:
        assert sys.exc_info()[0] is ValueError
        assert server_error(request).status_code == 500
