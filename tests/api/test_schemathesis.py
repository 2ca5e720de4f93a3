"""Property-based checks of the JSON API against its own OpenAPI schema (schemathesis, in-process).

Every generated request, valid (positive) or deliberately invalid (negative), must get a non-5xx
answer with the documented content type and schema; invalid ones must be refused with a 4xx.
One test per operation; examples are bounded so the whole file runs in well under a minute.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
)
from schemathesis.core.parameters import ParameterLocation

from broadsheet.api import api
from broadsheet.storage.articles import ImportedArticle, store_imported
from tests.api.conftest import Account

pytestmark = pytest.mark.django_db

CHECKS = (not_a_server_error, content_type_conformance, response_schema_conformance)
EXAMPLES = 10


def _operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return [(method.upper(), path) for path, methods in sorted(paths.items()) for method in methods]


@functools.cache
def _load() -> Any:
    return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def live_schema(settings: Any) -> Iterator[Any]:
    """The OpenAPI schema as served, bound to the WSGI app of this process.

    Like Django's test client, keep requests from closing the test's database connection.
    """
    settings.ALLOWED_HOSTS = ["*"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield _load()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def stocked(alice: Account) -> Account:
    """A few articles (stored directly: the pipeline steps are not under test here)."""
    for i in range(3):
        store_imported(
            ImportedArticle(
                url=f"https://news.example/s{i}",
                title=f"Schema story {i}",
                text="Text.",
                html="",
                published=None,
                published_raw="",
                source="Example",
                source_url="",
                authors=("A",),
                categories=(),
                language="en",
                image="",
                extra={},
            )
        )
    return alice


def _headers_negated(case: Any) -> bool:
    meta = case.meta
    header = meta.components.get(ParameterLocation.HEADER) if meta is not None else None
    return header is not None and header.mode.is_negative


@pytest.mark.parametrize(
    ("method", "path"), _operations(), ids=[f"{m} {p}" for m, p in _operations()]
)
@pytest.mark.parametrize(
    "mode",
    [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    ids=["valid", "invalid"],
)
def test_operation_conforms(
    live_schema: Any, stocked: Account, method: str, path: str, mode: Any
) -> None:
    operation = live_schema[path][method]
    checks = CHECKS + (
        (negative_data_rejection,) if mode == schemathesis.GenerationMode.NEGATIVE else ()
    )

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        # A case whose headers were made invalid (a required Authorization left out, say) is sent
        # as generated: adding the account's credentials back would make it valid again.
        response = case.call(headers=None if _headers_negated(case) else stocked.headers)
        case.validate_response(response, checks=checks)

    run()
