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
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from broadsheet.errors import ExtractionError
from broadsheet.untrusted import web_url, xml_text

from ._clean import drop_title, is_boilerplate, paragraphs, word_count
from ._embeds import iter_embeds
from ._metadata import (
    first_string,
    iso_datetime,
    json_ld_articles,
    json_ld_authors,
    page_language,
    split_authors,
)
from ._sanitize import paragraphs_html, sanitize_html
from ._text_embeds import find_text_embeds
from ._types import Embed, Extracted

# Thresholds measured on the WCXB pages and checked on trafilatura's own set (docs/extraction.md).
RECALL_RETRY_BELOW_CHARS = 3000
RECALL_MIN_GAIN = 2.0
JSON_LD_BELOW_CHARS = 1000
JSON_LD_MIN_GAIN = 1.5
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCKS = ("p", "head", "item", "quote")
_HTML_RENAMES = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}


def _parse(html: str | bytes, url: str | None) -> HtmlElement:
    try:
        tree = load_html(html) if html else None
    except (ValueError, TypeError, etree.LxmlError):
        tree = None
    if tree is None or not isinstance(tree, HtmlElement):
        raise ExtractionError(f"no article text found at {url or 'the page'}: not readable HTML")
    return tree


def _take_embeds(tree: HtmlElement, url: str | None) -> tuple[Embed, ...]:
    """Collect the markup embeds and cut them out so their text stays out of the article."""
    found = list(iter_embeds(tree, url))
    for element, _ in found:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    return tuple(embed for _, embed in found)


def _metadata(tree: HtmlElement, url: str | None) -> Document:
    """trafilatura's metadata (meta tags, JSON-LD, htmldate without its slow extensive search)."""
    try:
        return extract_metadata(tree, url, date_config=dict(_DATE_PARAMS))
    # AssertionError: htmldate drops the page's root element when it is one it cleans (<svg>)
    except (ValueError, TypeError, etree.LxmlError, RecursionError, AssertionError):
        return Document()


def _run(tree: HtmlElement, url: str | None, *, recall: bool) -> Document | None:
    try:
        result: Any = bare_extraction(tree, url=url, include_comments=False, favor_recall=recall)
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return None
    return result if isinstance(result, Document) and result.body is not None else None


def _prune(body: etree._Element, title: str | None) -> None:
    """Remove a leading block repeating the title and every boilerplate block, in place."""
    blocks = [
        b for b in body.iter(*_BLOCKS) if not any(a.tag in _BLOCKS for a in b.iterancestors())
    ]
    texts = [" ".join(b.xpath("string()").split()) for b in blocks]
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


def _content(body: etree._Element | None, title: str | None, url: str | None) -> tuple[str, str]:
    if body is None:
        return "", ""
    _prune(body, title)
    return _body_text(body), _body_html(body, url)


def _recall_retry(html: str | bytes, url: str | None, title: str | None) -> tuple[str, str]:
    """Extract again favouring recall; used only when the first result looks too short."""
    tree = _parse(html, url)
    _take_embeds(tree, url)
    document = _run(tree, url, recall=True)
    return _content(document.body if document else None, title, url)


def _best_content(
    html: str | bytes,
    url: str | None,
    first: tuple[str, str],
    title: str | None,
    articles: list[dict[str, Any]],
) -> tuple[str, str]:
    """The first extraction, unless a recall retry or JSON-LD articleBody is clearly fuller."""
    text, body_html = first
    if len(text) < RECALL_RETRY_BELOW_CHARS:
        retry = _recall_retry(html, url, title)
        if len(retry[0]) > RECALL_MIN_GAIN * len(text):
            text, body_html = retry
    declared = "\n\n".join(paragraphs(first_string(articles, "articleBody") or ""))
    if len(text) < JSON_LD_BELOW_CHARS and len(declared) > JSON_LD_MIN_GAIN * len(text):
        text, body_html = declared, sanitize_html(paragraphs_html(declared), url)
    return text, body_html


def _merge_embeds(markup: tuple[Embed, ...], text: str) -> tuple[Embed, ...]:
    seen = {(e.handle, e.published) for e in markup if e.handle}
    flattened = tuple(e for e in find_text_embeds(text) if (e.handle, e.published) not in seen)
    return markup + flattened


def extract_article(html: str | bytes, url: str | None = None) -> Extracted:
    """Return the article in ``html``; raise ExtractionError when the page holds no article text."""
    tree = _parse(html, url)
    articles = json_ld_articles(tree)
    language = page_language(tree)
    embeds = _take_embeds(tree, url)
    meta = _metadata(tree, url)
    document = _run(tree, url, recall=False)
    title = first_string(articles, "headline") or meta.title
    first = _content(document.body if document else None, title, url)
    text, body_html = _best_content(html, url, first, title, articles)
    if not text.strip():
        raise ExtractionError(f"no article text found at {url or 'the page'}")
    authors = json_ld_authors(articles) or split_authors(meta.author)
    return Extracted(
        url=web_url(url or meta.url) or None,
        title=xml_text(title) if title else title,
        authors=tuple(xml_text(a) for a in authors),
        published=iso_datetime(first_string(articles, "datePublished")) or iso_datetime(meta.date),
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
