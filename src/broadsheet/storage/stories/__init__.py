"""Storage for the story engine: canonical URLs, duplicates, stories, related articles."""

# The public modules, by name (importing them here would load models before Django is ready).
__all__ = ["assign", "copies", "decisions", "export", "queries", "rebuild"]
