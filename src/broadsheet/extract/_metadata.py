"""Article metadata from JSON-LD, meta tags and trafilatura, merged in order of trust."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|Posting", re.I)
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door)\s+", re.I)
_AUTHOR_SPLIT = re.compile(
    r"\s*(?:;|\||,\s*and\s+|\s+and\s+|\s+&\s+|\s+und\s+|\s+et\s+|\s+y\s+|,)\s*"
)
_NOT_A_NAME = re.compile(r"https?://|@|\d{3,}|^(?:staff|admin|editor|team)$", re.I)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class PageMetadata:
    """A page's metadata as Broadsheet keeps it: JSON-LD first, then meta tags and trafilatura."""

    title: str | None
    authors: tuple[str, ...]
    published: str | None
    url: str | None
    image: str | None
    sitename: str | None
    description: str | None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def json_ld_articles(tree: HtmlElement) -> list[dict[str, Any]]:
    """The JSON-LD objects of ``tree`` typed as an article or posting, in page order."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):  # broken, or nested too deeply to decode
            continue
        for item in _walk(data):
            kind = item.get("@type")
            kinds = (
                " ".join(k for k in kind if isinstance(k, str)) if isinstance(kind, list) else kind
            )
            if isinstance(kinds, str) and _ARTICLE_TYPES.search(kinds):
                found.append(item)
    return found


def first_string(articles: list[dict[str, Any]], key: str) -> str | None:
    """The first non-empty string value of ``key`` among ``articles``."""
    for article in articles:
        value = article.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def split_authors(raw: str | None) -> tuple[str, ...]:
    """Turn "By A and B; C" into ("A", "B", "C"), dropping "By" and things that are not names."""
    if not raw:
        return ()
    names: list[str] = []
    for part in _AUTHOR_SPLIT.split(_BY.sub("", raw.strip())):
        name = " ".join(_BY.sub("", part).split()).strip(" .")
        if name and not _NOT_A_NAME.search(name) and len(name) <= 80 and name not in names:
            names.append(name)
    return tuple(names)


def json_ld_authors(articles: list[dict[str, Any]]) -> tuple[str, ...]:
    """Author names declared in JSON-LD, in order, without duplicates."""
    names: list[str] = []
    for article in articles:
        for raw in _names(article.get("author")):
            names.extend(n for n in split_authors(raw) if n not in names)
        if names:
            break
    return tuple(names)


def iso_datetime(raw: str | None) -> str | None:
    """``raw`` as an ISO 8601 date or datetime string, or None when it is not one."""
    if not raw:
        return None
    text = raw.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


def page_language(tree: HtmlElement) -> str | None:
    """The page's declared language (``<html lang>`` or og:locale), as a lowercase tag."""
    raw: str | None = tree.get("lang") or tree.get("xml:lang")
    if not raw:
        for meta in tree.iter("meta"):
            if (meta.get("property") or meta.get("name") or "").lower() in {
                "og:locale",
                "language",
            }:
                raw = meta.get("content")
                break
    if not raw or not _LANGUAGE_TAG.fullmatch(raw.strip()):
        return None
    return str(raw).strip().replace("_", "-").lower()


def _sitename(metadata: Document) -> str | None:
    """trafilatura's site name rules: no leading "@", title case, else the URL's host."""
    if metadata.sitename:
        name = metadata.sitename.lstrip("@")
        return name.title() if name and "." not in name and not name[0].isupper() else name
    match = META_URL.match(metadata.url) if metadata.url else None
    return match[1] if match else None


def _trafilatura_metadata(
    tree: HtmlElement, url: str | None, *, author: bool, date: bool
) -> Document:
    """trafilatura's ``extract_metadata``, step for step, without what Broadsheet throws away.

    Categories, tags and the licence are never used; the author finder (a copy of the whole
    tree) and htmldate (another copy) run only when JSON-LD has not already given the field.
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    # as in extract_metadata: a JSON-LD shape trafilatura's reader trips on leaves the meta tags
    with contextlib.suppress(Exception):
        metadata = extract_meta_json(tree, metadata)
    metadata.title = metadata.title or extract_title(tree)
    if author and not metadata.author:
        metadata.author = extract_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    if date:
        # htmldate without its slow extensive search; the first publication, not an update
        metadata.date = find_date(
            tree, extensive_search=False, original_date=True, url=metadata.url
        )
    metadata.sitename = metadata.sitename or extract_sitename(tree)
    metadata.sitename = _sitename(metadata)
    metadata.clean_and_trim()
    return metadata


def page_metadata(
    tree: HtmlElement, url: str | None, articles: list[dict[str, Any]]
) -> PageMetadata:
    """The metadata of the page in ``tree`` (which it does not change), JSON-LD ``articles`` first.

    A field JSON-LD declares is not searched for again in the page.
    """
    authors = json_ld_authors(articles)
    published = iso_datetime(first_string(articles, "datePublished"))
    try:
        meta = _trafilatura_metadata(tree, url, author=not authors, date=not published)
    # AssertionError: htmldate drops the page's root element when it is one it cleans (<svg>)
    except (ValueError, TypeError, etree.LxmlError, RecursionError, AssertionError):
        meta = Document()
    return PageMetadata(
        title=first_string(articles, "headline") or meta.title,
        authors=authors or split_authors(meta.author),
        published=published or iso_datetime(meta.date),
        url=meta.url,
        image=meta.image,
        sitename=meta.sitename,
        description=meta.description,
    )
