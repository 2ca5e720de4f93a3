"""The pipeline: fetch → parse → extract (→ dedupe → cluster → enrich → index), as tasks over IDs."""

from broadsheet.pipeline._accounts import (
    change_password,
    create_account,
    first_account,
    signup_open,
)
from broadsheet.pipeline._cluster import recluster
from broadsheet.pipeline._decisions import (
    StoryDecisionError,
    merge_stories,
    move_article,
    split_story,
)
from broadsheet.pipeline._import import ImportReport, import_articles, parse_published
from broadsheet.pipeline._maintenance import export_all, prepare_tables
from broadsheet.pipeline._progress import StepProgress, progress
from broadsheet.pipeline._refresh import RefreshReport, refresh_feeds
from broadsheet.pipeline._rules import (
    RuleProgress,
    add_filter_rule,
    apply_rules,
    delete_filter_rule,
    edit_filter_rule,
    rule_progress,
)
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
from broadsheet.pipeline._subscriptions import (
    FeedEdit,
    edit_feed,
    export_reader_opml,
    import_reader_opml,
    may_edit_feed,
    remove_feed,
    subscribe_reader,
    unsubscribe,
)

__all__ = [
    "ExtractReport",
    "FeedEdit",
    "ImportReport",
    "OPMLReport",
    "RefreshReport",
    "RuleProgress",
    "StepProgress",
    "StoryDecisionError",
    "Subscribed",
    "add_filter_rule",
    "apply_rules",
    "change_password",
    "create_account",
    "delete_filter_rule",
    "edit_feed",
    "edit_filter_rule",
    "ensure_may_subscribe",
    "export_all",
    "export_opml",
    "export_reader_opml",
    "extract_articles",
    "find_feed",
    "first_account",
    "import_articles",
    "import_opml",
    "import_reader_opml",
    "may_edit_feed",
    "may_subscribe",
    "merge_stories",
    "move_article",
    "parse_published",
    "prepare_tables",
    "progress",
    "recluster",
    "refresh_feeds",
    "remove_feed",
    "rule_progress",
    "signup_open",
    "split_story",
    "subscribe",
    "subscribe_reader",
    "unsubscribe",
]
