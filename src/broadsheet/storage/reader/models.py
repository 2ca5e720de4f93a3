"""Tables of the reader concern. Only modules inside broadsheet.storage query them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A bearer token for the JSON and Google Reader APIs; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)  # first characters, to tell tokens apart in lists
    kind = models.CharField(max_length=20, default="api")  # api | greader
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ArticleState(models.Model):
    """One user's state of one article: read and/or saved (starred)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_states"
    )
    article = models.ForeignKey(
        "storage.Article", on_delete=models.CASCADE, related_name="reader_states"
    )
    read = models.BooleanField(default=False)
    saved = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="reader_state_unique")
        ]
        indexes = [
            models.Index(fields=["user", "read"], name="reader_state_read"),
            models.Index(fields=["user", "saved"], name="reader_state_saved"),
        ]


class MutedSource(models.Model):
    """An outlet one user does not want to see in their reading list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_sources"
    )
    source = models.ForeignKey("storage.Source", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "source"], name="reader_muted_unique")
        ]


class HiddenFeed(models.Model):
    """A feed one user unsubscribed from (feeds are shared, so unsubscribing hides it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    feed = models.ForeignKey("storage.Feed", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "feed"], name="reader_hidden_feed_unique")
        ]


class FeedLabel(models.Model):
    """One user's own title and folder for a feed (Google Reader rename and labels)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    feed = models.ForeignKey("storage.Feed", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=500, blank=True)
    folder = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "feed"], name="reader_feed_label_unique")
        ]


class Subscription(models.Model):
    """A reader's own subscription to a private feed: one a reader added for themselves.

    A feed with no Subscription row is the instance's: every reader follows it unless they hid
    it (HiddenFeed). A feed with rows is private: only those readers see it and its articles in
    their own lists, however many follow it it is fetched once, and it is deleted with its last
    subscriber. Titles and folders are the reader's FeedLabel, for both kinds of feed.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    feed = models.ForeignKey("storage.Feed", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "feed"], name="reader_subscription_unique")
        ]
        indexes = [models.Index(fields=["feed"], name="reader_subscription_feed")]


class FeedOptions(models.Model):
    """How one feed is fetched, as staff or its only reader set it.

    ``interval_minutes`` fixes the refresh interval (empty: learnt from the feed's rhythm);
    ``fetch_pages`` false keeps the feed's own text and never fetches the articles' pages.
    """

    feed = models.OneToOneField(
        "storage.Feed", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    interval_minutes = models.PositiveIntegerField(null=True, blank=True)
    fetch_pages = models.BooleanField(default=True)


class ReadingPreferences(models.Model):
    """One reader's reading settings, kept on the server so they follow the reader's devices.

    ``scroll_read`` marks an article read when its row scrolls past the top of a list (off
    unless the reader turns it on); a reader without a row has every default.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    scroll_read = models.BooleanField(default=False)
