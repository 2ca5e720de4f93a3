"""Pipeline step "extract": give each article its best text, the extracted page or the feed's.

load: the feed markup, the page stored by the "page" step and why there is none (storage) →
decide: extract the pages in the parse pool and choose page or feed text (core) → apply: the
chosen text, reading HTML, embeds and the reason, for the whole batch in one transaction.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from broadsheet.errors import ExtractionError
from broadsheet.extract import (
    ContentChoice,
    Extracted,
    choose_content,
    extract_article,
    find_text_embeds,
    paragraphs_html,
    sanitize_html,
)
from broadsheet.pipeline._outlets import name_from_pages
from broadsheet.processes import parse_pool
from broadsheet.storage import articles, work
from broadsheet.storage.articles import ArticleForExtraction
from broadsheet.storage.transactions import one_transaction

log = logging.getLogger(__name__)

STEP = "extract"
NO_PAGE = "no page fetched (no web address, or page fetching is switched off)"


@dataclass(frozen=True)
class Extraction:
    """What the extract step decided for one article, ready to store."""

    article_id: int
    fields: dict[str, Any]


def _extract_all(pages: dict[int, tuple[str, str]]) -> dict[int, Extracted | str]:
    """Extract every stored page, in the parse pool when there are several (core code only:
    the pool's processes have no Django)."""
    out: dict[int, Extracted | str] = {}
    if len(pages) < 4:
        for i, (html, url) in pages.items():
            try:
                out[i] = extract_article(html, url)
            except ExtractionError as exc:
                out[i] = f"page extraction failed: {exc}"
        return out
    pool = parse_pool()
    futures = {i: pool.submit(extract_article, html, url) for i, (html, url) in pages.items()}
    for i, fut in futures.items():
        try:
            out[i] = fut.result()
        except ExtractionError as exc:
            out[i] = f"page extraction failed: {exc}"
        except Exception as exc:
            out[i] = f"page extraction crashed: {exc}"
    return out


def decide(
    item: ArticleForExtraction, page_error: str, outcome: Extracted | str | None
) -> Extraction:
    """Choose the article's text and say why: the page when it is good, else the feed's (pure)."""
    error = outcome if isinstance(outcome, str) else (page_error or None)
    if outcome is None and error is None:
        error = "imported article: its own text is used" if item.imported else NO_PAGE
    extracted = outcome if isinstance(outcome, Extracted) else None
    feed_html = item.feed_html or (paragraphs_html(item.text) if item.imported else "")
    choice: ContentChoice = choose_content(feed_html, extracted, error, base_url=item.url or None)
    embeds = list(extracted.embeds) if extracted and choice.source == "page" else []
    embeds += [e for e in find_text_embeds(choice.text) if e not in embeds]
    metadata = {}
    if extracted is not None:
        metadata = {
            "title": extracted.title or "",
            "authors": list(extracted.authors),
            "image": extracted.image or "",
            "language": extracted.language or "",
        }
    return Extraction(
        item.id,
        {
            "text": choice.text,
            # an item with no text (an image alone) keeps its sanitised feed markup on display
            "html": choice.html or sanitize_html(feed_html, item.url or None),
            "source": "import" if item.imported and choice.source == "feed" else choice.source,
            "reason": choice.reason,
            # an image alone is content too: the article is shown, not failed
            "status": "done" if choice.has_content else "failed",
            "error": error or "",
            "embeds": [dataclasses.asdict(e) for e in embeds],
            "metadata": metadata,
            "site_name": (extracted.sitename or "") if extracted else "",
        },
    )


def run(article_ids: Sequence[int]) -> None:
    """Extract the given articles that wait at this step; store each one's chosen text."""
    rows = work.rows(article_ids, STEP)
    items = [a for a in (articles.for_extraction(i) for i in rows) if a is not None]
    pages = {}
    for item in items:
        row = rows[item.id]
        raw = articles.raw_html(item.id) if row.page_url and not row.page_error else None
        if raw is not None:
            pages[item.id] = (raw.decode("utf-8", "replace"), row.page_url)
    extracted = _extract_all(pages)
    decisions = [decide(item, rows[item.id].page_error, extracted.get(item.id)) for item in items]
    with one_transaction():
        for decision in decisions:
            articles.save_extraction(decision.article_id, **decision.fields)
        name_from_pages({d.article_id: d.fields["site_name"] for d in decisions})
