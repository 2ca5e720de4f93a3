"""Extract articles: fetch each item's page politely, extract it, choose the best text, store why."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from broadsheet import config
from broadsheet.errors import ExtractionError, FetchError
from broadsheet.extract import (
    ContentChoice,
    Extracted,
    choose_content,
    extract_article,
    find_text_embeds,
    paragraphs_html,
    sanitize_html,
)
from broadsheet.fetch import Fetcher, FetchPolicy, FetchResult
from broadsheet.pipeline._stages import run_steps
from broadsheet.processes import parse_pool
from broadsheet.storage import articles
from broadsheet.storage.articles import ArticleForExtraction

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class ExtractReport:
    """What one extraction run did."""

    articles: int = 0
    from_page: int = 0
    from_feed: int = 0
    page_failures: int = 0
    seconds: float = 0.0


async def _fetch_pages(
    items: Sequence[ArticleForExtraction], policy: FetchPolicy
) -> list[FetchResult | str]:
    async def one(fetcher: Fetcher, item: ArticleForExtraction) -> FetchResult | str:
        try:
            return await fetcher.get(item.url, purpose="page")
        except FetchError as exc:
            return f"page fetch failed ({exc.kind}): {exc}"
        except Exception as exc:  # one bad page must not stop the batch
            log.exception("unexpected page fetch failure", extra={"article_id": item.id})
            return f"page fetch failed (internal error): {exc}"

    async with Fetcher(policy) as fetcher:
        return list(await asyncio.gather(*(one(fetcher, i) for i in items)))


def _extract_page(result: FetchResult) -> Extracted | str:
    try:
        return extract_article(result.text(), result.final_url)
    except ExtractionError as exc:
        return f"page extraction failed: {exc}"


def extract_articles(ids: Sequence[int], progress: Progress | None = None) -> ExtractReport:
    """Give each article its best text: the extracted page or the feed's content, with the reason."""
    cfg = config.get()
    t0 = time.perf_counter()
    items = [a for a in (articles.for_extraction(i) for i in ids) if a is not None]
    report = ExtractReport(articles=len(items))
    fetchable = [a for a in items if a.url.startswith(("http://", "https://"))
                 and cfg.extract_pages and not a.imported]
    pages: dict[int, FetchResult | str] = {}
    if fetchable:
        results = asyncio.run(_fetch_pages(fetchable, FetchPolicy.from_settings(cfg)))
        pages = {a.id: r for a, r in zip(fetchable, results, strict=True)}
    extracted = _extract_all({i: r for i, r in pages.items() if not isinstance(r, str)})
    for n, item in enumerate(items, 1):
        page = pages.get(item.id)
        outcome = extracted.get(item.id, page if isinstance(page, str) else None)
        _store(item, page, outcome, report)
        if progress:
            progress(n, len(items))
    run_steps([item.id for item in items])
    report.seconds = time.perf_counter() - t0
    return report


def _extract_all(pages: dict[int, FetchResult]) -> dict[int, Extracted | str]:
    if len(pages) < 4:
        return {i: _extract_page(r) for i, r in pages.items()}
    pool = parse_pool()
    futures = {i: pool.submit(_extract_page, r) for i, r in pages.items()}
    out: dict[int, Extracted | str] = {}
    for i, fut in futures.items():
        try:
            out[i] = fut.result()
        except Exception as exc:
            out[i] = f"page extraction crashed: {exc}"
    return out


def _store(
    item: ArticleForExtraction, page: FetchResult | str | None, outcome: Extracted | str | None,
    report: ExtractReport,
) -> None:
    error = outcome if isinstance(outcome, str) else None
    if page is None and error is None:
        error = ("imported article: its own text is used" if item.imported
                 else "no page fetched (no web address, or page fetching is switched off)")
    extracted = outcome if isinstance(outcome, Extracted) else None
    feed_html = item.feed_html or (paragraphs_html(item.text) if item.imported else "")
    choice: ContentChoice = choose_content(feed_html, extracted, error, base_url=item.url or None)
    embeds = list(extracted.embeds) if extracted and choice.source == "page" else []
    embeds += [e for e in find_text_embeds(choice.text) if e not in embeds]
    report.from_page += choice.source == "page"
    report.from_feed += choice.source != "page"
    report.page_failures += error is not None and page is not None
    metadata = {}
    if extracted is not None:
        metadata = {"title": extracted.title or "", "authors": list(extracted.authors),
                    "image": extracted.image or "", "language": extracted.language or ""}
    status = "done" if choice.text.strip() else "failed"
    source = "import" if item.imported and choice.source == "feed" else choice.source
    articles.save_extraction(
        # an item with no text (an image alone) keeps its sanitised feed markup on display
        item.id, text=choice.text, html=choice.html or sanitize_html(feed_html, item.url or None),
        source=source, reason=choice.reason,
        status=status, error=error or "", embeds=[dataclasses.asdict(e) for e in embeds],
        metadata=metadata,
        raw_html=page.body if not isinstance(page, str) and page is not None else None,
    )
