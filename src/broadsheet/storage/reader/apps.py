"""Django app configuration for reader storage."""

from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """Tables of the reader concern (label `reader`)."""

    name = "broadsheet.storage.reader"
    label = "reader"
    default_auto_field = "django.db.models.BigAutoField"
