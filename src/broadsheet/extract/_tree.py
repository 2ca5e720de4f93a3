"""Parse a publisher page once into the lxml tree that every extraction pass then reads.

trafilatura's ``load_html`` step for step (decode, repair, parse, the bytes fallback, the
"is this HTML at all" check) with one difference: the parser picks each element's Python
class in C. ``lxml.html.HTMLParser`` calls a Python method for every element the passes
touch (trafilatura, metadata, embeds), about 8% of trafilatura's own time on the fixture pages;
it only matters to form elements (``<input>.value``), which no pass reads.
"""

from __future__ import annotations

import lxml.html
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

from broadsheet.errors import ExtractionError

__all__ = ["parse_page"]

# the options of trafilatura's HTML_PARSER
_PARSER = etree.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)


def _from_bytes(markup: str) -> HtmlElement | None:
    try:
        tree: HtmlElement = lxml.html.fromstring(
            markup.encode("utf8", "surrogatepass"), parser=_PARSER
        )
    except Exception:  # as load_html: any failure of this fallback means "not readable"
        return None
    return tree


def _load(page: str | bytes) -> HtmlElement | None:
    markup = decode_file(page)
    beginning = markup[:50].lower()
    markup = repair_faulty_html(markup, beginning)
    tree: HtmlElement | None = None
    tried_bytes = False
    try:
        tree = lxml.html.fromstring(markup, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree, tried_bytes = _from_bytes(markup), True
    except Exception:  # as load_html: the bytes fallback below gets its chance
        tree = None
    if (tree is None or len(tree) < 1) and not tried_bytes:
        tree = _from_bytes(markup)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None  # a lone block that does not declare itself HTML is not a page
    return tree


def parse_page(page: str | bytes, url: str | None) -> HtmlElement:
    """The page's element tree; raise ExtractionError when ``page`` is not readable HTML."""
    try:
        tree = _load(page) if page else None
    except (ValueError, TypeError, etree.LxmlError):
        tree = None
    if tree is None or not isinstance(tree, HtmlElement):
        raise ExtractionError(f"no article text found at {url or 'the page'}: not readable HTML")
    return tree
