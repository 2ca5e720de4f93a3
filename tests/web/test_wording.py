"""Counts read as English ("1 outlet") and an article says plainly where its text came from."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.api.conftest import import_article

pytestmark = pytest.mark.django_db


def test_one_outlet_and_an_imported_text_read_naturally(client: Client) -> None:
    article = import_article()
    html = client.get(f"/articles/{article}/").content.decode()
    assert "Imported with its own text: its web page was not fetched." in html
    assert "page extraction failed" not in html and "using feed content" not in html
    story = re.search(r'href="/stories/(\d+)/"', html)
    assert story, "the article page links its story"
    assert "· 1 outlet</p>" in html
    page = client.get(f"/stories/{story.group(1)}/").content.decode()
    assert "1 outlet · 1 article ·" in page and "1 outlets" not in page
