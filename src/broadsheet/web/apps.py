"""Django app configuration for the web reader."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    """The reader's pages."""

    name = "broadsheet.web"
    label = "web"
