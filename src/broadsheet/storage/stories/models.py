"""Tables of the stories concern. Only modules inside broadsheet.storage query them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from broadsheet.storage.models import Article


class Signature(models.Model):
    """One article's identity: canonical URL, exact-text fingerprint, MinHash, duplicate links."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="signature"
    )
    canonical_url = models.CharField(max_length=2000, db_index=True)
    text_hash = models.CharField(max_length=64, db_index=True, blank=True)
    minhash = models.BinaryField(blank=True)
    published_at = models.DateTimeField(null=True)
    duplicate_of = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="exact_copies"
    )
    syndicated_from = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="near_copies"
    )
    similarity = models.FloatField(default=0.0)  # estimated Jaccard to syndicated_from
    alternates = models.JSONField(default=list)  # [{url, feed, article_id}] of every copy


class Band(models.Model):
    """One LSH band key of an article's MinHash; shared keys make near-duplicate candidates."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField(db_index=True)


class Story(models.Model):
    """One news event; ``redirect_to`` is set when it was merged into another story."""

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    headline = models.TextField(blank=True)
    headline_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outlets = models.JSONField(default=list)
    n_outlets = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    first_published = models.DateTimeField(null=True, db_index=True)
    last_published = models.DateTimeField(null=True, db_index=True)
    redirect_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["-n_outlets", "-last_published"], name="story_rank")]


class Membership(models.Model):
    """Which story an article is in, and why (the engine's explanation as JSON)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="membership"
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="members")
    score = models.FloatField(default=0.0)
    method = models.CharField(max_length=10, default="engine")  # engine | staff | duplicate
    explanation = models.JSONField(default=dict)
    features = models.JSONField(default=dict)  # what the engine needs to rebuild its state
    published_at = models.DateTimeField(null=True, db_index=True)


class Pin(models.Model):
    """A staff decision: this article belongs in this story, whatever the engine thinks."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="story_pin"
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="pins")
    decided_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)


class RelatedLink(models.Model):
    """``other`` is worth reading after ``article``: score and a reason in words."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reason = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "other"], name="related_once")]
        indexes = [models.Index(fields=["article", "-score"], name="related_best")]


class EngineState(models.Model):
    """A single row whose ``generation`` changes when stories are rebuilt or edited by staff."""

    generation = models.PositiveIntegerField(default=0)
