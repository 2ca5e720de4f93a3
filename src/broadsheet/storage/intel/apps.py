"""Django app configuration for intel storage."""

from django.apps import AppConfig


class IntelConfig(AppConfig):
    """Tables of the intel concern (label `intel`)."""

    name = "broadsheet.storage.intel"
    label = "intel"
    default_auto_field = "django.db.models.BigAutoField"
