"""The Django project: settings from broadsheet.config, URL routes and WSGI entry point."""
