"""Search storage: one row per indexed article; the full-text index itself is vendor SQL.

On SQLite the index is the FTS5 table ``search_fts`` (rowid = article id); on PostgreSQL it is
the ``vector`` tsvector column of ``search_document`` with a GIN index. Both are created by
migration 0002 (RunSQL guarded by vendor), so Django never sees them as model fields.
"""

from django.db import models
from django.utils import timezone


class Document(models.Model):
    """An article that is in the full-text index, and when it was last indexed."""

    article = models.OneToOneField(
        "storage.Article", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "search_document"
