"""Search stems words (English): "strikes" finds what "strike" finds; quoted phrases stay exact.

SQLite: ``search_fts`` is rebuilt with the ``porter`` tokenizer (over ``unicode61
remove_diacritics 2``), and ``search_exact`` indexes the same rows unstemmed for quoted phrases.
``search_exact`` stores no text of its own: it is an external-content table over ``search_fts``,
so every row leaves it with the values ``search_fts`` holds (the delete trigger of 0003 now
removes an article from both). PostgreSQL: ``vector`` uses the ``english`` configuration and the
new ``exact`` column (GIN-indexed) the ``simple`` one. Both indexes are refilled here from the
articles already indexed (``search_document``), which on SQLite takes about 2.5 minutes per 100,000 articles
(measured on the 2-core test machine: 20,000 synthetic 400-word articles in 31 s for both
tables, 16 s for the one unstemmed table before; the file grows by about 37%).
"""

from django.db import migrations

TRIGGER = "search_fts_forget_deleted_article"
TOKENS = "unicode61 remove_diacritics 2"
SQLITE_UP = [
    f"DROP TRIGGER IF EXISTS {TRIGGER}",
    "DROP TABLE IF EXISTS search_exact",
    "DROP TABLE IF EXISTS search_fts",
    f"CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'porter {TOKENS}')",
    "CREATE VIRTUAL TABLE search_exact USING fts5(title, body, content = 'search_fts', "
    f"tokenize = '{TOKENS}')",
    "INSERT INTO search_fts(rowid, title, body) SELECT a.id, a.title, a.text "
    "FROM storage_article a JOIN search_document d ON d.article_id = a.id "
    "WHERE a.title != '' OR a.text != ''",
    # ('rebuild' cannot read an FTS5 table as its content: the rows are copied instead.)
    "INSERT INTO search_exact(rowid, title, body) SELECT rowid, title, body FROM search_fts",
    f"CREATE TRIGGER {TRIGGER} AFTER DELETE ON storage_article BEGIN "
    "INSERT INTO search_exact(search_exact, rowid, title, body) "
    "SELECT 'delete', rowid, title, body FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_fts WHERE rowid = old.id; END",
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {TRIGGER}",
    "DROP TABLE IF EXISTS search_exact",
    "DROP TABLE IF EXISTS search_fts",
    f"CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = '{TOKENS}')",
    "INSERT INTO search_fts(rowid, title, body) SELECT a.id, a.title, a.text "
    "FROM storage_article a JOIN search_document d ON d.article_id = a.id "
    "WHERE a.title != '' OR a.text != ''",
    f"CREATE TRIGGER {TRIGGER} AFTER DELETE ON storage_article "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.id; END",
]
END = "zzbroadsheettitleend"  # keeps a phrase from spanning the title and the body


def _vector(config: str) -> str:
    return (
        f"setweight(to_tsvector('{config}', coalesce(a.title, '') || ' {END}'), 'A') || "
        f"setweight(to_tsvector('{config}', coalesce(a.text, '')), 'B')"
    )


PG_UP = [
    "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS exact tsvector",
    f"UPDATE search_document d SET vector = {_vector('english')}, exact = {_vector('simple')} "
    "FROM storage_article a WHERE a.id = d.article_id",
    "CREATE INDEX IF NOT EXISTS search_document_exact ON search_document USING GIN (exact)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS search_document_exact",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS exact",
    f"UPDATE search_document d SET vector = {_vector('simple')} "
    "FROM storage_article a WHERE a.id = d.article_id",
]


def _run(schema_editor, sqlite: list[str], pg: list[str]) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for sql in sqlite if vendor == "sqlite" else pg if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, SQLITE_UP, PG_UP)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, SQLITE_DOWN, PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_forget_deleted")]
    operations = [migrations.RunPython(forwards, backwards)]
