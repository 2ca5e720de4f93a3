"""Django app configuration for storage."""

from django.apps import AppConfig


class StorageConfig(AppConfig):
    """The storage app: feeds, articles, fetch logs."""

    name = "broadsheet.storage"
    label = "storage"
    default_auto_field = "django.db.models.BigAutoField"
