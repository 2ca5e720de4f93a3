"""SQLite: an article deleted by any path (admin, a feed's cascade, retention) leaves the FTS5 index.

On PostgreSQL the index is a column of ``search_document``, which goes with its article; the
FTS5 table is not a Django model, so without this trigger its rows outlived their article and
counted in search totals. Rows left by earlier deletes are removed once here.
"""

from django.db import migrations

TRIGGER = "search_fts_forget_deleted_article"
SQLITE_UP = [
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGER} AFTER DELETE ON storage_article "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.id; END",
    "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM storage_article)",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {TRIGGER}"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext"), ("storage", "0003_work")]
    operations = [migrations.RunPython(forwards, backwards)]
