"""Storage for the intelligence layer: entities, hashtags, quotes, embedded posts' authors."""

# The public modules, by name (importing them here would load models before Django is ready).
__all__ = ["enriched", "export", "queries"]
