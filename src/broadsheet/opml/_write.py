"""Writing OPML 2.0 subscription lists that other readers import."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from email.utils import formatdate

from broadsheet.opml._types import Subscription

# Characters XML 1.0 cannot carry at all; a feed title holding one must not break the export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    """Return ``text`` without characters XML 1.0 cannot represent."""
    return _NOT_XML.sub("", text)


def _feed_outline(parent: ET.Element, subscription: Subscription) -> None:
    """Append the outline of one feed; text falls back to the URL as OPML requires text."""
    attrs = {"type": "rss", "text": _clean(subscription.title or subscription.feed_url)}
    if subscription.title is not None:
        attrs["title"] = _clean(subscription.title)
    attrs["xmlUrl"] = _clean(subscription.feed_url)
    if subscription.site_url:
        attrs["htmlUrl"] = _clean(subscription.site_url)
    ET.SubElement(parent, "outline", attrs)


def write_opml(
    subscriptions: Iterable[Subscription], title: str = "Broadsheet subscriptions"
) -> str:
    """Return an OPML 2.0 document listing the subscriptions in order, folders nested."""
    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _clean(title)
    ET.SubElement(head, "dateCreated").text = formatdate(usegmt=True)
    body = ET.SubElement(root, "body")
    # stack[i] is the outline of folder path[:i]; consecutive feeds share open folders, so
    # the order survives a round trip while sorted input gets one folder per category.
    stack: list[ET.Element] = [body]
    path: tuple[str, ...] = ()
    for subscription in subscriptions:
        common = 0
        while (
            common < min(len(path), len(subscription.category))
            and path[common] == subscription.category[common]
        ):
            common += 1
        del stack[common + 1 :]
        for name in subscription.category[common:]:
            stack.append(
                ET.SubElement(stack[-1], "outline", {"text": _clean(name), "title": _clean(name)})
            )
        path = subscription.category
        _feed_outline(stack[-1], subscription)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
