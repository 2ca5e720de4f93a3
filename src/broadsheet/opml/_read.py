"""Reading OPML subscription lists (Miniflux, FreshRSS, Feedly, Inoreader, ... exports)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from broadsheet.errors import OPMLError
from broadsheet.opml._types import Subscription
from broadsheet.untrusted import xml_text

# "&" not starting an entity or character reference: exporters such as Plenary write
# titles like "News & Headlines" unescaped, which no XML parser accepts.
_BARE_AMP = r"&(?!#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z_][\w.\-]*;)"


def _repair_ampersands(data: bytes | str) -> bytes | str:
    """Return the document with bare ampersands escaped."""
    if isinstance(data, str):
        return re.sub(_BARE_AMP, "&amp;", data)
    return re.sub(_BARE_AMP.encode(), b"&amp;", data)


def _load(data: bytes | str) -> ET.Element:
    """Return the root element, or raise OPMLError naming the line of the XML error."""
    if not data.strip():
        raise OPMLError("The OPML file is empty")
    try:
        try:
            root: ET.Element = SafeET.fromstring(data)
        except ET.ParseError as first:
            try:
                root = SafeET.fromstring(_repair_ampersands(data))
            except ET.ParseError:
                raise first from None
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        raise OPMLError(
            f"The OPML file is not valid XML: {reason} at line {line}, column {column + 1}"
        ) from exc
    except DefusedXmlException as exc:
        raise OPMLError(f"The OPML file uses XML features refused for safety ({exc})") from exc
    except LookupError as exc:  # encoding="UTF-0" in its XML declaration
        raise OPMLError(
            f"The OPML file declares a character encoding that does not exist ({exc}): "
            "save it as UTF-8"
        ) from exc
    return root


def _local(tag: str) -> str:
    """Return an element or attribute name without its namespace, lower-cased."""
    return tag.rsplit("}", 1)[-1].lower()


def _attrs(element: ET.Element) -> dict[str, str]:
    """Return the outline's attributes keyed by lower-case local name, values stripped."""
    return {_local(key): xml_text(value).strip() for key, value in element.attrib.items()}


_MAX_DEPTH = 64  # outlines within outlines; real exports nest two or three levels


def _walk(parent: ET.Element, path: tuple[str, ...], depth: int = 0) -> Iterator[Subscription]:
    """Yield the subscriptions below ``parent``, carrying the folder path down."""
    if depth > _MAX_DEPTH:
        raise OPMLError(f"The OPML file nests outlines more than {_MAX_DEPTH} levels deep")
    for outline in parent:
        if _local(str(outline.tag)) != "outline":
            continue
        attrs = _attrs(outline)
        feed_url = attrs.get("xmlurl", "")
        if feed_url:
            yield _subscription(attrs, feed_url, path)
            yield from _walk(outline, path, depth + 1)
        else:
            name = attrs.get("text") or attrs.get("title")
            yield from _walk(outline, (*path, name) if name else path, depth + 1)


def _subscription(attrs: dict[str, str], feed_url: str, path: tuple[str, ...]) -> Subscription:
    """Return the Subscription of one feed outline; a text equal to the URL is no title."""
    title = attrs.get("title") if "title" in attrs else attrs.get("text")
    if "title" not in attrs and title == feed_url:
        title = None
    return Subscription(
        feed_url=feed_url,
        title=title or None,
        site_url=attrs.get("htmlurl") or None,
        category=path,
    )


def parse_opml(data: bytes | str) -> tuple[Subscription, ...]:
    """Return the feeds listed in an OPML document, folders as category paths, first of each URL."""
    root = _load(data)
    if _local(str(root.tag)) != "opml":
        raise OPMLError(
            f"The file is XML but not OPML: its root element is <{_local(str(root.tag))}>"
        )
    body = next((child for child in root if _local(str(child.tag)) == "body"), None)
    found: dict[str, Subscription] = {}
    for subscription in _walk(body if body is not None else root, ()):
        found.setdefault(subscription.feed_url, subscription)
    if not found:
        raise OPMLError("The OPML file lists no subscriptions (no outline has an xmlUrl)")
    return tuple(found.values())
