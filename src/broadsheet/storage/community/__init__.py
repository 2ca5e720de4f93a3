"""Storage for comments, moderation decisions and alert rules."""

# The public modules, by name (importing them here would load models before Django is ready).
__all__ = ["alerts", "deliveries", "errors", "moderation", "queries", "render", "rules"]
