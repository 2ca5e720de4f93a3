"""Storage for summaries and answers with their citations, and the summaries pages asked for."""

# The public modules, by name (importing them here would load models before Django is ready).
__all__ = ["export", "keys", "precompute", "queries", "requests"]
