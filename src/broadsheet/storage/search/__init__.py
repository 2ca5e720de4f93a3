"""Storage for full-text search: SQLite FTS5 or PostgreSQL full-text, behind one interface."""

# The public modules, by name (importing them here would load models before Django is ready).
__all__ = ["browse", "queries"]
