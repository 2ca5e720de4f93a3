"""Full-text search over articles: one interface, FTS5 on SQLite, tsvector on PostgreSQL.

``search(query, filters, page, per_page)`` returns ranked hits with ``<mark>``-highlighted
snippets; ``index(article_ids)`` keeps the index in step (the pipeline's ``_index`` step).
"""

from broadsheet.search._core import index, reindex_all, search
from broadsheet.search._query import ParsedQuery, Term, parse
from broadsheet.search._types import Filters, Hit, SearchResults

__all__ = [
    "Filters",
    "Hit",
    "ParsedQuery",
    "SearchResults",
    "Term",
    "index",
    "parse",
    "reindex_all",
    "search",
]
