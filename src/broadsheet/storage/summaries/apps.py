"""Django app configuration for summaries storage."""

from django.apps import AppConfig


class SummariesConfig(AppConfig):
    """Tables of the summaries concern (label `summaries`)."""

    name = "broadsheet.storage.summaries"
    label = "summaries"
    default_auto_field = "django.db.models.BigAutoField"
