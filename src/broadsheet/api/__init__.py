"""The JSON API under /api/ (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs."""

from broadsheet.api import articles, comments, entities, feeds, search, stories, tokens
from broadsheet.api._app import api

for _module in (articles, feeds, stories, entities, search, comments, tokens):
    api.add_router("/", _module.router)

__all__ = ["api"]
