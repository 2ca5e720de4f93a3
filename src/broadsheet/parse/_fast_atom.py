"""Fast path: a plain Atom 1.0 <feed> document read into a ParsedFeed."""

from __future__ import annotations

from feedparser.datetimes import _parse_date

from broadsheet.parse._fast_elements import (
    _ENTRY_KEYS,
    _FEED_KEYS,
    _VERSION_NAMESPACES,
    _XML_LANG,
    Element,
    Node,
    _attrs,
    _children,
    _Fallback,
    _inert,
    _once,
    _text_of,
)
from broadsheet.parse._fast_link import _link
from broadsheet.parse._fast_text import _content_type, _finish
from broadsheet.parse._identity import build_items
from broadsheet.parse._text import absolute, plain_title
from broadsheet.parse._types import ParsedFeed
from broadsheet.parse._xml import _draft, _feed_image, _text, _title_type, _ttl_minutes

_ATOM = "http://www.w3.org/2005/Atom"
_HARMLESS_ATOM = frozenset({"updated", "published", "rights", "generator", "category"})
_ATOM_DATES = {
    "published": "published",
    "issued": "published",
    "updated": "updated",
    "modified": "updated",
}


def _read_atom(root: Element, url: str, base: str) -> ParsedFeed:
    """Return the ParsedFeed of an Atom 1.0 <feed> (the Atom namespace as the default)."""
    if root.nsmap.get(None) != _ATOM or any(
        uri.lower() in _VERSION_NAMESPACES for uri in root.nsmap.values()
    ):
        raise _Fallback("Atom namespace not the root's default")
    lang = root.get(_XML_LANG)  # feedparser records it as the feed's and every text's language
    feed: Node = {"language": lang.replace("_", "-") if lang else None}
    entries: list[Node] = []
    seen: set[str] = set()
    for key, el in _children(root):
        if key == "entry":
            entries.append(_read_entry(el, base))
        elif key in ("title", "subtitle", "icon", "logo", "id"):
            _once(seen, key)
            if key in ("title", "subtitle"):
                kind = _content_type(_attrs(el).get("type", "text"))
                feed[key] = _finish(_text_of(el, frozenset({"type"})), key, base, kind, False)
                feed[f"{key}_detail"] = {"type": kind}
            else:
                feed[key] = _finish(_text_of(el), key, base)
            if key == "id":  # feedparser lets the id stand for a link no earlier element gave
                feed.setdefault("link", feed["id"])
        elif key == "link":
            _link(feed, el, base, in_item=False)
        elif key in ("author", "contributor"):
            _person_children(el)
        elif key in _HARMLESS_ATOM:
            _text_of(el, None)
        else:
            _inert(key, el, _FEED_KEYS)
    language = feed["language"]
    return ParsedFeed(
        format="atom10",
        title=plain_title(_text(feed.get("title")), _title_type(feed)),
        site_url=absolute(_text(feed.get("link")), url),
        description=_text(feed.get("subtitle")),
        language=language,
        image=_feed_image(feed, url),
        items=build_items(_draft(entry, url, language) for entry in entries),
        damage=None,
        ttl_minutes=_ttl_minutes(feed),
    )


def _read_entry(el: Element, base: str) -> Node:
    """Return feedparser's entry dict for one Atom <entry>."""
    if el.attrib:
        raise _Fallback("<entry> with attributes")
    entry: Node = {"links": [], "authors": [], "tags": [], "content": []}
    seen: set[str] = set()
    has_content = False
    for key, child in _children(el):
        if key == "link":
            _link(entry, child, base, in_item=True)
        elif key in ("title", "id"):
            _once(seen, key)
            if key == "title":
                kind = _content_type(_attrs(child).get("type", "text"))
                entry[key] = _finish(_text_of(child, frozenset({"type"})), key, base, kind, False)
                entry["title_detail"] = {"type": kind}
            else:
                entry["id"] = _finish(_text_of(child), "id", base)
                entry.setdefault("link", entry["id"])
        elif key in ("summary", "content"):
            _once(seen, key)
            kind = _content_type(_attrs(child).get("type", "text"))
            text = _text_of(child, frozenset({"type"}))
            if key == "content" or ("summary" in entry and not has_content):
                has_content = True  # a summary after content-less summary is content
                value = _finish(text, "content", base, kind, False)
                entry["content"].append({"type": kind, "value": value})
                entry.setdefault("summary", value)
            else:
                entry["summary"] = _finish(text, "summary", base, kind, False)
                entry["summary_detail"] = {"type": kind}
        elif key in _ATOM_DATES:
            field = _ATOM_DATES[key]
            _once(seen, field)
            entry[field] = _finish(_text_of(child), field, base)
            entry[f"{field}_parsed"] = _parse_date(entry[field])
        elif key == "author":
            _once(seen, key)
            entry["authors"].append(_person_children(child))
        elif key == "category":
            attrs = _attrs(child)
            if (child.text or "").strip() or len(child):
                raise _Fallback("<category> with content")
            entry["tags"].append(attrs.get("term") or attrs.get("label") or "")
        elif key in ("media_thumbnail", "media_content"):
            if len(child) or (key == "media_thumbnail" and "url" not in _attrs(child)):
                raise _Fallback(f"<{key}> with children or without url")
            entry.setdefault(key, []).append(_attrs(child))
        elif key == "contributor":
            _person_children(child)
        elif key not in _HARMLESS_ATOM:
            _inert(key, child, _ENTRY_KEYS)
    if "updated" not in entry and "published" in entry:  # FeedParserDict's issue 310
        entry["updated"], entry["updated_parsed"] = entry["published"], entry["published_parsed"]
    entry["tags"] = [{"term": term} for term in entry["tags"]]
    return entry


def _person_children(el: Element) -> Node:
    """Return an Atom person's {name, email} as feedparser keeps them (stripped, unrepaired).

    A person given as bare text (RSS style) falls back: feedparser parses it differently.
    """
    children = _children(el)
    if not children:
        raise _Fallback("Atom person without name/email/uri")
    if (el.text or "").strip() or el.attrib:
        raise _Fallback("Atom person with text or attributes")
    person: Node = {}
    for key, child in children:
        if key not in ("name", "email", "uri") or key in person:
            raise _Fallback(f"person child <{key}>")
        text = _text_of(child).strip()
        person[key] = text
        if (child.tail or "").strip():
            raise _Fallback("text between person children")
    person.pop("uri", None)
    return person
