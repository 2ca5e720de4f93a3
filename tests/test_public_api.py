"""Each core package's public surface is pinned: changing it is a deliberate, reviewed act."""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "broadsheet.parse": [
        "DiscoveredFeed",
        "FeedItem",
        "ParsedFeed",
        "discover_feeds",
        "looks_like_feed",
        "parse_feed",
    ],
    "broadsheet.opml": ["Subscription", "parse_opml", "write_opml"],
    "broadsheet.reading": [
        "AlertFeed",
        "ArticleCard",
        "ArticleDetail",
        "ArticleEntry",
        "ArticleIntel",
        "ArticleMarks",
        "ArticlePage",
        "ArticleView",
        "CommentError",
        "CommentView",
        "EmbedRow",
        "EntityCount",
        "EntityRow",
        "FeedCard",
        "ItemRef",
        "NotYourCommentError",
        "Outlet",
        "QuoteRow",
        "RateLimitedError",
        "ReaderItem",
        "ReaderSubscription",
        "RelatedArticle",
        "StoryArticle",
        "StoryCard",
        "StoryDetail",
        "Stream",
        "StreamFilter",
        "TagCount",
        "TagRow",
        "TokenInfo",
        "UnreadCount",
        "UserInfo",
        "add_comment",
        "alert_feed",
        "article_cards",
        "article_detail",
        "article_entries",
        "article_intel",
        "article_marks",
        "article_page",
        "article_story",
        "article_summary",
        "article_view",
        "ask",
        "check_password",
        "comments_for",
        "create_token",
        "delete_comment",
        "edit_comment",
        "entity_article_ids",
        "expire",
        "feed_card",
        "feed_cards",
        "feed_id_for",
        "follow_feed",
        "forget_front",
        "front_page",
        "front_stories",
        "get_user",
        "has_article",
        "item_refs",
        "label_feed",
        "latest_entries",
        "list_tokens",
        "mark_read",
        "mark_saved",
        "mark_stream_read",
        "marks_among",
        "mute_source",
        "muted_sources",
        "reader_items",
        "reader_subscriptions",
        "reading_html",
        "related_articles",
        "remember",
        "revoke_token",
        "saved_ids",
        "set_article_marks",
        "story_detail",
        "story_summary",
        "tag_article_ids",
        "top_entities",
        "top_tags",
        "unfollow_feed",
        "unread_counts",
    ],
    "broadsheet.untrusted": ["url_problem", "web_url", "xml_text"],
    "broadsheet.extract": [
        "ContentChoice",
        "Embed",
        "Extracted",
        "choose_content",
        "extract_article",
        "find_embeds",
        "find_text_embeds",
        "paragraphs_html",
        "parse_with_display",
        "sanitize_html",
    ],
    "broadsheet.health": ["Diagnosis", "FetchOutcome", "diagnose", "next_interval", "retry_delay"],
    "broadsheet.summarize": [
        "Answer",
        "Citation",
        "Claim",
        "Disagreement",
        "Document",
        "LLMConfig",
        "LLMError",
        "OutletAddition",
        "SUPPORT_THRESHOLD",
        "StorySummary",
        "Summary",
        "SummarySentence",
        "Unit",
        "answer_from_json",
        "answer_question",
        "best_coverage",
        "find_disagreements",
        "split_sentences",
        "story_from_json",
        "summarize_article",
        "summarize_story",
        "summary_from_json",
        "to_json",
        "units_of",
    ],
    "broadsheet.enrich": [
        "EmbedLink",
        "Enrichment",
        "Entity",
        "MODEL_PACKAGE",
        "MODEL_VERSION",
        "ModelMissingError",
        "Quote",
        "camel",
        "enrich_article",
        "load_model",
        "reader_tag",
        "rename_people",
    ],
    "broadsheet.search": [
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
    ],
    "broadsheet.pipeline": [
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
    ],
    "broadsheet.dedupe": [
        "BANDS",
        "NEAR_DUPLICATE",
        "PERMUTATIONS",
        "bands",
        "canonical_url",
        "normalise_text",
        "pack",
        "page_canonical_url",
        "shingles",
        "signature",
        "similarity",
        "text_fingerprint",
        "unpack",
    ],
    "broadsheet.cluster": [
        "Explanation",
        "Features",
        "Placement",
        "RelatedHit",
        "Settings",
        "Split",
        "StoryEngine",
        "features",
        "from_json",
        "reason",
        "to_json",
    ],
    "broadsheet.frontpage": [
        "HALF_LIFE_HOURS",
        "MAX_BOOST",
        "WINDOW",
        "Candidate",
        "anchor",
        "rank",
    ],
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
@pytest.mark.django_db
def test_all_is_pinned(module: str) -> None:
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == sorted(PUBLIC[module])
    for name in mod.__all__:
        assert getattr(mod, name).__doc__, f"{module}.{name} has no docstring"


def test_errors_form_one_hierarchy() -> None:
    errors = importlib.import_module("broadsheet.errors")
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.BroadsheetError), name
        assert name in (errors.__doc__ or ""), (
            f"{name} missing from the hierarchy in the module docstring"
        )


CORE = (
    "broadsheet.config",
    "broadsheet.errors",
    "broadsheet.health",
    "broadsheet.fetch",
    "broadsheet.parse",
    "broadsheet.opml",
    "broadsheet.extract",
    "broadsheet.dedupe",
    "broadsheet.cluster",
    "broadsheet.enrich",
    "broadsheet.summarize",
    "broadsheet.processes",
    "broadsheet.frontpage",
)


def test_the_core_never_imports_django() -> None:
    """The pure core runs without Django: entry points depend on it, never the reverse."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        + "assert not bad, bad[:5]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
