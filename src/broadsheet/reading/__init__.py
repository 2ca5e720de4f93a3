"""What readers are shown, and what readers change about their own reading.

Web pages, the JSON API, the Google Reader API and the RSS/Atom outputs take their article,
feed and story data from here, never from ``broadsheet.storage``. Every read returns frozen view
models built once per request (one query per table) whose ``html`` went through
``reading_html`` (nh3-sanitised stored HTML, or the text as escaped paragraphs) and whose URL
fields are absolute http(s) addresses or empty, so no output can serve a feed's raw markup.

The rule for writes: a change that belongs to one reader lives here — read and saved marks,
muted outlets, following or unfollowing a feed and their own title and folder for it, tokens,
comments. A change to what the instance holds — subscribing it to a new feed, refreshing,
extracting, clustering, enriching — is the pipeline's (``broadsheet.pipeline``).

Modules, one job each: ``_html`` (the one HTML decision), ``_articles`` (cards, feed entries,
the full detail), ``_article_view`` (an article's web page), ``_stories`` (story cards and
details, related articles), ``_front`` (the front page's ranking), ``_feeds`` (feeds and their
health), ``_topics`` (entities, hashtags, an article's intelligence), ``_streams`` (Google
Reader streams and subscriptions), ``_marks`` (read/saved/muted), ``_account`` (users and
tokens), ``_comments``, ``_alerts`` (an alert's feed), ``_summaries`` (stored summaries,
answers), ``_cache`` (values shared between requests).
"""

from __future__ import annotations

from ._account import (
    TokenInfo,
    UserInfo,
    check_password,
    create_token,
    get_user,
    list_tokens,
    revoke_token,
)
from ._alerts import AlertFeed, alert_feed
from ._article_view import ArticleView, Outlet, article_view
from ._articles import (
    ArticleCard,
    ArticleDetail,
    ArticleEntry,
    ArticlePage,
    article_cards,
    article_detail,
    article_entries,
    article_page,
    has_article,
    latest_entries,
)
from ._cache import expire, remember
from ._comments import (
    CommentError,
    CommentView,
    NotYourCommentError,
    RateLimitedError,
    add_comment,
    comments_for,
    delete_comment,
    edit_comment,
)
from ._feeds import FeedCard, feed_card, feed_cards
from ._front import forget_front, front_page
from ._html import reading_html
from ._marks import (
    ArticleMarks,
    article_marks,
    mark_read,
    mark_saved,
    mark_stream_read,
    marks_among,
    mute_source,
    muted_sources,
    saved_ids,
    set_article_marks,
)
from ._stories import (
    RelatedArticle,
    StoryArticle,
    StoryCard,
    StoryDetail,
    article_story,
    front_stories,
    related_articles,
    story_detail,
)
from ._streams import (
    ItemRef,
    ReaderItem,
    ReaderSubscription,
    Stream,
    StreamFilter,
    UnreadCount,
    feed_id_for,
    follow_feed,
    item_refs,
    label_feed,
    reader_items,
    reader_subscriptions,
    unfollow_feed,
    unread_counts,
)
from ._summaries import article_summary, ask, story_summary
from ._topics import (
    ArticleIntel,
    EmbedRow,
    EntityCount,
    EntityRow,
    QuoteRow,
    TagCount,
    TagRow,
    article_intel,
    entity_article_ids,
    tag_article_ids,
    top_entities,
    top_tags,
)

__all__ = [
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
]
