"""OPML files the fuzzer (benchmarks/fuzz.py) made crash parse_opml, each now an OPMLError."""

from __future__ import annotations

import pytest

from broadsheet.errors import OPMLError
from broadsheet.opml import parse_opml


def test_an_unknown_declared_encoding_is_an_opml_error() -> None:
    # one flipped bit turned UTF-8 into UTF-0: the XML parser raised LookupError
    document = (
        b"<?xml version='1.0' encoding='UTF-0' ?><opml version=\"1.0\"><body>"
        b'<outline text="A" xmlUrl="https://a.example/feed.xml"/></body></opml>'
    )
    with pytest.raises(OPMLError, match="character encoding that does not exist"):
        parse_opml(document)
