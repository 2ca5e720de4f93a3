"""Decide whether to show an item's feed content or the extracted page, and say why."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html
from lxml.etree import LxmlError

from broadsheet.untrusted import xml_text

from ._clean import word_count
from ._sanitize import paragraphs_html, sanitize_html
from ._types import ContentChoice, Extracted

# A feed item counts as the full article when it has at least this share of the page's words
# and is long enough to be an article rather than a summary.
COMPLETE_SHARE = 0.8
COMPLETE_MIN_WORDS = 150
_TEASER_END = re.compile(
    r"(?:continue reading|read more|read the (?:full|rest)|weiterlesen|lire la suite|leer más"
    r"|\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\W{0,3}\s*$",
    re.IGNORECASE,
)
_WP_FOOTER = re.compile(
    r"\s*the post .{1,300} appeared first on .{1,200}$", re.IGNORECASE | re.DOTALL
)


_HIDDEN = ("script", "style", "noscript", "template", "iframe", "object", "svg", "math")
_LINE_BREAKS = (
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "blockquote", "div", "pre", "ul",
    "ol", "dl", "dt", "dd", "figure", "figcaption", "table", "tr", "section", "article", "hr",
)  # fmt: skip
_CELLS = ("td", "th")


def _feed_text(feed_html: str) -> str:
    """Plain text of a feed item's HTML, paragraphs separated by blank lines.

    Script, style and noscript bodies are not text; blocks and table cells are kept apart
    so words on either side of a tag boundary never run together.
    """
    if not feed_html.strip():
        return ""
    try:
        root = lxml_html.fromstring(f"<div>{xml_text(feed_html)}</div>")
    except (LxmlError, ValueError):
        return ""
    etree.strip_elements(root, *_HIDDEN, etree.Comment, with_tail=False)
    for block in root.iter(*_LINE_BREAKS):
        block.text = "\n" + xml_text(block.text or "")
        block.tail = "\n" + xml_text(block.tail or "")
    for cell in root.iter(*_CELLS):
        cell.tail = " " + xml_text(cell.tail or "")
    lines = (" ".join(line.split()) for line in xml_text(root.text_content()).splitlines())
    return "\n\n".join(line for line in lines if line)


_BLOCK = re.compile(r"<(p|div|ul|ol|h[1-6]|blockquote|figure|table|pre)\b", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[A-Za-z]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _feed_html(feed_html: str, feed_text: str, base_url: str | None) -> str:
    """Reading HTML of the feed's content, sanitised: links, images and emphasis kept.

    Inline-only markup is wrapped in paragraphs (at blank lines) and sanitised rather than
    rebuilt from its text, so ``Read <a>this</a> <img>`` keeps its link and image.
    """
    if _BLOCK.search(feed_html):
        return sanitize_html(feed_html, base_url)
    if _ANY_TAG.search(feed_html):
        chunks = (c for c in _PARAGRAPH_BREAK.split(feed_html) if c.strip())
        return sanitize_html("".join(f"<p>{chunk}</p>" for chunk in chunks), base_url)
    return paragraphs_html(feed_text)


def _page_choice(page: Extracted, why: str) -> ContentChoice:
    return ContentChoice("page", why, page.text, page.html)


def choose_content(
    feed_html: str,
    page: Extracted | None,
    page_error: str | None = None,
    *,
    base_url: str | None = None,
) -> ContentChoice:
    """Prefer the feed's full text when complete, the page's when the feed is a teaser; say why."""
    feed_text = _feed_text(feed_html)
    feed = ContentChoice("feed", "", feed_text, _feed_html(feed_html, feed_text, base_url))
    if not feed.has_content:
        feed = ContentChoice("feed", "", "", "")
    feed_words = word_count(_WP_FOOTER.sub("", feed_text))
    if page is None or not page.text.strip():
        failure = f"page extraction failed: {page_error}" if page_error else "no page text"
        return ContentChoice("feed", f"{failure}; using feed content", feed.text, feed.html)
    page_words = page.word_count
    numbers = f"page text {page_words:,} words vs feed {feed_words:,} words"
    if feed_words == 0 and not feed.html:
        return _page_choice(page, f"{numbers} (the feed has no content)")
    if feed_words == 0 and page_words < COMPLETE_MIN_WORDS:
        return ContentChoice(
            "feed", f"{numbers} (the feed's content is an image)", feed.text, feed.html
        )
    if feed_words == 0:
        return _page_choice(page, f"{numbers} (the feed has only an image)")
    teaser = _TEASER_END.search(_WP_FOOTER.sub("", feed_text))
    if teaser:
        return _page_choice(
            page, f"{numbers} (feed is a teaser ending “{teaser.group(0).strip()}”)"
        )
    if feed_words >= COMPLETE_SHARE * page_words and feed_words >= COMPLETE_MIN_WORDS:
        return ContentChoice(
            "feed", f"{numbers} (the feed has the full article)", feed.text, feed.html
        )
    if feed_words >= page_words:
        return ContentChoice(
            "feed", f"{numbers} (the page gave less than the feed)", feed.text, feed.html
        )
    return _page_choice(page, f"{numbers} (feed is a teaser)")
