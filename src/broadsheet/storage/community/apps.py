"""Django app configuration for community storage."""

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """Tables of the community concern (label `community`)."""

    name = "broadsheet.storage.community"
    label = "community"
    default_auto_field = "django.db.models.BigAutoField"
