"""Storage for readers: API tokens, read/saved/muted state, comments, alerts."""

# The public modules, by name (importing them here would load models before Django is ready).
__all__ = [
    "accounts",
    "fever",
    "marking",
    "outlets",
    "queries",
    "rows",
    "streams",
    "subscriptions",
]
