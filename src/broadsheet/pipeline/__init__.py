"""The pipeline: fetch → parse → extract (→ dedupe → cluster → enrich → index), as tasks over IDs."""

from broadsheet.pipeline._accounts import (
    change_password,
    create_account,
    first_account,
    signup_open,
)
from broadsheet.pipeline._cluster import recluster
from broadsheet.pipeline._import import ImportReport, import_articles, parse_published
from broadsheet.pipeline._refresh import RefreshReport, refresh_feeds
from broadsheet.pipeline._run import ExtractReport, extract_articles
from broadsheet.pipeline._subscribe import (
    OPMLReport,
    Subscribed,
    ensure_may_subscribe,
    export_opml,
    find_feed,
    import_opml,
    may_subscribe,
    subscribe,
)

__all__ = [
    "ExtractReport",
    "ImportReport",
    "OPMLReport",
    "RefreshReport",
    "Subscribed",
    "change_password",
    "create_account",
    "ensure_may_subscribe",
    "export_opml",
    "extract_articles",
    "find_feed",
    "first_account",
    "import_articles",
    "import_opml",
    "may_subscribe",
    "parse_published",
    "recluster",
    "refresh_feeds",
    "signup_open",
    "subscribe",
]
