"""Django app configuration for search storage."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Tables of the search concern (label `search`)."""

    name = "broadsheet.storage.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"
