"""Tables of the intel concern. Only modules inside broadsheet.storage query them."""

from __future__ import annotations

from django.db import models

from broadsheet.storage.models import Article


class Entity(models.Model):
    """A person, organisation or place under its canonical name, shared across articles."""

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=10)
    display = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="intel_entity_unique")]


class ArticleEntity(models.Model):
    """How often an article names an entity, and how it wrote the name."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="intel_entities")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    display = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entity"], name="intel_article_entity_unique"
            )
        ]


class ArticleTag(models.Model):
    """A hashtag on an article: found automatically, added by a reader, or hidden by a reader."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="intel_tags")
    tag = models.CharField(max_length=100)
    source = models.CharField(max_length=10)  # auto | user | hidden
    user_id = models.IntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "tag", "source"], name="intel_tag_unique")
        ]
        # A tag's rows, and among them the few a reader hid, without reading the others.
        indexes = [models.Index(fields=["tag", "source"], name="intel_tag_source")]


class Quote(models.Model):
    """A quote in an article with its speaker (empty when unknown) and confidence."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="intel_quotes")
    position = models.PositiveIntegerField()
    text = models.TextField()
    speaker = models.CharField(max_length=300, blank=True)
    speaker_entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=10)
    confidence = models.FloatField(default=0.0)
    sentence_index = models.IntegerField(default=0)
    start = models.IntegerField(default=0)
    end = models.IntegerField(default=0)
    in_embed = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["article", "position"]


class EmbedLink(models.Model):
    """An embedded post of an article (by index in Article.embeds) and the entity who wrote it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="intel_embeds")
    index = models.PositiveIntegerField()
    handle = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.CharField(max_length=40, blank=True)
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL)
