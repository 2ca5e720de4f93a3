"""A temporary SQLite database for running the real pipeline in a benchmark (one per process)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

_ready: list[str] = []


@contextlib.contextmanager
def temp_database() -> Iterator[None]:
    """Set up Django on a fresh SQLite file once; empty articles and stories on every entry."""
    if not _ready:
        tmp = tempfile.mkdtemp(prefix="broadsheet-bench-")
        os.environ.update(
            {
                "BROADSHEET_DATA_DIR": tmp,
                "BROADSHEET_EXTRACT_PAGES": "false",
                "BROADSHEET_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
                "BROADSHEET_LOG_LEVEL": "warning",
                "BROADSHEET_STARTER": "offline",
                "DJANGO_SETTINGS_MODULE": "broadsheet.site.settings",
            }
        )
        os.environ.pop("BROADSHEET_DATABASE_URL", None)
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        _ready.append(tmp)
    from broadsheet.pipeline._cluster import forget
    from broadsheet.storage.models import Article
    from broadsheet.storage.stories.models import EngineState, Story

    Article.objects.all().delete()
    Story.objects.all().delete()
    EngineState.objects.all().delete()
    forget()
    yield
