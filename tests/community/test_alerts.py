"""Alert rules on entities and hashtags read the intelligence tables directly.

Rules are parsed by ``broadsheet.search.parse_rule``; storage evaluates the parsed conditions.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.search import parse_rule
from broadsheet.storage.community import alerts
from broadsheet.storage.intel import queries as intel
from broadsheet.storage.intel.models import ArticleEntity, Entity
from tests.api.conftest import import_article

pytestmark = pytest.mark.django_db


def test_entity_and_hashtag_rules() -> None:
    trams, buses = (
        import_article(
            url=f"https://news.example/{w}", title=f"{w} news", text=f"Something about {w}."
        )
        for w in ("trams", "buses")
    )
    ana = Entity.objects.create(name="Ana Ruiz", kind="PERSON")
    for article in (trams, buses):
        ArticleEntity.objects.get_or_create(article_id=article, entity=ana)
    intel.add_tag(trams, "trams", None)
    since = timezone.now() - timedelta(days=30)
    assert alerts.evaluate(parse_rule("hashtag = #trams"), since) == [trams]
    assert set(alerts.evaluate(parse_rule("entity = ana ruiz"), since)) == {trams, buses}
    assert alerts.evaluate(parse_rule("entity = Ana Ruiz and not tag = trams"), since) == [buses]
    assert alerts.evaluate(parse_rule("entity = Nobody"), since) == []
