"""Django app configuration for stories storage."""

from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Tables of the stories concern (label `stories`)."""

    name = "broadsheet.storage.stories"
    label = "stories"
    default_auto_field = "django.db.models.BigAutoField"
