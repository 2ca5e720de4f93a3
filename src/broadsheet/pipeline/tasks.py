"""The pipeline's tasks: idempotent functions taking IDs, run inline or on Celery workers."""

from __future__ import annotations

import logging

from broadsheet.pipeline._extract import ExtractReport, extract_articles
from broadsheet.pipeline._refresh import RefreshReport, refresh_feeds
from broadsheet.storage import articles, feeds

log = logging.getLogger(__name__)

__all__ = ["extract_article", "extract_pending", "refresh_due", "refresh_feed"]


def refresh_feed(feed_id: int) -> RefreshReport:
    """Fetch one feed now and extract its new articles; a deleted feed is a quiet no-op."""
    report = refresh_feeds([feed_id])
    if report.new_article_ids:
        extract_articles(report.new_article_ids)
    return report


def extract_article(article_id: int) -> ExtractReport:
    """Extract one article's page (again); a deleted article is a quiet no-op."""
    return extract_articles([article_id])


def refresh_due(limit: int = 500) -> RefreshReport:
    """Refresh every feed whose poll time has come."""
    return refresh_feeds(feeds.due_feed_ids(limit=limit))


def extract_pending(limit: int = 100) -> ExtractReport:
    """Extract the newest articles still waiting for their page."""
    return extract_articles(articles.pending_extraction_ids(limit))
