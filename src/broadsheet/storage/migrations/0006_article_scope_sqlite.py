"""On SQLite, a narrow index of each article's filter columns, led by its ID.

SQLite stores a row's columns in order and ``feed_id``/``source_id`` come after the article's
text and HTML, so checking a search match's feed through the table walks the row's overflow
pages (about 7 µs a match at 1M articles). Search joins matches to this index instead
(``storage.search.queries``): the same check reads one dense index entry. PostgreSQL keeps the
long columns out of line (TOAST), so it needs no such index.
"""

from django.db import migrations

NAME = "article_scope"
COLUMNS = "id, feed_id, source_id, published_at, language"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{NAME}" ON storage_article({COLUMNS})')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [
        ("storage", "0005_article_panels"),
    ]

    operations = [migrations.RunPython(create, drop)]
