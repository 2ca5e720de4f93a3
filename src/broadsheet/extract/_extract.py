"""Turn a publisher page into an Extracted article: trafilatura plus measured repairs."""

from __future__ import annotations

import unicodedata
from copy import deepcopy
from dataclasses import replace
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.settings import Document
from trafilatura.xml import xmltotxt

from broadsheet.errors import ExtractionError
from broadsheet.untrusted import web_url, xml_text

from ._clean import drop_title, is_boilerplate, paragraphs, word_count
from ._embeds import iter_embeds
from ._metadata import first_string, json_ld_articles, page_language, page_metadata
from ._sanitize import paragraphs_html, sanitize_html
from ._text_embeds import find_text_embeds
from ._tree import parse_page
from ._types import Embed, Extracted

# Thresholds measured on the WCXB pages and checked on trafilatura's own set (docs/extraction.md).
RECALL_RETRY_BELOW_CHARS = 3000
RECALL_MIN_GAIN = 2.0
JSON_LD_BELOW_CHARS = 1000
JSON_LD_MIN_GAIN = 1.5
_BLOCKS = ("p", "head", "item", "quote")
_HTML_RENAMES = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
_STRING = etree.XPath("string()")
# an extraction's text and its pruned body tree (None when trafilatura found no body)
_Content = tuple[str, etree._Element | None]


def _take_embeds(tree: HtmlElement, url: str | None) -> tuple[Embed, ...]:
    """Collect the markup embeds and cut them out so their text stays out of the article."""
    found = list(iter_embeds(tree, url))
    for element, _ in found:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    return tuple(embed for _, embed in found)


def _run(tree: HtmlElement, url: str | None, *, recall: bool) -> Document | None:
    """trafilatura's extraction of ``tree`` (which it copies, so the tree stays as it was).

    The "txt" format keeps the body tree and skips the text of it that the "python" format
    would build: Broadsheet builds its own text from the body once it is pruned.
    """
    try:
        result: Any = bare_extraction(
            tree, url=url, include_comments=False, favor_recall=recall, output_format="txt"
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return None
    return result if isinstance(result, Document) and result.body is not None else None


def _prune(body: etree._Element, title: str | None) -> None:
    """Remove a leading block repeating the title and every boilerplate block, in place."""
    blocks = [
        b for b in body.iter(*_BLOCKS) if not any(a.tag in _BLOCKS for a in b.iterancestors())
    ]
    texts = [" ".join(str(_STRING(b)).split()) for b in blocks]
    if blocks and title and not drop_title(texts[:1], title):
        blocks[0].getparent().remove(blocks[0])
        blocks, texts = blocks[1:], texts[1:]
    for block, text in zip(blocks, texts, strict=True):
        if is_boilerplate(text) and block.getparent() is not None:
            block.getparent().remove(block)


def _body_text(body: etree._Element) -> str:
    plain = deepcopy(body)
    etree.strip_elements(plain, "graphic", with_tail=False)
    etree.strip_tags(plain, "ref", "hi")
    return unicodedata.normalize("NFC", "\n\n".join(paragraphs(xmltotxt(plain, False))))


def _body_html(body: etree._Element, url: str | None) -> str:
    html_root = convert_to_html(body)
    for element in html_root.iter():
        element.tag = _HTML_RENAMES.get(str(element.tag), element.tag)
    inner = "".join(etree.tostring(child, encoding="unicode") for child in html_root[0])
    return sanitize_html(inner, url)


def _content(body: etree._Element | None, title: str | None) -> _Content:
    """The extracted body pruned and its text; its HTML is built only for the one kept."""
    if body is None:
        return "", None
    _prune(body, title)
    return _body_text(body), body


def _recall_retry(tree: HtmlElement, url: str | None, title: str | None) -> _Content:
    """Extract the same tree again favouring recall; used only when the first result is short."""
    document = _run(tree, url, recall=True)
    return _content(document.body if document else None, title)


def _best_content(
    tree: HtmlElement,
    url: str | None,
    first: _Content,
    title: str | None,
    articles: list[dict[str, Any]],
) -> tuple[str, str]:
    """The text and reading HTML of the first extraction, unless a recall retry or JSON-LD
    articleBody is clearly fuller."""
    text, body = first
    if len(text) < RECALL_RETRY_BELOW_CHARS:
        retry = _recall_retry(tree, url, title)
        if len(retry[0]) > RECALL_MIN_GAIN * len(text):
            text, body = retry
    declared = "\n\n".join(paragraphs(first_string(articles, "articleBody") or ""))
    if len(text) < JSON_LD_BELOW_CHARS and len(declared) > JSON_LD_MIN_GAIN * len(text):
        return declared, sanitize_html(paragraphs_html(declared), url)
    return text, _body_html(body, url) if body is not None else ""


def _merge_embeds(markup: tuple[Embed, ...], text: str) -> tuple[Embed, ...]:
    seen = {(e.handle, e.published) for e in markup if e.handle}
    flattened = tuple(e for e in find_text_embeds(text) if (e.handle, e.published) not in seen)
    return markup + flattened


def extract_article(html: str | bytes, url: str | None = None) -> Extracted:
    """Return the article in ``html``; raise ExtractionError when the page holds no article text."""
    tree = parse_page(html, url)
    articles = json_ld_articles(tree)
    language = page_language(tree)
    embeds = _take_embeds(tree, url)
    # The one parse of the page: every pass below reads this tree and none of them changes it.
    meta = page_metadata(tree, url, articles)
    document = _run(tree, url, recall=False)
    first = _content(document.body if document else None, meta.title)
    text, body_html = _best_content(tree, url, first, meta.title, articles)
    if not text.strip():
        raise ExtractionError(f"no article text found at {url or 'the page'}")
    return Extracted(
        url=web_url(url or meta.url) or None,
        title=xml_text(meta.title) if meta.title else meta.title,
        authors=tuple(xml_text(a) for a in meta.authors),
        published=meta.published,
        language=xml_text(language) if language else language,
        image=web_url(meta.image) or None,
        sitename=xml_text(meta.sitename) if meta.sitename else None,
        description=xml_text(meta.description) if meta.description else None,
        text=xml_text(text),
        html=body_html,
        embeds=tuple(_storable_embed(e) for e in _merge_embeds(embeds, text)),
        word_count=word_count(text),
    )


def _storable_embed(embed: Embed) -> Embed:
    """An embed with only an http(s) link and no XML-forbidden character in its text."""
    return replace(
        embed,
        url=web_url(embed.url) or None,
        author=xml_text(embed.author) if embed.author else embed.author,
        handle=xml_text(embed.handle) if embed.handle else embed.handle,
        text=xml_text(embed.text),
    )
