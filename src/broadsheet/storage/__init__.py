"""Storage: the Django app that owns every table and every query, and only stores.

The modules below and the apps of each concern (``stories``, ``intel``, ``summaries``,
``search``, ``community``, ``reader``) take already computed values and return rows or frozen
dataclasses; the computing is the core's, the pipeline's or the reading layer's. Nothing
outside this package imports ``models``.
"""

# The public modules, by name (importing them here would load models before Django is ready).
__all__ = [
    "articles",
    "community",
    "exporting",
    "feeds",
    "intel",
    "maintenance",
    "panels",
    "reader",
    "schema",
    "search",
    "stories",
    "summaries",
    "transactions",
    "work",
]
