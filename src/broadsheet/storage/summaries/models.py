"""Tables of the summaries concern. Only modules inside broadsheet.storage query them."""

from django.db import models
from django.utils import timezone


class CachedSummary(models.Model):
    """A computed summary or answer, valid while its sources' key (``keys.py``) is unchanged."""

    kind = models.CharField(max_length=10)  # article | story | answer
    key = models.CharField(max_length=64)  # article id, story id, or hash of question + ids
    method = models.CharField(max_length=120)  # "extractive" or "llm:<model>" as requested
    content_hash = models.CharField(max_length=64)  # the sources' key: sha256 of ids and stamps
    payload = models.JSONField()  # the Summary / StorySummary / Answer, see codec.py
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "method"], name="summary_cache_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} ({self.method})"
