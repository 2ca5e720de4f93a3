"""Full-text search over articles: one interface, FTS5 on SQLite, tsvector on PostgreSQL.

``search(query, filters, page, per_page)`` returns ranked hits with ``<mark>``-highlighted
snippets; ``index(article_ids)`` keeps the index in step (the pipeline's ``_index`` step).
Alerts are saved searches: ``parse_rule`` reads a rule, ``check_alerts`` records what new
articles match (the index step again), ``preview_rule`` and ``create_alert`` serve the reader.
"""

from broadsheet.search._alerts import check_alerts, create_alert, preview_rule
from broadsheet.search._core import index, reindex_all, search
from broadsheet.search._query import ParsedQuery, Term, parse
from broadsheet.search._rules import Condition, parse_rule
from broadsheet.search._types import Filters, Hit, SearchResults

__all__ = [
    "Condition",
    "Filters",
    "Hit",
    "ParsedQuery",
    "SearchResults",
    "Term",
    "check_alerts",
    "create_alert",
    "index",
    "parse",
    "parse_rule",
    "preview_rule",
    "reindex_all",
    "search",
]
