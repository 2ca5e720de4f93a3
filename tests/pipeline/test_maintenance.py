"""The scheduler keeps SQLite's planner statistics fresh, once a day."""

from __future__ import annotations

import pytest
from django.db import connection

from broadsheet.storage import maintenance

pytestmark = pytest.mark.django_db


def test_statistics_are_refreshed_once_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "sqlite":
        assert not maintenance.refresh_statistics()
        return
    monkeypatch.setattr(maintenance, "_last", 0.0)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert maintenance.refresh_statistics_daily(now=100_000.0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 1
    assert not maintenance.refresh_statistics_daily(now=100_000.0 + 3600)
    assert maintenance.refresh_statistics_daily(now=100_000.0 + 86_400)
