"""Database tables. Only modules inside broadsheet.storage query them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Category(models.Model):
    """A folder of feeds; categories nest (``parent``)."""

    title = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "title"], name="category_unique_in_parent")
        ]

    def __str__(self) -> str:
        return self.title


class Source(models.Model):
    """An outlet (publisher), identified by its web domain."""

    domain = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=300)
    site_url = models.URLField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    """A subscription: where to fetch, what came back last time and how healthy it is."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    description = models.TextField(blank=True)
    language = models.CharField(max_length=35, blank=True)
    image = models.URLField(max_length=2000, blank=True)
    format = models.CharField(max_length=20, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    # Conditional GET and change detection.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    body_hash = models.CharField(max_length=64, blank=True)
    # Scheduling.
    active = models.BooleanField(default=True)
    disabled_reason = models.TextField(blank=True)
    interval_minutes = models.PositiveIntegerField(default=60)
    next_fetch_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_new_item_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    # Health, as diagnosed by broadsheet.health after every fetch.
    health = models.CharField(max_length=20, default="new")
    health_message = models.TextField(blank=True, default="Not fetched yet.")
    damage = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title or self.url


class FetchLog(models.Model):
    """One fetch of one feed: what happened and how long it took."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="fetches")
    started_at = models.DateTimeField(default=timezone.now)
    url = models.URLField(max_length=2000)
    status = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    bytes = models.PositiveIntegerField(default=0)
    new_items = models.PositiveIntegerField(default=0)
    updated_items = models.PositiveIntegerField(default=0)
    not_modified = models.BooleanField(default=False)
    error_kind = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["feed", "-started_at"], name="fetchlog_feed_recent")]


class Article(models.Model):
    """One news item: what the feed said, what the page said, and which text we show."""

    origin = models.CharField(max_length=40)  # "feed:<id>" or "import"
    key_hash = models.CharField(max_length=64)  # sha256 of the item identity within origin
    item_key = models.TextField()
    key_kind = models.CharField(max_length=10)
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    url = models.URLField(max_length=2000, blank=True, db_index=True)
    title = models.TextField(blank=True)
    authors = models.JSONField(default=list)
    categories = models.JSONField(default=list)
    image = models.URLField(max_length=2000, blank=True)
    language = models.CharField(max_length=35, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_raw = models.CharField(max_length=200, blank=True)
    updated_raw = models.CharField(max_length=200, blank=True)
    discovered_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    item_hash = models.CharField(max_length=64, blank=True)  # detects an updated feed item
    feed_summary_html = models.TextField(blank=True)
    feed_content_html = models.TextField(blank=True)
    # The text we show, and why.
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    content_source = models.CharField(max_length=10, blank=True)  # page | feed | import
    content_reason = models.TextField(blank=True)
    embeds = models.JSONField(default=list)
    # Page extraction.
    extraction_status = models.CharField(max_length=10, default="pending", db_index=True)
    extraction_error = models.TextField(blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    raw_html = models.BinaryField(null=True, blank=True)  # zlib-compressed page, for re-extraction
    extra = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["origin", "key_hash"], name="article_unique_identity")
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="article_newest"),
            models.Index(fields=["feed", "-published_at"], name="article_feed_newest"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Work(models.Model):
    """Where one article stands in the pipeline while it is on its way (see pipeline/flow.py).

    ``step`` is the next step the article waits for. A claimed row carries a lease: if the
    process holding it dies, the lease expires and the row is claimed again. A row is deleted
    when the article has passed the last step, unless its page is to be tried again later
    (it then goes back to the page step, due at ``page_retry_at``).
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="work"
    )
    step = models.CharField(max_length=20)
    not_before = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)  # claims of the current step
    last_error = models.TextField(blank=True)
    page_url = models.TextField(blank=True)  # where the fetched page finally came from
    page_error = models.TextField(blank=True)  # why the page could not be used, if it could not
    page_attempts = models.PositiveIntegerField(default=0)
    page_retry_at = models.DateTimeField(null=True, blank=True)  # when to fetch the page again
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["step", "not_before"], name="work_due")]

    def __str__(self) -> str:
        return f"article {self.article_id} at {self.step}"


class ArticlePanels(models.Model):
    """An article page's panels (its story, related coverage and intelligence) as the pipeline's
    ``panels`` step built them, so the page reads them in one query instead of building them.

    ``story_stamp`` names the story as it was when they were built (its id, size and last
    change); a page that finds the story changed since builds the panels itself. ``format`` is
    the view models' encoding: a row of another format is ignored.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="panels"
    )
    format = models.PositiveSmallIntegerField()
    story_stamp = models.CharField(max_length=80, blank=True)
    payload = models.JSONField()
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"panels of article {self.article_id}"
