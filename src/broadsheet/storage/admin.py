"""Admin pages for staff: inspect feeds, fetch logs and articles."""

from typing import Any

from django.contrib import admin
from django.utils import timezone

from broadsheet.storage.models import Article, Category, Feed, FetchLog, Source


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feeds with their health."""

    list_display = ("id", "title", "url", "health", "active", "last_fetched_at", "next_fetch_at")
    list_filter = ("health", "active")
    search_fields = ("title", "url")


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    """Every fetch, newest first."""

    list_display = (
        "feed",
        "started_at",
        "status",
        "duration_ms",
        "bytes",
        "new_items",
        "error_kind",
    )
    list_filter = ("error_kind",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Articles and how their text was chosen."""

    list_display = ("id", "title", "source", "published_at", "content_source", "extraction_status")
    list_filter = ("extraction_status", "content_source")
    search_fields = ("title", "url")
    exclude = ("raw_html",)

    def save_model(self, request: Any, obj: Article, form: Any, change: bool) -> None:
        """Save, marking the article changed so its cached summaries are recomputed."""
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


admin.site.register(Category)
admin.site.register(Source)
