"""Storage for comments, moderation decisions, alert rules and readers' filter rules with their
stored matches."""

# The public modules, by name (importing them here would load models before Django is ready).
__all__ = [
    "alerts",
    "deliveries",
    "errors",
    "moderation",
    "queries",
    "render",
    "rule_matches",
    "rules",
]
