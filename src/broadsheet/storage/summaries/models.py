"""Tables of the summaries concern: stored results and the requests waiting for one.

Only modules inside broadsheet.storage query them.
"""

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


class SummaryRequest(models.Model):
    """A summary a page found missing or stale, for a background job to write (pages never do).

    One row per (kind, key, method) while it waits, so asking again changes nothing. A failed
    attempt (the model fell back, timed out) stays with its error, due again at ``not_before``.
    """

    kind = models.CharField(max_length=10)  # article | story
    key = models.CharField(max_length=64)  # article id or story id
    method = models.CharField(max_length=120)  # "extractive" or "llm:<model>"
    requested_at = models.DateTimeField(default=timezone.now)
    not_before = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "method"], name="summary_request_key")
        ]
        indexes = [models.Index(fields=["not_before"], name="summary_request_due")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} ({self.method}) wanted"
