"""OPML ↔ Subscription lists with nested categories, for import and export."""

from broadsheet.opml._read import parse_opml
from broadsheet.opml._types import Subscription
from broadsheet.opml._write import write_opml

__all__ = ["Subscription", "parse_opml", "write_opml"]
